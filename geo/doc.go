// Package geo holds the pure geometry of Inclusiekaart: reading boundary
// sources (GeoJSON, TopoJSON, OGC API - Features pages), validating and
// repairing them into WGS84 boundaries with RFC 7946 winding, converting
// between RD New (EPSG:28992) and WGS84, topology-preserving simplification
// per zoom level, bounding boxes and point-in-polygon tests.
//
// The package has no database and no HTTP server; [Fetch] is an HTTP
// client only. All geometry uses github.com/paulmach/orb types with
// coordinates in longitude/latitude order. No function panics on any input:
// bad input yields an error (a [*FeatureError] for per-feature problems).
package geo
