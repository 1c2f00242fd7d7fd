-- Assessments are append-only: an edit inserts a new version; nothing is updated or deleted.
CREATE TABLE assessments (
    id          INTEGER PRIMARY KEY,
    code        TEXT    NOT NULL CHECK (code GLOB 'GM[0-9][0-9][0-9][0-9]'),
    assessed_on TEXT    NOT NULL CHECK (assessed_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    source      TEXT    NOT NULL CHECK (source <> ''),
    assessor    TEXT    NOT NULL DEFAULT '',
    demo        INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
    recorded_at TEXT    NOT NULL,
    recorded_by TEXT    NOT NULL
);
CREATE INDEX assessments_code ON assessments (code, assessed_on, id);

CREATE TABLE assessment_values (
    assessment_id INTEGER NOT NULL REFERENCES assessments (id),
    indicator     TEXT    NOT NULL,
    value         INTEGER NOT NULL,
    evidence      TEXT    NOT NULL DEFAULT '',
    note          TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, indicator)
);

CREATE TRIGGER assessments_no_update BEFORE UPDATE ON assessments BEGIN
    SELECT RAISE(ABORT, 'assessments are append-only');
END;
CREATE TRIGGER assessments_no_delete BEFORE DELETE ON assessments BEGIN
    SELECT RAISE(ABORT, 'assessments are append-only');
END;

CREATE TABLE tokens (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
