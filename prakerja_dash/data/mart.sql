-- Derived tables every dashboard query reads, rebuilt from this code after each load and
-- whenever the code that defines them changes (data/db.py build_derived).

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
-- Every measure is defined here, once; queries only sum them (macros.sql grouped_counts).
-- Measures that depend on a dimension (women, 18-35, not working at registration) are
-- precomputed per row so that queries need only plain sums.
CREATE OR REPLACE TABLE alumni_cube AS
WITH final AS (
    SELECT
        regency_code, wave, year, gender, age_band, education, category_id, status_before, scheme,
        count(*) AS n_alumni,
        count(*) FILTER (WHERE completed) AS n_completed,
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
        CAST(coalesce(sum(employees) FILTER (WHERE started_business), 0) AS BIGINT) AS jobs_created,
        CAST(sum(training_budget_rp + incentive_rp + survey_incentive_rp) AS BIGINT) AS total_paid_rp
    FROM alumni_outcomes
    GROUP BY ALL
)

SELECT * FROM final
ORDER BY regency_code, wave;

-- income_changes: the monthly income change of each surveyed alumnus who now earns,
-- with the filter dimensions; medians are computed from its histogram.
CREATE OR REPLACE TABLE income_changes AS
WITH final AS (
    SELECT regency_code, wave, year, gender, age_band, education, category_id, status_before, scheme, income_change_rp
    FROM alumni_outcomes
    WHERE surveyed AND income_after_rp > 0
)

SELECT * FROM final
ORDER BY regency_code, wave;

-- schemes: the two benefit schemes with their waves, years and benefits per person, from the
-- programme's facts in domain/programme.py (rows inserted by data/db.py build_derived).
CREATE OR REPLACE TABLE schemes (
    scheme              scheme_t PRIMARY KEY,
    first_wave          SMALLINT NOT NULL,
    last_wave           SMALLINT NOT NULL,
    first_year          SMALLINT NOT NULL,
    last_year           SMALLINT NOT NULL,
    training_budget_rp  INTEGER NOT NULL,  -- training balance
    incentive_rp        INTEGER NOT NULL,  -- post-training incentive, in total
    survey_incentive_rp INTEGER NOT NULL   -- for filling in the evaluation surveys
);
