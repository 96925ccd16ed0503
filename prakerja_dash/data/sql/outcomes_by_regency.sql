-- Alumni and outcomes per regency (all 11, zero where none match), with population and
-- the median income change, for the map and its table.
WITH per_regency AS (
    SELECT
        regency_code::VARCHAR AS regency_code,
        sum(n_alumni) AS n_alumni,
        sum(n_not_working_surveyed) AS n_not_working_surveyed,
        sum(n_now_employed) AS n_now_employed,
        sum(n_now_business) AS n_now_business,
        sum(n_earning_after) AS n_earning_after
    FROM filtered(
        'alumni_cube', $regency_mask, $wave_min, $wave_max, $year_min, $year_max,
        $gender_mask, $age_mask, $education_mask, $category_mask, $status_mask
    )
    GROUP BY regency_code
),

histogram AS (
    SELECT regency_code::VARCHAR AS regency_code, income_change_rp, count(*) AS n
    FROM filtered(
        'income_changes', $regency_mask, $wave_min, $wave_max, $year_min, $year_max,
        $gender_mask, $age_mask, $education_mask, $category_mask, $status_mask
    )
    GROUP BY ALL
),

-- Median per regency from its histogram (see kpi_counts.sql for the method).
cumulative AS (
    SELECT
        regency_code,
        income_change_rp,
        sum(n) OVER (PARTITION BY regency_code ORDER BY income_change_rp) - n AS first_position,
        sum(n) OVER (PARTITION BY regency_code ORDER BY income_change_rp) - 1 AS last_position,
        sum(n) OVER (PARTITION BY regency_code) AS total
    FROM histogram
),

medians AS (
    SELECT regency_code, avg(income_change_rp) AS median_income_change
    FROM cumulative
    WHERE floor((total - 1) / 2) BETWEEN first_position AND last_position
        OR ceil((total - 1) / 2) BETWEEN first_position AND last_position
    GROUP BY regency_code
),

final AS (
    SELECT
        r.bps_code AS regency_code,
        r.name,
        r.population,
        coalesce(p.n_alumni, 0) AS n_alumni,
        coalesce(p.n_not_working_surveyed, 0) AS n_not_working_surveyed,
        coalesce(p.n_now_employed, 0) AS n_now_employed,
        coalesce(p.n_now_business, 0) AS n_now_business,
        coalesce(p.n_earning_after, 0) AS n_earning_after,
        m.median_income_change
    FROM regencies AS r
    LEFT JOIN per_regency AS p ON p.regency_code = r.bps_code
    LEFT JOIN medians AS m ON m.regency_code = r.bps_code
)

SELECT * FROM final
ORDER BY regency_code
