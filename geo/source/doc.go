// Package source reads and prepares boundary sources for Inclusiekaart:
// GeoJSON and TopoJSON files ([Read], [ReadGeoJSON], [ReadTopoJSON]),
// GeoJSON and OGC API - Features pages over HTTP ([Fetch], [Open]), with
// error messages that point into the JSON; then [Normalize] turns the
// features into boundaries of one level: it finds each feature's CBS code,
// name and year in its properties, detects or reads the coordinate system
// and converts to WGS84, checks the structure of the geometry and has
// [geo.Repair] repair it, reporting per feature (a [*FeatureError] or a
// [Warning]).
//
// What belongs here knows about outside input: file formats, property
// names, codes, declared and detected coordinate systems, and the feature
// a problem belongs to. The geometry itself (repair, simplification,
// transforms) is package geo. The package has no database and no HTTP
// server; [Fetch] is an HTTP client only. No function panics on any input.
package source
