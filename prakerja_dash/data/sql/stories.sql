-- Alumni stories in the selected regencies, categories and waves (real ones first).
WITH final AS (
    SELECT s.*, r.name AS regency_name, c.label_id AS category_label_id, c.label_en AS category_label_en
    FROM alumni_stories AS s
    JOIN regencies AS r ON r.bps_code = s.regency_code
    JOIN training_categories AS c USING (category_id)
    WHERE s.wave BETWEEN $wave_min AND $wave_max
        AND ($regency_mask IS NULL OR ($regency_mask >> enum_code(s.regency_code::regency_t)) & 1 = 1)
        AND ($category_mask IS NULL OR ($category_mask >> enum_code(s.category_id::category_t)) & 1 = 1)
)

SELECT * FROM final
ORDER BY is_real DESC, wave
