package ogc_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/inclusiekaart/inclusiekaart/internal/server"
)

// TestFilterResultsMatchAReferenceEvaluation generates a thousand seeded,
// random, well-formed CQL2 filters over every queryable of municipalities
// (comparisons with numbers, strings, booleans, dates and timestamps;
// S_INTERSECTS with a BBOX or a POINT; AND, OR, NOT with and without
// parentheses; IS [NOT] NULL; [NOT] LIKE, IN, BETWEEN; quoted names, keyword
// case and whitespace variations), sends each in cql2-text and in cql2-json
// through the real router, pages through the answer, and compares the ids
// with a reference evaluation written here over the unfiltered items:
// CQL2's three-valued logic, where a comparison with a null property is
// unknown, NOT unknown is unknown, IS NULL is never unknown, and only true
// selects. The data is the real 2025 boundaries with the shipped public
// record and test assessments, once without and once with demo assessments,
// so the properties mix known and null values.
func TestFilterResultsMatchAReferenceEvaluation(t *testing.T) {
	const perServer = 400
	type check struct {
		name string
		url  string
		want []string
	}
	var checks []check
	selective := 0
	for _, demo := range []bool{false, true} {
		server := differentialServer(t, demo)
		for _, c := range []struct {
			id    string
			items int
			exprs int
		}{{"municipalities", 342, perServer}, {"provinces", 12, 50}} {
			base := server + "/ogc/collections/" + c.id + "/items"
			qs := fetchQueryables(t, strings.TrimSuffix(base, "/items")+"/queryables")
			items, err := fetchAll(base+"?limit=200", true)
			if err != nil || len(items) != c.items {
				t.Fatalf("demo=%v: %d unfiltered %s, want %d (%v)", demo, len(items), c.id, c.items, err)
			}
			g := &exprGen{r: rand.New(rand.NewSource(20251203 + int64(b2i(demo)) + int64(c.items))), qs: qs, items: items, used: map[string]bool{}}
			for i := 0; i < c.exprs; i++ {
				e := g.expr(0)
				want := []string{}
				for _, it := range items {
					if e.eval(it) == tTrue {
						want = append(want, it.id)
					}
				}
				if len(want) > c.items*7/8 && g.r.Intn(4) > 0 {
					// Nearly everything: the costliest answers to check and the
					// least telling; keep one in four.
					i--
					continue
				}
				if len(want) > 0 && len(want) < len(items) {
					selective++
				}
				js, err := json.Marshal(e.json())
				if err != nil {
					t.Fatal(err)
				}
				for _, q := range []url.Values{{"filter": {e.text(g)}}, {"filter": {string(js)}, "filter-lang": {"cql2-json"}}} {
					checks = append(checks, check{fmt.Sprintf("%s demo=%v %s", c.id, demo, q.Get("filter")), base + "?limit=200&properties=code&" + q.Encode(), want})
				}
			}
			for _, q := range qs {
				if !g.used[q.name] {
					t.Errorf("%s: no filter names the queryable %s (%s)", c.id, q.name, q.typ)
				}
			}
		}
	}
	if selective < perServer {
		t.Errorf("only %d of %d expressions select some but not all features: a weak test", selective, len(checks)/2)
	}
	// Two clients at once (the machine has two cores); stop after 20 failures.
	var (
		mu     sync.Mutex
		failed int
		wg     sync.WaitGroup
	)
	next := make(chan check)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range next {
				got, err := filterIDs(c.url)
				switch {
				case err != nil:
					t.Errorf("%s: %v", c.name, err)
				case !slices.Equal(got, c.want):
					t.Errorf("%s:\n got  %d %v\n want %d %v\n only in got %v\n only in want %v", c.name,
						len(got), clipList(got), len(c.want), clipList(c.want), clipList(minus(got, c.want)), clipList(minus(c.want, got)))
				default:
					continue
				}
				mu.Lock()
				failed++
				mu.Unlock()
			}
		}()
	}
	for _, c := range checks {
		mu.Lock()
		stop := failed >= 20
		mu.Unlock()
		if stop {
			break
		}
		next <- c
	}
	close(next)
	wg.Wait()
	t.Logf("%d filters checked (%d expressions, each as cql2-text and cql2-json), %d expressions selective", len(checks), len(checks)/2, selective)
}

// differentialServer is the real router over the 2025 boundaries with the
// public record and the test assessments, and with demo data when demo.
func differentialServer(t *testing.T, demo bool) string {
	t.Helper()
	_, svc := recordService(t, demo)
	if demo {
		if _, _, _, err := svc.LoadDemo(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	srv, err := server.New(svc, slog.New(slog.NewTextHandler(io.Discard, nil)), server.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts.URL
}

// queryable is one entry of the queryables document.
type queryable struct {
	name     string
	typ      string // string, integer, number, boolean, date, geometry
	nullable bool
	enum     []string
}

func fetchQueryables(t *testing.T, u string) []queryable {
	t.Helper()
	var doc struct {
		Properties map[string]struct {
			Type   any
			Format string
			Enum   []string
		}
	}
	getJSON(t, u, &doc)
	var out []queryable
	for name, p := range doc.Properties {
		q := queryable{name: name, enum: p.Enum}
		switch x := p.Type.(type) {
		case string:
			q.typ = x
		case []any:
			for _, s := range x {
				if s == "null" {
					q.nullable = true
				} else {
					q.typ = s.(string)
				}
			}
		}
		switch {
		case p.Format == "date":
			q.typ = "date"
		case strings.HasPrefix(p.Format, "geometry"):
			q.typ = "geometry"
		}
		out = append(out, q)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	if len(out) < 4 {
		t.Fatalf("only %d queryables", len(out))
	}
	return out
}

type item struct {
	id    string
	props map[string]any
	geom  orb.MultiPolygon // only when read with geometry
}

// plainClient asks for uncompressed answers.
var plainClient = &http.Client{Transport: &http.Transport{DisableCompression: true}}

// fetchAll pages through the items from u by the next links, reading their
// geometry when withGeometry.
func fetchAll(u string, withGeometry bool) ([]item, error) {
	var out []item
	for pages := 0; u != ""; pages++ {
		if pages > 10 {
			return nil, fmt.Errorf("%s: too many pages", u)
		}
		resp, err := plainClient.Get(u)
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("status %d: %.300s", resp.StatusCode, body)
		}
		var fc struct {
			NumberMatched int
			Features      []struct {
				ID         string
				Properties map[string]any
				Geometry   json.RawMessage
			}
			Links []struct{ Rel, Href string }
		}
		if err := json.Unmarshal(body, &fc); err != nil {
			return nil, err
		}
		for _, f := range fc.Features {
			it := item{id: f.ID, props: f.Properties}
			if len(f.Geometry) > 0 && withGeometry {
				g, err := geojson.UnmarshalGeometry(f.Geometry)
				if err != nil {
					return nil, err
				}
				switch x := g.Geometry().(type) {
				case orb.Polygon:
					it.geom = orb.MultiPolygon{x}
				case orb.MultiPolygon:
					it.geom = x
				default:
					return nil, fmt.Errorf("%s: a %T", f.ID, x)
				}
			}
			out = append(out, it)
		}
		u = ""
		for _, l := range fc.Links {
			if l.Rel == "next" {
				u = l.Href
			}
		}
		if u == "" && fc.NumberMatched != len(out) {
			return nil, fmt.Errorf("numberMatched %d, %d features on all pages", fc.NumberMatched, len(out))
		}
	}
	return out, nil
}

// filterIDs returns the sorted ids of the items from u, on all pages.
func filterIDs(u string) ([]string, error) {
	items, err := fetchAll(u, false)
	if err != nil {
		return nil, err
	}
	ids := []string{}
	for _, it := range items {
		ids = append(ids, it.id)
	}
	slices.Sort(ids)
	return ids, nil
}

func minus(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Three-valued logic of the reference evaluation.
type truth int

const (
	tFalse truth = iota
	tTrue
	tUnknown
)

func tv(b bool) truth {
	if b {
		return tTrue
	}
	return tFalse
}

func (a truth) not() truth {
	switch a {
	case tTrue:
		return tFalse
	case tFalse:
		return tTrue
	}
	return tUnknown
}

// refExpr is a generated filter: its two encodings and its reference value.
type refExpr interface {
	text(g *exprGen) string
	json() any
	eval(it item) truth
}

var differentialAdvanced = true

type exprGen struct {
	r     *rand.Rand
	qs    []queryable
	items []item
	used  map[string]bool // the queryables named so far
}

// kw writes a keyword in a random case.
func (g *exprGen) kw(s string) string {
	switch g.r.Intn(4) {
	case 0:
		return strings.ToLower(s)
	case 1:
		return strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
	case 2:
		b := []byte(s)
		for i := range b {
			if g.r.Intn(2) == 0 {
				b[i] = strings.ToLower(string(b[i]))[0]
			}
		}
		return string(b)
	}
	return s
}

// sp is whitespace where it is required (between words).
func (g *exprGen) sp() string {
	return []string{" ", " ", " ", "  ", "\t", "\n", " \r\n "}[g.r.Intn(7)]
}

// osp is optional whitespace (around operators and parentheses).
func (g *exprGen) osp() string {
	if g.r.Intn(2) == 0 {
		return ""
	}
	return g.sp()
}

func (g *exprGen) prop(name string) string {
	if g.r.Intn(4) == 0 {
		return `"` + name + `"`
	}
	return name
}

func (g *exprGen) expr(depth int) refExpr {
	if depth < 3 {
		switch n := g.r.Intn(10); {
		case n < 2:
			return &refLogic{op: "and", args: g.exprs(depth)}
		case n < 4:
			return &refLogic{op: "or", args: g.exprs(depth)}
		case n < 5:
			return &refNot{g.expr(depth + 1)}
		}
	}
	return g.predicate()
}

func (g *exprGen) exprs(depth int) []refExpr {
	out := make([]refExpr, 2+g.r.Intn(2))
	for i := range out {
		out[i] = g.expr(depth + 1)
	}
	return out
}

// value picks a value of q: one of the data (most often), or another.
func (g *exprGen) value(q queryable) any {
	if g.r.Intn(5) > 0 {
		for range 20 {
			v := g.items[g.r.Intn(len(g.items))].props[q.name]
			if v != nil {
				switch q.typ {
				case "integer":
					return v.(float64) + float64(g.r.Intn(3)-1)
				case "number":
					if g.r.Intn(3) == 0 {
						return math.Round(v.(float64)*10) / 10
					}
				case "date":
					d, err := time.Parse("2006-01-02", v.(string))
					if err != nil {
						panic(err)
					}
					return d.AddDate(0, 0, g.r.Intn(3)-1)
				}
				return v
			}
		}
	}
	switch q.typ {
	case "integer":
		return float64(g.r.Intn(12) - 2)
	case "number":
		return math.Round(g.r.Float64()*1100-100) / 10
	case "boolean":
		return g.r.Intn(2) == 0
	case "date":
		return time.Date(2022+g.r.Intn(5), time.Month(1+g.r.Intn(12)), 1+g.r.Intn(28), 0, 0, 0, 0, time.UTC)
	}
	if len(q.enum) > 0 && g.r.Intn(2) == 0 {
		return q.enum[g.r.Intn(len(q.enum))]
	}
	return []string{"", "A", "Amsterdam", "GM0363", "PV26", "Z", "m", "2024", "2025-01", "'s-Hertogenbosch", "Súdwest-Fryslân", "a'b", "LIA"}[g.r.Intn(13)]
}

func (g *exprGen) predicate() refExpr {
	if g.r.Intn(25) == 0 {
		return refBool(g.r.Intn(2) == 0)
	}
	var q queryable
	for q.typ == "" {
		q = g.qs[g.r.Intn(len(g.qs))]
	}
	g.used[q.name] = true
	if q.typ == "geometry" {
		if g.r.Intn(10) == 0 {
			return &refIsNull{q: q, negate: g.r.Intn(2) == 0}
		}
		return g.spatial(q)
	}
	n := g.r.Intn(20)
	if !differentialAdvanced {
		n = 9 + n
	}
	switch {
	case n < 3:
		return &refIsNull{q: q, negate: g.r.Intn(2) == 0}
	case n < 5 && q.typ == "string":
		return &refLike{q: q, pattern: g.pattern(q), negate: g.r.Intn(3) == 0}
	case n < 7 && q.typ != "boolean":
		vs := make([]any, 1+g.r.Intn(4))
		for i := range vs {
			vs[i] = g.value(q)
		}
		return &refIn{q: q, vals: vs, negate: g.r.Intn(3) == 0}
	case n < 9 && (q.typ == "integer" || q.typ == "number"):
		lo, hi := g.value(q).(float64), g.value(q).(float64)
		if g.r.Intn(4) > 0 && lo > hi {
			lo, hi = hi, lo
		}
		return &refBetween{q: q, lo: lo, hi: hi, negate: g.r.Intn(3) == 0}
	}
	ops := []string{"=", "<>", "<", "<=", ">", ">="}
	if q.typ == "boolean" {
		ops = ops[:2]
	}
	c := &refCmp{q: q, op: ops[g.r.Intn(len(ops))], lit: g.value(q), flip: g.r.Intn(6) == 0}
	if q.typ == "date" && g.r.Intn(3) == 0 {
		c.timestamp = true
		if g.r.Intn(2) == 0 {
			c.lit = c.lit.(time.Time).Add(time.Duration(g.r.Intn(48)-24) * time.Hour)
		}
	}
	return c
}

// pattern makes a LIKE pattern, most often from a value of q.
func (g *exprGen) pattern(q queryable) string {
	s, _ := g.value(q).(string)
	r := []rune(s)
	var b strings.Builder
	for i := 0; i < len(r); i++ {
		switch n := g.r.Intn(12); {
		case n == 0:
			b.WriteByte('_')
		case n == 1:
			b.WriteByte('%')
			i += g.r.Intn(4)
		case n == 2 && i == 0:
			b.WriteString(strings.ToLower(string(r[i]))) // LIKE is case-sensitive
		case r[i] == '%' || r[i] == '_' || r[i] == '\\':
			b.WriteString(`\` + string(r[i]))
		default:
			b.WriteRune(r[i])
		}
	}
	if g.r.Intn(3) == 0 {
		b.WriteByte('%')
	}
	return b.String()
}

type refLogic struct {
	op   string // and, or
	args []refExpr
}

func (e *refLogic) text(g *exprGen) string {
	parts := make([]string, len(e.args))
	for i, a := range e.args {
		s := a.text(g)
		// AND binds tighter than OR; add the parentheses needed, and sometimes more.
		if l, ok := a.(*refLogic); (ok && l.op == "or" && e.op == "and") || g.r.Intn(4) == 0 {
			s = "(" + g.osp() + s + g.osp() + ")"
		}
		parts[i] = s
	}
	return strings.Join(parts, g.sp()+g.kw(strings.ToUpper(e.op))+g.sp())
}

func (e *refLogic) json() any {
	args := make([]any, len(e.args))
	for i, a := range e.args {
		args[i] = a.json()
	}
	return map[string]any{"op": e.op, "args": args}
}

func (e *refLogic) eval(p item) truth {
	decisive := tFalse
	if e.op == "or" {
		decisive = tTrue
	}
	out := decisive.not()
	for _, a := range e.args {
		switch v := a.eval(p); v {
		case decisive:
			return decisive
		case tUnknown:
			out = tUnknown
		}
	}
	return out
}

type refNot struct{ e refExpr }

func (e *refNot) text(g *exprGen) string {
	s := e.e.text(g)
	if _, ok := e.e.(*refLogic); ok || g.r.Intn(2) == 0 {
		return g.kw("NOT") + g.osp() + "(" + g.osp() + s + g.osp() + ")"
	}
	return g.kw("NOT") + g.sp() + s
}

func (e *refNot) json() any { return map[string]any{"op": "not", "args": []any{e.e.json()}} }

func (e *refNot) eval(p item) truth { return e.e.eval(p).not() }

type refBool bool

func (e refBool) text(g *exprGen) string { return g.kw(strings.ToUpper(strconv.FormatBool(bool(e)))) }
func (e refBool) json() any              { return bool(e) }
func (e refBool) eval(item) truth {
	return tv(bool(e))
}

type refIsNull struct {
	q      queryable
	negate bool
}

func (e *refIsNull) text(g *exprGen) string {
	not := ""
	if e.negate {
		not = g.kw("NOT") + g.sp()
	}
	return g.prop(e.q.name) + g.sp() + g.kw("IS") + g.sp() + not + g.kw("NULL")
}

func (e *refIsNull) json() any {
	j := map[string]any{"op": "isNull", "args": []any{prop(e.q.name)}}
	if e.negate {
		return map[string]any{"op": "not", "args": []any{j}}
	}
	return j
}

// IS NULL is never unknown.
func (e *refIsNull) eval(p item) truth {
	if e.q.typ == "geometry" {
		return tv((p.geom == nil) != e.negate)
	}
	return tv((p.props[e.q.name] == nil) != e.negate)
}

func prop(name string) map[string]any { return map[string]any{"property": name} }

type refCmp struct {
	q         queryable
	op        string
	lit       any // float64, string, bool, time.Time
	timestamp bool
	flip      bool // written literal op property
}

var flippedOps = map[string]string{"=": "=", "<>": "<>", "<": ">", ">": "<", "<=": ">=", ">=": "<="}

func (e *refCmp) text(g *exprGen) string {
	l, r, op := g.prop(e.q.name), litText(g, e.lit, e.timestamp), e.op
	if e.flip {
		l, r, op = r, l, flippedOps[op]
	}
	return l + g.osp() + op + g.osp() + r
}

func (e *refCmp) json() any {
	l, r, op := any(prop(e.q.name)), litJSON(e.lit, e.timestamp), e.op
	if e.flip {
		l, r, op = r, l, flippedOps[op]
	}
	return map[string]any{"op": op, "args": []any{l, r}}
}

func (e *refCmp) eval(p item) truth {
	c, ok := compareValue(p.props[e.q.name], e.lit)
	if !ok {
		return tUnknown
	}
	switch e.op {
	case "=":
		return tv(c == 0)
	case "<>":
		return tv(c != 0)
	case "<":
		return tv(c < 0)
	case "<=":
		return tv(c <= 0)
	case ">":
		return tv(c > 0)
	}
	return tv(c >= 0)
}

// compareValue orders a property value (as decoded from the GeoJSON) against
// a literal; ok false when the value is null. A date is the instant its day
// starts (UTC).
func compareValue(v, lit any) (int, bool) {
	if v == nil {
		return 0, false
	}
	switch l := lit.(type) {
	case float64:
		return cmpOf(v.(float64), l), true
	case string:
		return strings.Compare(v.(string), l), true
	case bool:
		return b2i(v.(bool)) - b2i(l), true
	case time.Time:
		d, err := time.Parse("2006-01-02", v.(string))
		if err != nil {
			panic(err)
		}
		return d.Compare(l), true
	}
	panic(fmt.Sprintf("literal %T", lit))
}

func cmpOf(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func litText(g *exprGen, v any, timestamp bool) string {
	switch x := v.(type) {
	case float64:
		s := strconv.FormatFloat(x, 'f', -1, 64)
		switch g.r.Intn(8) {
		case 0:
			if !strings.Contains(s, ".") {
				s += ".0"
			}
		case 1:
			if x >= 0 {
				s = "+" + s
			}
		case 2:
			s = strconv.FormatFloat(x, 'e', -1, 64)
		}
		return s
	case string:
		if g.r.Intn(2) == 0 {
			return "'" + strings.ReplaceAll(x, "'", `\'`) + "'"
		}
		return "'" + strings.ReplaceAll(x, "'", "''") + "'"
	case bool:
		return g.kw(strings.ToUpper(strconv.FormatBool(x)))
	case time.Time:
		if timestamp {
			return g.kw("TIMESTAMP") + g.osp() + "(" + g.osp() + "'" + x.Format(time.RFC3339) + "'" + g.osp() + ")"
		}
		return g.kw("DATE") + g.osp() + "(" + g.osp() + "'" + x.Format("2006-01-02") + "'" + g.osp() + ")"
	}
	panic(fmt.Sprintf("literal %T", v))
}

func litJSON(v any, timestamp bool) any {
	if t, ok := v.(time.Time); ok {
		if timestamp {
			return map[string]any{"timestamp": t.Format(time.RFC3339)}
		}
		return map[string]any{"date": t.Format("2006-01-02")}
	}
	return v
}

type refLike struct {
	q       queryable
	pattern string
	negate  bool
}

func (e *refLike) text(g *exprGen) string {
	not := ""
	if e.negate {
		not = g.kw("NOT") + g.sp()
	}
	return g.prop(e.q.name) + g.sp() + not + g.kw("LIKE") + g.sp() + litText(g, e.pattern, false)
}

func (e *refLike) json() any {
	j := map[string]any{"op": "like", "args": []any{prop(e.q.name), e.pattern}}
	if e.negate {
		return map[string]any{"op": "not", "args": []any{j}}
	}
	return j
}

// eval matches the pattern (% any characters, _ one character, \ escapes),
// case-sensitively.
func (e *refLike) eval(p item) truth {
	v := p.props[e.q.name]
	if v == nil {
		return tUnknown
	}
	var re strings.Builder
	re.WriteString(`^(?s:`)
	r := []rune(e.pattern)
	for i := 0; i < len(r); i++ {
		switch {
		case r[i] == '\\' && i+1 < len(r):
			i++
			re.WriteString(regexp.QuoteMeta(string(r[i])))
		case r[i] == '%':
			re.WriteString(`.*`)
		case r[i] == '_':
			re.WriteString(`.`)
		default:
			re.WriteString(regexp.QuoteMeta(string(r[i])))
		}
	}
	re.WriteString(`)$`)
	return tv(regexp.MustCompile(re.String()).MatchString(v.(string)) != e.negate)
}

type refIn struct {
	q      queryable
	vals   []any
	negate bool
}

func (e *refIn) text(g *exprGen) string {
	not := ""
	if e.negate {
		not = g.kw("NOT") + g.sp()
	}
	parts := make([]string, len(e.vals))
	for i, v := range e.vals {
		parts[i] = litText(g, v, false)
	}
	return g.prop(e.q.name) + g.sp() + not + g.kw("IN") + g.osp() + "(" + g.osp() + strings.Join(parts, g.osp()+","+g.osp()) + g.osp() + ")"
}

func (e *refIn) json() any {
	list := make([]any, len(e.vals))
	for i, v := range e.vals {
		list[i] = litJSON(v, false)
	}
	j := map[string]any{"op": "in", "args": []any{prop(e.q.name), list}}
	if e.negate {
		return map[string]any{"op": "not", "args": []any{j}}
	}
	return j
}

// eval: x IN (a, b) is x = a OR x = b.
func (e *refIn) eval(p item) truth {
	out := tFalse
	for _, v := range e.vals {
		c, ok := compareValue(p.props[e.q.name], v)
		if !ok {
			out = tUnknown
			continue
		}
		if c == 0 {
			out = tTrue
			break
		}
	}
	if e.negate {
		return out.not()
	}
	return out
}

type refBetween struct {
	q      queryable
	lo, hi float64
	negate bool
}

func (e *refBetween) text(g *exprGen) string {
	not := ""
	if e.negate {
		not = g.kw("NOT") + g.sp()
	}
	return g.prop(e.q.name) + g.sp() + not + g.kw("BETWEEN") + g.sp() + litText(g, e.lo, false) + g.sp() + g.kw("AND") + g.sp() + litText(g, e.hi, false)
}

func (e *refBetween) json() any {
	j := map[string]any{"op": "between", "args": []any{prop(e.q.name), e.lo, e.hi}}
	if e.negate {
		return map[string]any{"op": "not", "args": []any{j}}
	}
	return j
}

// eval: x BETWEEN a AND b is a <= x AND x <= b.
func (e *refBetween) eval(p item) truth {
	v, ok := p.props[e.q.name].(float64)
	if !ok {
		return tUnknown
	}
	return tv((e.lo <= v && v <= e.hi) != e.negate)
}

// spatial makes S_INTERSECTS of the geometry with a box or a point, most
// often in the Netherlands, of any size from a street to the country.
func (g *exprGen) spatial(q queryable) refExpr {
	x, y := 3.2+g.r.Float64()*4.2, 50.7+g.r.Float64()*2.9
	if g.r.Intn(20) == 0 {
		x, y = g.r.Float64()*20-10, g.r.Float64()*20+40
	}
	round := func(f float64) float64 { return math.Round(f*1e4) / 1e4 }
	e := &refIntersects{q: q, flip: g.r.Intn(5) == 0}
	if g.r.Intn(3) == 0 {
		e.point = &orb.Point{round(x), round(y)}
		return e
	}
	w, h := math.Pow(10, -3+g.r.Float64()*3.5), math.Pow(10, -3+g.r.Float64()*3.5)
	e.box = &orb.Bound{Min: orb.Point{round(x), round(y)}, Max: orb.Point{round(min(x+w, 180)), round(min(y+h, 90))}}
	return e
}

// refIntersects is S_INTERSECTS(geometry, BBOX(…) or POINT(…)).
type refIntersects struct {
	q     queryable
	box   *orb.Bound
	point *orb.Point
	flip  bool // the literal first
}

func (e *refIntersects) text(g *exprGen) string {
	var lit string
	if e.point != nil {
		lit = g.kw("POINT") + g.osp() + "(" + g.osp() + num(e.point[0]) + g.sp() + num(e.point[1]) + g.osp() + ")"
	} else {
		c := g.osp() + "," + g.osp()
		lit = g.kw("BBOX") + g.osp() + "(" + g.osp() + num(e.box.Min[0]) + c + num(e.box.Min[1]) + c + num(e.box.Max[0]) + c + num(e.box.Max[1]) + g.osp() + ")"
	}
	a, b := g.prop(e.q.name), lit
	if e.flip {
		a, b = b, a
	}
	return g.kw("S_INTERSECTS") + g.osp() + "(" + g.osp() + a + g.osp() + "," + g.osp() + b + g.osp() + ")"
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func (e *refIntersects) json() any {
	var lit any
	if e.point != nil {
		lit = map[string]any{"type": "Point", "coordinates": []float64{e.point[0], e.point[1]}}
	} else {
		lit = map[string]any{"bbox": []float64{e.box.Min[0], e.box.Min[1], e.box.Max[0], e.box.Max[1]}}
	}
	args := []any{prop(e.q.name), lit}
	if e.flip {
		args[0], args[1] = args[1], args[0]
	}
	return map[string]any{"op": "s_intersects", "args": args}
}

// eval: a point intersects a polygon it lies in; a box one that has a
// vertex in the box, an edge crossing the box's edges, or that holds the box.
func (e *refIntersects) eval(p item) truth {
	if e.point != nil {
		return tv(inside(p.geom, *e.point))
	}
	b := *e.box
	corners := []orb.Point{b.Min, {b.Max[0], b.Min[1]}, b.Max, {b.Min[0], b.Max[1]}}
	for _, poly := range p.geom {
		for _, ring := range poly {
			for i, v := range ring {
				if b.Min[0] <= v[0] && v[0] <= b.Max[0] && b.Min[1] <= v[1] && v[1] <= b.Max[1] {
					return tTrue
				}
				if i == 0 {
					continue
				}
				for k := range corners {
					if crosses(ring[i-1], v, corners[k], corners[(k+1)%4]) {
						return tTrue
					}
				}
			}
		}
	}
	return tv(inside(p.geom, b.Min))
}

// inside is the even-odd rule over every ring (holes included).
func inside(mp orb.MultiPolygon, pt orb.Point) bool {
	in := false
	for _, poly := range mp {
		for _, ring := range poly {
			for i := 1; i < len(ring); i++ {
				a, b := ring[i-1], ring[i]
				if (a[1] > pt[1]) != (b[1] > pt[1]) && pt[0] < a[0]+(pt[1]-a[1])*(b[0]-a[0])/(b[1]-a[1]) {
					in = !in
				}
			}
		}
	}
	return in
}

// crosses reports whether segments a-b and c-d properly cross.
func crosses(a, b, c, d orb.Point) bool {
	side := func(p, q, r orb.Point) float64 { return (q[0]-p[0])*(r[1]-p[1]) - (q[1]-p[1])*(r[0]-p[0]) }
	return side(a, b, c)*side(a, b, d) < 0 && side(c, d, a)*side(c, d, b) < 0
}
