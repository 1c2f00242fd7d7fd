-- Stakeholder-map versions are append-only: an edit inserts a new version;
-- the newest one is served, the reviewed data/stakeholders.json when there is none.
CREATE TABLE stakeholder_maps (
    id          INTEGER PRIMARY KEY,
    document    TEXT NOT NULL CHECK (json_valid(document)),
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL
);

CREATE TRIGGER stakeholder_maps_no_update BEFORE UPDATE ON stakeholder_maps BEGIN
    SELECT RAISE(ABORT, 'stakeholder maps are append-only');
END;
CREATE TRIGGER stakeholder_maps_no_delete BEFORE DELETE ON stakeholder_maps BEGIN
    SELECT RAISE(ABORT, 'stakeholder maps are append-only');
END;
