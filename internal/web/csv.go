package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/csvdialect"
)

// CSVDialect parses the dialect parameter of a CSV download: absent means
// the standard dialect, "excel-nl" the Excel-NL one; anything else is a
// BadRequest naming the parameter and the dialects there are.
func CSVDialect(q url.Values) (csvdialect.Dialect, error) {
	v, ok, err := Single(q, "dialect")
	if err != nil || !ok {
		return csvdialect.Standard, err
	}
	d, found := csvdialect.Lookup(v)
	if !found {
		return csvdialect.Standard, atlas.ParamError("dialect", "%q is not a CSV dialect; the dialects are %s", atlas.Clip(v), csvdialect.Names())
	}
	return d, nil
}

// ServeCSV answers with body, a CSV in the standard dialect, as an
// attachment called filename, in the dialect the request asks for (the
// file name then ends in "-excel-nl.csv"); gzip, ETag and 304 as ServeEncoded.
func ServeCSV(w http.ResponseWriter, r *http.Request, body []byte, filename, cacheControl string) error {
	d, err := CSVDialect(r.URL.Query())
	if err != nil {
		return err
	}
	if body, err = d.Convert(body); err != nil {
		return err
	}
	if d != csvdialect.Standard {
		filename = strings.TrimSuffix(filename, ".csv") + "-" + d.Name + ".csv"
	}
	e, err := Encode(body)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	ServeEncoded(w, r, e, TypeCSV, cacheControl)
	return nil
}
