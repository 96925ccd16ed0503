-- Alumni by scheme, training mode and platform.
WITH taken AS (
    SELECT a.scheme::VARCHAR AS scheme, t.mode::VARCHAR AS mode, t.platform, a.record_key
    FROM filtered('alumni_outcomes', $filter) AS a
    JOIN trainings AS t USING (training_id)
),

final AS (
    SELECT scheme, mode, platform, count(*) AS n_alumni, sum(record_key) AS ck_alumni
    FROM taken
    GROUP BY ALL
)

SELECT * FROM final
ORDER BY scheme, n_alumni DESC, platform
