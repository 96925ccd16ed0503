-- The two schemes side by side: alumni, outcomes and the benefits they received.
WITH waves AS (
    SELECT scheme::VARCHAR AS scheme, min(wave) AS first_wave, max(wave) AS last_wave
    FROM filtered(cube_table($filter, '', '', 'alumni_cube'), $filter)
    GROUP BY scheme
),

final AS (
    SELECT
        w.scheme,
        w.first_wave,
        w.last_wave,
        c.n_alumni,
        c.n_completed,
        c.n_not_working_surveyed,
        c.n_now_employed,
        c.n_now_business,
        s.training_budget_rp,
        s.incentive_rp,
        s.survey_incentive_rp,
        c.total_paid_rp,
        c.ck_alumni,
        c.ck_completed,
        c.ck_not_working_surveyed,
        c.ck_now_employed,
        c.ck_now_business
    FROM waves AS w
    JOIN grouped_counts($filter, 'scheme', '') AS c ON c.group_key = w.scheme
    JOIN schemes AS s ON s.scheme::VARCHAR = w.scheme
)

SELECT * FROM final
ORDER BY first_wave
