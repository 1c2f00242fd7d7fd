package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"strconv"

	"github.com/inclusiekaart/inclusiekaart/geo"
	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// municipalityCSVHeader lists the columns of /api/municipalities.csv (docs/data-dictionary.md).
var municipalityCSVHeader = []string{"code", "name", "province_code", "province_name", "year", "stage", "stage_label", "score",
	"completeness", "insufficient_data", "assessed_on", "koploper", "demo", "stakeholders_involved",
	"basis", "source_date", "source_count", "source_stale", "attribution"}

// The CSV is plain UTF-8 without a byte-order mark: the contract's first column is
// "code", and a BOM would rename it for every reader that does not strip it. The
// Content-Type says charset=utf-8; LibreOffice detects UTF-8 (docs/data-dictionary.md).
func municipalitiesCSV(ms []municipality) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(municipalityCSVHeader); err != nil {
		return nil, err
	}
	for _, m := range ms {
		row := []string{m.Code, m.Name, m.ProvinceCode, m.ProvinceName, strconv.Itoa(m.Year), optInt(m.Stage), optString(m.StageLabel),
			optFloat(m.Score), optFloat(m.Completeness), optBool(m.InsufficientData), optString(m.AssessedOn),
			strconv.FormatBool(m.Koploper), strconv.FormatBool(m.Demo), optInt(m.StakeholdersInvolved),
			optString(m.Basis), optString(m.SourceDate), strconv.Itoa(m.SourceCount), optBool(m.SourceStale), Attribution}
		if err := w.Write(row); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

func optInt(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func optFloat(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

func optString(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func optBool(p *bool) string {
	if p == nil {
		return ""
	}
	return strconv.FormatBool(*p)
}

func (s *Server) handleMunicipalitiesCSV(w http.ResponseWriter, r *http.Request) {
	lq, err := parseFilteredLayerQuery(r.URL.Query(), store.LevelMunicipality, false)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	body, err := s.municipalitiesCSVBytes(r.Context(), &lq)
	s.serveCSV(w, r, body, err, "inclusiekaart-gemeenten-"+strconv.Itoa(lq.Year)+".csv", "public, max-age=60")
}

// serveCSV answers with a CSV attachment (gzip, ETag, 304) or the error.
func (s *Server) serveCSV(w http.ResponseWriter, r *http.Request, body []byte, err error, filename, cacheControl string) {
	var e *encoded
	if err == nil {
		e, err = encode(body)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	serveEncoded(w, r, e, "text/csv; charset=utf-8", cacheControl)
}

func (s *Server) municipalitiesCSVBytes(ctx context.Context, lq *layerQuery) ([]byte, error) {
	ms, err := s.listMunicipalities(ctx, lq)
	if err != nil {
		return nil, err
	}
	return municipalitiesCSV(ms)
}

// handleAssessmentsCSV exports the current real assessments in the import format.
// Demo assessments are never exported here: re-importing them would turn them into
// real-looking data.
func (s *Server) handleAssessmentsCSV(w http.ResponseWriter, r *http.Request) {
	body, err := s.AssessmentsCSV(r.Context())
	s.serveCSV(w, r, body, err, "inclusiekaart-assessments.csv", "no-cache")
}

// AssessmentsCSV returns the body of /api/assessments.csv.
func (s *Server) AssessmentsCSV(ctx context.Context) ([]byte, error) {
	cur, err := s.store.Current(ctx, false)
	if err != nil {
		return nil, err
	}
	as := make([]assessment.Assessment, len(cur))
	for i, v := range cur {
		as[i] = v.Assessment
	}
	var buf bytes.Buffer
	if err := assessment.WriteCSV(&buf, s.fw, as); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ExportGeoJSON returns exactly the body of /api/municipalities.geojson?year=YEAR
// (full detail); year 0 is the newest.
func (s *Server) ExportGeoJSON(ctx context.Context, year int) ([]byte, error) {
	y, err := s.resolveYear(ctx, year, store.LevelMunicipality)
	if err != nil {
		return nil, err
	}
	return s.buildLayer(ctx, store.LevelMunicipality, layerQuery{Year: y, ZoomLevel: len(geo.ZoomLevels) - 1})
}

// ExportCSV returns exactly the body of /api/municipalities.csv?year=YEAR.
func (s *Server) ExportCSV(ctx context.Context, year int) ([]byte, error) {
	return s.municipalitiesCSVBytes(ctx, &layerQuery{Year: year})
}
