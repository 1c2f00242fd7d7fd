package server

import (
	"net/http"
	"strings"
)

// Which security headers a response carries follows what it is, known from
// its Content-Type when its header is written (statusWriter.WriteHeader):
//
//   - a document (HTML, SVG, XML, or a type we do not know) carries them all:
//     the page's Content-Security-Policy, no framing, its own browsing-context
//     group, no powerful features, the referrer policy and nosniff;
//   - data (JSON, GeoJSON, CSV, plain text, Markdown, YAML, iCalendar,
//     GeoPackage, ZIP, bytes) may
//     load nothing and be framed by no one, should a browser ever show it as
//     a page (default-src 'none'; frame-ancestors 'none', X-Frame-Options and
//     nosniff, as OWASP's REST Security Cheat Sheet advises for API answers);
//     the rest means nothing for a response that is not a document;
//   - a subresource (script, style sheet, raster image, font) carries nosniff
//     and the referrer policy, which governs what a style sheet fetches.
//
// A 304 carries none: a cache keeps the stored answer's headers where the
// 304 has none (RFC 9111, 4.3.4), and a 304 is never shown on its own.
//
// Leaving off what a response cannot use keeps every answer of the API a
// few hundred bytes and several header lines smaller.
type securityHeaderSets struct {
	document, embed, data, subresource map[string][]string
}

// dataPolicy is the Content-Security-Policy of every data response.
const dataPolicy = "default-src 'none'; frame-ancestors 'none'"

func newSecurityHeaderSets(csp string) securityHeaderSets {
	// Canonical keys and shared, never-mutated value slices: no per-request
	// canonicalisation or allocation on the hot path.
	nosniff, deny, referrer := []string{"nosniff"}, []string{"DENY"}, []string{"strict-origin-when-cross-origin"}
	document := map[string][]string{
		"Content-Security-Policy":    {csp},
		"X-Content-Type-Options":     nosniff,
		"Referrer-Policy":            referrer,
		"X-Frame-Options":            deny,
		"Cross-Origin-Opener-Policy": {"same-origin"},
		"Permissions-Policy":         {"geolocation=(), camera=(), microphone=()"},
	}
	// The embeddable map is the one page other sites may show in a frame.
	embed := map[string][]string{}
	for k, v := range document {
		embed[k] = v
	}
	delete(embed, "X-Frame-Options")
	embed["Content-Security-Policy"] = []string{strings.Replace(csp, "frame-ancestors 'none'", "frame-ancestors *", 1)}
	return securityHeaderSets{
		document: document,
		embed:    embed,
		data: map[string][]string{
			"Content-Security-Policy": {dataPolicy},
			"X-Content-Type-Options":  nosniff,
			"X-Frame-Options":         deny,
		},
		subresource: map[string][]string{
			"X-Content-Type-Options": nosniff,
			"Referrer-Policy":        referrer,
		},
	}
}

// set adds to h the security headers of the response r gets, by its
// Content-Type. A header the handler set itself is kept.
func (s securityHeaderSets) set(h http.Header, r *http.Request) {
	for k, v := range s.of(responseKind(h["Content-Type"]), r.URL.Path) {
		if _, ok := h[k]; !ok {
			h[k] = v
		}
	}
}

// of is the set of headers of a response of kind k at path.
func (s securityHeaderSets) of(k kind, path string) map[string][]string {
	switch {
	case k == kindData:
		return s.data
	case k == kindSubresource:
		return s.subresource
	case path == embedPath:
		return s.embed
	}
	return s.document
}

type kind int

const (
	kindDocument kind = iota
	kindData
	kindSubresource
)

// responseKind tells a document, data and a subresource apart by the media
// type; anything unknown counts as a document, which gets every header.
func responseKind(contentType []string) kind {
	if len(contentType) == 0 {
		return kindDocument
	}
	mt, _, _ := strings.Cut(contentType[0], ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	switch {
	case mt == "application/json", strings.HasSuffix(mt, "+json"), mt == "text/csv", mt == "text/plain",
		mt == "text/calendar", mt == "text/markdown", mt == "application/x-yaml", mt == "application/geopackage+sqlite3",
		mt == "application/zip", mt == "application/octet-stream":
		return kindData
	case mt == "text/javascript", mt == "application/javascript", mt == "text/css",
		strings.HasPrefix(mt, "font/"), strings.HasPrefix(mt, "image/") && mt != "image/svg+xml":
		return kindSubresource
	}
	return kindDocument
}
