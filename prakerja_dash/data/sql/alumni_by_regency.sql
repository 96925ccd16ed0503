-- Alumni per regency (every regency, zero where none match), with population.
WITH final AS (
    SELECT
        r.bps_code AS regency_code,
        r.name,
        r.population,
        coalesce(p.n_alumni, 0) AS n_alumni,
        coalesce(p.ck_alumni, 0) AS ck_alumni
    FROM regencies AS r
    LEFT JOIN grouped_counts($filter, 'regency', '') AS p ON p.group_key = r.bps_code
)

SELECT * FROM final
ORDER BY regency_code
