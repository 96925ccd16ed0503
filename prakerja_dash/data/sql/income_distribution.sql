-- Monthly income before and after training of surveyed alumni, in Rp500,000 bands
-- (band 20 holds Rp10 million and more; band -1 holds no income).
WITH incomes AS (
    SELECT income_before_rp, income_after_rp, record_key
    FROM filtered('alumni_outcomes', $filter)
    WHERE surveyed
),

bands AS (
    SELECT 'before' AS moment, CASE WHEN income_before_rp = 0 THEN -1 ELSE least(income_before_rp // 500000, 20) END AS band,
        record_key
    FROM incomes
    UNION ALL
    SELECT 'after' AS moment, CASE WHEN income_after_rp = 0 THEN -1 ELSE least(income_after_rp // 500000, 20) END AS band,
        record_key
    FROM incomes
),

final AS (
    SELECT
        band,
        count(*) FILTER (WHERE moment = 'before') AS n_before,
        count(*) FILTER (WHERE moment = 'after') AS n_after,
        coalesce(sum(record_key) FILTER (WHERE moment = 'before'), 0) AS ck_before,
        coalesce(sum(record_key) FILTER (WHERE moment = 'after'), 0) AS ck_after
    FROM bands
    GROUP BY band
)

SELECT * FROM final
ORDER BY band
