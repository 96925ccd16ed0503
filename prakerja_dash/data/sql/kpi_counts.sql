-- The Overview's headline numbers for the filtered alumni, as raw counts.
-- domain/metrics.py turns them into rates and applies the suppression rule.
WITH base AS (
    SELECT * FROM filtered_alumni(
        $regencies, $wave_min, $wave_max, $year_min, $year_max,
        $gender, $age_bands, $education, $categories, $statuses
    )
),

final AS (
    SELECT
        count(*) AS n_alumni,
        count(*) FILTER (WHERE gender = 'P') AS n_women,
        count(*) FILTER (WHERE age BETWEEN 18 AND 35) AS n_age_18_35,
        count(*) FILTER (WHERE status_before = 'tidak_bekerja') AS n_not_working,
        count(*) FILTER (WHERE status_before = 'tidak_bekerja' AND surveyed) AS n_not_working_surveyed,
        count(*) FILTER (WHERE status_before = 'tidak_bekerja' AND status_after = 'pekerja') AS n_now_employed,
        count(*) FILTER (WHERE status_before = 'tidak_bekerja' AND status_after = 'wirausaha') AS n_now_business,
        count(*) FILTER (WHERE surveyed AND income_after_rp > 0) AS n_earning_after,
        median(income_change_rp) FILTER (WHERE surveyed AND income_after_rp > 0) AS median_income_change,
        count(*) FILTER (WHERE started_business) AS n_businesses_started,
        coalesce(sum(employees) FILTER (WHERE started_business), 0) AS jobs_created
    FROM base
)

SELECT * FROM final
