package source

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// FetchOptions controls [Fetch]. The zero value is usable.
type FetchOptions struct {
	Client   *http.Client  // nil: a client with no overall timeout (Timeout applies per request)
	MaxPages int           // pages to follow at most; default 100
	Timeout  time.Duration // per request; default 60s
	MaxBytes int64         // per page; default 200 MiB
	MaxTotal int64         // all pages together; default 1 GiB
	// MaxFeatures is the most features of a file, or of all pages
	// together; default DefaultMaxFeatures. The feature after it is an
	// error wrapping ErrTooLarge, found while streaming.
	MaxFeatures int
}

func (o FetchOptions) withDefaults() FetchOptions {
	if o.Client == nil {
		o.Client = &http.Client{}
	}
	if o.MaxPages <= 0 {
		o.MaxPages = 100
	}
	if o.Timeout <= 0 {
		o.Timeout = 60 * time.Second
	}
	if o.MaxTotal <= 0 {
		o.MaxTotal = 1 << 30
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = 200 << 20
	}
	if o.MaxFeatures <= 0 {
		o.MaxFeatures = DefaultMaxFeatures
	}
	return o
}

// ErrLoop is wrapped by Fetch errors when a next link or a redirect
// leads back to a URL already visited.
var ErrLoop = errors.New("loop detected")

// Fetch downloads a GeoJSON FeatureCollection, a TopoJSON topology or an
// OGC API - Features items page from an http(s) URL and follows links with
// rel="next" (absolute or relative to the page's final URL) until a page
// has none. Feature indices run on across pages. An OGC API "Content-Crs"
// response header is used as the CRS of features that declare none.
//
// It fails when a page does not answer 200 (the message names the URL and
// status), when more than MaxPages pages would be needed, when a page is
// larger than MaxBytes, and when a next link or redirect visits the same
// URL twice (wrapping [ErrLoop]).
func Fetch(ctx context.Context, rawURL string, opt FetchOptions) ([]Feature, error) {
	opt = opt.withDefaults()
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("fetch %q: not an http(s) URL", rawURL)
	}
	client := *opt.Client
	orig := client.CheckRedirect
	client.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		for _, v := range via {
			if v.URL.String() == req.URL.String() {
				return fmt.Errorf("redirect to %s: %w", req.URL, ErrLoop)
			}
		}
		if orig != nil {
			return orig(req, via)
		}
		if len(via) >= 10 {
			return fmt.Errorf("stopped after 10 redirects")
		}
		return nil
	}
	seen := map[string]bool{}
	var out []Feature
	var total int64
	next := u
	for page := 0; next != nil; page++ {
		key := next.String()
		if seen[key] {
			return nil, fmt.Errorf("fetch %s: next link visits this URL again: %w", key, ErrLoop)
		}
		if page >= opt.MaxPages {
			return nil, fmt.Errorf("fetch %s: more than %d pages", key, opt.MaxPages)
		}
		seen[key] = true
		pageOpt := opt
		if left := opt.MaxTotal - total; left < pageOpt.MaxBytes {
			pageOpt.MaxBytes = left
		}
		pageOpt.MaxFeatures = max(opt.MaxFeatures-len(out), 1) // one too many is found below
		feats, nextURL, n, err := fetchPage(ctx, &client, next, pageOpt)
		if errors.Is(err, ErrTooLarge) && page > 0 {
			return nil, fmt.Errorf("fetch %s: the pages together hold more than %d features, the most one boundary import takes (%w)", key, opt.MaxFeatures, ErrTooLarge)
		}
		if err != nil {
			if n > pageOpt.MaxBytes && pageOpt.MaxBytes < opt.MaxBytes {
				return nil, fmt.Errorf("fetch %s: the pages together are larger than %d bytes", key, opt.MaxTotal)
			}
			return nil, err
		}
		total += n
		if len(out)+len(feats) > opt.MaxFeatures {
			return nil, fmt.Errorf("fetch %s: the pages together hold more than %d features, the most one boundary import takes (%w)", key, opt.MaxFeatures, ErrTooLarge)
		}
		for _, f := range feats {
			f.Index = len(out)
			out = append(out, f)
		}
		next = nextURL
	}
	return out, nil
}

// fetchPage reads one page; n is the number of body bytes read (MaxBytes+1 when
// the page was cut off as too large).
func fetchPage(ctx context.Context, client *http.Client, u *url.URL, opt FetchOptions) (feats []Feature, next *url.URL, n int64, err error) {
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, nil, n, fmt.Errorf("fetch %s: %w", u, err)
	}
	req.Header.Set("Accept", "application/geo+json, application/json;q=0.9, */*;q=0.1")
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, n, fmt.Errorf("fetch %s: %w", u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, nil, n, fmt.Errorf("fetch %s: status %s", u, resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, opt.MaxBytes+1))
	n = int64(len(data))
	if err != nil {
		return nil, nil, n, fmt.Errorf("fetch %s: %w", u, err)
	}
	if int64(len(data)) > opt.MaxBytes {
		return nil, nil, n, fmt.Errorf("fetch %s: page larger than %d bytes", u, opt.MaxBytes)
	}
	data = bytes.TrimPrefix(data, utf8BOM) // also for the links below
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, n, fmt.Errorf("fetch %s: %w", u, &formatError{"empty response body"})
	}
	feats, err = ReadLimited(bytes.NewReader(data), opt.MaxFeatures)
	if err != nil {
		return nil, nil, n, fmt.Errorf("fetch %s: %w", u, err)
	}
	if crs := resp.Header.Get("Content-Crs"); crs != "" {
		for i := range feats {
			if feats[i].CRS == "" {
				feats[i].CRS = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(crs), "<"), ">")
			}
		}
	}
	base := u
	if resp.Request != nil && resp.Request.URL != nil {
		base = resp.Request.URL
	}
	var links struct {
		Links []struct {
			Rel  string `json:"rel"`
			Href string `json:"href"`
		} `json:"links"`
	}
	_ = json.Unmarshal(data, &links) // a page without (valid) links is the last page
	for _, l := range links.Links {
		if l.Rel != "next" || l.Href == "" {
			continue
		}
		ref, err := url.Parse(l.Href)
		if err != nil {
			return nil, nil, n, fmt.Errorf("fetch %s: next link %q: %w", u, l.Href, err)
		}
		nextURL := base.ResolveReference(ref)
		if nextURL.Scheme != "http" && nextURL.Scheme != "https" {
			return nil, nil, n, fmt.Errorf("fetch %s: next link %q is not http(s)", u, l.Href)
		}
		return feats, nextURL, n, nil
	}
	return feats, nil, n, nil
}

// Open reads boundaries from source: an http:// or https:// URL is passed
// to [Fetch]; any other URL ("scheme://...", such as ftp://, s3:// or
// file://) is an error naming the scheme; anything else is a file path
// read with [Read]. A Windows path such as C:\data\x.geojson is a path:
// a one-letter scheme is a drive letter.
func Open(ctx context.Context, source string, opt FetchOptions) ([]Feature, error) {
	if scheme, ok := urlScheme(source); ok {
		switch strings.ToLower(scheme) {
		case "http", "https":
			return Fetch(ctx, source, opt)
		}
		return nil, fmt.Errorf("open boundaries %q: unsupported URL scheme %s (use http, https or a file path)", truncate(source, 200), scheme)
	}
	path := source
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open boundaries: %w", err)
	}
	defer f.Close()
	feats, err := ReadLimited(f, opt.withDefaults().MaxFeatures)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path+syntaxWhere(path, err), err)
	}
	return feats, nil
}

// syntaxWhere is ", line L, column C" for err, a read error of the file at
// path, when the file is not valid JSON text there; else "". The file is
// read again for it, only on this error path.
func syntaxWhere(path string, err error) string {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return ""
	}
	f1, err1 := os.Open(path)
	if err1 != nil {
		return ""
	}
	defer f1.Close()
	f2, err2 := os.Open(path)
	if err2 != nil {
		return ""
	}
	defer f2.Close()
	if where, ok := syntaxPosition(f1, f2); ok {
		return ", " + where
	}
	return ""
}

// urlScheme returns the scheme of source when it looks like a URL:
// "scheme://" with a scheme of at least two letters, digits, "+", "-" or
// "." starting with a letter (RFC 3986).
func urlScheme(source string) (string, bool) {
	i := strings.Index(source, "://")
	if i < 2 {
		return "", false
	}
	for k, c := range source[:i] {
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (k == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return "", false
		}
	}
	return source[:i], true
}
