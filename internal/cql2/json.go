package cql2

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// ParseJSON parses the JSON encoding (cql2-json) against the queryables.
func ParseJSON(s string, q Queryables) (*Expr, error) {
	if utf8.RuneCountInString(s) > MaxLength {
		return nil, &Error{Msg: fmt.Sprintf("filter longer than %d characters", MaxLength)}
	}
	if err := checkUTF8(s); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, &Error{Msg: "not JSON: " + err.Error(), Pos: int(dec.InputOffset()) + 1}
	}
	if dec.More() {
		return nil, &Error{Msg: "text after the JSON expression", Pos: int(dec.InputOffset()) + 1}
	}
	p := jsonParser{q: q}
	n, err := p.boolExpr(v, "$", 0)
	if err != nil {
		return nil, err
	}
	return &Expr{root: n}, nil
}

type jsonParser struct{ q Queryables }

func jerr(path string, token any, format string, args ...any) error {
	tok := ""
	if token != nil {
		b, _ := json.Marshal(token)
		tok = clip(string(b))
	}
	return &Error{Path: path, Token: tok, Msg: fmt.Sprintf(format, args...)}
}

func (p jsonParser) boolExpr(v any, path string, depth int) (node, error) {
	if depth > MaxDepth {
		return nil, jerr(path, nil, "filter nested too deeply")
	}
	if b, ok := v.(bool); ok {
		return boolNode(b), nil
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, jerr(path, v, "expected an expression {\"op\": …, \"args\": […]} or a boolean")
	}
	op, ok := obj["op"].(string)
	if !ok {
		return nil, jerr(path, v, "expected an object with \"op\" and \"args\"")
	}
	for k := range obj {
		if k != "op" && k != "args" {
			return nil, jerr(path+"."+k, k, "unknown member")
		}
	}
	args, ok := obj["args"].([]any)
	if !ok {
		return nil, jerr(path+".args", obj["args"], "\"args\" must be an array")
	}
	argPath := func(i int) string { return fmt.Sprintf("%s.args[%d]", path, i) }
	nargs := func(want int) error {
		if len(args) != want {
			return jerr(path+".args", nil, "%q takes %d argument(s), got %d", op, want, len(args))
		}
		return nil
	}
	switch op {
	case "and", "or":
		if len(args) < 2 {
			return nil, jerr(path+".args", nil, "%q takes at least 2 arguments, got %d", op, len(args))
		}
		terms := make([]node, len(args))
		for i, a := range args {
			n, err := p.boolExpr(a, argPath(i), depth+1)
			if err != nil {
				return nil, err
			}
			terms[i] = n
		}
		if op == "and" {
			return andNode(terms), nil
		}
		return orNode(terms), nil
	case "not":
		if err := nargs(1); err != nil {
			return nil, err
		}
		n, err := p.boolExpr(args[0], argPath(0), depth+1)
		if err != nil {
			return nil, err
		}
		return notNode{n}, nil
	case "isNull":
		if err := nargs(1); err != nil {
			return nil, err
		}
		o, err := p.scalar(args[0], argPath(0))
		if err != nil {
			return nil, err
		}
		if o.prop == "" {
			return nil, jerr(argPath(0), args[0], "isNull takes a property")
		}
		return isNullNode{prop: o.prop, geometry: o.typ == Geometry}, nil
	case "=", "<>", "<", ">", "<=", ">=":
		if err := nargs(2); err != nil {
			return nil, err
		}
		left, err := p.scalar(args[0], argPath(0))
		if err != nil {
			return nil, err
		}
		right, err := p.scalar(args[1], argPath(1))
		if err != nil {
			return nil, err
		}
		prop, lit, litPath, litRaw := left, right, argPath(1), args[1]
		if left.prop == "" {
			prop, lit, litPath, litRaw, op = right, left, argPath(0), args[0], flipped[op]
		}
		if prop.prop == "" {
			return nil, jerr(argPath(0), args[0], "a comparison needs a property on one side")
		}
		if lit.prop != "" {
			return nil, jerr(litPath, litRaw, "comparing two properties is not supported; compare with a literal")
		}
		n, msg := checkComparison(prop.prop, prop.typ, op, lit.kind, lit.lit)
		if msg != "" {
			return nil, jerr(litPath, litRaw, "%s", msg)
		}
		return n, nil
	case "like":
		if err := nargs(2); err != nil {
			return nil, err
		}
		prop, err := p.property(args[0], argPath(0), op)
		if err != nil {
			return nil, err
		}
		pat, err := p.scalar(args[1], argPath(1))
		if err != nil {
			return nil, err
		}
		n, msg := checkLike(prop.prop, prop.typ, pat.kind, pat.lit)
		if msg != "" {
			return nil, jerr(argPath(1), args[1], "%s", msg)
		}
		return n, nil
	case "between":
		if err := nargs(3); err != nil {
			return nil, err
		}
		prop, err := p.property(args[0], argPath(0), op)
		if err != nil {
			return nil, err
		}
		lo, err := p.literal(prop, ">=", args[1], argPath(1))
		if err != nil {
			return nil, err
		}
		hi, err := p.literal(prop, "<=", args[2], argPath(2))
		if err != nil {
			return nil, err
		}
		return between(lo, hi), nil
	case "in":
		if err := nargs(2); err != nil {
			return nil, err
		}
		prop, err := p.property(args[0], argPath(0), op)
		if err != nil {
			return nil, err
		}
		list, ok := args[1].([]any)
		if !ok || len(list) == 0 {
			return nil, jerr(argPath(1), args[1], "\"in\" takes a property and a non-empty array of literals")
		}
		cmps := make([]node, len(list))
		for i, v := range list {
			if cmps[i], err = p.literal(prop, "=", v, fmt.Sprintf("%s[%d]", argPath(1), i)); err != nil {
				return nil, err
			}
		}
		return inList(cmps), nil
	case "s_intersects":
		if err := nargs(2); err != nil {
			return nil, err
		}
		return p.intersects(args, argPath)
	}
	return nil, jerr(path+".op", op, "unknown or unsupported operator (supported: and, or, not, =, <>, <, >, <=, >=, isNull, like, between, in, s_intersects)")
}

func (p jsonParser) scalar(v any, path string) (operand, error) {
	var o operand
	switch x := v.(type) {
	case string:
		o.kind, o.lit = litString, x
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return o, jerr(path, v, "not a number")
		}
		o.kind, o.lit = litNumber, f
	case bool:
		o.kind, o.lit = litBool, x
	case map[string]any:
		if len(x) != 1 {
			return o, jerr(path, v, "expected {\"property\": …}, {\"date\": …}, {\"timestamp\": …} or a literal")
		}
		for k, raw := range x {
			s, ok := raw.(string)
			if !ok {
				return o, jerr(path+"."+k, raw, "expected a string")
			}
			switch k {
			case "property":
				typ, ok := p.q[s]
				if !ok {
					return o, jerr(path, s, "unknown property (see the queryables)")
				}
				o.prop, o.typ = s, typ
			case "date", "timestamp":
				t, msg := instantLiteral(s, k == "date")
				if msg != "" {
					return o, jerr(path, s, "%s", msg)
				}
				o.kind, o.lit = litTimestamp, t
				if k == "date" {
					o.kind = litDate
				}
			default:
				return o, jerr(path+"."+k, k, "unknown member (supported: property, date, timestamp)")
			}
		}
	default:
		return o, jerr(path, v, "expected a property or a literal")
	}
	return o, nil
}

// property reads the property argument of op.
func (p jsonParser) property(v any, path, op string) (operand, error) {
	o, err := p.scalar(v, path)
	if err != nil {
		return o, err
	}
	if o.prop == "" {
		return o, jerr(path, v, "%q takes a property as its first argument", op)
	}
	return o, nil
}

// literal reads a literal compared with prop by op.
func (p jsonParser) literal(prop operand, op string, v any, path string) (node, error) {
	o, err := p.scalar(v, path)
	if err != nil {
		return nil, err
	}
	if o.prop != "" {
		return nil, jerr(path, v, "comparing two properties is not supported; compare with a literal")
	}
	n, msg := checkComparison(prop.prop, prop.typ, op, o.kind, o.lit)
	if msg != "" {
		return nil, jerr(path, v, "%s", msg)
	}
	return n, nil
}

func (p jsonParser) intersects(args []any, argPath func(int) string) (node, error) {
	var n intersectsNode
	props := 0
	for i, a := range args {
		obj, ok := a.(map[string]any)
		if !ok {
			return nil, jerr(argPath(i), a, "expected the geometry property, {\"bbox\": […]} or a GeoJSON Point")
		}
		switch {
		case obj["property"] != nil:
			name, _ := obj["property"].(string)
			typ, ok := p.q[name]
			if !ok {
				return nil, jerr(argPath(i), obj["property"], "unknown property (see the queryables)")
			}
			if typ != Geometry {
				return nil, jerr(argPath(i), name, "not a geometry property")
			}
			props++
		case obj["bbox"] != nil:
			v, err := jsonNumbers(obj["bbox"], argPath(i)+".bbox")
			if err != nil {
				return nil, err
			}
			b, msg := checkBBox(v)
			if msg != "" {
				return nil, jerr(argPath(i), obj["bbox"], "%s", msg)
			}
			n.bound = &b
		case obj["type"] == "Point":
			v, err := jsonNumbers(obj["coordinates"], argPath(i)+".coordinates")
			if err != nil {
				return nil, err
			}
			if len(v) < 2 || len(v) > 3 {
				return nil, jerr(argPath(i)+".coordinates", obj["coordinates"], "a Point has 2 coordinates")
			}
			if msg := checkPoint(v[0], v[1]); msg != "" {
				return nil, jerr(argPath(i), obj["coordinates"], "%s", msg)
			}
			pt := orb.Point{v[0], v[1]}
			n.point = &pt
		default:
			return nil, jerr(argPath(i), a, "unsupported geometry: use the geometry property with {\"bbox\": […]} or a GeoJSON Point")
		}
	}
	if props != 1 || (n.bound == nil) == (n.point == nil) {
		return nil, jerr(argPath(0), nil, "s_intersects compares the geometry property with one bbox or Point")
	}
	return n, nil
}

func jsonNumbers(v any, path string) ([]float64, error) {
	arr, ok := v.([]any)
	if !ok {
		return nil, jerr(path, v, "expected an array of numbers")
	}
	out := make([]float64, len(arr))
	for i, x := range arr {
		n, ok := x.(json.Number)
		if !ok {
			return nil, jerr(fmt.Sprintf("%s[%d]", path, i), x, "expected a number")
		}
		f, err := n.Float64()
		if err != nil {
			return nil, jerr(fmt.Sprintf("%s[%d]", path, i), x, "not a number")
		}
		out[i] = f
	}
	return out, nil
}

// IsJSON reports whether s looks like the JSON encoding (starts with { or a
// JSON boolean), for messages that suggest filter-lang=cql2-json.
func IsJSON(s string) bool {
	return strings.HasPrefix(strings.TrimSpace(s), "{")
}
