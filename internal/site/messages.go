package site

import (
	"html/template"
	"strings"
)

// messages are the pages' texts, in plain Dutch (B1) and English.
var messages = map[string]map[string]string{
	"nl": {
		"siteName": "Inclusiekaart", "skip": "Naar de inhoud", "navLabel": "Hoofdmenu", "navMap": "Kaart", "navStakeholders": "Stakeholderkaart",
		"navContribute": "Bijdragen", "navManage": "Beheer", "navAccounts": "Toegang", "logout": "Uitloggen", "switchLang": "English", "switchLangCode": "en",
		"errorTitle": "Dat lukte niet", "errorBack": "Terug naar de kaart", "errorSignIn": "Inloggen",
		"problemsHeading": "Controleer deze velden", "required": "verplicht",
		"loginTitle": "Inloggen", "loginIntro": "Log in om gegevens van uw gemeente aan te vullen of om inzendingen te beoordelen. Een account krijgt u via een uitnodiging van de coördinator van het netwerk.",
		"name": "Accountnaam", "passphrase": "Wachtzin", "confirm": "Wachtzin nog een keer", "loginButton": "Inloggen",
		"loginRefused": "De naam of de wachtzin klopt niet, of deze toegang is beëindigd.",
		"inviteTitle":  "Kies uw wachtzin", "inviteIntro": "U bent uitgenodigd om bij te dragen aan de Inclusiekaart. Kies een wachtzin van minstens 12 tekens, bijvoorbeeld een paar woorden achter elkaar.",
		"inviteFor": "Account", "inviteOrg": "Zichtbaar bij uw bijdragen als", "inviteButton": "Wachtzin opslaan en inloggen",
		"contributeTitle": "Bijdragen", "contributeIntro": "Kies een gemeente om haar gegevens aan te vullen of te verbeteren. Wat u indient, ziet eerst de coördinator. Pas na goedkeuring staat het op de kaart.",
		"yourMunicipalities": "Uw gemeenten", "allMunicipalities": "U bent coördinator: open een gemeente via de kaart of via /bijdragen/ en de gemeentecode.",
		"yourSubmissions": "Uw inzendingen", "noSubmissions": "U heeft nog niets ingediend.", "status": "Stand", "reason": "Toelichting van de coördinator", "updated": "Laatst bewaard",
		"st_draft": "Concept", "st_submitted": "Wacht op beoordeling", "st_sent_back": "Teruggestuurd", "st_approved": "Goedgekeurd en gepubliceerd", "st_rejected": "Afgewezen",
		"questionnaireTitle": "Gegevens van", "qIntro": "Vul in wat u weet. De antwoorden zijn al ingevuld met wat nu op de kaart staat. Laat een vraag op ‘Weet ik niet’ staan als u het niet weet: dat telt niet als nul. Voeg bij een antwoord een link naar een bewijs toe als dat kan.",
		"qSentBack": "De coördinator heeft deze inzending teruggestuurd:", "qPartsNav": "Onderdelen van de vragenlijst", "qToSave": "Naar bewaren en indienen", "qSubmittedNote": "U heeft antwoorden voor deze gemeente ingediend; de coördinator beoordeelt ze nog. Wilt u iets veranderen? Bewaar dan hieronder een nieuw concept.",
		"unknownChoice": "Weet ik niet / niet invullen", "publishedNow": "Nu op de kaart", "nothingPublished": "nog niets",
		"evidence": "Link naar bewijs (optioneel)", "evidenceHint": "Een webadres dat begint met https:// of http://", "note": "Toelichting (optioneel)",
		"saveDraft": "Bewaar als concept", "submit": "Indienen voor beoordeling", "saveHint": "Een concept kunt u later verder invullen. Na indienen beoordeelt de coördinator uw antwoorden.",
		"noticeDraftSaved": "Uw concept is bewaard.", "noticeSubmitted": "Uw antwoorden zijn ingediend. De coördinator beoordeelt ze.",
		"noticeWelcome": "Welkom! Uw wachtzin is opgeslagen en u bent ingelogd.", "noticeSessionEnded": "U was te lang niet actief en bent uitgelogd. Uw antwoorden zijn niet verloren: log opnieuw in, dan ziet u ze terug.",
		"noticeResumed": "U bent weer ingelogd. Uw antwoorden staan hieronder; ze zijn nog niet bewaard. Bewaar ze als concept of dien ze in.",
		"queueTitle":    "Beheer", "queueCount": "Aantal wachtende items", "queueSubmissions": "Inzendingen om te beoordelen", "queueCorrections": "Meldingen van het publiek",
		"nothingWaiting": "Er wacht niets.", "review": "Beoordelen", "municipality": "Gemeente", "from": "Van", "submittedAt": "Ingediend",
		"what": "Wat klopt er niet?", "source": "Bron", "contact": "Contact", "closeCorrection": "Afhandelen (wist het contact)",
		"feedHeading": "Meldingen in uw feedlezer", "feedIntro": "Een Atom-feed met nieuwe items in de wachtrij. Het adres bevat een geheime sleutel; een nieuw adres maakt het oude ongeldig.", "feedButton": "Maak een feedadres",
		"noticeFeed": "Uw feedadres (bewaar het goed, het wordt maar één keer getoond):", "noticeReviewed": "Verwerkt.",
		"reviewTitle": "Inzending beoordelen:", "indicator": "Vraag", "published": "Nu gepubliceerd", "proposed": "Voorgesteld", "changed": "gewijzigd",
		"decision": "Besluit", "approveHeading": "Goedkeuren en publiceren", "basis": "Herkomst op de kaart", "basisSelf": "Zelfevaluatie (door de gemeente zelf)", "basisNetwork": "Netwerkbeoordeling (gecontroleerd door het netwerk)",
		"approve": "Goedkeuren en publiceren", "sendBackHeading": "Terugsturen of afwijzen", "reasonLabel": "Reden (de inzender ziet deze tekst)", "sendBack": "Terugsturen", "reject": "Afwijzen",
		"accountsTitle": "Toegang beheren", "accountsList": "Accounts", "role": "Rol", "organisation": "Organisatie (openbaar)", "position": "Functie (openbaar)", "codes": "Gemeentecodes (bijv. GM0193, GM0363)",
		"expiresOn": "Toegang tot en met (optioneel, JJJJ-MM-DD)", "roleContributor": "Bijdrager (voor eigen gemeenten)", "roleCoordinator": "Coördinator (beoordeelt en beheert)",
		"createAccount": "Nieuw account en uitnodiging", "createButton": "Account maken", "inviteLink": "Uitnodigingslink voor", "inviteLinkHint": "Stuur deze link zelf door. Hij werkt één keer en 14 dagen lang.",
		"active": "actief", "invited": "uitgenodigd", "revoked": "ingetrokken", "locked": "tijdelijk geblokkeerd", "save": "Opslaan", "newInvite": "Nieuwe uitnodigingslink", "revoke": "Toegang intrekken",
		"noticeAccountSaved": "Opgeslagen.", "edit": "Wijzigen",
		"correctionTitle": "Klopt dit niet? Melding over", "correctionIntro": "Ziet u iets op de kaart dat niet klopt, of kent u een betere bron? Laat het ons weten. U heeft geen account nodig. De coördinator van het netwerk bekijkt elke melding.",
		"sourceURL": "Link naar een bron (optioneel)", "contactLabel": "Uw e-mailadres of telefoonnummer (optioneel)",
		"contactPurpose": "Alleen om u vragen te stellen over deze melding. We tonen het nergens en wissen het als de melding is afgehandeld, en in elk geval na 90 dagen.",
		"honeypot":       "Laat dit veld leeg", "sendReport": "Melding versturen", "noticeReported": "Dank u wel. Uw melding is ontvangen.", "backToMap": "Terug naar de kaart",
		"yes": "ja", "no": "nee",
	},
	"en": {
		"siteName": "Inclusiekaart", "skip": "Skip to content", "navLabel": "Main menu", "navMap": "Map", "navStakeholders": "Stakeholder map",
		"navContribute": "Contribute", "navManage": "Manage", "navAccounts": "Access", "logout": "Sign out", "switchLang": "Nederlands", "switchLangCode": "nl",
		"errorTitle": "That did not work", "errorBack": "Back to the map", "errorSignIn": "Sign in",
		"problemsHeading": "Please check these fields", "required": "required",
		"loginTitle": "Sign in", "loginIntro": "Sign in to supply your municipality's data or to review submissions. You get an account through an invitation from the network's coordinator.",
		"name": "Account name", "passphrase": "Passphrase", "confirm": "Passphrase again", "loginButton": "Sign in",
		"loginRefused": "The name or passphrase is wrong, or this access has ended.",
		"inviteTitle":  "Choose your passphrase", "inviteIntro": "You are invited to contribute to the Inclusiekaart. Choose a passphrase of at least 12 characters, for example a few words in a row.",
		"inviteFor": "Account", "inviteOrg": "Shown with your contributions as", "inviteButton": "Save passphrase and sign in",
		"contributeTitle": "Contribute", "contributeIntro": "Choose a municipality to complete or correct its data. What you submit is first seen by the coordinator. It is on the map only after approval.",
		"yourMunicipalities": "Your municipalities", "allMunicipalities": "You are a coordinator: open a municipality from the map or at /bijdragen/ followed by its code.",
		"yourSubmissions": "Your submissions", "noSubmissions": "You have not submitted anything yet.", "status": "Status", "reason": "Coordinator's note", "updated": "Last saved",
		"st_draft": "Draft", "st_submitted": "Waiting for review", "st_sent_back": "Sent back", "st_approved": "Approved and published", "st_rejected": "Rejected",
		"questionnaireTitle": "Data of", "qIntro": "Fill in what you know. The answers start with what the map shows now. Leave a question at ‘I don't know’ when you do not know: that never counts as zero. Add a link to evidence where you can.",
		"qSentBack": "The coordinator sent this submission back:", "qPartsNav": "Parts of the questionnaire", "qToSave": "To save and submit", "qSubmittedNote": "You submitted answers for this municipality; the coordinator has not reviewed them yet. To change something, save a new draft below.",
		"unknownChoice": "I don't know / leave empty", "publishedNow": "On the map now", "nothingPublished": "nothing yet",
		"evidence": "Link to evidence (optional)", "evidenceHint": "A web address starting with https:// or http://", "note": "Note (optional)",
		"saveDraft": "Save as draft", "submit": "Submit for review", "saveHint": "You can continue a draft later. After you submit, the coordinator reviews your answers.",
		"noticeDraftSaved": "Your draft is saved.", "noticeSubmitted": "Your answers are submitted. The coordinator will review them.",
		"noticeWelcome": "Welcome! Your passphrase is saved and you are signed in.", "noticeSessionEnded": "You were inactive for too long and were signed out. Your answers are not lost: sign in again to see them.",
		"noticeResumed": "You are signed in again. Your answers are below; they are not saved yet. Save them as a draft or submit them.",
		"queueTitle":    "Manage", "queueCount": "Items waiting", "queueSubmissions": "Submissions to review", "queueCorrections": "Reports from the public",
		"nothingWaiting": "Nothing is waiting.", "review": "Review", "municipality": "Municipality", "from": "From", "submittedAt": "Submitted",
		"what": "What is not right?", "source": "Source", "contact": "Contact", "closeCorrection": "Close (erases the contact)",
		"feedHeading": "Notifications in your feed reader", "feedIntro": "An Atom feed of new items in the queue. The address holds a secret key; a new address makes the old one invalid.", "feedButton": "Make a feed address",
		"noticeFeed": "Your feed address (keep it safe, it is shown only once):", "noticeReviewed": "Done.",
		"reviewTitle": "Review submission:", "indicator": "Question", "published": "Published now", "proposed": "Proposed", "changed": "changed",
		"decision": "Decision", "approveHeading": "Approve and publish", "basis": "Basis shown on the map", "basisSelf": "Self-assessment (by the municipality)", "basisNetwork": "Network review (checked by the network)",
		"approve": "Approve and publish", "sendBackHeading": "Send back or reject", "reasonLabel": "Reason (the contributor sees this text)", "sendBack": "Send back", "reject": "Reject",
		"accountsTitle": "Manage access", "accountsList": "Accounts", "role": "Role", "organisation": "Organisation (public)", "position": "Position (public)", "codes": "Municipality codes (e.g. GM0193, GM0363)",
		"expiresOn": "Access until (optional, YYYY-MM-DD)", "roleContributor": "Contributor (for their municipalities)", "roleCoordinator": "Coordinator (reviews and manages)",
		"createAccount": "New account and invitation", "createButton": "Create account", "inviteLink": "Invitation link for", "inviteLinkHint": "Send this link yourself. It works once, for 14 days.",
		"active": "active", "invited": "invited", "revoked": "revoked", "locked": "temporarily locked", "save": "Save", "newInvite": "New invitation link", "revoke": "Revoke access",
		"noticeAccountSaved": "Saved.", "edit": "Change",
		"correctionTitle": "Is this not right? Report about", "correctionIntro": "Do you see something on the map that is not right, or do you know a better source? Let us know. You do not need an account. The network's coordinator reads every report.",
		"sourceURL": "Link to a source (optional)", "contactLabel": "Your e-mail address or phone number (optional)",
		"contactPurpose": "Only to ask you about this report. We never show it and erase it when the report is handled, and in any case after 90 days.",
		"honeypot":       "Leave this field empty", "sendReport": "Send report", "noticeReported": "Thank you. Your report has been received.", "backToMap": "Back to the map",
		"yes": "yes", "no": "no",
	},
}

// funcs are the templates' helpers.
var funcs = template.FuncMap{
	// fid is the HTML id of a field name ("route.1.value" → "f-route-1-value").
	"fid": func(name string) string { return "f-" + strings.NewReplacer(".", "-", "_", "-").Replace(name) },
	// is reports whether an optional value equals v.
	"is":     func(p *int, v int) bool { return p != nil && *p == v },
	"none":   func(p *int) bool { return p == nil },
	"status": func(t map[string]string, st string) string { return t["st_"+st] },
	"join":   strings.Join,
	"field":  func(ind string, sub string) string { return ind + "." + sub },
	"date": func(s string) string {
		if len(s) >= 10 {
			return s[:10]
		}
		return s
	},
	// dict builds the argument of a sub-template from name, value pairs.
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
}

// addMessages adds the texts of a group of pages to messages. A key that is
// already defined with another text is a programming error (one page's text
// would silently replace another's): it panics, so every test fails at once.
func addMessages(src map[string]map[string]string) {
	for lang, m := range src {
		for k, v := range m {
			if old, ok := messages[lang][k]; ok && old != v {
				panic("site: message " + lang + "." + k + " defined twice: " + old + " / " + v)
			}
			messages[lang][k] = v
		}
	}
}
