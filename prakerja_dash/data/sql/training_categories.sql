-- Training categories with their labels, for pickers.
WITH final AS (
    SELECT category_id, label_id, label_en
    FROM training_categories
)

SELECT * FROM final
ORDER BY label_id
