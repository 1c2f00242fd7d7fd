package geo

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseYear accepts a boundary year written as exactly four ASCII digits from
// 1800 to 2200 (no sign, no decimals), as the HTTP and OGC parameters take it.
func ParseYear(s string) (int, error) {
	t := strings.TrimSpace(s)
	ok := len(t) == 4
	for i := 0; ok && i < len(t); i++ {
		ok = t[i] >= '0' && t[i] <= '9'
	}
	y, err := strconv.Atoi(t)
	if !ok || err != nil || y < 1800 || y > 2200 {
		if len(s) > 40 {
			s = s[:40] + "…"
		}
		return 0, fmt.Errorf("%q is not a year (four digits, e.g. 2025)", s)
	}
	return y, nil
}
