-- The kabupaten/kota of every province the data holds (Jambi's 11 in a Jambi file, all 514 in a
-- national one), with names, province and population where known, for labels, pickers and maps.
WITH final AS (
    SELECT kemendagri_code AS regency_code, bps_code, name, short_name, kind, province_code, population
    FROM regions
    WHERE level = 'kabupaten_kota' AND province_code IN (SELECT province_code FROM held_provinces())
)

SELECT * FROM final
ORDER BY regency_code
