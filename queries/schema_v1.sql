-- supervisor-tui database schema, version 1, as it was released (frozen).
-- The current contract is queries/schema.sql (version 2); this file makes v1 databases for
-- the migration tests and documents what `supervisor-tui migrate` starts from. Never edit it.
-- This is a contract: importers, tests and outside tools write to it.
-- All timestamps are TIMESTAMP without zone and mean UTC.
-- Columns may be added (nullable) and indexes or views created; none below is renamed or dropped.

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
    area_code TEXT NOT NULL
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
    outcome        TEXT
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

INSERT INTO meta (key, value) VALUES ('schema_version', '1') ON CONFLICT DO NOTHING;
