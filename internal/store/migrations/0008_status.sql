-- The published status of every municipality, computed when it changes (at
-- write and import time, in the same transaction) instead of per request:
-- one row per code with a current version, per view (0: without demo
-- versions, 1: with them). Rows are derived data: status_scorer holds the
-- fingerprint of the scoring they were made with, and the service rebuilds
-- the table when it differs (a new framework, or an older binary's write).
CREATE TABLE municipality_status (
    view                  INTEGER NOT NULL CHECK (view IN (0, 1)),
    code                  TEXT    NOT NULL,
    version_id            INTEGER NOT NULL,
    stage                 INTEGER,
    stage_label           TEXT,
    score                 REAL,
    completeness          REAL,
    insufficient_data     INTEGER,
    assessed_on           TEXT,
    demo                  INTEGER NOT NULL DEFAULT 0,
    stakeholders_involved INTEGER,
    basis                 TEXT,
    source_date           TEXT,
    source_count          INTEGER NOT NULL DEFAULT 0,
    detail                TEXT    NOT NULL DEFAULT '{}', -- parts and values (JSON)
    PRIMARY KEY (view, code)
);

CREATE TABLE status_scorer (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint TEXT NOT NULL
);
INSERT INTO status_scorer (id, fingerprint) VALUES (1, '');

-- A municipality's history in its order (demo last, newest first): a page
-- of it is read from the index.
CREATE INDEX assessments_history ON assessments (code, demo, assessed_on DESC, id DESC);

-- Per-layer generations: a write bumps generation and the layers whose
-- content it changes, so caches drop only those (assessments: the
-- municipalities; provinces also change the municipalities' province).
INSERT INTO meta (key, value) VALUES ('generation_municipality', 1), ('generation_province', 1);
