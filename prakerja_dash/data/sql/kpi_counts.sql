-- The Overview's headline numbers for the filtered alumni, as raw counts and a median
-- (zero counts when nothing matches). domain/metrics.py turns them into rates and applies
-- the suppression rule.
WITH totals AS (
    SELECT
        n_alumni, n_women, n_age_18_35, n_not_working, n_not_working_surveyed, n_now_employed, n_now_business,
        n_earning_after, n_businesses_started, jobs_created
    FROM grouped_counts($filter, '', '')
),

middle AS (
    SELECT median_income_change
    FROM grouped_medians($filter, '', '')
),

final AS (
    SELECT
        coalesce(COLUMNS(totals.* EXCLUDE (n_businesses_started, jobs_created)), 0),
        middle.median_income_change,
        coalesce(totals.n_businesses_started, 0) AS n_businesses_started,
        coalesce(totals.jobs_created, 0) AS jobs_created
    FROM (SELECT 1) AS one
    LEFT JOIN totals ON true
    LEFT JOIN middle ON true
)

SELECT * FROM final
