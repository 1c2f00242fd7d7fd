// Package static holds the web page of Inclusiekaart: the HTML, CSS and
// JavaScript modules of the map page and the Leaflet files that
// scripts/vendor.sh copies from node_modules into vendor/ before go build.
// Nothing here is loaded from a CDN, so the page works without internet.
package static

import "embed"

// FS is the page's file tree; the server serves it at "/" with index.html
// for "/". The vendor directory must exist (run `npm ci && scripts/vendor.sh`)
// or the package does not compile, which keeps a build without Leaflet from
// passing unnoticed.
//
//go:embed *.html *.css *.js *.svg vendor
var FS embed.FS
