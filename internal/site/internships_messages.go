package site

import (
	"regexp"
	"sync"

	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
)

// internshipMessages are the texts of the inclusiestage pages.
var internshipMessages = map[string]map[string]string{
	"nl": {
		"navInternships": "Inclusiestage", "internshipsTitle": "Inclusiestage",
		"internshipsIntro": "Een inclusiestage is een stage bij of met een gemeente, voor mensen met een beperking. Zoek een plaats bij u in de buurt en in het deel van het leven dat bij u past. Reageren kan met het formulier bij elke stage.",
		"searchHeading":    "Zoeken", "fProvince": "Provincie", "anyProvince": "Alle provincies", "fDomain": "Leefdomein", "anyDomain": "Alle leefdomeinen",
		"fFrom": "Uw gemeente (voor afstand en suggesties)", "fKm": "Afstand vanaf uw gemeente", "anyKm": "Elke afstand", "kmOption": "tot %s km",
		"fNeeds": "Wat heeft u nodig op de werkplek?", "searchButton": "Zoeken",
		"resultsHeading": "Open stageplaatsen", "resultsCount": "%d open plaatsen", "noPlaces": "Er zijn nu geen open stageplaatsen die passen bij uw zoekvraag.",
		"whyHeading": "Waarom dit past", "reason_same_province": "in dezelfde provincie als %s (%s)", "reason_domain": "in het leefdomein dat u zocht: %s",
		"reason_needs_met": "wat u nodig heeft is er: %s", "reason_needs_missing": "niet genoemd door de aanbieder: %s", "distanceFrom": "%s km van %s",
		"fDepartment": "Afdeling", "fHours": "Uren per week", "hoursPerWeek": "%d uur per week", "fAccess": "Toegankelijkheid van de werkplek",
		"fAccessNote": "Toelichting op de toegankelijkheid (optioneel)", "fInternshipDescription": "Wat ga je doen? (optioneel)",
		"fContact": "Contactroute", "contactHint": "Beschrijf hoe kandidaten u bereiken, bijvoorbeeld: reageer met het formulier op deze pagina, of een algemeen adres van de organisatie (zoals stage@gemeente.nl). Geen naam of privé-adres van een persoon.",
		"fClosesOn": "Sluitingsdatum (JJJJ-MM-DD)", "closesOn": "Reageren kan tot en met", "accessNone": "niets aangevinkt",
		"acc_step_free": "drempelvrij", "acc_accessible_toilet": "toegankelijk toilet", "acc_quiet_room": "stilteruimte", "acc_sign_language": "gebarentaal mogelijk", "acc_easy_read": "informatie in eenvoudige taal",
		"respondHeading": "Reageren", "respondPurpose": "Waarom vragen we dit? Uw reactie gaat alleen naar de aanbieder van deze stage en de coördinator van het netwerk. Niemand anders ziet hem. Wat u nodig heeft, helpt de aanbieder de stage goed voor te bereiden. We wissen uw gegevens 90 dagen na de sluitingsdatum; u kunt ze ook zelf eerder wissen.",
		"fMessage": "Uw bericht (optioneel)", "consentRespond": "Ik ga akkoord dat het netwerk deze gegevens bewaart en laat zien aan de aanbieder van deze stage.", "respondButton": "Reactie versturen",
		"responded": "Dank u wel! Uw reactie staat klaar voor de aanbieder. De aanbieder neemt contact met u op.", "alreadyResponded": "Dit e-mailadres heeft al gereageerd op deze stage. Er is niets veranderd.",
		"deleteLinkIntro":     "Uw persoonlijke link om uw reactie te wissen. Bewaar hem goed: we tonen hem maar één keer.",
		"deleteResponseTitle": "Reactie wissen", "deleteResponseQuestion": "Wilt u uw reactie wissen? De aanbieder ziet hem dan niet meer.", "deleteResponseButton": "Ja, wis mijn reactie",
		"noticeResponseDeleted":  "Uw reactie is gewist.",
		"manageInternshipsTitle": "Stageplaatsen beheren", "publishInternship": "Stageplaats publiceren", "editInternship": "Stageplaats wijzigen", "saveInternship": "Stageplaats opslaan",
		"withdrawInternship": "Intrekken", "noticeInternshipSaved": "De stageplaats is opgeslagen.", "noticeInternshipWithdrawn": "De stageplaats is ingetrokken.",
		"noManaged": "U heeft nog geen stageplaatsen.", "responsesTitle": "Reacties", "responsesIntro": "Alleen u, de bijdragers van deze gemeente en de coördinator zien deze reacties. Ze worden gewist 90 dagen na de sluitingsdatum.",
		"noResponses": "Nog geen reacties.", "statusOpen": "open", "statusClosed": "gesloten", "statusWithdrawn": "ingetrokken", "responsesCount": "Reacties",
	},
	"en": {
		"navInternships": "Inclusion internships", "internshipsTitle": "Inclusion internships",
		"internshipsIntro": "An inclusion internship is an internship within or with a municipality, for people with a disability. Find a place near you, in the part of life that suits you. Respond with the form of each internship.",
		"searchHeading":    "Search", "fProvince": "Province", "anyProvince": "All provinces", "fDomain": "Life domain", "anyDomain": "All life domains",
		"fFrom": "Your municipality (for distance and suggestions)", "fKm": "Distance from your municipality", "anyKm": "Any distance", "kmOption": "up to %s km",
		"fNeeds": "What do you need at the workplace?", "searchButton": "Search",
		"resultsHeading": "Open internship places", "resultsCount": "%d open places", "noPlaces": "No open internship places match your search at the moment.",
		"whyHeading": "Why this suits you", "reason_same_province": "in the same province as %s (%s)", "reason_domain": "in the life domain you looked for: %s",
		"reason_needs_met": "what you need is there: %s", "reason_needs_missing": "not mentioned by the publisher: %s", "distanceFrom": "%s km from %s",
		"fDepartment": "Department", "fHours": "Hours per week", "hoursPerWeek": "%d hours per week", "fAccess": "Accessibility of the workplace",
		"fAccessNote": "More about accessibility (optional)", "fInternshipDescription": "What will you do? (optional)",
		"fContact": "Contact route", "contactHint": "Describe how candidates reach you, for example: respond with the form on this page, or a general address of the organisation (such as stage@gemeente.nl). No name or private address of a person.",
		"fClosesOn": "Closing date (YYYY-MM-DD)", "closesOn": "Respond until", "accessNone": "nothing ticked",
		"acc_step_free": "step-free", "acc_accessible_toilet": "accessible toilet", "acc_quiet_room": "quiet room", "acc_sign_language": "sign language available", "acc_easy_read": "easy-read information",
		"respondHeading": "Respond", "respondPurpose": "Why do we ask this? Your response goes only to the publisher of this internship and the network's coordinator. Nobody else sees it. What you need helps the publisher prepare well. We erase your details 90 days after the closing date; you can erase them yourself earlier.",
		"fMessage": "Your message (optional)", "consentRespond": "I agree that the network keeps these details and shows them to the publisher of this internship.", "respondButton": "Send response",
		"responded": "Thank you! Your response is ready for the publisher, who will contact you.", "alreadyResponded": "This e-mail address has already responded to this internship. Nothing has changed.",
		"deleteLinkIntro":     "Your personal link to erase your response. Keep it safe: we show it only once.",
		"deleteResponseTitle": "Erase response", "deleteResponseQuestion": "Do you want to erase your response? The publisher will no longer see it.", "deleteResponseButton": "Yes, erase my response",
		"noticeResponseDeleted":  "Your response is erased.",
		"manageInternshipsTitle": "Manage internship places", "publishInternship": "Publish an internship place", "editInternship": "Change internship place", "saveInternship": "Save internship place",
		"withdrawInternship": "Withdraw", "noticeInternshipSaved": "The internship place is saved.", "noticeInternshipWithdrawn": "The internship place is withdrawn.",
		"noManaged": "You have no internship places yet.", "responsesTitle": "Responses", "responsesIntro": "Only you, the contributors of this municipality and the coordinator see these responses. They are erased 90 days after the closing date.",
		"noResponses": "No responses yet.", "statusOpen": "open", "statusClosed": "closed", "statusWithdrawn": "withdrawn", "responsesCount": "Responses",
	},
}

// internshipDutch are the Dutch texts of the service's internship messages.
var internshipDutch = []struct {
	re *regexp.Regexp
	nl string
}{
	{regexp.MustCompile(`^choose one of the life domains$`), "kies een van de leefdomeinen"},
	{regexp.MustCompile(`^a whole number of hours per week, from 1 to (\d+)$`), "een heel aantal uren per week, van 1 tot en met $1"},
	{regexp.MustCompile(`^from 1 to (\d+) hours per week$`), "van 1 tot en met $1 uur per week"},
	{regexp.MustCompile(`^choose from the listed features$`), "kies uit de genoemde voorzieningen"},
	{regexp.MustCompile(`^required: say how candidates reach you.*$`), "vul in hoe kandidaten u bereiken (een adres van de organisatie, geen privé-adres)"},
	{regexp.MustCompile(`^lies in the past: the closing date is today or later$`), "ligt in het verleden: kies vandaag of later"},
}

var domainLabelsOnce sync.Once

func init() {
	addMessages(internshipMessages)
	dutchMessages = append(dutchMessages, internshipDutch...)
	for field, key := range map[string]string{"department": "fDepartment", "domain": "fDomain", "hours": "fHours", "access": "fAccess",
		"access_note": "fAccessNote", "contact_route": "fContact", "closes_on": "fClosesOn", "message": "fMessage"} {
		formLabels[field] = key
	}
	funcs["acc"] = func(t map[string]string, id string) string { return t["acc_"+id] }
	funcs["dom"] = func(t map[string]string, id string) string { return t["dom_"+id] }
	funcs["accList"] = func(t map[string]string, ids []string) string {
		out := ""
		for i, id := range ids {
			if i > 0 {
				out += ", "
			}
			out += t["acc_"+id]
		}
		return out
	}
}

// addDomainLabels adds the framework's life-domain labels to the messages
// ("dom_domain.work"), once.
func addDomainLabels(fw *scoring.Framework) {
	domainLabelsOnce.Do(func() {
		for _, in := range fw.Indicators() {
			for lang := range messages {
				messages[lang]["dom_"+in.ID] = in.Label.In(lang)
			}
		}
	})
}
