-- The Overview's headline numbers for the filtered alumni, as raw counts and a median.
-- domain/metrics.py turns them into rates and applies the suppression rule.
WITH totals AS (
    SELECT
        coalesce(sum(n_alumni), 0) AS n_alumni,
        coalesce(sum(n_women), 0) AS n_women,
        coalesce(sum(n_age_18_35), 0) AS n_age_18_35,
        coalesce(sum(n_not_working), 0) AS n_not_working,
        coalesce(sum(n_not_working_surveyed), 0) AS n_not_working_surveyed,
        coalesce(sum(n_now_employed), 0) AS n_now_employed,
        coalesce(sum(n_now_business), 0) AS n_now_business,
        coalesce(sum(n_earning_after), 0) AS n_earning_after,
        coalesce(sum(n_businesses_started), 0) AS n_businesses_started,
        coalesce(sum(jobs_created), 0) AS jobs_created
    FROM filtered(
        'alumni_cube', $regency_mask, $wave_min, $wave_max, $year_min, $year_max,
        $gender_mask, $age_mask, $education_mask, $category_mask, $status_mask
    )
),

histogram AS (
    SELECT income_change_rp, count(*) AS n
    FROM filtered(
        'income_changes', $regency_mask, $wave_min, $wave_max, $year_min, $year_max,
        $gender_mask, $age_mask, $education_mask, $category_mask, $status_mask
    )
    GROUP BY income_change_rp
),

-- The median from the histogram: the mean of the two middle values (0-based positions
-- floor((N-1)/2) and ceil((N-1)/2)), which is what median() returns on the rows.
cumulative AS (
    SELECT
        income_change_rp,
        sum(n) OVER (ORDER BY income_change_rp) - n AS first_position,
        sum(n) OVER (ORDER BY income_change_rp) - 1 AS last_position,
        sum(n) OVER () AS total
    FROM histogram
),

middle AS (
    SELECT avg(income_change_rp) AS median_income_change
    FROM cumulative
    WHERE floor((total - 1) / 2) BETWEEN first_position AND last_position
        OR ceil((total - 1) / 2) BETWEEN first_position AND last_position
),

final AS (
    SELECT
        totals.n_alumni,
        totals.n_women,
        totals.n_age_18_35,
        totals.n_not_working,
        totals.n_not_working_surveyed,
        totals.n_now_employed,
        totals.n_now_business,
        totals.n_earning_after,
        middle.median_income_change,
        totals.n_businesses_started,
        totals.jobs_created
    FROM totals, middle
)

SELECT * FROM final
