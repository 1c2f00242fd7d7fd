package site

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
)

// vtimezone describes Europe/Amsterdam with the EU rules in force since
// 1996 (summer time from the last Sunday of March, 02:00, to the last Sunday
// of October, 03:00), so calendars need no zone database of their own.
const vtimezone = "BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam\r\n" +
	"BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19960331T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n" +
	"BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19961027T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n" +
	"END:VTIMEZONE\r\n"

// icsText escapes a TEXT value (RFC 5545 3.3.11).
func icsText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// icsLine folds a content line at 75 octets, never inside a UTF-8 character.
func icsLine(b *strings.Builder, line string) {
	limit := 75
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut] + "\r\n ")
		line = line[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(line + "\r\n")
}

// calendar writes meetings as one iCalendar object (RFC 5545). Times with a
// known hour carry TZID=Europe/Amsterdam; a meeting without a known time is a
// whole-day event.
func calendar(name, base string, ms []atlas.Meeting, now time.Time) string {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Inclusiekaart//Bijeenkomsten//NL\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n")
	icsLine(&b, "X-WR-CALNAME:"+icsText(name))
	b.WriteString(vtimezone)
	host := strings.TrimPrefix(strings.TrimPrefix(base, "https://"), "http://")
	for _, m := range ms {
		b.WriteString("BEGIN:VEVENT\r\n")
		icsLine(&b, fmt.Sprintf("UID:meeting-%d@%s", m.ID, icsText(host)))
		stamp := now.UTC()
		if t, err := time.Parse(time.RFC3339, m.UpdatedAt); err == nil {
			stamp = t.UTC()
		}
		b.WriteString("DTSTAMP:" + stamp.Format("20060102T150405Z") + "\r\n")
		if m.StartTime == "" {
			day := m.Start()
			b.WriteString("DTSTART;VALUE=DATE:" + day.Format("20060102") + "\r\n")
			b.WriteString("DTEND;VALUE=DATE:" + day.AddDate(0, 0, 1).Format("20060102") + "\r\n")
		} else {
			b.WriteString("DTSTART;TZID=Europe/Amsterdam:" + m.Start().Format("20060102T150405") + "\r\n")
			if end := m.End(); !end.IsZero() {
				b.WriteString("DTEND;TZID=Europe/Amsterdam:" + end.Format("20060102T150405") + "\r\n")
			}
		}
		icsLine(&b, "SUMMARY:"+icsText(m.Title))
		desc := m.Description
		if m.History {
			desc = strings.TrimSpace("Geschiedenis van het netwerk. " + desc + " Bron: " + m.Source)
		}
		if desc != "" {
			icsLine(&b, "DESCRIPTION:"+icsText(desc))
		}
		switch {
		case m.Place != "":
			icsLine(&b, "LOCATION:"+icsText(m.Place))
		case m.Online:
			b.WriteString("LOCATION:Online\r\n")
		}
		if m.HasPoint() {
			b.WriteString(fmt.Sprintf("GEO:%.6f;%.6f\r\n", *m.Lat, *m.Lon))
		}
		icsLine(&b, fmt.Sprintf("URL:%s/bijeenkomsten/%d", base, m.ID))
		if m.Cancelled {
			b.WriteString("STATUS:CANCELLED\r\n")
		} else {
			b.WriteString("STATUS:CONFIRMED\r\n")
		}
		b.WriteString("END:VEVENT\r\n")
	}
	b.WriteString("END:VCALENDAR\r\n")
	return b.String()
}
