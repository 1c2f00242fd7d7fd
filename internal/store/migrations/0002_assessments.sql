-- Assessments are append-only: an edit inserts a new version; nothing is updated or deleted.
CREATE TABLE assessments (
    id          INTEGER PRIMARY KEY,
    code        TEXT    NOT NULL,
    assessed_on TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    assessor    TEXT    NOT NULL DEFAULT '',
    demo        INTEGER NOT NULL DEFAULT 0,
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
