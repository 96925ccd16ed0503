-- The two schemes side by side: alumni, outcomes and the benefits they received.
WITH base AS (
    SELECT *
    FROM filtered(
        'alumni_outcomes', $regency_mask, $wave_min, $wave_max, $year_min, $year_max,
        $gender_mask, $age_mask, $education_mask, $category_mask, $status_mask
    )
),

final AS (
    SELECT
        scheme::VARCHAR AS scheme,
        min(wave) AS first_wave,
        max(wave) AS last_wave,
        count(*) AS n_alumni,
        count(*) FILTER (WHERE completed) AS n_completed,
        count(*) FILTER (WHERE status_before = 'tidak_bekerja' AND surveyed) AS n_not_working_surveyed,
        count(*) FILTER (WHERE status_before = 'tidak_bekerja' AND status_after = 'pekerja') AS n_now_employed,
        count(*) FILTER (WHERE status_before = 'tidak_bekerja' AND status_after = 'wirausaha') AS n_now_business,
        max(training_budget_rp) AS training_budget_rp,
        max(incentive_rp) AS incentive_rp,
        max(survey_incentive_rp) AS survey_incentive_rp,
        sum(training_budget_rp + incentive_rp + survey_incentive_rp) AS total_paid_rp
    FROM base
    GROUP BY scheme
)

SELECT * FROM final
ORDER BY first_wave
