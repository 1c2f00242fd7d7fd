-- The generation of the stored shapes (area_shapes, the geometry of every
-- boundary set at every zoom level): bumped only by a boundary import, so
-- geometry encoded once for the layers is kept across assessment writes.
INSERT INTO meta (key, value) VALUES ('generation_shapes', 1);
