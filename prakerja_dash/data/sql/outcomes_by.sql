-- Alumni and outcomes per value of one or two dimensions ($by, $then_by; '' for none):
-- regency, category, wave, year, gender, age_band, education or status. With the median
-- income change per group, from each group's histogram (method: kpi_counts.sql).
WITH cells AS (
    SELECT
        *,
        group_value($by, regency_code, category_id, wave, year, gender, age_band, education, status_before)
            AS group_key,
        group_value($then_by, regency_code, category_id, wave, year, gender, age_band, education, status_before)
            AS group_key_2
    FROM filtered(
        'alumni_cube', $regency_mask, $wave_min, $wave_max, $year_min, $year_max,
        $gender_mask, $age_mask, $education_mask, $category_mask, $status_mask
    )
),

counts AS (
    SELECT
        group_key,
        group_key_2,
        sum(n_alumni) AS n_alumni,
        sum(n_women) AS n_women,
        sum(n_not_working) AS n_not_working,
        sum(n_not_working_surveyed) AS n_not_working_surveyed,
        sum(n_now_employed) AS n_now_employed,
        sum(n_now_business) AS n_now_business,
        sum(n_earning_after) AS n_earning_after,
        sum(n_businesses_started) AS n_businesses_started,
        sum(jobs_created) AS jobs_created
    FROM cells
    GROUP BY group_key, group_key_2
),

histogram AS (
    SELECT
        group_value($by, regency_code, category_id, wave, year, gender, age_band, education, status_before)
            AS group_key,
        group_value($then_by, regency_code, category_id, wave, year, gender, age_band, education, status_before)
            AS group_key_2,
        income_change_rp,
        count(*) AS n
    FROM filtered(
        'income_changes', $regency_mask, $wave_min, $wave_max, $year_min, $year_max,
        $gender_mask, $age_mask, $education_mask, $category_mask, $status_mask
    )
    GROUP BY ALL
),

cumulative AS (
    SELECT
        group_key,
        group_key_2,
        income_change_rp,
        sum(n) OVER (PARTITION BY group_key, group_key_2 ORDER BY income_change_rp) - n AS first_position,
        sum(n) OVER (PARTITION BY group_key, group_key_2 ORDER BY income_change_rp) - 1 AS last_position,
        sum(n) OVER (PARTITION BY group_key, group_key_2) AS total
    FROM histogram
),

medians AS (
    SELECT group_key, group_key_2, avg(income_change_rp) AS median_income_change
    FROM cumulative
    WHERE floor((total - 1) / 2) BETWEEN first_position AND last_position
        OR ceil((total - 1) / 2) BETWEEN first_position AND last_position
    GROUP BY group_key, group_key_2
),

final AS (
    SELECT c.*, m.median_income_change
    FROM counts AS c
    LEFT JOIN medians AS m USING (group_key, group_key_2)
)

SELECT * FROM final
ORDER BY group_key, group_key_2
