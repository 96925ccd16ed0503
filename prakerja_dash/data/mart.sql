-- Derived tables every dashboard query reads, rebuilt after each load, and the filter macro.

-- alumni_outcomes: one row per alumnus with its training category and survey answers.
-- Sorted by regency and wave so that DuckDB's zone maps skip row groups outside them.
CREATE OR REPLACE TABLE alumni_outcomes AS
WITH joined AS (
    SELECT
        a.alumni_id,
        a.wave,
        a.year,
        CAST(a.regency_code AS regency_t) AS regency_code,
        a.gender,
        a.age,
        a.education,
        a.status_before,
        a.completed,
        a.scheme,
        a.training_budget_rp,
        a.incentive_rp,
        a.survey_incentive_rp,
        a.training_id,
        CAST(t.category_id AS category_t) AS category_id,
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

-- alumni_cube: alumni counted per combination of the filter dimensions (about a million
-- rows at 20 million alumni), so that counts under any filter sum a small table.
-- Measures that depend on a dimension (women, 18-35, not working at registration) are
-- precomputed per row so that queries need only plain sums.
CREATE OR REPLACE TABLE alumni_cube AS
WITH final AS (
    SELECT
        regency_code, wave, year, gender, age_band, education, category_id, status_before,
        count(*) AS n_alumni,
        count(*) FILTER (WHERE gender = 'P') AS n_women,
        count(*) FILTER (WHERE age <= 35) AS n_age_18_35,
        count(*) FILTER (WHERE status_before = 'tidak_bekerja') AS n_not_working,
        count(*) FILTER (WHERE status_before = 'tidak_bekerja' AND surveyed) AS n_not_working_surveyed,
        count(*) FILTER (WHERE status_before = 'tidak_bekerja' AND status_after = 'pekerja') AS n_now_employed,
        count(*) FILTER (WHERE status_before = 'tidak_bekerja' AND status_after = 'wirausaha') AS n_now_business,
        count(*) FILTER (WHERE surveyed AND income_after_rp > 0) AS n_earning_after,
        count(*) FILTER (WHERE status_after = 'tidak_bekerja') AS n_after_not_working,
        count(*) FILTER (WHERE status_after = 'pekerja') AS n_after_employee,
        count(*) FILTER (WHERE status_after = 'wirausaha') AS n_after_business,
        count(*) FILTER (WHERE started_business) AS n_businesses_started,
        -- BIGINT: a HUGEINT sum here would make every later scan several times slower
        CAST(coalesce(sum(employees) FILTER (WHERE started_business), 0) AS BIGINT) AS jobs_created
    FROM alumni_outcomes
    GROUP BY ALL
)

SELECT * FROM final
ORDER BY regency_code, wave;

-- income_changes: the monthly income change of each surveyed alumnus who now earns,
-- with the filter dimensions; medians are computed from its histogram.
CREATE OR REPLACE TABLE income_changes AS
WITH final AS (
    SELECT regency_code, wave, year, gender, age_band, education, category_id, status_before, income_change_rp
    FROM alumni_outcomes
    WHERE surveyed AND income_after_rp > 0
)

SELECT * FROM final
ORDER BY regency_code, wave;

-- filtered(table, …): rows of a derived table that pass the dashboard's filters
-- (domain/filters.py). Choice filters arrive as bit masks over the ENUM order of their
-- column (bit i set: value i selected); NULL means no restriction, which DuckDB folds
-- away once the parameters are bound, so unused filters cost nothing.
CREATE OR REPLACE MACRO filtered(
    p_table, p_regency_mask, p_wave_min, p_wave_max, p_year_min, p_year_max,
    p_gender_mask, p_age_mask, p_education_mask, p_category_mask, p_status_mask
) AS TABLE
SELECT *
FROM query_table(p_table)
WHERE wave BETWEEN p_wave_min AND p_wave_max
    AND year BETWEEN p_year_min AND p_year_max
    AND (p_regency_mask IS NULL OR (p_regency_mask >> enum_code(regency_code)) & 1 = 1)
    AND (p_gender_mask IS NULL OR (p_gender_mask >> enum_code(gender)) & 1 = 1)
    AND (p_age_mask IS NULL OR (p_age_mask >> enum_code(age_band)) & 1 = 1)
    AND (p_education_mask IS NULL OR (p_education_mask >> enum_code(education)) & 1 = 1)
    AND (p_category_mask IS NULL OR (p_category_mask >> enum_code(category_id)) & 1 = 1)
    AND (p_status_mask IS NULL OR (p_status_mask >> enum_code(status_before)) & 1 = 1);

-- safe_text: a text value that spreadsheet programs will not run as a formula (OWASP CSV
-- injection: = + - @ tab CR LF at the start get a leading apostrophe).
CREATE OR REPLACE MACRO safe_text(s) AS
    CASE WHEN regexp_matches(s, '^[=+\-@\t\r\n]') THEN '''' || s ELSE s END;

-- group_value: the value a derived-table row has for a grouping named by a bound parameter
-- ('regency', 'category', 'wave', 'year', 'gender', 'age_band', 'education', 'status'; '' otherwise).
CREATE OR REPLACE MACRO group_value(p_by, regency_code, category_id, wave, year, gender, age_band, education,
                                    status_before) AS
    CASE p_by
        WHEN 'regency' THEN regency_code::VARCHAR
        WHEN 'category' THEN category_id::VARCHAR
        WHEN 'wave' THEN wave::VARCHAR
        WHEN 'year' THEN year::VARCHAR
        WHEN 'gender' THEN gender::VARCHAR
        WHEN 'age_band' THEN age_band::VARCHAR
        WHEN 'education' THEN education::VARCHAR
        WHEN 'status' THEN status_before::VARCHAR
        ELSE ''
    END;
