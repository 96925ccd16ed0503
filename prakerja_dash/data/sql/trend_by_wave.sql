-- Alumni and outcomes of the previously not working, per wave (with its year).
WITH final AS (
    SELECT
        group_key::INTEGER AS wave,
        group_key_2::INTEGER AS year,
        n_alumni,
        n_not_working_surveyed,
        n_now_employed,
        n_now_business,
        ck_alumni,
        ck_not_working_surveyed,
        ck_now_employed,
        ck_now_business
    FROM grouped_counts($filter, 'wave', 'year')
)

SELECT * FROM final
ORDER BY wave
