-- The Overview's headline numbers for the filtered alumni, as raw counts and a median
-- (zero counts when nothing matches), with the cell key of each count (ck_). domain/metrics.py
-- turns them into published figures (domain/privacy.py).
WITH totals AS (
    SELECT
        n_alumni, n_women, n_age_18_35, n_not_working, n_not_working_surveyed, n_now_employed, n_now_business,
        n_earning_after, n_businesses_started, jobs_created,
        ck_alumni, ck_women, ck_age_18_35, ck_not_working, ck_not_working_surveyed, ck_now_employed,
        ck_now_business, ck_earning_after, ck_businesses_started
    FROM grouped_counts($filter, '', '')
),

middle AS (
    SELECT median_income_change
    FROM grouped_medians($filter, '', '')
),

final AS (
    SELECT coalesce(COLUMNS(totals.*), 0), middle.median_income_change
    FROM (SELECT 1) AS one
    LEFT JOIN totals ON true
    LEFT JOIN middle ON true
)

SELECT * FROM final
