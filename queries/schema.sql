-- supervisor-tui database schema, version 2 (docs/schema.md describes every table and rule).
-- This is a contract: importers, tests and outside tools write to it.
-- All timestamps are TIMESTAMP without zone and mean UTC.
-- Columns may be added (nullable) and indexes or views created; none below is renamed or dropped.
-- Version 2 is version 1 (queries/schema_v1.sql) plus five nullable columns on teams and
-- crimes and the second-wave tables; nothing of version 1 is renamed, dropped or changes
-- meaning. `supervisor-tui migrate` turns a v1 file into exactly this (queries/migrate_1_to_2.sql);
-- the new columns come last in their tables so both routes give the same column order.

CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS areas (
    area_code TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    urban     BOOLEAN NOT NULL
);

CREATE TABLE IF NOT EXISTS teams (
    team_id   TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    area_code TEXT NOT NULL,
    kind      TEXT                -- v2: 'response' | 'neighbourhood' | 'investigation' | 'other'
);

CREATE TABLE IF NOT EXISTS officers (
    officer_id    TEXT PRIMARY KEY,
    collar_number TEXT,
    name          TEXT NOT NULL,
    rank          TEXT NOT NULL,
    team_id       TEXT,
    area_code     TEXT
);

CREATE TABLE IF NOT EXISTS duties (
    officer_id TEXT NOT NULL,
    starts_at  TIMESTAMP NOT NULL,
    ends_at    TIMESTAMP NOT NULL,
    area_code  TEXT NOT NULL,
    role       TEXT
);

CREATE TABLE IF NOT EXISTS calls (
    call_id      TEXT PRIMARY KEY,
    line         TEXT NOT NULL CHECK (line IN ('999', '101')),
    presented_at TIMESTAMP NOT NULL,
    answered_at  TIMESTAMP,
    abandoned_at TIMESTAMP,
    handler_id   TEXT,
    incident_id  TEXT
);

CREATE TABLE IF NOT EXISTS incidents (
    incident_id       TEXT PRIMARY KEY,
    opened_at         TIMESTAMP NOT NULL,
    grade             SMALLINT NOT NULL CHECK (grade BETWEEN 1 AND 4),
    category          TEXT,
    area_code         TEXT NOT NULL,
    closed_at         TIMESTAMP,
    victim_updated_at TIMESTAMP,
    summary           TEXT
);

CREATE TABLE IF NOT EXISTS deployments (
    incident_id   TEXT NOT NULL,
    officer_id    TEXT NOT NULL,
    dispatched_at TIMESTAMP NOT NULL,
    arrived_at    TIMESTAMP,
    cleared_at    TIMESTAMP
);

CREATE TABLE IF NOT EXISTS crimes (
    crime_id       TEXT PRIMARY KEY,
    recorded_at    TIMESTAMP NOT NULL,
    crime_type     TEXT NOT NULL,
    area_code      TEXT,
    oic_officer_id TEXT,
    closed_at      TIMESTAMP,
    outcome        TEXT,
    allocated_at    TIMESTAMP,    -- v2: first allocated to an officer in charge (null: never)
    victim_enhanced BOOLEAN,      -- v2: victim entitled to enhanced rights (Victims' Code)
    domestic_abuse  BOOLEAN,      -- v2
    sexual_offence  BOOLEAN       -- v2
);

CREATE TABLE IF NOT EXISTS suspects (
    suspect_id        TEXT PRIMARY KEY,
    crime_id          TEXT NOT NULL,
    name              TEXT,
    risk              TEXT NOT NULL CHECK (risk IN ('high', 'medium', 'standard')),
    outstanding_since TIMESTAMP NOT NULL,
    resolved_at       TIMESTAMP
);

CREATE TABLE IF NOT EXISTS suspect_reviews (
    suspect_id    TEXT NOT NULL,
    reviewed_at   TIMESTAMP NOT NULL,
    reviewer_rank TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS street_crimes (
    row_key      TEXT PRIMARY KEY,
    crime_id     TEXT,
    month        DATE NOT NULL,
    reported_by  TEXT,
    falls_within TEXT,
    longitude    DOUBLE,
    latitude     DOUBLE,
    location     TEXT,
    lsoa_code    TEXT,
    lsoa_name    TEXT,
    crime_type   TEXT NOT NULL,
    last_outcome TEXT,
    area_code    TEXT
);


-- --- version 2: the second-wave tables ---------------------------------------------------

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

INSERT INTO meta (key, value) VALUES ('schema_version', '2') ON CONFLICT DO NOTHING;
