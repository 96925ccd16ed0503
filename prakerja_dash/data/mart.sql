-- alumni_outcomes: one row per alumnus with its training category and survey answers.
-- Derived from alumni, trainings and business_outcomes after every load; every dashboard
-- query reads it, so filters need no joins. Sorted by regency and wave so that
-- DuckDB's zone maps skip row groups outside a regency or wave filter.
CREATE OR REPLACE TABLE alumni_outcomes AS
WITH joined AS (
    SELECT
        a.alumni_id,
        a.wave,
        a.year,
        a.regency_code,
        a.gender,
        a.age,
        a.education,
        a.status_before,
        a.completed,
        a.scheme,
        t.category_id,
        o.alumni_id IS NOT NULL AS surveyed,
        o.status_after,
        coalesce(o.started_business, false) AS started_business,
        coalesce(o.employees, 0) AS employees,
        o.income_before_rp,
        o.income_after_rp
    FROM alumni AS a
    JOIN trainings AS t USING (training_id)
    LEFT JOIN business_outcomes AS o USING (alumni_id)
),

final AS (
    SELECT
        *,
        CAST(CASE
            WHEN age <= 25 THEN '18-25'
            WHEN age <= 35 THEN '26-35'
            WHEN age <= 45 THEN '36-45'
            WHEN age <= 55 THEN '46-55'
            ELSE '56+'
        END AS age_band_t) AS age_band,
        income_after_rp - income_before_rp AS income_change_rp
    FROM joined
)

SELECT * FROM final
ORDER BY regency_code, wave;

-- filtered_alumni: alumni_outcomes restricted by the dashboard's filters (domain/filters.py).
-- An empty list or a full range means no restriction; every named query starts here.
CREATE OR REPLACE MACRO filtered_alumni(
    p_regencies, p_wave_min, p_wave_max, p_year_min, p_year_max,
    p_gender, p_age_bands, p_education, p_categories, p_statuses
) AS TABLE
SELECT *
FROM alumni_outcomes
WHERE wave BETWEEN p_wave_min AND p_wave_max
    AND year BETWEEN p_year_min AND p_year_max
    AND (len(p_regencies) = 0 OR list_contains(p_regencies, regency_code))
    AND (p_gender IS NULL OR gender = p_gender)
    AND (len(p_age_bands) = 0 OR list_contains(p_age_bands, age_band::VARCHAR))
    AND (len(p_education) = 0 OR list_contains(p_education, education::VARCHAR))
    AND (len(p_categories) = 0 OR list_contains(p_categories, category_id))
    AND (len(p_statuses) = 0 OR list_contains(p_statuses, status_before::VARCHAR));
