-- Alumni by scheme, training mode and platform: from the trainings summed over all regions when the
-- filter names none, else from the alumni of the chosen ones (DuckDB drops the branch that cannot
-- apply, its condition being constant once the filter is bound).
WITH cells AS (
    SELECT scheme, training_id, n, ck
    FROM filtered('training_cells_all_regions', $filter)
    WHERE NOT names_region($filter)
    UNION ALL
    SELECT scheme, training_id, 1 AS n, record_key AS ck
    FROM filtered('alumni_outcomes', $filter)
    WHERE names_region($filter)
),

taken AS (
    SELECT c.scheme::VARCHAR AS scheme, t.mode::VARCHAR AS mode, t.platform, c.n, c.ck
    FROM cells AS c
    JOIN trainings AS t USING (training_id)
),

final AS (
    SELECT scheme, mode, platform, sum(n)::BIGINT AS n_alumni, sum(ck)::BIGINT AS ck_alumni
    FROM taken
    GROUP BY ALL
)

SELECT * FROM final
ORDER BY scheme, n_alumni DESC, platform
