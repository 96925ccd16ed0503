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

classified AS (
    SELECT
        *,
        CAST(CASE
            WHEN age <= 25 THEN '18-25'
            WHEN age <= 35 THEN '26-35'
            WHEN age <= 45 THEN '36-45'
            WHEN age <= 55 THEN '46-55'
            ELSE '56+'
        END AS age_band_t) AS age_band,
        income_after_rp - income_before_rp AS income_change_rp,
        -- the record key of the cell key method (domain/privacy.py): fixed per person, from a
        -- secret salt kept in the file, uniform over 0-255
        hash((SELECT salt FROM record_key_salt) || alumni_id) % 256 AS record_key
    FROM joined
),

-- Every counted measure, defined once: in_<measure> says whether the alumnus counts in it.
-- alumni_cube counts each (n_<measure>) and sums the record keys of those counted
-- (ck_<measure>); queries only add these up.
final AS (
    SELECT
        *,
        true AS in_alumni,
        completed AS in_completed,
        gender = 'P' AS in_women,
        age <= 35 AS in_age_18_35,
        status_before = 'tidak_bekerja' AS in_not_working,
        status_before = 'tidak_bekerja' AND surveyed AS in_not_working_surveyed,
        status_before = 'tidak_bekerja' AND status_after = 'pekerja' AS in_now_employed,
        status_before = 'tidak_bekerja' AND status_after = 'wirausaha' AS in_now_business,
        surveyed AND income_after_rp > 0 AS in_earning_after,
        status_after = 'tidak_bekerja' AS in_after_not_working,
        status_after = 'pekerja' AS in_after_employee,
        status_after = 'wirausaha' AS in_after_business,
        started_business AS in_businesses_started
    FROM classified
)

SELECT * FROM final
ORDER BY regency_code, wave;

-- alumni_cube: alumni counted per combination of the filter dimensions (about a million
-- rows at 20 million alumni), so that counts under any filter sum a small table.
-- Its counts come from the in_<measure> flags of alumni_outcomes; queries only sum them
-- (macros.sql grouped_counts).
CREATE OR REPLACE TABLE alumni_cube AS
WITH final AS (
    SELECT
        regency_code, wave, year, gender, age_band, education, category_id, status_before, scheme,
        -- INTEGER, not count's BIGINT or sum's HUGEINT: every later scan reads these columns, and
        -- narrower ones are read faster. A cell key only counts modulo 256 (domain/privacy.py),
        -- so it is stored that way and sums of them keep the right key. Flags are summed as 0/1:
        -- DuckDB 2 does not expand COLUMNS inside a FILTER clause.
        CAST(coalesce(sum(COLUMNS('^in_(.*)$')::INTEGER), 0) AS INTEGER) AS 'n_\1',
        CAST(coalesce(sum(COLUMNS('^in_(.*)$')::INTEGER * record_key), 0) % 256 AS INTEGER) AS 'ck_\1',
        CAST(coalesce(sum(employees) FILTER (WHERE started_business), 0) AS BIGINT) AS jobs_created,
        CAST(sum(training_budget_rp + incentive_rp + survey_incentive_rp) AS BIGINT) AS total_paid_rp
    FROM alumni_outcomes
    GROUP BY ALL
)

SELECT * FROM final
ORDER BY regency_code, wave;

-- province_first_units: each province's first kabupaten/kota, which stands for the province in
-- the tables summed per province below.
CREATE OR REPLACE TABLE province_first_units AS
SELECT province_code, min(kemendagri_code) AS first_unit
FROM regions
WHERE level = 'kabupaten_kota'
GROUP BY province_code;

-- alumni_cube_provinces: alumni_cube summed per province. Its regency_code is the province's first
-- kabupaten/kota, which stands for the province: the macros read a province from it
-- (in_province, group_code 'province'), and a query that chooses or groups kabupaten/kota reads
-- alumni_cube instead (macros.sql cube_table). A few hundred thousand rows at 19 million alumni.
CREATE OR REPLACE TABLE alumni_cube_provinces AS
WITH per_province AS (
    SELECT
        left(CAST(regency_code AS VARCHAR), 2) AS province_code, wave, year, gender, age_band, education,
        category_id, status_before, scheme,
        CAST(sum(COLUMNS('^n_')) AS INTEGER),
        CAST(sum(COLUMNS('^ck_')) % 256 AS INTEGER),
        CAST(sum(jobs_created) AS BIGINT) AS jobs_created,
        CAST(sum(total_paid_rp) AS BIGINT) AS total_paid_rp
    FROM alumni_cube
    GROUP BY ALL
),

final AS (
    SELECT CAST(u.first_unit AS regency_t) AS regency_code, p.* EXCLUDE (province_code)
    FROM per_province AS p
    JOIN province_first_units AS u USING (province_code)
)

SELECT * FROM final
ORDER BY regency_code, wave;

-- alumni_cube_all_regions: alumni_cube summed over every kabupaten/kota (regency_code NULL), a few
-- thousand rows whatever the number of alumni: what a query reads when neither its filter nor its
-- grouping names a region (macros.sql cube_table). Counts and cell keys are those of the full cube
-- added up, so either table gives the same figures.
CREATE OR REPLACE TABLE alumni_cube_all_regions AS
WITH final AS (
    SELECT
        CAST(NULL AS regency_t) AS regency_code, wave, year, gender, age_band, education, category_id,
        status_before, scheme,
        CAST(sum(COLUMNS('^n_')) AS INTEGER),
        CAST(sum(COLUMNS('^ck_')) % 256 AS INTEGER),
        CAST(sum(jobs_created) AS BIGINT) AS jobs_created,
        CAST(sum(total_paid_rp) AS BIGINT) AS total_paid_rp
    FROM alumni_cube
    GROUP BY ALL
)

SELECT * FROM final
ORDER BY wave;

-- income_change_steps: how many surveyed alumni who now earn changed their monthly income by
-- each number of steps (income_step), per combination of the filter dimensions. A step is the
-- publication step of medians (domain/privacy.py MEDIAN_STEP, set by data/db.py build_derived,
-- kept in median_step): a change is rounded to the nearest step, halves upwards. Medians are
-- published to that step anyway, and this histogram is a third smaller than one row per person.
DROP TABLE IF EXISTS income_changes;  -- its one-row-per-person predecessor
CREATE OR REPLACE TABLE income_change_steps AS
WITH final AS (
    SELECT
        regency_code, wave, year, gender, age_band, education, category_id, status_before, scheme,
        -- the step's number, not rupiah: DuckDB groups a small range of numbers much faster
        CAST(floor((income_change_rp + getvariable('median_step_rp') / 2) / getvariable('median_step_rp'))
             AS INTEGER) AS income_step,
        CAST(count(*) AS INTEGER) AS n
    FROM alumni_outcomes
    WHERE surveyed AND income_after_rp > 0
    GROUP BY ALL
)

SELECT * FROM final
ORDER BY regency_code, wave;

-- income_change_steps_provinces: income_change_steps summed per province, as alumni_cube_provinces.
CREATE OR REPLACE TABLE income_change_steps_provinces AS
WITH per_province AS (
    SELECT
        left(CAST(regency_code AS VARCHAR), 2) AS province_code, wave, year, gender, age_band, education,
        category_id, status_before, scheme, income_step,
        CAST(sum(n) AS INTEGER) AS n
    FROM income_change_steps
    GROUP BY ALL
),

final AS (
    SELECT CAST(u.first_unit AS regency_t) AS regency_code, p.* EXCLUDE (province_code)
    FROM per_province AS p
    JOIN province_first_units AS u USING (province_code)
)

SELECT * FROM final
ORDER BY regency_code, wave;

-- income_change_steps_all_regions: income_change_steps summed over every kabupaten/kota, as
-- alumni_cube_all_regions is the cube's.
CREATE OR REPLACE TABLE income_change_steps_all_regions AS
WITH final AS (
    SELECT
        CAST(NULL AS regency_t) AS regency_code, wave, year, gender, age_band, education, category_id,
        status_before, scheme, income_step,
        CAST(sum(n) AS INTEGER) AS n
    FROM income_change_steps
    GROUP BY ALL
)

SELECT * FROM final
ORDER BY wave;

-- The per-person questions (trainings taken, income bands, business sizes) summed over every
-- kabupaten/kota: what training_mix.sql, income_distribution.sql and business_size.sql read when
-- their filter names no region (at 19 million alumni a scan of alumni_outcomes takes over a
-- second). n counts alumni and ck sums their record keys, as alumni_outcomes rows would.
CREATE OR REPLACE TABLE training_cells_all_regions AS
WITH final AS (
    SELECT
        CAST(NULL AS regency_t) AS regency_code, wave, year, gender, age_band, education, category_id,
        status_before, scheme, training_id,
        CAST(count(*) AS INTEGER) AS n,
        CAST(sum(record_key) % 256 AS INTEGER) AS ck
    FROM alumni_outcomes
    GROUP BY ALL
)

SELECT * FROM final
ORDER BY wave;

CREATE OR REPLACE TABLE income_band_cells_all_regions AS
WITH bands AS (
    SELECT *, 'before' AS moment, income_before_rp AS income_rp
    FROM alumni_outcomes
    WHERE surveyed
    UNION ALL
    SELECT *, 'after' AS moment, income_after_rp AS income_rp
    FROM alumni_outcomes
    WHERE surveyed
),

final AS (
    SELECT
        CAST(NULL AS regency_t) AS regency_code, wave, year, gender, age_band, education, category_id,
        status_before, scheme, moment,
        CASE WHEN income_rp = 0 THEN -1 ELSE least(income_rp // 500000, 20) END AS band,
        CAST(count(*) AS INTEGER) AS n,
        CAST(sum(record_key) % 256 AS INTEGER) AS ck
    FROM bands
    GROUP BY ALL
)

SELECT * FROM final
ORDER BY wave;

CREATE OR REPLACE TABLE business_cells_all_regions AS
WITH final AS (
    SELECT
        CAST(NULL AS regency_t) AS regency_code, wave, year, gender, age_band, education, category_id,
        status_before, scheme, employees,
        CAST(count(*) AS INTEGER) AS n,
        CAST(sum(record_key) % 256 AS INTEGER) AS ck
    FROM alumni_outcomes
    WHERE started_business
    GROUP BY ALL
)

SELECT * FROM final
ORDER BY wave;

-- median_step: the rupiah of one income_step, for the queries (macros.sql grouped_medians).
CREATE OR REPLACE TABLE median_step AS
SELECT CAST(getvariable('median_step_rp') AS INTEGER) AS rupiah;

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
