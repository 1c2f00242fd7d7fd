-- The basis of every assessment (DESIGN.md), the editions of the shipped public
-- record, and the dated sources behind each value. Versions stay append-only:
-- a new edition of the public record adds versions; the newest edition's
-- public_record versions are the ones served, earlier ones are kept.
CREATE TABLE record_editions (
    id        INTEGER PRIMARY KEY,
    checksum  TEXT    NOT NULL,
    source    TEXT    NOT NULL,
    facts     INTEGER NOT NULL,
    loaded_at TEXT    NOT NULL,
    loaded_by TEXT    NOT NULL
);

DROP TRIGGER assessments_no_update;
ALTER TABLE assessments ADD COLUMN basis TEXT NOT NULL DEFAULT 'network_review'
    CHECK (basis IN ('public_record', 'self_assessment', 'network_review', 'demo'));
ALTER TABLE assessments ADD COLUMN edition INTEGER REFERENCES record_editions (id);
UPDATE assessments SET basis = 'demo' WHERE demo = 1;
CREATE TRIGGER assessments_no_update BEFORE UPDATE ON assessments BEGIN
    SELECT RAISE(ABORT, 'assessments are append-only');
END;
CREATE INDEX assessments_edition ON assessments (edition);

CREATE TABLE value_sources (
    assessment_id INTEGER NOT NULL REFERENCES assessments (id),
    indicator     TEXT    NOT NULL,
    position      INTEGER NOT NULL,
    url           TEXT    NOT NULL,
    publisher     TEXT    NOT NULL,
    source_date   TEXT    NOT NULL,
    read_on       TEXT    NOT NULL,
    summary       TEXT    NOT NULL,
    PRIMARY KEY (assessment_id, indicator, position)
);
CREATE TRIGGER value_sources_no_update BEFORE UPDATE ON value_sources BEGIN
    SELECT RAISE(ABORT, 'assessments are append-only');
END;
CREATE TRIGGER value_sources_no_delete BEFORE DELETE ON value_sources BEGIN
    SELECT RAISE(ABORT, 'assessments are append-only');
END;
