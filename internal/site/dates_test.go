package site

import "testing"

// TestMeetingDatesNameTheDay: meetings add the day of the week to the one
// date format ("dinsdag 11 april 2017").
func TestMeetingDatesNameTheDay(t *testing.T) {
	if got := longDate("nl", "2017-04-11"); got != "dinsdag 11 april 2017" {
		t.Errorf("longDate nl = %q", got)
	}
	if got := longDate("en", "2017-04-11"); got != "Tuesday 11 April 2017" {
		t.Errorf("longDate en = %q", got)
	}
	if got := longDate("nl", "2019-05"); got != "mei 2019" {
		t.Errorf("longDate of a month = %q", got)
	}
}
