-- The filtered alumni rows for analysts, k-anonymous on every quasi-identifier: regency,
-- gender, age band, year, education, training category and status at registration (every
-- filter dimension is one, since a filter reveals its value for every row). Rows in a
-- combination with fewer than $k people are generalised step by step (age band -> 18-35/36-64,
-- year -> the scheme's years, education -> three levels, category -> *, status -> *,
-- gender -> *, regency -> *) and left out only if even then the combination stays under $k.
-- Ids are re-keyed with $file_key, new for every file, so two downloads cannot be joined;
-- incomes are rounded to $income_step; text is made inert for spreadsheets with safe_text().
WITH base AS (
    SELECT
        sha256($file_key || alumni_id)[1:16] AS alumni_id,
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

counted AS (
    SELECT
        *,
        count(*) OVER (PARTITION BY regency_code, gender, age_band, year, education, category_id, status_before)
            AS cell_size
    FROM any_regency
),

final AS (
    SELECT
        safe_text(alumni_id) AS alumni_id,
        regency_code, gender, age_band, year, education, category_id, status_before, completed, scheme,
        surveyed, status_after, started_business, employees, income_before_rp, income_after_rp
    FROM counted
    WHERE cell_size >= $k
)

SELECT * FROM final
ORDER BY alumni_id
