// Package geo holds the pure geometry algorithms of Inclusiekaart, over
// github.com/paulmach/orb types in longitude/latitude order: repairing
// polygons into valid MultiPolygons with RFC 7946 winding ([Repair]),
// topology-preserving simplification per zoom level ([SimplifyShared],
// [ZoomLevels]), bounding boxes, point-in-polygon and neighbour tests
// ([IntersectsBound], [Contains], [InteriorPoint], [Neighbours]) and the
// transforms between RD New (EPSG:28992), Web Mercator and WGS84.
//
// What belongs here works on coordinates only: no files, no network, no
// property names or CBS codes, no database and no HTTP. Reading boundary
// sources (GeoJSON, TopoJSON, OGC API pages), recognising their codes,
// names, years and coordinate systems and turning their features into
// boundaries is package geo/source, which calls into this package; this
// package never imports it. Parsing HTTP parameters (bbox, zoom, year) is
// the adapters' job (internal/web).
//
// No function panics on any input: bad input yields an error, and every
// check is bounded by a work budget for hostile input.
package geo
