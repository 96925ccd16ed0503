-- The filtered alumni rows for analysts, k-anonymous on every quasi-identifier: regency,
-- gender, age band, year, education, training category and status at registration (every
-- filter dimension is one, since a filter reveals its value for every row). Rows in a
-- combination with fewer than $k people are generalised step by step (age band -> 18-35/36-64,
-- year -> the scheme's years, education -> three levels, category -> *, status -> *,
-- gender -> *, regency -> *) and left out only if even then the combination stays under $k.
-- Then every row must be alike in every column (the id aside) with at least $rows_alike - 1
-- others, or a download could be joined to another one row to row on the values alone: rarer
-- rows lose outcome detail step by step (below). Ids are re-keyed with $file_key, new for every
-- file; incomes are rounded to $income_step; text is made inert for spreadsheets with safe_text().
WITH base AS (
    SELECT
        sha256($file_key || alumni_id)[1:16] AS alumni_id,
        sha256(alumni_id) AS pair_order,  -- the same in every file, never published
        regency_code::VARCHAR AS regency_code,
        gender::VARCHAR AS gender,
        age_band::VARCHAR AS age_band,
        year::VARCHAR AS year,
        s.first_year || '-' || s.last_year AS scheme_years,
        education::VARCHAR AS education,
        category_id::VARCHAR AS category_id,
        status_before::VARCHAR AS status_before,
        completed,
        scheme::VARCHAR AS scheme,
        surveyed,
        status_after::VARCHAR AS status_after,
        started_business,
        employees,
        CAST(round(income_before_rp / $income_step) * $income_step AS BIGINT) AS income_before_rp,
        CAST(round(income_after_rp / $income_step) * $income_step AS BIGINT) AS income_after_rp
    FROM filtered('alumni_outcomes', $filter) AS a
    JOIN schemes AS s USING (scheme)
),

wider_age AS (
    SELECT * REPLACE (CASE WHEN count(*) OVER cell < $k
        THEN CASE WHEN age_band IN ('18-25', '26-35') THEN '18-35' ELSE '36-64' END
        ELSE age_band END AS age_band)
    FROM base
    WINDOW cell AS (PARTITION BY regency_code, gender, age_band, year, education, category_id, status_before)
),

wider_year AS (
    SELECT * REPLACE (CASE WHEN count(*) OVER cell < $k THEN scheme_years ELSE year END AS year)
    FROM wider_age
    WINDOW cell AS (PARTITION BY regency_code, gender, age_band, year, education, category_id, status_before)
),

wider_education AS (
    SELECT * REPLACE (CASE WHEN count(*) OVER cell < $k
        THEN CASE WHEN education IN ('sd', 'smp') THEN 'sd-smp' WHEN education = 'sma' THEN 'sma' ELSE 'diploma+' END
        ELSE education END AS education)
    FROM wider_year
    WINDOW cell AS (PARTITION BY regency_code, gender, age_band, year, education, category_id, status_before)
),

any_category AS (
    SELECT * REPLACE (CASE WHEN count(*) OVER cell < $k THEN '*' ELSE category_id END AS category_id)
    FROM wider_education
    WINDOW cell AS (PARTITION BY regency_code, gender, age_band, year, education, category_id, status_before)
),

any_status AS (
    SELECT * REPLACE (CASE WHEN count(*) OVER cell < $k THEN '*' ELSE status_before END AS status_before)
    FROM any_category
    WINDOW cell AS (PARTITION BY regency_code, gender, age_band, year, education, category_id, status_before)
),

any_gender AS (
    SELECT * REPLACE (CASE WHEN count(*) OVER cell < $k THEN '*' ELSE gender END AS gender)
    FROM any_status
    WINDOW cell AS (PARTITION BY regency_code, gender, age_band, year, education, category_id, status_before)
),

any_regency AS (
    SELECT * REPLACE (CASE WHEN count(*) OVER cell < $k THEN '*' ELSE regency_code END AS regency_code)
    FROM any_gender
    WINDOW cell AS (PARTITION BY regency_code, gender, age_band, year, education, category_id, status_before)
),

-- Outcomes. A row unlike every other row of its file (the id aside) can be joined one to one with
-- the same person's row in another download, whatever the ids: the same view twice, or
-- overlapping views. Rows alike in everything with fewer than $rows_alike - 1 others therefore
-- lose detail step by step, each step only for the rows still too rare: both incomes rounded to
-- Rp 500.000, then to Rp 1.000.000; then withheld (NULL): employees, income before, income after,
-- status after with business started, completion with survey. After the last step a row holds its
-- quasi-identifiers and scheme (and gets a partner, below); a row still too rare even so is left out.
in_groups AS (
    SELECT *
    FROM any_regency
    QUALIFY count(*) OVER (PARTITION BY regency_code, gender, age_band, year, education, category_id, status_before)
        >= $k
),

incomes_500k AS (
    SELECT * REPLACE (
        CASE WHEN count(*) OVER alike < $rows_alike
            THEN CAST(round(income_before_rp / 500000) * 500000 AS BIGINT) ELSE income_before_rp
            END AS income_before_rp,
        CASE WHEN count(*) OVER alike < $rows_alike
            THEN CAST(round(income_after_rp / 500000) * 500000 AS BIGINT) ELSE income_after_rp
            END AS income_after_rp)
    FROM in_groups
    WINDOW alike AS (PARTITION BY
        regency_code, gender, age_band, year, education, category_id, status_before, completed, scheme, surveyed,
        status_after, started_business, employees, income_before_rp, income_after_rp)
),

incomes_1m AS (
    SELECT * REPLACE (
        CASE WHEN count(*) OVER alike < $rows_alike
            THEN CAST(round(income_before_rp / 1000000) * 1000000 AS BIGINT) ELSE income_before_rp
            END AS income_before_rp,
        CASE WHEN count(*) OVER alike < $rows_alike
            THEN CAST(round(income_after_rp / 1000000) * 1000000 AS BIGINT) ELSE income_after_rp
            END AS income_after_rp)
    FROM incomes_500k
    WINDOW alike AS (PARTITION BY
        regency_code, gender, age_band, year, education, category_id, status_before, completed, scheme, surveyed,
        status_after, started_business, employees, income_before_rp, income_after_rp)
),

no_employees AS (
    SELECT * REPLACE (
        CASE WHEN count(*) OVER alike < $rows_alike THEN NULL ELSE employees END AS employees)
    FROM incomes_1m
    WINDOW alike AS (PARTITION BY
        regency_code, gender, age_band, year, education, category_id, status_before, completed, scheme, surveyed,
        status_after, started_business, employees, income_before_rp, income_after_rp)
),

no_income_before AS (
    SELECT * REPLACE (
        CASE WHEN count(*) OVER alike < $rows_alike THEN NULL ELSE income_before_rp END
            AS income_before_rp)
    FROM no_employees
    WINDOW alike AS (PARTITION BY
        regency_code, gender, age_band, year, education, category_id, status_before, completed, scheme, surveyed,
        status_after, started_business, employees, income_before_rp, income_after_rp)
),

no_income_after AS (
    SELECT * REPLACE (
        CASE WHEN count(*) OVER alike < $rows_alike THEN NULL ELSE income_after_rp
            END AS income_after_rp)
    FROM no_income_before
    WINDOW alike AS (PARTITION BY
        regency_code, gender, age_band, year, education, category_id, status_before, completed, scheme, surveyed,
        status_after, started_business, employees, income_before_rp, income_after_rp)
),

no_status_after AS (
    SELECT * REPLACE (
        CASE WHEN count(*) OVER alike < $rows_alike THEN NULL ELSE status_after END AS status_after,
        CASE WHEN count(*) OVER alike < $rows_alike THEN NULL ELSE started_business END AS started_business)
    FROM no_income_after
    WINDOW alike AS (PARTITION BY
        regency_code, gender, age_band, year, education, category_id, status_before, completed, scheme, surveyed,
        status_after, started_business, employees, income_before_rp, income_after_rp)
),

no_completion AS (
    SELECT * REPLACE (
        CASE WHEN count(*) OVER alike < $rows_alike THEN NULL ELSE completed END AS completed,
        CASE WHEN count(*) OVER alike < $rows_alike THEN NULL ELSE surveyed END AS surveyed)
    FROM no_status_after
    WINDOW alike AS (PARTITION BY
        regency_code, gender, age_band, year, education, category_id, status_before, completed, scheme, surveyed,
        status_after, started_business, employees, income_before_rp, income_after_rp)
),

-- A row still alone has every outcome withheld; so that it need not be left out, one row of the
-- same quasi-identifiers and scheme from a group that can spare it (more than $rows_alike alike)
-- has its outcomes withheld too: the first in an order fixed per person (pair_order), so that the
-- same view gives the same rows in every download, only the ids differ.
counted AS (
    SELECT *, count(*) OVER (PARTITION BY
        regency_code, gender, age_band, year, education, category_id, status_before, completed, scheme, surveyed,
        status_after, started_business, employees, income_before_rp, income_after_rp) AS alike_n
    FROM no_completion
),

partnered AS (
    SELECT
        *,
        alike_n > $rows_alike
            AND bool_or(alike_n < $rows_alike) OVER people
            AND row_number() OVER (people_who_can_spare ORDER BY pair_order) = 1 AS partner
    FROM counted
    WINDOW
        people AS (PARTITION BY regency_code, gender, age_band, year, education, category_id, status_before, scheme),
        people_who_can_spare AS (PARTITION BY regency_code, gender, age_band, year, education, category_id,
                                 status_before, scheme, alike_n > $rows_alike)
),

paired AS (
    SELECT * EXCLUDE (alike_n, partner) REPLACE (
        CASE WHEN partner THEN NULL ELSE completed END AS completed,
        CASE WHEN partner THEN NULL ELSE surveyed END AS surveyed,
        CASE WHEN partner THEN NULL ELSE status_after END AS status_after,
        CASE WHEN partner THEN NULL ELSE started_business END AS started_business,
        CASE WHEN partner THEN NULL ELSE employees END AS employees,
        CASE WHEN partner THEN NULL ELSE income_before_rp END AS income_before_rp,
        CASE WHEN partner THEN NULL ELSE income_after_rp END AS income_after_rp)
    FROM partnered
),

alike AS (
    SELECT *
    FROM paired
    QUALIFY count(*) OVER (PARTITION BY
        regency_code, gender, age_band, year, education, category_id, status_before, completed, scheme, surveyed,
        status_after, started_business, employees, income_before_rp, income_after_rp) >= $rows_alike
),

final AS (  -- rows left out above may have left a group of quasi-identifiers under $k: then all of it goes
    SELECT
        safe_text(alumni_id) AS alumni_id,
        regency_code, gender, age_band, year, education, category_id, status_before, completed, scheme,
        surveyed, status_after, started_business, employees, income_before_rp, income_after_rp
    FROM alike
    QUALIFY count(*) OVER (PARTITION BY regency_code, gender, age_band, year, education, category_id, status_before)
        >= $k
)

SELECT * FROM final
ORDER BY alumni_id
