-- Businesses started after the training, by how many people they employ: from the businesses summed
-- over all regions when the filter names none, else from the alumni of the chosen ones.
WITH started AS (
    SELECT employees, n, ck
    FROM filtered('business_cells_all_regions', $filter)
    WHERE NOT names_region($filter)
    UNION ALL
    SELECT employees, 1 AS n, record_key AS ck
    FROM filtered('alumni_outcomes', $filter)
    WHERE started_business AND names_region($filter)
),

final AS (
    SELECT
        CASE WHEN employees = 0 THEN '0' WHEN employees = 1 THEN '1' WHEN employees = 2 THEN '2'
             WHEN employees <= 5 THEN '3-5' ELSE '6+' END AS employees_band,
        sum(n)::BIGINT AS n_businesses,
        sum(ck)::BIGINT AS ck_businesses,
        sum(employees * n)::BIGINT AS jobs_created
    FROM started
    GROUP BY employees_band
)

SELECT * FROM final
ORDER BY employees_band
