-- Alumni and outcomes of the previously not working, per wave (with its year).
WITH final AS (
    SELECT
        wave,
        year,
        sum(n_alumni) AS n_alumni,
        sum(n_not_working_surveyed) AS n_not_working_surveyed,
        sum(n_now_employed) AS n_now_employed,
        sum(n_now_business) AS n_now_business
    FROM filtered(
        'alumni_cube', $regency_mask, $wave_min, $wave_max, $year_min, $year_max,
        $gender_mask, $age_mask, $education_mask, $category_mask, $status_mask
    )
    GROUP BY wave, year
)

SELECT * FROM final
ORDER BY wave
