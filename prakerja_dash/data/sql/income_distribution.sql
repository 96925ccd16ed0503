-- Monthly income before and after training of surveyed alumni, in Rp500,000 bands
-- (band 20 holds Rp10 million and more; band -1 holds no income): from the bands summed over all
-- regions when the filter names none, else from the alumni of the chosen ones.
WITH incomes AS (
    SELECT income_before_rp, income_after_rp, record_key
    FROM filtered('alumni_outcomes', $filter)
    WHERE surveyed AND names_region($filter)
),

bands AS (
    SELECT moment, band, n, ck
    FROM filtered('income_band_cells_all_regions', $filter)
    WHERE NOT names_region($filter)
    UNION ALL
    SELECT 'before' AS moment, CASE WHEN income_before_rp = 0 THEN -1 ELSE least(income_before_rp // 500000, 20) END,
        1, record_key
    FROM incomes
    UNION ALL
    SELECT 'after' AS moment, CASE WHEN income_after_rp = 0 THEN -1 ELSE least(income_after_rp // 500000, 20) END,
        1, record_key
    FROM incomes
),

final AS (
    SELECT
        band,
        coalesce(sum(n) FILTER (WHERE moment = 'before'), 0)::BIGINT AS n_before,
        coalesce(sum(n) FILTER (WHERE moment = 'after'), 0)::BIGINT AS n_after,
        coalesce(sum(ck) FILTER (WHERE moment = 'before'), 0)::BIGINT AS ck_before,
        coalesce(sum(ck) FILTER (WHERE moment = 'after'), 0)::BIGINT AS ck_after
    FROM bands
    GROUP BY band
)

SELECT * FROM final
ORDER BY band
