-- Alumni and outcomes per training category, with the category labels.
WITH final AS (
    SELECT
        c.category_id,
        c.label_id,
        c.label_en,
        p.n_alumni,
        p.n_not_working_surveyed,
        p.n_now_employed,
        p.n_now_business,
        p.ck_alumni,
        p.ck_not_working_surveyed,
        p.ck_now_employed,
        p.ck_now_business
    FROM grouped_counts($filter, 'category', '') AS p
    JOIN training_categories AS c ON c.category_id = p.group_key
)

SELECT * FROM final
ORDER BY n_alumni DESC, category_id
