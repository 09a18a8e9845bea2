-- Schema v1 -> v2, run by `supervisor-tui migrate` in one transaction (with the checks in
-- src/supervisor_tui/migrate.py before it: the file is v1, and nothing it already holds
-- clashes with what v2 adds). No existing row changes: five nullable columns are added (null
-- on every existing row), the second-wave tables are created empty, and the version is set.
-- The result is the same, table for table and column for column, as `supervisor-tui init`
-- (queries/schema.sql); tests/test_migrate.py checks that. Statements end with ";" at the end
-- of a line (the migration runs them one at a time).

ALTER TABLE teams ADD COLUMN IF NOT EXISTS kind TEXT;
ALTER TABLE crimes ADD COLUMN IF NOT EXISTS allocated_at TIMESTAMP;
ALTER TABLE crimes ADD COLUMN IF NOT EXISTS victim_enhanced BOOLEAN;
ALTER TABLE crimes ADD COLUMN IF NOT EXISTS domestic_abuse BOOLEAN;
ALTER TABLE crimes ADD COLUMN IF NOT EXISTS sexual_offence BOOLEAN;

-- Recorded actions on a crime: the investigation plan, supervisory reviews, victim updates.
CREATE TABLE IF NOT EXISTS crime_actions (
    crime_id   TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('investigation_plan', 'supervisor_review', 'victim_update')),
    acted_at   TIMESTAMP NOT NULL,
    officer_id TEXT,
    rank       TEXT
);

-- Key decisions in an investigation (the Victims' Code: the victim is told of each).
CREATE TABLE IF NOT EXISTS key_decisions (
    decision_id        TEXT PRIMARY KEY,
    crime_id           TEXT NOT NULL,
    suspect_id         TEXT,
    kind               TEXT NOT NULL CHECK (kind IN ('arrest', 'interview', 'charge',
                           'released_no_charge', 'bail', 'rui', 'bail_varied', 'not_investigated')),
    decided_at         TIMESTAMP NOT NULL,
    victim_informed_at TIMESTAMP
);

-- Pre-charge bail, or release under investigation (rui), of a suspect.
CREATE TABLE IF NOT EXISTS bail (
    bail_id      TEXT PRIMARY KEY,
    suspect_id   TEXT NOT NULL,
    crime_id     TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('bail', 'rui')),
    started_at   TIMESTAMP NOT NULL,
    ends_at      TIMESTAMP,       -- bail: end of the first applicable bail period; null for rui
    concluded_at TIMESTAMP        -- charged, no further action, or moved between bail and rui
);

-- Each authorised extension of a pre-charge bail period.
CREATE TABLE IF NOT EXISTS bail_extensions (
    bail_id       TEXT NOT NULL,
    authorised_at TIMESTAMP NOT NULL,
    ends_at       TIMESTAMP NOT NULL,
    level         TEXT NOT NULL CHECK (level IN ('inspector', 'superintendent', 'court'))
);

-- Each use of force by an officer, however it first became known.
CREATE TABLE IF NOT EXISTS use_of_force (
    uof_id          TEXT PRIMARY KEY,
    officer_id      TEXT NOT NULL,
    used_at         TIMESTAMP NOT NULL,
    incident_id     TEXT,
    area_code       TEXT,
    source          TEXT NOT NULL CHECK (source IN ('form', 'custody', 'incident')),
    submitted_at    TIMESTAMP,    -- the officer's form submitted (null: not yet)
    checked_at      TIMESTAMP,    -- a supervisor checked the form
    bwv_recorded    BOOLEAN,
    tactic          TEXT,
    subject_injured BOOLEAN,
    officer_injured BOOLEAN
);

-- Stop and search records (the data.police.uk stop-and-search fields and the force's own).
CREATE TABLE IF NOT EXISTS stop_searches (
    search_id                 TEXT PRIMARY KEY,
    searched_at               TIMESTAMP NOT NULL,
    officer_id                TEXT,
    area_code                 TEXT,
    type                      TEXT,
    legislation               TEXT,
    object_of_search          TEXT,
    grounds                   TEXT,
    self_defined_ethnicity    TEXT,
    officer_defined_ethnicity TEXT,
    gender                    TEXT,
    age_range                 TEXT,
    outcome                   TEXT,
    outcome_linked            BOOLEAN,
    removal_of_clothing       BOOLEAN,
    bwv_recorded              BOOLEAN,
    reviewed_at               TIMESTAMP,  -- a supervisor reviewed the record (and its video)
    latitude                  DOUBLE,
    longitude                 DOUBLE
);

-- Domestic Violence Disclosure Scheme applications.
CREATE TABLE IF NOT EXISTS dvds_applications (
    application_id    TEXT PRIMARY KEY,
    route             TEXT NOT NULL CHECK (route IN ('right_to_ask', 'right_to_know')),
    received_at       TIMESTAMP NOT NULL,
    area_code         TEXT,
    officer_id        TEXT,
    initial_checks_at TIMESTAMP,
    disclosed_at      TIMESTAMP,  -- null: nothing disclosed (yet)
    closed_at         TIMESTAMP   -- concluded, with or without disclosure
);

-- A neighbourhood officer taken off neighbourhood duty.
CREATE TABLE IF NOT EXISTS abstractions (
    officer_id  TEXT NOT NULL,
    starts_at   TIMESTAMP NOT NULL,
    ends_at     TIMESTAMP NOT NULL,
    reason      TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);

UPDATE meta SET value = '2' WHERE key = 'schema_version';
