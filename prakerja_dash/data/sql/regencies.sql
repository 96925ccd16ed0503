-- The 11 regencies with their names, for labels and pickers.
WITH final AS (
    SELECT bps_code AS regency_code, kemendagri_code, name, short_name, kind, population
    FROM regencies
)

SELECT * FROM final
ORDER BY regency_code
