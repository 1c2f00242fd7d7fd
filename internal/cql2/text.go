package cql2

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// token kinds of the text encoding.
const (
	tEOF = iota
	tIdent
	tQuotedIdent
	tString
	tNumber
	tOp // = <> < > <= >=
	tLParen
	tRParen
	tComma
)

type token struct {
	kind int
	text string // identifier, string value, number or operator
	pos  int    // 1-based character position
}

func (t token) shown() string {
	switch t.kind {
	case tEOF:
		return "end of filter"
	case tString:
		return "'" + t.text + "'"
	case tQuotedIdent:
		return `"` + t.text + `"`
	}
	return t.text
}

// lex splits s into tokens. On a character it cannot read it returns the
// tokens before it (ending in an end of filter there) and the error.
func lex(s string) ([]token, *Error) {
	out, err := lexTokens(s)
	if err != nil {
		return append(out, token{tEOF, "", err.Pos}), err
	}
	return out, nil
}

func lexTokens(s string) ([]token, *Error) {
	var out []token
	pos := 0 // character count before i
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		start := pos + 1
		if r == utf8.RuneError && w == 1 {
			return out, &Error{Pos: start, Msg: "not UTF-8"}
		}
		switch {
		case unicode.IsSpace(r):
			i, pos = i+w, pos+1
			continue
		case r == '(' || r == ')' || r == ',':
			kind := map[rune]int{'(': tLParen, ')': tRParen, ',': tComma}[r]
			out = append(out, token{kind, string(r), start})
			i, pos = i+1, pos+1
			continue
		case r == '=' || r == '<' || r == '>':
			op := string(r)
			if i+1 < len(s) && (s[i:i+2] == "<>" || s[i:i+2] == "<=" || s[i:i+2] == ">=") {
				op = s[i : i+2]
			}
			out = append(out, token{tOp, op, start})
			i, pos = i+len(op), pos+len(op)
			continue
		case r == '\'':
			var b strings.Builder
			j, n := i+1, pos+1
			closed := false
			for j < len(s) {
				c, cw := utf8.DecodeRuneInString(s[j:])
				if c == '\\' && j+1 < len(s) && s[j+1] == '\'' { // CQL2's other escapeQuote
					b.WriteByte('\'')
					j, n = j+2, n+2
					continue
				}
				if c == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						b.WriteByte('\'')
						j, n = j+2, n+2
						continue
					}
					closed = true
					j, n = j+1, n+1
					break
				}
				b.WriteRune(c)
				j, n = j+cw, n+1
			}
			if !closed {
				return out, &Error{Pos: start, Token: clip(s[i:]), Msg: "string not closed with '"}
			}
			out = append(out, token{tString, b.String(), start})
			i, pos = j, n
			continue
		case r == '"':
			end := strings.IndexByte(s[i+1:], '"')
			if end < 0 {
				return out, &Error{Pos: start, Token: clip(s[i:]), Msg: `quoted property name not closed with "`}
			}
			name := s[i+1 : i+1+end]
			out = append(out, token{tQuotedIdent, name, start})
			i, pos = i+end+2, pos+utf8.RuneCountInString(name)+2
			continue
		case r == '-' || r == '+' || r == '.' || (r >= '0' && r <= '9'):
			j := i
			if s[j] == '-' || s[j] == '+' {
				j++
			}
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.' || s[j] == 'e' || s[j] == 'E' ||
				((s[j] == '-' || s[j] == '+') && (s[j-1] == 'e' || s[j-1] == 'E'))) {
				j++
			}
			text := s[i:j]
			if _, err := strconv.ParseFloat(text, 64); err != nil {
				return out, &Error{Pos: start, Token: clip(text), Msg: "not a number"}
			}
			out = append(out, token{tNumber, text, start})
			pos += j - i
			i = j
			continue
		case unicode.IsLetter(r) || r == '_':
			j, n := i, pos
			for j < len(s) {
				c, cw := utf8.DecodeRuneInString(s[j:])
				if !(unicode.IsLetter(c) || unicode.IsDigit(c) || c == '_' || c == ':' || c == '.') {
					break
				}
				j, n = j+cw, n+1
			}
			out = append(out, token{tIdent, s[i:j], start})
			i, pos = j, n
			continue
		}
		return out, &Error{Pos: start, Token: string(r), Msg: "unexpected character"}
	}
	return append(out, token{tEOF, "", pos + 1}), nil
}

// ParseText parses the text encoding (cql2-text) against the queryables.
func ParseText(s string, q Queryables) (*Expr, error) {
	if utf8.RuneCountInString(s) > MaxLength {
		return nil, &Error{Msg: "filter longer than " + strconv.Itoa(MaxLength) + " characters"}
	}
	if strings.TrimSpace(s) == "" {
		return nil, &Error{Pos: 1, Msg: "empty filter"}
	}
	if err := checkUTF8(s); err != nil {
		return nil, err
	}
	// The first fault wins: a character the lexer rejects is reported only
	// when the tokens before it parse.
	toks, lexErr := lex(s)
	p := &textParser{toks: toks, q: q}
	n, err := p.orExpr(0)
	if err == nil {
		if t := p.peek(); t.kind != tEOF {
			err = p.errAt(t, "unexpected token after the expression")
		}
	}
	if lexErr != nil && (err == nil || err.(*Error).Pos >= lexErr.Pos) {
		return nil, lexErr
	}
	if err != nil {
		return nil, err
	}
	return &Expr{root: n}, nil
}

// checkUTF8 finds the first byte of s that is not UTF-8.
func checkUTF8(s string) error {
	if utf8.ValidString(s) {
		return nil
	}
	pos := 1
	for i := 0; i < len(s); pos++ {
		r, w := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && w == 1 {
			return &Error{Pos: pos, Token: fmt.Sprintf("%q", s[i:i+1]), Msg: "not UTF-8"}
		}
		i += w
	}
	return nil
}

type textParser struct {
	toks []token
	i    int
	q    Queryables
}

func (p *textParser) peek() token { return p.toks[p.i] }
func (p *textParser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func (p *textParser) errAt(t token, msg string) error {
	return &Error{Pos: t.pos, Token: clip(t.shown()), Msg: msg}
}

// keyword reports whether t is the (case-insensitive) keyword kw.
func keyword(t token, kw string) bool { return t.kind == tIdent && strings.EqualFold(t.text, kw) }

func (p *textParser) expect(kind int, what string) (token, error) {
	t := p.next()
	if t.kind != kind {
		return t, p.errAt(t, "expected "+what)
	}
	return t, nil
}

func (p *textParser) orExpr(depth int) (node, error) {
	if depth > MaxDepth {
		return nil, p.errAt(p.peek(), "filter nested too deeply")
	}
	terms, err := p.list("OR", depth, p.andExpr)
	if err != nil || len(terms) == 1 {
		return firstOf(terms), err
	}
	return orNode(terms), nil
}

func (p *textParser) andExpr(depth int) (node, error) {
	terms, err := p.list("AND", depth, p.notExpr)
	if err != nil || len(terms) == 1 {
		return firstOf(terms), err
	}
	return andNode(terms), nil
}

// list parses one or more operands joined by the keyword op.
func (p *textParser) list(op string, depth int, operand func(int) (node, error)) ([]node, error) {
	first, err := operand(depth)
	if err != nil {
		return nil, err
	}
	terms := []node{first}
	for keyword(p.peek(), op) {
		p.next()
		n, err := operand(depth)
		if err != nil {
			return nil, err
		}
		terms = append(terms, n)
	}
	return terms, nil
}

func firstOf(ns []node) node {
	if len(ns) == 0 {
		return nil
	}
	return ns[0]
}

func (p *textParser) notExpr(depth int) (node, error) {
	if keyword(p.peek(), "NOT") {
		p.next()
		if depth > MaxDepth {
			return nil, p.errAt(p.peek(), "filter nested too deeply")
		}
		n, err := p.notExpr(depth + 1)
		if err != nil {
			return nil, err
		}
		return notNode{n}, nil
	}
	return p.primary(depth)
}

func (p *textParser) primary(depth int) (node, error) {
	t := p.peek()
	switch {
	case t.kind == tLParen:
		p.next()
		n, err := p.orExpr(depth + 1)
		if err != nil {
			return nil, err
		}
		if _, err := p.expect(tRParen, "')'"); err != nil {
			return nil, err
		}
		return n, nil
	case keyword(t, "S_INTERSECTS"):
		return p.intersects()
	case t.kind == tEOF:
		return nil, p.errAt(t, "expected a predicate")
	}
	return p.predicate()
}

// operand is one side of a comparison: a property or a literal.
type operand struct {
	tok  token
	prop string // set for a property
	typ  Type
	kind litKind
	lit  any
}

func (p *textParser) operand() (operand, error) {
	t := p.next()
	o := operand{tok: t}
	switch {
	case t.kind == tString:
		o.kind, o.lit = litString, t.text
	case t.kind == tNumber:
		f, _ := strconv.ParseFloat(t.text, 64)
		o.kind, o.lit = litNumber, f
	case keyword(t, "TRUE") || keyword(t, "FALSE"):
		o.kind, o.lit = litBool, strings.EqualFold(t.text, "TRUE")
	case keyword(t, "DATE") || keyword(t, "TIMESTAMP"):
		isDate := keyword(t, "DATE")
		if _, err := p.expect(tLParen, "'(' after "+strings.ToUpper(t.text)); err != nil {
			return o, err
		}
		s, err := p.expect(tString, "a 'quoted' date")
		if err != nil {
			return o, err
		}
		v, msg := instantLiteral(s.text, isDate)
		if msg != "" {
			return o, p.errAt(s, msg)
		}
		if _, err := p.expect(tRParen, "')'"); err != nil {
			return o, err
		}
		o.kind, o.lit = litTimestamp, v
		if isDate {
			o.kind = litDate
		}
	case t.kind == tIdent || t.kind == tQuotedIdent:
		if t.kind == tIdent && isReserved(t.text) {
			return o, p.errAt(t, "expected a property or a literal")
		}
		typ, ok := p.q[t.text]
		if !ok {
			return o, p.errAt(t, "unknown property (see the queryables)")
		}
		o.prop, o.typ = t.text, typ
	default:
		return o, p.errAt(t, "expected a property or a literal")
	}
	return o, nil
}

// instantLiteral parses the string of DATE('…') or TIMESTAMP('…').
func instantLiteral(s string, isDate bool) (time.Time, string) {
	if isDate {
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return time.Time{}, "not a date YYYY-MM-DD"
		}
		return t, ""
	}
	// RFC 3339 (and CQL2's ABNF) let T and Z be written in lower case.
	t, err := time.Parse(time.RFC3339Nano, strings.ToUpper(s))
	if err != nil {
		return time.Time{}, "not an RFC 3339 timestamp (e.g. 2025-01-01T00:00:00Z)"
	}
	return t.UTC(), ""
}

var reserved = map[string]bool{"AND": true, "OR": true, "NOT": true, "IS": true, "NULL": true, "S_INTERSECTS": true, "BBOX": true, "POINT": true,
	"LIKE": true, "IN": true, "BETWEEN": true}

func isReserved(s string) bool { return reserved[strings.ToUpper(s)] }

var flipped = map[string]string{"=": "=", "<>": "<>", "<": ">", ">": "<", "<=": ">=", ">=": "<="}

func (p *textParser) predicate() (node, error) {
	left, err := p.operand()
	if err != nil {
		return nil, err
	}
	t := p.peek()
	if keyword(t, "IS") {
		p.next()
		negate := false
		if keyword(p.peek(), "NOT") {
			p.next()
			negate = true
		}
		if n := p.next(); !keyword(n, "NULL") {
			return nil, p.errAt(n, "expected NULL after IS")
		}
		if left.prop == "" {
			return nil, p.errAt(left.tok, "IS NULL takes a property")
		}
		return isNullNode{prop: left.prop, negate: negate, geometry: left.typ == Geometry}, nil
	}
	if n, ok, err := p.advanced(left); ok || err != nil {
		return n, err
	}
	if t.kind != tOp {
		if left.kind == litBool { // a boolean literal is a predicate of its own
			return boolNode(left.lit.(bool)), nil
		}
		return nil, p.errAt(t, "expected a comparison operator (= <> < > <= >=) or IS NULL")
	}
	p.next()
	right, err := p.operand()
	if err != nil {
		return nil, err
	}
	op := t.text
	prop, lit := left, right
	if left.prop == "" {
		prop, lit, op = right, left, flipped[op]
	}
	if prop.prop == "" {
		return nil, p.errAt(left.tok, "a comparison needs a property on one side")
	}
	return p.compareWith(prop, lit, op)
}

// compareWith is the comparison prop op lit, where lit must be a literal that
// fits the property's type (else an error at lit).
func (p *textParser) compareWith(prop, lit operand, op string) (node, error) {
	if lit.prop != "" {
		return nil, p.errAt(lit.tok, "comparing two properties is not supported; compare with a literal")
	}
	n, msg := checkComparison(prop.prop, prop.typ, op, lit.kind, lit.lit)
	if msg != "" {
		return nil, p.errAt(lit.tok, msg)
	}
	return n, nil
}

// advanced parses the rest of left [NOT] LIKE pattern, left [NOT] IN (…)
// or left [NOT] BETWEEN lo AND hi; ok is false when none follows.
func (p *textParser) advanced(left operand) (n node, ok bool, err error) {
	t := p.peek()
	negate := false
	if keyword(t, "NOT") {
		after := p.toks[p.i+1]
		if !keyword(after, "LIKE") && !keyword(after, "IN") && !keyword(after, "BETWEEN") {
			return nil, false, nil
		}
		p.next()
		negate, t = true, after
	}
	if !keyword(t, "LIKE") && !keyword(t, "IN") && !keyword(t, "BETWEEN") {
		return nil, false, nil
	}
	p.next()
	if left.prop == "" {
		return nil, true, p.errAt(left.tok, strings.ToUpper(t.text)+" takes a property on its left")
	}
	// lit reads one literal of the list or range, checked against the property.
	lit := func(op string) (node, error) {
		o, err := p.operand()
		if err != nil {
			return nil, err
		}
		return p.compareWith(left, o, op)
	}
	switch {
	case keyword(t, "LIKE"):
		o, err := p.operand()
		if err != nil {
			return nil, true, err
		}
		var msg string
		if n, msg = checkLike(left.prop, left.typ, o.kind, o.lit); msg != "" {
			if left.typ != String {
				return nil, true, p.errAt(t, msg)
			}
			return nil, true, p.errAt(o.tok, msg)
		}
	case keyword(t, "IN"):
		if _, err := p.expect(tLParen, "'(' after IN"); err != nil {
			return nil, true, err
		}
		var cmps []node
		for {
			c, err := lit("=")
			if err != nil {
				return nil, true, err
			}
			cmps = append(cmps, c)
			if p.peek().kind != tComma {
				break
			}
			p.next()
		}
		if _, err := p.expect(tRParen, "',' or ')' in the IN list"); err != nil {
			return nil, true, err
		}
		n = inList(cmps)
	default: // BETWEEN
		lo, err := lit(">=")
		if err != nil {
			return nil, true, err
		}
		if a := p.next(); !keyword(a, "AND") {
			return nil, true, p.errAt(a, "expected AND in BETWEEN … AND …")
		}
		hi, err := lit("<=")
		if err != nil {
			return nil, true, err
		}
		n = between(lo, hi)
	}
	if negate {
		n = notNode{n}
	}
	return n, true, nil
}

// intersects parses S_INTERSECTS(a, b): one argument the geometry property,
// the other a BBOX(…) or POINT(…) literal.
func (p *textParser) intersects() (node, error) {
	p.next()
	if _, err := p.expect(tLParen, "'(' after S_INTERSECTS"); err != nil {
		return nil, err
	}
	var n intersectsNode
	props := 0
	for arg := 0; arg < 2; arg++ {
		if arg == 1 {
			if _, err := p.expect(tComma, "','"); err != nil {
				return nil, err
			}
		}
		t := p.next()
		switch {
		case keyword(t, "BBOX"):
			if n.bound != nil || n.point != nil {
				return nil, p.errAt(t, "S_INTERSECTS compares the geometry property with one literal")
			}
			v, err := p.numbers(t, -1)
			if err != nil {
				return nil, err
			}
			b, msg := checkBBox(v)
			if msg != "" {
				return nil, p.errAt(t, msg)
			}
			n.bound = &b
		case keyword(t, "POINT"):
			if n.bound != nil || n.point != nil {
				return nil, p.errAt(t, "S_INTERSECTS compares the geometry property with one literal")
			}
			v, err := p.numbers(t, 2)
			if err != nil {
				return nil, err
			}
			if msg := checkPoint(v[0], v[1]); msg != "" {
				return nil, p.errAt(t, msg)
			}
			pt := orb.Point{v[0], v[1]}
			n.point = &pt
		case t.kind == tIdent || t.kind == tQuotedIdent:
			typ, ok := p.q[t.text]
			if !ok || isReserved(t.text) && t.kind == tIdent {
				return nil, p.errAt(t, "unknown property or geometry literal (BBOX or POINT supported)")
			}
			if typ != Geometry {
				return nil, p.errAt(t, "not a geometry property")
			}
			props++
		default:
			return nil, p.errAt(t, "expected the geometry property, BBOX(…) or POINT(…)")
		}
	}
	if _, err := p.expect(tRParen, "')'"); err != nil {
		return nil, err
	}
	if props != 1 {
		return nil, p.errAt(p.toks[p.i-1], "S_INTERSECTS compares the geometry property with one BBOX or POINT literal")
	}
	return n, nil
}

// numbers reads the parenthesised numbers of a BBOX (comma-separated) or a
// POINT (space-separated, want = 2).
func (p *textParser) numbers(kw token, want int) ([]float64, error) {
	if _, err := p.expect(tLParen, "'(' after "+strings.ToUpper(kw.text)); err != nil {
		return nil, err
	}
	var v []float64
	for {
		t := p.next()
		if t.kind != tNumber {
			return nil, p.errAt(t, "expected a number")
		}
		f, _ := strconv.ParseFloat(t.text, 64)
		v = append(v, f)
		nt := p.peek()
		if nt.kind == tRParen {
			p.next()
			break
		}
		if want < 0 {
			if _, err := p.expect(tComma, "',' between BBOX numbers"); err != nil {
				return nil, err
			}
		}
		if len(v) > 6 {
			return nil, p.errAt(nt, "too many numbers")
		}
	}
	if want > 0 && len(v) != want {
		return nil, p.errAt(kw, "POINT takes two numbers: POINT(lon lat)")
	}
	return v, nil
}

func clip(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	r := []rune(s)
	return string(r[:40]) + "…"
}
