-- Boundary sets: one per (year, level), replaced atomically on re-import.
CREATE TABLE boundary_sets (
    year          INTEGER NOT NULL,
    level         TEXT    NOT NULL CHECK (level IN ('municipality', 'province')),
    source        TEXT    NOT NULL,
    checksum      TEXT    NOT NULL,
    feature_count INTEGER NOT NULL,
    imported_at   TEXT    NOT NULL,
    PRIMARY KEY (year, level)
);

CREATE TABLE areas (
    id            INTEGER PRIMARY KEY,
    year          INTEGER NOT NULL,
    level         TEXT    NOT NULL,
    code          TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    province_code TEXT    NOT NULL DEFAULT '',
    min_lon       REAL    NOT NULL,
    min_lat       REAL    NOT NULL,
    max_lon       REAL    NOT NULL,
    max_lat       REAL    NOT NULL,
    point_lon     REAL    NOT NULL,
    point_lat     REAL    NOT NULL,
    geom          BLOB    NOT NULL,
    UNIQUE (year, level, code),
    FOREIGN KEY (year, level) REFERENCES boundary_sets (year, level) ON DELETE CASCADE
);

-- Precomputed, topology-preserving simplifications per zoom band (see geo.ZoomLevels).
CREATE TABLE area_shapes (
    area_id    INTEGER NOT NULL REFERENCES areas (id) ON DELETE CASCADE,
    zoom_level INTEGER NOT NULL,
    geom       BLOB    NOT NULL,
    PRIMARY KEY (area_id, zoom_level)
);

CREATE TABLE neighbours (
    area_id      INTEGER NOT NULL REFERENCES areas (id) ON DELETE CASCADE,
    neighbour_id INTEGER NOT NULL REFERENCES areas (id) ON DELETE CASCADE,
    PRIMARY KEY (area_id, neighbour_id)
);

CREATE VIRTUAL TABLE areas_rtree USING rtree (id, min_lon, max_lon, min_lat, max_lat);

CREATE TRIGGER areas_rtree_delete AFTER DELETE ON areas BEGIN
    DELETE FROM areas_rtree WHERE id = old.id;
END;

-- generation changes on every write that alters served data; servers poll it to drop caches.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO meta (key, value) VALUES ('generation', 1);
