-- Alumni and outcomes per training category, with the category labels.
WITH per_category AS (
    SELECT
        category_id::VARCHAR AS category_id,
        sum(n_alumni) AS n_alumni,
        sum(n_not_working_surveyed) AS n_not_working_surveyed,
        sum(n_now_employed) AS n_now_employed,
        sum(n_now_business) AS n_now_business
    FROM filtered(
        'alumni_cube', $regency_mask, $wave_min, $wave_max, $year_min, $year_max,
        $gender_mask, $age_mask, $education_mask, $category_mask, $status_mask
    )
    GROUP BY category_id
),

final AS (
    SELECT c.category_id, c.label_id, c.label_en, p.* EXCLUDE (category_id)
    FROM per_category AS p
    JOIN training_categories AS c USING (category_id)
)

SELECT * FROM final
ORDER BY n_alumni DESC, category_id
