-- Alumni and outcomes per training category, with the category labels.
WITH base AS (
    SELECT * FROM filtered_alumni(
        $regencies, $wave_min, $wave_max, $year_min, $year_max,
        $gender, $age_bands, $education, $categories, $statuses
    )
),

per_category AS (
    SELECT
        category_id,
        count(*) AS n_alumni,
        count(*) FILTER (WHERE status_before = 'tidak_bekerja' AND surveyed) AS n_not_working_surveyed,
        count(*) FILTER (WHERE status_before = 'tidak_bekerja' AND status_after = 'pekerja') AS n_now_employed,
        count(*) FILTER (WHERE status_before = 'tidak_bekerja' AND status_after = 'wirausaha') AS n_now_business
    FROM base
    GROUP BY category_id
),

final AS (
    SELECT c.category_id, c.label_id, c.label_en, p.* EXCLUDE (category_id)
    FROM per_category AS p
    JOIN training_categories AS c USING (category_id)
)

SELECT * FROM final
ORDER BY n_alumni DESC, category_id
