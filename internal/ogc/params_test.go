package ogc

import (
	"github.com/inclusiekaart/inclusiekaart/internal/atlas"

	"errors"
	"net/url"
	"testing"
)

func TestParseItemsQueryErrors(t *testing.T) {
	m, _ := collectionByID("municipalities")
	p, _ := collectionByID("provinces")
	for _, tc := range []struct {
		c         *collection
		query     string
		wantParam string
	}{
		{m, "bbox=1,2,3", "bbox"},
		{m, "bbox=1,2,3,4,5", "bbox"},
		{m, "bbox=a,2,3,4", "bbox"},
		{m, "bbox=NaN,2,3,4", "bbox"},
		{m, "bbox=1,2,Inf,4", "bbox"},
		{m, "bbox=5,52,4,53&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/28992", "bbox"},
		{m, "bbox=4,53,5,52", "bbox"},
		{m, "bbox=4,52,5,91", "bbox"},
		{m, "bbox=4,52,0,5,53,-1", "bbox"},
		{m, "bbox=0,0,1000000,1000000&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/28992", "bbox"},
		{m, "bbox-crs=http://www.opengis.net/def/crs/EPSG/0/28992", "bbox-crs"},
		{m, "bbox=4,52,5,53&bbox-crs=EPSG:28992", "bbox-crs"},
		{m, "limit=0", "limit"},
		{m, "limit=1e3", "limit"},
		{m, "limit=-99999999999999999999", "limit"},
		{m, "limit=-1", "limit"},
		{m, "limit=1.5", "limit"},
		{m, "limit=", "limit"},
		{m, "limit=10&limit=20", "limit"},
		{m, "offset=-1", "offset"},
		{m, "offset=x", "offset"},
		{m, "crs=EPSG:4326", "crs"},
		{m, "crs=http://www.opengis.net/def/crs/EPSG/0/4326", "crs"},
		{m, "f=xml", "f"},
		{m, "year=25", "year"},
		{m, "datetime=yesterday", "datetime"},
		{m, "datetime=../..", "datetime"},
		{m, "datetime=2025-02-01/2025-01-01", "datetime"},
		{m, "properties=", "properties"},
		{m, "properties=code,colour", "properties"},
		{m, "stage=7", "stage"},
		{m, "stage=0", "stage"},
		{m, "stage=", "stage"},
		{m, "koploper=yes", "koploper"},
		{m, "demo=null", "demo"},
		{m, "insufficient_data=maybe", "insufficient_data"},
		{m, "province_code=27", "province_code"},
		{m, "code=GM36", "code"},
		{m, "code=PV27", "code"},
		{p, "code=GM0363", "code"},
		{p, "stage=3", "stage"},
		{m, "colour=red", "colour"},
		{m, "sortby=name", "sortby"},
	} {
		q, err := url.ParseQuery(tc.query)
		if err != nil {
			t.Fatal(err)
		}
		_, err = parseItemsQuery(tc.c, q, false)
		var pe *atlas.Error
		if !errors.As(err, &pe) || pe.Field != tc.wantParam {
			t.Errorf("%s %q: got %v, want an error naming %s", tc.c.ID, tc.query, err, tc.wantParam)
		}
	}
}

func TestParseItemsQueryValid(t *testing.T) {
	m, _ := collectionByID("municipalities")
	q, _ := url.ParseQuery("bbox=4.7,52.2,5.1,52.5&limit=1000&offset=25&crs=http://www.opengis.net/def/crs/EPSG/0/28992&f=html&year=2025&properties=code,name&stage=3,4,null&koploper=true&insufficient_data=null&datetime=2025-06-01")
	iq, err := parseItemsQuery(m, q, false)
	if err != nil {
		t.Fatal(err)
	}
	if iq.BBox == nil || iq.BBox.Min[0] != 4.7 || iq.Limit != 1000 || iq.Offset != 25 || iq.CRS != RDNew || iq.Format != "html" || iq.Year != 2025 ||
		len(iq.Properties) != 2 || iq.Filter.Empty() || iq.Datetime == nil {
		t.Errorf("got %+v", iq)
	}
	iq, err = parseItemsQuery(m, url.Values{}, false)
	if err != nil || iq.Limit != DefaultLimit || iq.Offset != 0 || iq.CRS != CRS84 || iq.BBox != nil || !iq.Filter.Empty() {
		t.Errorf("defaults: %+v, %v", iq, err)
	}
	if !yearInterval(2025).overlaps(*mustDatetime(t, "2025-12-31T23:59:59Z")) || yearInterval(2025).overlaps(*mustDatetime(t, "2026-01-01")) ||
		!yearInterval(2025).overlaps(*mustDatetime(t, "../2025-01-01")) || yearInterval(2025).overlaps(*mustDatetime(t, "2026-01-01/..")) {
		t.Error("datetime overlap")
	}
	// A bbox in RD New around Amersfoort converts to lon/lat around 5.39, 52.16.
	b, err := ParseBBox("150000,460000,160000,470000", RDNew)
	if err != nil {
		t.Fatal(err)
	}
	ll := rdBoundToLonLat(b)
	if ll.Min[0] > 5.32 || ll.Max[0] < 5.45 || ll.Min[1] > 52.13 || ll.Max[1] < 52.21 || ll.Max[0] > 5.6 || ll.Min[0] < 5.2 {
		t.Errorf("RD box in lon/lat: %v", ll)
	}
}

// TestLimitIsClampedNeverRefused: above the maximum is the maximum
// (OGC API - Features 1.0.1); below 1 or not an integer stays an error.
func TestLimitIsClampedNeverRefused(t *testing.T) {
	for in, want := range map[string]int{"1": 1, "1000": 1000, "1001": 1000, "5000": 1000, "99999999999999999999": 1000, " 7 ": 7, "+12": 12} {
		if got, err := ParseLimit(in); err != nil || got != want {
			t.Errorf("ParseLimit(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
}

func mustDatetime(t *testing.T, s string) *interval {
	iv, err := ParseDatetime(s)
	if err != nil {
		t.Fatal(err)
	}
	return &iv
}

// FuzzParsers feeds the parameter parsers arbitrary text: they must never
// panic, and whatever they accept must be in range.
func FuzzParsers(f *testing.F) {
	for _, s := range []string{"4.7,52.2,5.1,52.5", "1,2,3,4,5,6", "NaN,0,0,0", "1e308,1,1e309,2", "", ",,,", "100", "0", "-1", "1001",
		"9999999999999999999", "http://www.opengis.net/def/crs/OGC/1.3/CRS84", "EPSG:28992", "2025-01-01/..", "3,4,null", "true", "GM0363,gm0344"} {
		f.Add(s)
	}
	m, _ := collectionByID("municipalities")
	f.Fuzz(func(t *testing.T, s string) {
		for _, crs := range supportedCRS {
			if b, err := ParseBBox(s, crs); err == nil && (b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1]) {
				t.Errorf("ParseBBox(%q) = %v", s, b)
			}
		}
		if n, err := ParseLimit(s); err == nil && (n < 1 || n > MaxLimit) {
			t.Errorf("ParseLimit(%q) = %d", s, n)
		}
		if n, err := ParseOffset(s); err == nil && n < 0 {
			t.Errorf("ParseOffset(%q) = %d", s, n)
		}
		if c, err := ParseCRS("crs", s); err == nil && c != CRS84 && c != RDNew {
			t.Errorf("ParseCRS(%q) = %q", s, c)
		}
		ParseDatetime(s)
		for _, k := range []string{"bbox", "stage", "code", "koploper", "name", "properties", "limit"} {
			parseItemsQuery(m, url.Values{k: {s}}, false)
		}
	})
}
