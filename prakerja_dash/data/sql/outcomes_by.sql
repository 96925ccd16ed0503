-- Alumni and outcomes per value of one or two dimensions ($by, $then_by; '' for none):
-- regency, category, wave, year, gender, age_band, education, status or scheme; with the
-- median income change per group (macros.sql grouped_medians).
WITH final AS (
    SELECT c.*, m.median_income_change
    FROM grouped_counts($filter, $by, $then_by) AS c
    LEFT JOIN grouped_medians($filter, $by, $then_by) AS m USING (group_key, group_key_2)
)

SELECT * FROM final
ORDER BY group_key, group_key_2
