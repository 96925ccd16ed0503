-- The Overview's counts from one scan of the cube: the filtered alumni in total, per wave (with
-- its year) and per training category, each count with its cell key (ck_); the total row also
-- has the median income change. `level` says which rows are which: 'total' (always exactly one
-- row, zero counts when nothing matches), 'wave' and 'category'. data/queries.py splits them
-- into the frames of kpi_counts, trend_by_wave and alumni_by_category; domain/metrics.py turns
-- the counts into published figures (domain/privacy.py).
WITH cells AS (
    SELECT
        grouping(wave, year, category_id) AS grouping_id,  -- a set bit: that column is not grouped
        wave,
        year,
        category_id,
        sum(COLUMNS([
            'n_alumni', 'n_women', 'n_age_18_35', 'n_not_working', 'n_not_working_surveyed', 'n_now_employed',
            'n_now_business', 'n_earning_after', 'n_businesses_started', 'jobs_created',
            'ck_alumni', 'ck_women', 'ck_age_18_35', 'ck_not_working', 'ck_not_working_surveyed', 'ck_now_employed',
            'ck_now_business', 'ck_earning_after', 'ck_businesses_started'
        ]))::BIGINT
    FROM filtered(cube_table($filter, '', '', 'alumni_cube'), $filter)
    GROUP BY GROUPING SETS ((), (wave, year), (category_id))
),

total AS (  -- the grouping set () makes this one row even when no alumni match, with NULL sums
    SELECT coalesce(COLUMNS(* EXCLUDE (grouping_id, wave, year, category_id)), 0)
    FROM cells
    WHERE grouping_id = 7
),

middle AS (
    SELECT median_income_change
    FROM grouped_medians($filter, '', '')
),

final AS (
    SELECT
        'total' AS level,
        NULL::INTEGER AS wave,
        NULL::INTEGER AS year,
        NULL::VARCHAR AS category_id,
        NULL::VARCHAR AS label_id,
        NULL::VARCHAR AS label_en,
        total.*,
        middle.median_income_change
    FROM total
    LEFT JOIN middle ON true

    UNION ALL BY NAME

    SELECT
        'wave' AS level,
        wave,
        year,
        cells.* EXCLUDE (grouping_id, wave, year, category_id)
    FROM cells
    WHERE grouping_id = 1

    UNION ALL BY NAME

    SELECT
        'category' AS level,
        c.category_id::VARCHAR AS category_id,
        c.label_id,
        c.label_en,
        cells.* EXCLUDE (grouping_id, wave, year, category_id)
    FROM cells
    JOIN training_categories AS c ON c.category_id = cells.category_id
    WHERE grouping_id = 6
)

SELECT * FROM final
ORDER BY level = 'category', level = 'wave', wave, n_alumni DESC, category_id
