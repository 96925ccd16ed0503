-- Data contracts: what every database promises about its base tables, whoever built it (the
-- demo generator, an import, an upgrade). data/contracts.py runs every query below on each
-- build, before the derived tables are made (db.build_derived), and refuses the database when
-- any returns a row.
--
-- One named query per contract, after its `-- contract: <name>` line; the comment under it is
-- the rule. Each returns up to five violating rows, ordered: the row's key first, then
-- `failing`, the number of all violating rows. The rules are the ones both loaders keep (demo.py
-- by construction, an import through imports/validate.py and imports/load.py), so no real file
-- breaks one without a bug; what the column types and CHECKs of schema.sql enforce is not
-- repeated, its REFERENCES are (a file made another way may lack them).
--
-- Kept cheap at 20 million rows: a rule on a row's own values first reduces the table to its
-- few distinct combinations of those values (a scan of small columns), checks those, and reads
-- the rows in full only for a wrong combination. Only the id checks (uniqueness, the survey
-- answers' alumni) touch every id: they cost most of the time.
-- Bound values (data/contracts.py `parameters`, from domain/programme.py): $calendar, one row
-- per wave (wave, year, scheme); $benefits, one row per scheme.
-- Registration dates are checked on import only (imports/validate.py): files imported by the
-- first release were allowed wider dates, and a contract must not lock them out.


-- contract: alumni_id_unique
-- Every alumnus has one row. alumni has no primary-key index (schema.sql); this is the check.
WITH hashes AS (
    SELECT hash(alumni_id) AS id_hash
    FROM alumni
),

-- Sorting the ids' 64-bit hashes costs about half of grouping the ids themselves: equal
-- neighbours are candidates, and only their ids are compared (two ids may share a hash).
shared AS (
    SELECT DISTINCT id_hash
    FROM hashes
    QUALIFY id_hash = lag(id_hash) OVER (ORDER BY id_hash)
),

-- imports/validate.py still refuses a repeated id row by row (its row, the NIK's last four
-- digits) and lets the other rows load: an import reaches this check only through a bug.
repeated AS (
    SELECT t.alumni_id
    FROM alumni AS t
    SEMI JOIN shared AS s ON hash(t.alumni_id) = s.id_hash
    GROUP BY t.alumni_id
    HAVING count(*) > 1
),

final AS (
    SELECT alumni_id, count(*) OVER () AS failing
    FROM repeated
)

SELECT * FROM final
ORDER BY alumni_id
LIMIT 5;


-- contract: outcome_id_unique
-- An alumnus has at most one survey answer.
WITH hashes AS (
    SELECT hash(alumni_id) AS id_hash
    FROM business_outcomes
),

-- Sorting the ids' 64-bit hashes costs about half of grouping the ids themselves: equal
-- neighbours are candidates, and only their ids are compared (two ids may share a hash).
shared AS (
    SELECT DISTINCT id_hash
    FROM hashes
    QUALIFY id_hash = lag(id_hash) OVER (ORDER BY id_hash)
),

repeated AS (
    SELECT t.alumni_id
    FROM business_outcomes AS t
    SEMI JOIN shared AS s ON hash(t.alumni_id) = s.id_hash
    GROUP BY t.alumni_id
    HAVING count(*) > 1
),

final AS (
    SELECT alumni_id, count(*) OVER () AS failing
    FROM repeated
)

SELECT * FROM final
ORDER BY alumni_id
LIMIT 5;


-- contract: outcome_matches_alumnus
-- Every survey answer belongs to an alumnus in `alumni` (a foreign key without an index) and,
-- when its date is recorded, is not dated before that alumnus registered. One join checks both.
WITH mismatched AS (
    SELECT o.alumni_id
    FROM business_outcomes AS o
    LEFT JOIN alumni AS a ON a.alumni_id = o.alumni_id
    WHERE a.alumni_id IS NULL
       OR o.surveyed_on < a.registered_on
),

final AS (
    SELECT alumni_id, count(*) OVER () AS failing
    FROM mismatched
)

SELECT * FROM final
ORDER BY alumni_id
LIMIT 5;


-- contract: alumni_regency_known
-- Every alumnus lives in a kabupaten/kota of `regions` (by Kemendagri code).
WITH codes AS (
    SELECT DISTINCT regency_code
    FROM alumni
),

unknown AS (
    SELECT regency_code
    FROM codes
    WHERE regency_code NOT IN (SELECT kemendagri_code FROM regions WHERE level = 'kabupaten_kota')
),

mismatched AS (
    SELECT a.alumni_id
    FROM alumni AS a
    SEMI JOIN unknown AS u ON a.regency_code = u.regency_code
),

final AS (
    SELECT alumni_id, count(*) OVER () AS failing
    FROM mismatched
)

SELECT * FROM final
ORDER BY alumni_id
LIMIT 5;

-- contract: alumni_training_known
-- Every alumnus's training is in `trainings` (the derived tables would silently drop the row).
WITH bought AS (
    SELECT DISTINCT training_id
    FROM alumni
),

unknown AS (
    SELECT training_id
    FROM bought
    WHERE training_id NOT IN (SELECT training_id FROM trainings)
),

mismatched AS (
    SELECT a.alumni_id
    FROM alumni AS a
    SEMI JOIN unknown AS u ON a.training_id = u.training_id
),

final AS (
    SELECT alumni_id, count(*) OVER () AS failing
    FROM mismatched
)

SELECT * FROM final
ORDER BY alumni_id
LIMIT 5;

-- contract: training_category_known
-- Every training's category is in `training_categories` (REFERENCES in new files; a file made
-- another way may lack it).
WITH unknown AS (
    SELECT training_id
    FROM trainings
    WHERE category_id NOT IN (SELECT category_id FROM training_categories)
),

final AS (
    SELECT training_id, count(*) OVER () AS failing
    FROM unknown
)

SELECT * FROM final
ORDER BY training_id
LIMIT 5;


-- contract: story_references_known
-- Every story names a known regency, a known training category and a wave of the programme.
WITH calendar AS (
    SELECT unnest($calendar, recursive := true)
),

unknown AS (
    SELECT story_id
    FROM alumni_stories
    WHERE regency_code NOT IN (SELECT kemendagri_code FROM regions WHERE level = 'kabupaten_kota')
       OR category_id NOT IN (SELECT category_id FROM training_categories)
       OR wave NOT IN (SELECT wave FROM calendar)
),

final AS (
    SELECT story_id, count(*) OVER () AS failing
    FROM unknown
)

SELECT * FROM final
ORDER BY story_id
LIMIT 5;


-- contract: categories_match_vocabulary
-- `training_categories` holds exactly the slugs of category_t, the categories filters know.
WITH expected AS (
    SELECT CAST(unnest(enum_range(NULL::category_t)) AS VARCHAR) AS category_id
),

mismatched AS (
    SELECT coalesce(c.category_id, e.category_id) AS category_id
    FROM training_categories AS c
    FULL JOIN expected AS e ON c.category_id = e.category_id
    WHERE c.category_id IS NULL OR e.category_id IS NULL
),

final AS (
    SELECT category_id, count(*) OVER () AS failing
    FROM mismatched
)

SELECT * FROM final
ORDER BY category_id
LIMIT 5;


-- contract: business_sector_known
-- A business's sector is NULL or a training category slug.
WITH sectors AS (
    SELECT DISTINCT business_sector
    FROM business_outcomes
    WHERE business_sector IS NOT NULL
),

unknown AS (
    SELECT business_sector
    FROM sectors
    WHERE business_sector NOT IN (SELECT category_id FROM training_categories)
),

mismatched AS (
    SELECT o.alumni_id
    FROM business_outcomes AS o
    SEMI JOIN unknown AS u ON o.business_sector = u.business_sector
),

final AS (
    SELECT alumni_id, count(*) OVER () AS failing
    FROM mismatched
)

SELECT * FROM final
ORDER BY alumni_id
LIMIT 5;

-- contract: business_sector_iff_started
-- business_sector is set exactly when the alumnus started a business (schema.sql: "NULL if none").
WITH combinations AS (
    SELECT DISTINCT started_business, business_sector
    FROM business_outcomes
),

wrong AS (
    SELECT started_business, business_sector
    FROM combinations
    WHERE started_business = (business_sector IS NULL)
),

mismatched AS (
    SELECT o.alumni_id
    FROM business_outcomes AS o
    SEMI JOIN wrong AS w
        ON o.started_business = w.started_business
       AND o.business_sector IS NOT DISTINCT FROM w.business_sector
),

final AS (
    SELECT alumni_id, count(*) OVER () AS failing
    FROM mismatched
)

SELECT * FROM final
ORDER BY alumni_id
LIMIT 5;

-- contract: wave_in_its_year
-- An alumnus's year is the year their wave ran in (programme.YEAR_WAVES).
WITH calendar AS (
    SELECT unnest($calendar, recursive := true)
),

pairs AS (
    SELECT DISTINCT wave, year
    FROM alumni
),

wrong AS (
    SELECT p.wave, p.year
    FROM pairs AS p
    LEFT JOIN calendar AS c ON p.wave = c.wave
    WHERE p.year IS DISTINCT FROM c.year
),

mismatched AS (
    SELECT a.alumni_id
    FROM alumni AS a
    SEMI JOIN wrong AS w ON a.wave = w.wave AND a.year = w.year
),

final AS (
    SELECT alumni_id, count(*) OVER () AS failing
    FROM mismatched
)

SELECT * FROM final
ORDER BY alumni_id
LIMIT 5;

-- contract: scheme_of_wave
-- Waves before programme.FIRST_NORMAL_WAVE are semi_bansos, the rest normal.
WITH calendar AS (
    SELECT wave, CAST(scheme AS scheme_t) AS scheme
    FROM (SELECT unnest($calendar, recursive := true))
),

pairs AS (
    SELECT DISTINCT wave, scheme
    FROM alumni
),

wrong AS (
    SELECT p.wave, p.scheme
    FROM pairs AS p
    LEFT JOIN calendar AS c ON p.wave = c.wave
    WHERE p.scheme IS DISTINCT FROM c.scheme
),

mismatched AS (
    SELECT a.alumni_id
    FROM alumni AS a
    SEMI JOIN wrong AS w ON a.wave = w.wave AND a.scheme = w.scheme
),

final AS (
    SELECT alumni_id, count(*) OVER () AS failing
    FROM mismatched
)

SELECT * FROM final
ORDER BY alumni_id
LIMIT 5;

-- contract: benefits_of_scheme
-- The training balance is the scheme's; each incentive is the scheme's amount or 0 (not paid).
WITH benefits AS (
    SELECT
        CAST(scheme AS scheme_t) AS scheme,
        training_budget_rp,
        incentive_rp,
        survey_incentive_rp
    FROM (SELECT unnest($benefits, recursive := true))
),

paid AS (
    SELECT DISTINCT scheme, training_budget_rp, incentive_rp, survey_incentive_rp
    FROM alumni
),

wrong AS (
    SELECT p.*
    FROM paid AS p
    LEFT JOIN benefits AS b ON p.scheme = b.scheme
    WHERE p.training_budget_rp IS DISTINCT FROM b.training_budget_rp
       OR p.incentive_rp NOT IN (0, coalesce(b.incentive_rp, 0))
       OR p.survey_incentive_rp NOT IN (0, coalesce(b.survey_incentive_rp, 0))
),

mismatched AS (
    SELECT a.alumni_id
    FROM alumni AS a
    SEMI JOIN wrong AS w
        ON a.scheme = w.scheme
       AND a.training_budget_rp = w.training_budget_rp
       AND a.incentive_rp = w.incentive_rp
       AND a.survey_incentive_rp = w.survey_incentive_rp
),

final AS (
    SELECT alumni_id, count(*) OVER () AS failing
    FROM mismatched
)

SELECT * FROM final
ORDER BY alumni_id
LIMIT 5;
