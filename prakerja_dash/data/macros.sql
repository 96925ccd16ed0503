-- Macros every query uses. They are stored in the data file but always written by this code:
-- data/db.py build_derived recreates them whenever their text changes (the derived fingerprint).

DROP MACRO IF EXISTS in_mask;  -- the bit-mask predecessor of is_chosen, limited to 127 values

-- is_chosen(chosen, value): whether an ENUM value is among the chosen positions of its ENUM
-- order (a list of 0-based positions); a NULL list chooses everything.
CREATE OR REPLACE MACRO is_chosen(chosen, value) AS
    chosen IS NULL OR list_contains(chosen, enum_code(value));

-- in_province(f, regency): whether a kabupaten/kota is in the filter's province. regency_t lists
-- every kabupaten/kota in Kemendagri code order, so a province's units are one run of positions
-- (f's regency_first to regency_last; NULL: every province), and the tables sorted by regency
-- skip other provinces' row groups.
CREATE OR REPLACE MACRO in_province(f, regency) AS
    f['regency_first'] IS NULL OR enum_code(regency) BETWEEN f['regency_first'] AND f['regency_last'];

-- filtered(table, f): rows of a derived table that pass the dashboard's filters. `f` is one
-- bound STRUCT (domain/filters.py Filters.sql_filter): wave and year ranges, and a list of
-- chosen positions per choice filter. NULL lists are constant once bound, so DuckDB folds unused
-- filters away.
CREATE OR REPLACE MACRO filtered(p_table, f) AS TABLE
SELECT *
FROM query_table(p_table)
WHERE wave BETWEEN f['wave_min'] AND f['wave_max']
    AND year BETWEEN f['year_min'] AND f['year_max']
    AND in_province(f, regency_code)
    AND is_chosen(f['regencies'], regency_code)
    AND is_chosen(f['genders'], gender)
    AND is_chosen(f['age_bands'], age_band)
    AND is_chosen(f['education'], education)
    AND is_chosen(f['categories'], category_id)
    AND is_chosen(f['statuses'], status_before);

DROP MACRO IF EXISTS group_value;  -- the text-valued predecessor of group_code

-- group_code: the value a derived-table row has for a grouping named by a bound parameter
-- ('province', 'regency', 'category', 'wave', 'year', 'gender', 'age_band', 'education', 'status',
-- 'scheme'; '' for no grouping), as a small number: an ENUM's position or the wave or year.
-- Queries group by these numbers and only the groups get their text (group_label): grouping a
-- million rows on text costs much more.
CREATE OR REPLACE MACRO group_code(p_by, regency_code, category_id, wave, year, gender, age_band, education,
                                        status_before, scheme) AS
    CASE p_by
        WHEN 'province' THEN CAST(left(CAST(regency_code AS VARCHAR), 2) AS INTEGER)
        WHEN 'regency' THEN enum_code(regency_code)
        WHEN 'category' THEN enum_code(category_id)
        WHEN 'wave' THEN wave
        WHEN 'year' THEN year
        WHEN 'gender' THEN enum_code(gender)
        WHEN 'age_band' THEN enum_code(age_band)
        WHEN 'education' THEN enum_code(education)
        WHEN 'status' THEN enum_code(status_before)
        WHEN 'scheme' THEN enum_code(scheme)
        ELSE 0
    END;

-- group_label(by, code): the text of a group_code, as links and tables name the value.
CREATE OR REPLACE MACRO group_label(p_by, code) AS
    CASE p_by
        WHEN 'province' THEN CAST(code AS VARCHAR)
        WHEN 'regency' THEN enum_range(NULL::regency_t)[code + 1]
        WHEN 'category' THEN enum_range(NULL::category_t)[code + 1]
        WHEN 'wave' THEN code::VARCHAR
        WHEN 'year' THEN code::VARCHAR
        WHEN 'gender' THEN enum_range(NULL::gender_t)[code + 1]
        WHEN 'age_band' THEN enum_range(NULL::age_band_t)[code + 1]
        WHEN 'education' THEN enum_range(NULL::education_t)[code + 1]
        WHEN 'status' THEN enum_range(NULL::work_status_t)[code + 1]
        WHEN 'scheme' THEN enum_range(NULL::scheme_t)[code + 1]
        ELSE ''
    END;

-- names_region(f): whether the filter chooses a province or kabupaten/kota (a query without one
-- may read the tables summed over all regions).
CREATE OR REPLACE MACRO names_region(f) AS
    f['regencies'] IS NOT NULL OR f['regency_first'] IS NOT NULL;

-- held_provinces(): the provinces the data holds alumni of (Jambi in a Jambi file, all in a
-- national one), read off the cube's distinct regions.
CREATE OR REPLACE MACRO held_provinces() AS TABLE
SELECT DISTINCT left(CAST(regency_code AS VARCHAR), 2) AS province_code
FROM (SELECT DISTINCT regency_code FROM alumni_cube);

-- cube_table(f, by, then_by, base): the table a query of `base` (alumni_cube, income_change_steps)
-- reads: `base` itself when the filter or a grouping names kabupaten/kota (sorted by region: a
-- regency's query reads only its row groups); its sum per province (base_provinces) when they
-- name a province; else its sum over all regions (base_all_regions, a few thousand rows).
CREATE OR REPLACE MACRO cube_table(f, p_by, p_then_by, p_base) AS
    CASE WHEN f['regencies'] IS NOT NULL OR 'regency' IN (p_by, p_then_by) THEN p_base
         WHEN f['regency_first'] IS NOT NULL OR 'province' IN (p_by, p_then_by) THEN p_base || '_provinces'
         ELSE p_base || '_all_regions' END;

-- grouped(table, f, by, then_by): the filtered rows of a derived table with the codes of one
-- or two groupings as group_code and group_code_2.
CREATE OR REPLACE MACRO grouped(p_table, f, p_by, p_then_by) AS TABLE
SELECT
    group_code(p_by, regency_code, category_id, wave, year, gender, age_band, education, status_before, scheme)
        AS group_code,
    group_code(p_then_by, regency_code, category_id, wave, year, gender, age_band, education, status_before, scheme)
        AS group_code_2,
    *
FROM filtered(p_table, f);

-- grouped_counts(f, by, then_by): every measure of alumni_cube (data/mart.sql, where each is
-- defined) summed per value of one or two groupings.
CREATE OR REPLACE MACRO grouped_counts(f, p_by, p_then_by) AS TABLE
WITH sums AS (
    SELECT
        group_code,
        group_code_2,
        sum(COLUMNS(* EXCLUDE (group_code, group_code_2, regency_code, wave, year, gender, age_band, education,
                               category_id, status_before, scheme)))::BIGINT
    FROM grouped(cube_table(f, p_by, p_then_by, 'alumni_cube'), f, p_by, p_then_by)
    GROUP BY group_code, group_code_2
),

final AS (
    SELECT
        group_label(p_by, group_code) AS group_key,
        group_label(p_then_by, group_code_2) AS group_key_2,
        * EXCLUDE (group_code, group_code_2)
    FROM sums
)

SELECT * FROM final;

-- grouped_medians(f, by, then_by): the median monthly income change of surveyed alumni who
-- now earn, per group, from the histogram of income_change_steps (data/mart.sql):
-- the mean of the two middle steps (0-based positions floor((N-1)/2) and ceil((N-1)/2)), in
-- rupiah, which is what median() returns on the changes rounded to the step.
CREATE OR REPLACE MACRO grouped_medians(f, p_by, p_then_by) AS TABLE
WITH histogram AS (
    SELECT group_code, group_code_2, income_step, sum(n) AS n
    FROM grouped(cube_table(f, p_by, p_then_by, 'income_change_steps'), f, p_by, p_then_by)
    GROUP BY ALL
),

cumulative AS (
    SELECT
        group_code,
        group_code_2,
        income_step,
        sum(n) OVER (PARTITION BY group_code, group_code_2 ORDER BY income_step) - n AS first_position,
        sum(n) OVER (PARTITION BY group_code, group_code_2 ORDER BY income_step) - 1 AS last_position,
        sum(n) OVER (PARTITION BY group_code, group_code_2) AS total
    FROM histogram
),

final AS (
    SELECT
        group_label(p_by, group_code) AS group_key,
        group_label(p_then_by, group_code_2) AS group_key_2,
        avg(income_step) * (SELECT rupiah FROM median_step) AS median_income_change
    FROM cumulative
    WHERE floor((total - 1) / 2) BETWEEN first_position AND last_position
        OR ceil((total - 1) / 2) BETWEEN first_position AND last_position
    GROUP BY group_code, group_code_2
)

SELECT * FROM final;

-- safe_text: a text value that spreadsheet programs will not run as a formula (OWASP CSV
-- injection: = + - @ tab CR LF at the start get a leading apostrophe; domain/text.py is the
-- same rule for values written from Python).
CREATE OR REPLACE MACRO safe_text(s) AS
    CASE WHEN regexp_matches(s, '^[=+\-@\t\r\n]') THEN '''' || s ELSE s END;
