-- The dashboard's data model: the one place where tables and columns are defined.
-- Coded values are ENUMs so a wrong value cannot be stored and scans stay small.

CREATE TYPE gender_t AS ENUM ('L', 'P');                          -- Laki-laki, Perempuan
CREATE TYPE education_t AS ENUM ('sd', 'smp', 'sma', 'diploma', 'sarjana');
                                                                  -- SD, SMP, SMA/SMK, D1-D4, S1 and above
CREATE TYPE work_status_t AS ENUM ('tidak_bekerja', 'pekerja', 'wirausaha');
                                                                  -- not working, employee/labourer, running a business
CREATE TYPE scheme_t AS ENUM ('semi_bansos', 'normal');           -- waves 1-47, waves 48-71
CREATE TYPE training_mode_t AS ENUM ('daring', 'luring', 'bauran'); -- online, offline, hybrid
CREATE TYPE age_band_t AS ENUM ('18-25', '26-35', '36-45', '46-55', '56+');
CREATE TYPE dataset_source_t AS ENUM ('demo', 'import');
-- Training categories as a type for the derived tables; the order is the order of the filters'
-- positions (domain/vocabulary.py, checked by a test). The kabupaten/kota type regency_t is made
-- from the regions table by data/db.py build_derived.
CREATE TYPE category_t AS ENUM ('pemasaran', 'ti', 'keuangan', 'bahasa', 'gaya_hidup', 'manajemen',
                                'perkantoran', 'sosial', 'makanan', 'pertanian', 'desain', 'wirausaha');

-- Indonesia's 38 provinces and 514 kabupaten/kota (reference data, data/regions.csv; Jambi's
-- capitals, areas and populations from data/regencies.csv).
CREATE TABLE regions (
    kemendagri_code  VARCHAR PRIMARY KEY,  -- the key: '15' (province) or '15.71' (kabupaten/kota), as NIK prefixes
    bps_code         VARCHAR,              -- BPS code ('15', '1571'); differs for many units, NULL where unknown
    level            VARCHAR NOT NULL CHECK (level IN ('provinsi', 'kabupaten_kota')),
    kind             VARCHAR NOT NULL CHECK (kind IN ('Provinsi', 'Kabupaten', 'Kota')),
    name             VARCHAR NOT NULL,     -- official name with prefix, e.g. 'Kabupaten Tanjung Jabung Barat'
    short_name       VARCHAR NOT NULL,     -- name without prefix, e.g. 'Tanjung Jabung Barat'
    province_code    VARCHAR NOT NULL,     -- Kemendagri code of the province (its own code for a province)
    aliases          VARCHAR[] NOT NULL,   -- other spellings people write ('Tanjabbar', 'Muarojambi', …)
    capital          VARCHAR,              -- seat of government, where known
    area_km2         DOUBLE,               -- BIG 2024, where known
    population       INTEGER,              -- residents (Dukcapil), where known
    population_year  SMALLINT,
    population_source VARCHAR
);

-- Training categories as officials name them (reference data, data/training_categories.csv).
CREATE TABLE training_categories (
    category_id  VARCHAR PRIMARY KEY,      -- short slug used in links and exports, e.g. 'pemasaran'
    label_id     VARCHAR NOT NULL,         -- Indonesian label, e.g. 'Penjualan & Pemasaran'
    label_en     VARCHAR NOT NULL,         -- English label
    source       VARCHAR NOT NULL          -- where the category is attested
);

-- Trainings on offer.
CREATE TABLE trainings (
    training_id  INTEGER PRIMARY KEY,
    title        VARCHAR NOT NULL,         -- course title
    category_id  VARCHAR NOT NULL REFERENCES training_categories (category_id),
    provider     VARCHAR NOT NULL,         -- training institution (lembaga pelatihan)
    platform     VARCHAR NOT NULL,         -- digital platform where it was bought ('(tidak disebut)' if unknown)
    mode         training_mode_t NOT NULL, -- daring / luring / bauran
    hours        SMALLINT CHECK (hours > 0),     -- NULL when the source does not say
    price_rp     INTEGER CHECK (price_rp >= 0),  -- NULL when the source does not say
    scheme       scheme_t NOT NULL         -- the scheme whose budget could buy it
);

-- One row per alumnus. Pseudonymous: never a name, NIK, phone or e-mail.
-- No primary-key index: at 20 million rows it would cost more than it guards; the import
-- refuses a repeated id row by row, and the data contract alumni_id_unique (contracts.sql)
-- checks every build.
CREATE TABLE alumni (
    alumni_id         VARCHAR NOT NULL,    -- pseudonymous id (demo: 'DEMO-00000001')
    wave              UTINYINT NOT NULL CHECK (wave BETWEEN 1 AND 71), -- gelombang
    year              USMALLINT NOT NULL,  -- programme year of the wave (2020-2024)
    registered_on     DATE NOT NULL,       -- registration date
    regency_code      VARCHAR NOT NULL,    -- Kemendagri code of the kabupaten/kota of residence ('15.71')
    gender            gender_t NOT NULL,
    age               UTINYINT NOT NULL CHECK (age BETWEEN 18 AND 64), -- age at registration
    education         education_t NOT NULL,
    status_before     work_status_t NOT NULL, -- employment status at registration
    training_id       INTEGER NOT NULL,    -- first training bought
    completed         BOOLEAN NOT NULL,    -- finished the training
    scheme            scheme_t NOT NULL,   -- semi_bansos (waves 1-47) or normal (48-71)
    training_budget_rp INTEGER NOT NULL,   -- training balance granted
    incentive_rp      INTEGER NOT NULL,    -- post-training incentive paid
    survey_incentive_rp INTEGER NOT NULL   -- survey incentive paid
);

-- Follow-up survey answers; alumni who did not answer have no row.
CREATE TABLE business_outcomes (
    alumni_id         VARCHAR NOT NULL,    -- alumni.alumni_id
    surveyed_on       DATE,                -- date of the follow-up survey (NULL when not recorded)
    status_after      work_status_t NOT NULL, -- employment status at the survey
    started_business  BOOLEAN NOT NULL,    -- started a business after the training
    business_sector   VARCHAR,             -- sector of that business (category slug), NULL if none
    employees         USMALLINT NOT NULL,  -- people the alumnus's business employs (0 if none)
    income_before_rp  INTEGER NOT NULL CHECK (income_before_rp >= 0), -- monthly income before training
    income_after_rp   INTEGER NOT NULL CHECK (income_after_rp >= 0)   -- monthly income at the survey
);

-- Published alumni stories: the real ones with their source, and synthetic ones for the demo.
CREATE TABLE alumni_stories (
    story_id      INTEGER PRIMARY KEY,
    display_name  VARCHAR NOT NULL,        -- name as published by the source (real) or invented (demo)
    regency_code  VARCHAR NOT NULL REFERENCES regions (kemendagri_code),
    wave          UTINYINT NOT NULL,
    category_id   VARCHAR NOT NULL REFERENCES training_categories (category_id),
    training      VARCHAR NOT NULL,        -- training as described
    business      VARCHAR NOT NULL,        -- what the alumnus does now
    has_staff     BOOLEAN NOT NULL,
    summary_id    VARCHAR NOT NULL,        -- short summary in Indonesian, in our own words
    summary_en    VARCHAR NOT NULL,
    is_real       BOOLEAN NOT NULL,        -- true: a real published story; false: synthetic
    source        VARCHAR,                 -- publication and date for real stories
    business_en   VARCHAR                  -- `business` in English (last: migration 3 appends it)
);

-- What dataset this is: one row.
CREATE TABLE dataset_info (
    source        dataset_source_t NOT NULL, -- 'demo' (synthetic) or 'import' (real file)
    version       INTEGER NOT NULL,        -- increases with every load
    created_at    TIMESTAMP NOT NULL,      -- when the load finished (UTC)
    seed          BIGINT,                  -- demo: random seed
    file_name     VARCHAR,                 -- import: name of the file loaded
    file_sha256   VARCHAR,                 -- import: checksum of that file (the same file twice changes nothing)
    row_counts    JSON NOT NULL,           -- rows per table at load time
    generator     VARCHAR                  -- demo: version of the generator that made it (a newer one rebuilds it)
);

-- The secret salt of the record keys (domain/privacy.py, cell key method): one row, made
-- once per dataset and kept by later imports, so a person's record key never changes.
CREATE TABLE record_key_salt (
    salt          VARCHAR NOT NULL
);

-- The migrations applied to this file (data/migrations.py), one row each; the highest
-- version is the file's schema version.
CREATE TABLE schema_version (
    version       INTEGER PRIMARY KEY,
    description   VARCHAR NOT NULL,
    applied_at    TIMESTAMP NOT NULL       -- UTC
);

-- Derived tables, rebuilt after every load (mart.sql): alumni_outcomes (one row per alumnus,
-- joined), alumni_cube (counts per combination of filter values) and income_change_steps
-- (surveyed alumni who now earn, per income-change step of Rp 50.000).
