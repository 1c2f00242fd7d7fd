// Package csvsafe neutralises CSV text cells that a spreadsheet would run as
// a formula (CSV or formula injection). Every CSV output of the service writes
// its text cells through Cell; numbers are written as they are, so a -1 stays
// a number.
package csvsafe

// Cell returns s with a leading apostrophe when it starts with a character a
// spreadsheet reads as the start of a formula (= + - @) or that hides one
// (tab, carriage return), the OWASP advice; other text is returned unchanged.
func Cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
