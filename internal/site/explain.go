package site

import (
	"regexp"
	"strings"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
)

// The service's messages about form fields are its message ids (English);
// dutchMessages gives each its Dutch text for the pages, in plain language.
// A message without a Dutch text is shown as it is, marked as English.
var dutchMessages = []struct {
	re *regexp.Regexp
	nl string
}{
	{regexp.MustCompile(`^required$`), "vul dit in"},
	{regexp.MustCompile(`^required: say what should change$`), "vul in wat er moet veranderen"},
	{regexp.MustCompile(`^required: say what is not right$`), "vul in wat er niet klopt"},
	{regexp.MustCompile(`^required: give an address, or tick online$`), "vul een adres in, of kies online"},
	{regexp.MustCompile(`^required: tick that we may keep these details for this purpose$`), "vink aan dat we deze gegevens hiervoor mogen bewaren"},
	{regexp.MustCompile(`^not valid UTF-8( text)?$`), "bevat tekens die we niet kunnen lezen"},
	{regexp.MustCompile(`^is not valid UTF-8$`), "bevat tekens die we niet kunnen lezen"},
	{regexp.MustCompile(`^at most (\d+) characters$`), "maximaal $1 tekens"},
	{regexp.MustCompile(`^is (\d+) characters, at most (\d+) allowed$`), "dit is $1 tekens; maximaal $2"},
	{regexp.MustCompile(`^contains a control character( or line break| \(.*\))$`), "bevat een teken dat hier niet mag (bijvoorbeeld een regeleinde)"},
	{regexp.MustCompile(`^must not start with "(.)".*$`), "mag niet beginnen met $1 (een spreadsheet ziet dat als formule); begin met een letter of cijfer"},
	{regexp.MustCompile(`^code "(.*)" is not a CBS municipality code.*$`), "$1 is geen gemeentecode (GM en 4 cijfers, bijvoorbeeld GM0193)"},
	{regexp.MustCompile(`^(\S+) is not a municipality of any imported year$`), "$1 is geen gemeente op de kaart"},
	{regexp.MustCompile(`^a date written YYYY-MM-DD$`), "een datum als JJJJ-MM-DD, bijvoorbeeld 2027-03-31"},
	{regexp.MustCompile(`^coordinator or contributor$`), "kies coördinator of bijdrager"},
	{regexp.MustCompile(`^a contributor needs at least one municipality$`), "een bijdrager heeft minstens één gemeente nodig"},
	{regexp.MustCompile(`^at least (\d+) characters \(a few words make a good passphrase\)$`), "minstens $1 tekens (een paar woorden achter elkaar is een goede wachtzin)"},
	{regexp.MustCompile(`^must differ from the account name$`), "moet anders zijn dan de accountnaam"},
	{regexp.MustCompile(`^does not match the passphrase$`), "is niet gelijk aan de wachtzin"},
	{regexp.MustCompile(`^value (-?\d+) out of range (\d+)–(\d+)$`), "kies een waarde van $2 tot en met $3"},
	{regexp.MustCompile(`^".*" is not an absolute http\(s\) URL$`), "geef een webadres dat begint met https:// of http://"},
	{regexp.MustCompile(`^is not a valid URL \(contains spaces or control characters\)$`), "dit webadres bevat spaties of tekens die niet mogen"},
	{regexp.MustCompile(`^unknown indicator .*$`), "deze vraag bestaat niet"},
	{regexp.MustCompile(`^not one of the choices$`), "kies een van de mogelijkheden"},
	{regexp.MustCompile(`^answer at least one question before submitting$`), "beantwoord minstens één vraag voordat u indient"},
	{regexp.MustCompile(`^choose what to do$`), "kies wat u wilt doen"},
	{regexp.MustCompile(`^an account named "(.*)" exists$`), "er is al een account met de naam $1"},
	{regexp.MustCompile(`^not an e-mail address like naam@voorbeeld.nl$`), "geen e-mailadres zoals naam@voorbeeld.nl"},
	{regexp.MustCompile(`^a whole number of places, at least 1$`), "een heel getal, minstens 1"},
	{regexp.MustCompile(`^at least 1 place$`), "minstens 1 plaats"},
	{regexp.MustCompile(`^at most (\d+) places$`), "maximaal $1 plaatsen"},
	{regexp.MustCompile(`^lies in the past: a new meeting needs a date from today on$`), "ligt in het verleden: kies een datum vanaf vandaag"},
	{regexp.MustCompile(`^a time written HH:MM \(24 hours\)$`), "een tijd als UU:MM, bijvoorbeeld 14:30"},
	{regexp.MustCompile(`^must be after the start time$`), "moet na de begintijd liggen"},
	{regexp.MustCompile(`^choose one of the provinces$`), "kies een van de provincies"},
	{regexp.MustCompile(`^choose from the listed groups$`), "kies uit de genoemde groepen"},
	{regexp.MustCompile(`^choose national or regional$`), "kies landelijk of regionaal"},
	{regexp.MustCompile(`^choose one of the listed roles$`), "kies een van de rollen"},
}

// shownProblem is a problem as a page shows it: the field's label and the
// message in the page's language (Lang is set when the message is not).
type shownProblem struct {
	Field, Label, Message, Lang string
}

// formLabels are the labels (message keys) of the forms' plain fields.
var formLabels = map[string]string{
	"name": "name", "passphrase": "passphrase", "confirm": "confirm", "organisation": "organisation", "position": "position",
	"codes": "codes", "expires_on": "expiresOn", "role": "role", "basis": "basis", "reason": "reasonLabel", "what": "what",
	"source_url": "sourceURL", "contact": "contactLabel", "action": "decision",
}

func init() {
	addMessages(map[string]map[string]string{
		"nl": {"problemPart_evidence": "bewijs", "problemPart_note": "toelichting"},
		"en": {"problemPart_evidence": "evidence", "problemPart_note": "note"},
	})
}

// explain gives each problem its label and its message in lang.
func (s *Site) explain(ps []atlas.Problem, lang string) []shownProblem {
	t := messages[lang]
	out := make([]shownProblem, 0, len(ps))
	for _, p := range ps {
		sp := shownProblem{Field: p.Field, Label: p.Field, Message: p.Message}
		if key, ok := formLabels[p.Field]; ok && t[key] != "" {
			sp.Label = t[key]
		} else if id, sub, ok := cutLast(p.Field); ok {
			if in, found := s.svc.Framework().Indicator(id); found {
				sp.Label = in.Label.In(lang)
				if part := t["problemPart_"+sub]; part != "" {
					sp.Label += " – " + part
				}
			}
		}
		if lang == "nl" {
			sp.Message, sp.Lang = dutch(p.Message)
		}
		out = append(out, sp)
	}
	return out
}

// dutch returns the Dutch text of a message id, or the message marked "en".
func dutch(msg string) (string, string) {
	for _, d := range dutchMessages {
		if d.re.MatchString(msg) {
			return d.re.ReplaceAllString(msg, d.nl), ""
		}
	}
	return msg, "en"
}

func cutLast(field string) (string, string, bool) {
	i := strings.LastIndex(field, ".")
	if i < 0 {
		return "", "", false
	}
	return field[:i], field[i+1:], true
}
