-- Alumni per kabupaten/kota (every one, zero where none match) of the filter's province, else of
-- every province the data holds, with population.
WITH final AS (
    SELECT
        r.kemendagri_code AS regency_code,
        r.name,
        r.population,
        coalesce(p.n_alumni, 0) AS n_alumni,
        coalesce(p.ck_alumni, 0) AS ck_alumni
    FROM regions AS r
    LEFT JOIN grouped_counts($filter, 'regency', '') AS p ON p.group_key = r.kemendagri_code
    WHERE r.level = 'kabupaten_kota'
        AND r.province_code = coalesce($filter['province'], r.province_code)
        AND r.province_code IN (SELECT province_code FROM held_provinces())
)

SELECT * FROM final
ORDER BY regency_code
