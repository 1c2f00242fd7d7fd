package cql2

import (
	"fmt"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// SQLSchema tells SQL how to read the queryables. The translation writes
// only what these return, operators, parentheses and ? placeholders: every
// literal of the filter travels as an argument, never inside the SQL text.
type SQLSchema struct {
	// Column returns the SQL expression of a property (with its own
	// arguments), ok false when it cannot be read in SQL.
	Column func(name string) (expr string, args []any, ok bool)
	// Intersects returns the condition for S_INTERSECTS(geometry, …) with a
	// bbox or a point; ok false when it cannot be decided in SQL.
	Intersects func(b *orb.Bound, p *orb.Point) (cond string, args []any, ok bool)
}

// SQL translates e into a parameterised SQL condition that is TRUE exactly
// where Match is (SQL's NULL is CQL2's UNKNOWN: the three-valued logic is the
// same). ok is false when some part cannot be translated; the caller then
// evaluates the filter with Match.
func (e *Expr) SQL(sc SQLSchema) (cond string, args []any, ok bool) {
	var b sqlBuilder
	b.sc = sc
	if !b.node(e.root) || len(b.args) > maxSQLArgs {
		return "", nil, false
	}
	return b.sb.String(), b.args, true
}

// maxSQLArgs keeps a translation well below SQLite's limit on ? arguments
// (32766); a filter that needs more (a long IN list on a property whose
// column carries arguments of its own) is left to Match.
const maxSQLArgs = 20000

type sqlBuilder struct {
	sc   SQLSchema
	sb   strings.Builder
	args []any
}

func (b *sqlBuilder) write(s string, args ...any) {
	b.sb.WriteString(s)
	b.args = append(b.args, args...)
}

func (b *sqlBuilder) node(n node) bool {
	switch x := n.(type) {
	case andNode:
		return b.list([]node(x), " AND ")
	case orNode:
		return b.list([]node(x), " OR ")
	case notNode:
		b.write("(NOT ")
		if !b.node(x.n) {
			return false
		}
		b.write(")")
		return true
	case boolNode:
		if x {
			b.write("1")
		} else {
			b.write("0")
		}
		return true
	case isNullNode:
		if x.geometry { // not a column: left to Match
			return false
		}
		expr, args, ok := b.sc.Column(x.prop)
		if !ok {
			return false
		}
		op := " IS NULL)"
		if x.negate {
			op = " IS NOT NULL)"
		}
		b.write("("+expr+op, args...)
		return true
	case cmpNode:
		return b.cmp(x)
	case likeNode:
		expr, args, ok := b.sc.Column(x.prop)
		if !ok {
			return false
		}
		// GLOB is LIKE's case-sensitive sibling (SQLite's LIKE ignores ASCII
		// case): * any run, ? one character, [c] one literal c.
		b.write("("+expr+" GLOB ?)", append(append([]any{}, args...), globPattern(x.pattern))...)
		return true
	case intersectsNode:
		if b.sc.Intersects == nil {
			return false
		}
		cond, args, ok := b.sc.Intersects(x.bound, x.point)
		if !ok {
			return false
		}
		b.write("("+cond+")", args...)
		return true
	}
	return false
}

// list writes the operands joined by sep as a balanced tree of
// parentheses: SQLite parses a flat a OR b OR c … as a chain as deep as it
// is long and refuses one deeper than 1000 (a long IN list).
func (b *sqlBuilder) list(ns []node, sep string) bool {
	if len(ns) == 1 {
		return b.node(ns[0])
	}
	half := len(ns) / 2
	b.write("(")
	if !b.list(ns[:half], sep) {
		return false
	}
	b.write(sep)
	if !b.list(ns[half:], sep) {
		return false
	}
	b.write(")")
	return true
}

var sqlOps = map[string]string{"=": "=", "<>": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}

func (b *sqlBuilder) cmp(n cmpNode) bool {
	op, ok := sqlOps[n.op]
	if !ok {
		return false
	}
	expr, args, ok := b.sc.Column(n.prop)
	if !ok {
		return false
	}
	var lit any
	switch n.typ {
	case String:
		lit = n.lit.(string)
	case Number, Integer:
		lit = n.lit.(float64)
	case Boolean:
		lit = b2i(n.lit.(bool))
	case Date:
		t := n.lit.(time.Time).UTC()
		// Values are days (their start, UTC); a literal at a day's start
		// compares as its YYYY-MM-DD text. Anything else is left to Match.
		if !t.Equal(t.Truncate(24*time.Hour)) || t.Year() < 1000 || t.Year() > 9999 {
			return false
		}
		lit = t.Format("2006-01-02")
		// Only a valid YYYY-MM-DD value is a date (Match parses it; SQLite's
		// date() normalises 2025-02-30, so it must give the value back).
		expr = fmt.Sprintf("(CASE WHEN date(%s) = %s THEN %s END)", expr, expr, expr)
		args = append(append(append([]any{}, args...), args...), args...)
	default:
		return false
	}
	b.write("("+expr+" "+op+" ?)", append(append([]any{}, args...), lit)...)
	return true
}

// globPattern is the SQLite GLOB pattern of a LIKE pattern.
func globPattern(like string) string {
	var g strings.Builder
	for _, p := range likeParts(like) {
		switch p {
		case "%":
			g.WriteString("*")
		case "_":
			g.WriteString("?")
		default:
			switch c := p[1:]; c {
			case "*", "?", "[":
				g.WriteString("[" + c + "]")
			default:
				g.WriteString(c)
			}
		}
	}
	return g.String()
}
