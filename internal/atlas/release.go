package atlas

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/inclusiekaart/inclusiekaart/docs"
	"github.com/inclusiekaart/inclusiekaart/internal/gpkg"
	"github.com/inclusiekaart/inclusiekaart/internal/release"
)

// Release is a published dataset version (its manifest).
type Release = release.Manifest

// ReleaseChange is what changed for one municipality in a release.
type ReleaseChange = release.Change

// ReleaseOptions are the choices of a release.
type ReleaseOptions struct {
	// Version names the release (default: today's date, YYYY-MM-DD).
	Version string
	// Year is the boundary year (0: newest).
	Year int
	// Program is the version of this program, recorded in the manifest.
	Program string
	// URL is where the releases are published (…/releases), for the citation.
	URL string
}

// Dataset names used in every release and citation.
const (
	DatasetTitle  = "Inclusiekaart: lokale inclusieagenda's van Nederlandse gemeenten"
	DatasetAuthor = "Netwerk Inclusieve Gemeenten"
	// DataLicense is the licence of the published data; the code is EUPL-1.2.
	DataLicense = "CC-BY-4.0"
	// The files of a release.
	ReleaseGeoPackage = "inclusiekaart.gpkg"
	ReleaseGeoJSON    = "inclusiekaart.geojson"
	ReleaseCSV        = "inclusiekaart.csv"
)

// Release writes a new, immutable dataset version into root/VERSION:
// GeoPackage, GeoJSON and CSV of the municipalities (the same data as the
// exports), the data dictionary, a README with method and sources, a
// CITATION.cff, the published values (values.json, for the next change list)
// and SHA256SUMS; its manifest lists the changes against the newest earlier
// release. An existing version is a Conflict: releases are never
// overwritten.
func (s *Service) Release(ctx context.Context, root string, opt ReleaseOptions) (Release, error) {
	now := s.now().UTC()
	m := Release{Version: opt.Version, Date: now.Format("2006-01-02"), Program: opt.Program, Framework: s.fw.Version,
		License: DataLicense, Attribution: Attribution}
	if m.Version == "" {
		m.Version = m.Date
	}
	if !release.ValidVersion(m.Version) {
		return m, ParamError("version", "%q: use letters, digits, '.', '-' and '_' (at most 64)", Clip(m.Version))
	}
	if _, err := os.Lstat(filepath.Join(root, m.Version)); err == nil {
		return m, &Error{Kind: Conflict, Message: fmt.Sprintf("release %s exists in %s; releases are never overwritten (give another --version)", m.Version, root)}
	}
	ms, year, err := s.Municipalities(ctx, Query{Year: opt.Year})
	if err != nil {
		return m, err
	}
	m.Year, m.Municipalities = year, len(ms)
	values, err := publishedValues(ms)
	if err != nil {
		return m, err
	}
	prev, err := release.List(root)
	if err != nil {
		return m, err
	}
	var before map[string]release.Entry
	if len(prev) > 0 {
		m.Previous = prev[0].Version
		if before, err = release.Values(prev[0].Dir); err != nil {
			return m, fmt.Errorf("previous release %s: %w", prev[0].Version, err)
		}
	}
	m.Changes = release.Diff(before, values)
	if len(prev) == 0 {
		m.Changes = []release.Change{} // the first release lists no changes
	}

	files := map[string][]byte{"data-dictionary.md": []byte(docs.DataDictionary)}
	if files[ReleaseGeoJSON], err = s.ExportGeoJSON(ctx, year); err != nil {
		return m, err
	}
	if files[ReleaseCSV], err = s.ExportCSV(ctx, year); err != nil {
		return m, err
	}
	if files[ReleaseGeoPackage], err = s.geoPackage(ctx, year, now); err != nil {
		return m, err
	}
	if files[release.ValuesFile], err = json.MarshalIndent(values, "", " "); err != nil {
		return m, err
	}
	files["CITATION.cff"] = []byte(CitationCFF(m, opt.URL))
	files["README.md"] = []byte(releaseReadme(m, opt.URL))
	out, err := release.Write(root, m, files)
	if errors.Is(err, release.ErrExists) {
		return m, &Error{Kind: Conflict, Message: err.Error()}
	}
	return out, err
}

// Releases lists the releases under root, newest first.
func Releases(root string) ([]Release, error) { return release.List(root) }

// VerifyRelease recomputes the checksums of a release's files.
func VerifyRelease(r Release) error { return release.Verify(r) }

// publishedValues is the published state per municipality: the contract's
// fields (less source_stale, which changes with the calendar, not the data)
// and the indicator values, as they read back from JSON.
func publishedValues(ms []Municipality) (map[string]release.Entry, error) {
	out := make(map[string]release.Entry, len(ms))
	for i := range ms {
		p := Properties(MunicipalityFields, &ms[i])
		delete(p, "source_stale")
		out[ms[i].Code] = release.Entry{Name: ms[i].Name, Fields: p, Values: ms[i].Values}
	}
	b, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	out = nil
	return out, json.Unmarshal(b, &out)
}

// geoPackage returns the municipalities of year at full detail as a GeoPackage.
func (s *Service) geoPackage(ctx context.Context, year int, now time.Time) ([]byte, error) {
	set, err := s.Features(ctx, LevelMunicipality, Query{Year: year}, FullDetail)
	if err != nil {
		return nil, err
	}
	layer := gpkg.Layer{Name: "municipalities", Title: fmt.Sprintf("Inclusiekaart gemeenten %d", year),
		Description: Attribution + ". Data: " + DataLicense + " (" + DatasetAuthor + "); " + License + ".", LastChange: now}
	for _, f := range MunicipalityFields {
		layer.Columns = append(layer.Columns, gpkg.Column{Name: f.Name, Type: map[Type]gpkg.ColumnType{
			String: gpkg.Text, Integer: gpkg.Integer, Number: gpkg.Real, Boolean: gpkg.Boolean}[f.Type]})
	}
	layer.Columns = append(layer.Columns, gpkg.Column{Name: AttributionColumn, Type: gpkg.Text})
	for _, f := range set.Features {
		vals := make([]any, 0, len(layer.Columns))
		for _, c := range MunicipalityFields {
			vals = append(vals, plain(f.Properties[c.Name]))
		}
		layer.Features = append(layer.Features, gpkg.Feature{Geometry: orb.Clone(f.Geometry), Values: append(vals, Attribution)})
	}
	dir, err := os.MkdirTemp("", "inclusiekaart-gpkg-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, ReleaseGeoPackage)
	if err := gpkg.Write(ctx, path, layer); err != nil {
		return nil, err
	}
	return os.ReadFile(path)
}

// plain dereferences a pointer value (nil stays nil).
func plain(v any) any {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil
		}
		return rv.Elem().Interface()
	}
	return v
}

// CitationText is how to cite release r (url: where the releases are published).
func CitationText(r Release, url string) string {
	year := r.Date
	if len(year) >= 4 {
		year = year[:4]
	}
	t := fmt.Sprintf("%s (%s). %s (versie %s, %s) [Dataset]. %s.", DatasetAuthor, year, DatasetTitle, r.Version, r.Date, strings.ReplaceAll(DataLicense, "-", " "))
	if url != "" {
		t += " " + url + "#" + r.Version
	}
	return t
}

// CitationCFF is the CITATION.cff (Citation File Format 1.2.0) of release r.
func CitationCFF(r Release, url string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "cff-version: 1.2.0\n")
	fmt.Fprintf(&b, "message: \"If you use this dataset, please cite it as below. Boundaries: %s (CC BY 4.0).\"\n", Attribution)
	fmt.Fprintf(&b, "type: dataset\n")
	fmt.Fprintf(&b, "title: %q\n", DatasetTitle)
	fmt.Fprintf(&b, "version: %q\n", r.Version)
	fmt.Fprintf(&b, "date-released: %s\n", r.Date)
	fmt.Fprintf(&b, "license: %s\n", DataLicense)
	fmt.Fprintf(&b, "authors:\n  - name: %q\n", DatasetAuthor)
	if url != "" {
		fmt.Fprintf(&b, "url: %q\n", url+"#"+r.Version)
	}
	fmt.Fprintf(&b, "abstract: %q\n", fmt.Sprintf("How far each Dutch municipality has come with its local inclusion agenda (VN-verdrag Handicap): stage, VNG route-map steps, life domains, lived experience and a composite score, with sources; %d municipalities, boundary year %d, scoring framework %s.", r.Municipalities, r.Year, r.Framework))
	fmt.Fprintf(&b, "keywords:\n  - inclusion\n  - disability\n  - municipalities\n  - Netherlands\n  - local inclusion agenda\n")
	return b.String()
}

// releaseReadme is the README of release r: what it holds, how it was made,
// where the data come from, licence and citation.
func releaseReadme(r Release, url string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s — version %s\n\nReleased %s. %d municipalities, boundary year %d, scoring framework %s.\n\n", DatasetTitle, r.Version, r.Date, r.Municipalities, r.Year, r.Framework)
	fmt.Fprintf(&b, "## Files\n\n| file | what |\n|---|---|\n")
	for _, f := range [][2]string{
		{ReleaseGeoPackage, "GeoPackage 1.4, layer `municipalities`, WGS 84 (EPSG:4326), full-detail boundaries"},
		{ReleaseGeoJSON, "RFC 7946 GeoJSON FeatureCollection: the body of `/api/municipalities.geojson?year=YEAR`"},
		{ReleaseCSV, "CSV (UTF-8, comma, header): the body of `/api/municipalities.csv?year=YEAR`"},
		{"data-dictionary.md", "every field: type, unit, what null means, origin"},
		{release.ValuesFile, "published values and indicator values per municipality (the basis of the change list)"},
		{"CITATION.cff", "citation metadata (Citation File Format 1.2.0)"},
		{release.SumsFile, "SHA-256 of every file: check with `sha256sum -c SHA256SUMS`"},
		{release.ManifestFile, "this release's manifest: version, date, files, changes against the previous release"},
	} {
		fmt.Fprintf(&b, "| `%s` | %s |\n", f[0], f[1])
	}
	if r.Previous == "" {
		fmt.Fprintf(&b, "\n## Changes\n\nThe first release.\n")
	} else {
		fmt.Fprintf(&b, "\n## Changes against %s\n\n%d municipalities changed; `release.json` lists which fields and indicators.\n", r.Previous, len(r.Changes))
	}
	fmt.Fprintf(&b, "\n## Method\n\nThe scores follow the published scoring framework (`data/framework.json`, version %s). In short:\n\n", r.Framework)
	fmt.Fprintf(&b, "%s\n", methodSummary())
	fmt.Fprintf(&b, "\n## Sources\n\n")
	fmt.Fprintf(&b, "- Boundaries: CBS and Kadaster, Wijk- en buurtkaart / gebiedsindelingen via PDOK, CC BY 4.0 (%s).\n", Attribution)
	fmt.Fprintf(&b, "- Assessments: the public record (cited desk research, every value with its source URL and date), self-assessments and network reviews; the field `basis` says which, `source_date` and `source_count` how recent and how many.\n")
	fmt.Fprintf(&b, "- Koplopers: the 2018 front-runner municipalities of the VNG/ministry programme (`data/koplopers.json`).\n")
	fmt.Fprintf(&b, "\n## Licence and attribution\n\nData: %s (CC BY 4.0), %s. Attribution: \"%s; %s\". Code of Inclusiekaart: EUPL-1.2.\n", DataLicense, "https://creativecommons.org/licenses/by/4.0/", DatasetAuthor, Attribution)
	fmt.Fprintf(&b, "\n## Cite as\n\n%s\n", CitationText(r, url))
	return b.String()
}

// methodSummary is the "for councillors, in short" part of docs/methodology.md.
func methodSummary() string {
	doc := docs.Methodology
	start := strings.Index(doc, "## For councillors, in short")
	if start < 0 {
		return "See docs/methodology.md."
	}
	rest := doc[start+len("## For councillors, in short"):]
	if end := strings.Index(rest, "\n## "); end >= 0 {
		rest = rest[:end]
	}
	return strings.TrimSpace(rest)
}
