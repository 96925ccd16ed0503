-- Alumni stories in the selected regencies, categories and waves (real ones first).
WITH final AS (
    SELECT s.*, r.name AS regency_name, c.label_id AS category_label_id, c.label_en AS category_label_en
    FROM alumni_stories AS s
    JOIN regions AS r ON r.kemendagri_code = s.regency_code
    JOIN training_categories AS c USING (category_id)
    WHERE s.wave BETWEEN $filter['wave_min'] AND $filter['wave_max']
        AND in_province($filter, s.regency_code::regency_t)
        AND is_chosen($filter['regencies'], s.regency_code::regency_t)
        AND is_chosen($filter['categories'], s.category_id::category_t)
)

SELECT * FROM final
ORDER BY is_real DESC, wave
