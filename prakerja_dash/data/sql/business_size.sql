-- Businesses started after the training, by how many people they employ.
WITH started AS (
    SELECT employees, record_key
    FROM filtered('alumni_outcomes', $filter)
    WHERE started_business
),

final AS (
    SELECT
        CASE WHEN employees = 0 THEN '0' WHEN employees = 1 THEN '1' WHEN employees = 2 THEN '2'
             WHEN employees <= 5 THEN '3-5' ELSE '6+' END AS employees_band,
        count(*) AS n_businesses,
        sum(record_key) AS ck_businesses,
        sum(employees) AS jobs_created
    FROM started
    GROUP BY employees_band
)

SELECT * FROM final
ORDER BY employees_band
