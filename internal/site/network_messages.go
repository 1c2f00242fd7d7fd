package site

import (
	"slices"
)

// networkMessages are the texts of the network's pages (meetings, joining,
// party programme, explanation, plan), merged into messages.
var networkMessages = map[string]map[string]string{
	"nl": {
		"navMeetings": "Bijeenkomsten", "navJoin": "Meedoen", "navElections": "Verkiezingen", "navWhat": "Wat is een inclusieve gemeente?", "navPlan": "Toekomstplanning",
		"meetingsTitle": "Bijeenkomsten", "meetingsIntro": "Het Netwerk Inclusieve Gemeenten organiseert landelijke en regionale bijeenkomsten. Iedereen is welkom: inwoners, raadsleden, ambtenaren en organisaties.",
		"upcoming": "Komende bijeenkomsten", "noUpcoming": "Er staan nu geen bijeenkomsten gepland.", "archive": "Archief",
		"historyLabel": "Geschiedenis van het netwerk", "historyNote": "Deze bijeenkomst is echt gebeurd. We tonen alleen wat bekend is; plaats en tijd zijn niet bekend.",
		"cancelled": "Geannuleerd", "national": "Landelijk", "regional": "Regionaal", "online": "Online", "unknown": "onbekend",
		"when": "Wanneer", "where": "Waar", "region": "Regio", "audience": "Voor wie", "places": "Plaatsen", "placesLeft": "nog vrij", "full": "Vol: u komt op de wachtlijst",
		"aud_council_members": "raadsleden", "aud_residents": "inwoners", "aud_civil_servants": "ambtenaren",
		"calendarAll": "Alle bijeenkomsten in uw agenda (iCalendar)", "calendarOne": "Zet in uw agenda (iCalendar)", "feedAll": "Atom-feed van bijeenkomsten", "details": "Meer over",
		"sourceLabel": "Bron", "timeUnknown": "tijd onbekend", "placeUnknown": "plaats onbekend",
		"signupHeading": "Aanmelden", "signupClosed": "Aanmelden kan niet (meer) voor deze bijeenkomst.",
		"yourName": "Uw naam", "yourEmail": "Uw e-mailadres", "yourMunicipality": "Uw gemeente (optioneel)", "noMunicipality": "Geen gemeente kiezen",
		"accessNeeds": "Wat heeft u nodig om mee te doen? (optioneel)", "accessHint": "Bijvoorbeeld een tolk gebarentaal, een rolstoeltoegankelijke zaal, informatie in eenvoudige taal, een rustige plek.",
		"signupPurpose": "Waarom vragen we dit? Uw naam en e-mailadres gebruiken we alleen voor deze bijeenkomst. Wat u nodig heeft, gebruiken we om de bijeenkomst goed voor te bereiden. Alleen de coördinator ziet het. We wissen uw gegevens 90 dagen na de bijeenkomst.",
		"consentSignup": "Ik ga akkoord dat het netwerk deze gegevens voor deze bijeenkomst bewaart.",
		"signupButton":  "Aanmelden", "signedUp": "U bent aangemeld.", "onWaitingList": "De bijeenkomst is vol. U staat op de wachtlijst. Komt er een plaats vrij, dan krijgt u die.",
		"alreadySignedUp": "Dit e-mailadres was al aangemeld voor deze bijeenkomst. Er is niets veranderd. Afmelden? Gebruik de link die u bij uw eerste aanmelding kreeg.",
		"cancelLinkIntro": "Uw persoonlijke link om af te melden. Bewaar hem goed: we tonen hem maar één keer.",
		"cancelTitle":     "Afmelden", "cancelQuestion": "Wilt u zich afmelden voor deze bijeenkomst? Uw gegevens worden dan gewist.", "cancelButton": "Ja, meld mij af",
		"noticeCancelled": "U bent afgemeld. Uw gegevens zijn gewist.", "statusConfirmed": "aangemeld", "statusWaiting": "op de wachtlijst", "yourStatus": "Uw aanmelding",
		"manageMeetingsTitle": "Bijeenkomsten beheren", "newMeeting": "Nieuwe bijeenkomst", "editMeeting": "Bijeenkomst wijzigen",
		"fTitle": "Titel", "fScope": "Soort", "fDate": "Datum (JJJJ-MM-DD)", "fStart": "Begintijd (UU:MM, optioneel)", "fEnd": "Eindtijd (UU:MM, optioneel)",
		"fOnline": "Online bijeenkomst", "fPlace": "Adres", "fLat": "Breedtegraad (optioneel, voor de kaart)", "fLon": "Lengtegraad (optioneel, voor de kaart)",
		"fRegion": "Provincie (optioneel)", "noRegion": "Geen provincie", "fAudience": "Voor wie", "fDescription": "Beschrijving", "fCapacity": "Aantal plaatsen",
		"saveMeeting": "Bijeenkomst opslaan", "cancelMeeting": "Bijeenkomst annuleren", "attendeesCSV": "Deelnemerslijst (CSV, met toegankelijkheidswensen)", "signups": "Aanmeldingen",
		"waitingCount": "wachtlijst", "edit": "Wijzigen",
		"joinTitle": "Meedoen met het netwerk", "joinIntro": "Word lid van het themanetwerk Inclusieve Gemeenten. U hoort dan over bijeenkomsten en kunt leren van andere gemeenten. Iedereen kan meedoen.",
		"joinPurpose": "Waarom vragen we dit? Met uw naam en e-mailadres kan de coördinator u uitnodigen. Uw rol en gemeente helpen om mensen met dezelfde vragen te verbinden. Op de kaart staat alleen hoeveel leden een gemeente heeft, nooit namen.",
		"memberRole":  "Ik doe mee als", "role_resident": "inwoner", "role_council_member": "raadslid", "role_civil_servant": "ambtenaar", "role_organisation": "organisatie", "role_researcher": "onderzoeker",
		"consentJoin": "Ik ga akkoord dat het netwerk deze gegevens bewaart tot ik opzeg.", "joinButton": "Meedoen",
		"joined": "Dank u wel! Uw aanmelding is ontvangen. De coördinator bevestigt uw lidmaatschap.", "alreadyMember": "Dit e-mailadres is al lid of aangemeld. Er is niets veranderd.",
		"leaveLinkIntro": "Uw persoonlijke link om op te zeggen. Bewaar hem goed: we tonen hem maar één keer.",
		"leaveTitle":     "Opzeggen", "leaveQuestion": "Wilt u stoppen met het netwerk? Uw gegevens worden dan gewist.", "leaveButton": "Ja, zeg op en wis mijn gegevens", "noticeLeft": "U bent geen lid meer. Uw gegevens zijn gewist.",
		"membersTitle": "Leden van het netwerk", "membersIntro": "Nieuwe leden wachten op uw bevestiging (er wordt geen e-mail verstuurd). Alleen u ziet deze gegevens.", "memberQueued": "wacht op bevestiging", "memberConfirmed": "lid",
		"planEmpty": "De coördinator heeft de planning van het netwerk nog niet beschreven.", "planUpdated": "Bijgewerkt op", "editPlan": "Planning bewerken",
		"planMarkdown": "Tekst van de planning (Markdown)", "planHint": "Koppen met #, lijsten met -, links als [tekst](https://…). HTML wordt niet getoond.",
		"confirmMember": "Bevestigen", "removeMember": "Verwijderen", "navMembers": "Leden",
	},
	"en": {
		"navMeetings": "Meetings", "navJoin": "Join", "navElections": "Elections", "navWhat": "What is an inclusive municipality?", "navPlan": "Future plan",
		"meetingsTitle": "Meetings", "meetingsIntro": "The Netwerk Inclusieve Gemeenten holds national and regional meetings. Everyone is welcome: residents, council members, civil servants and organisations.",
		"upcoming": "Upcoming meetings", "noUpcoming": "No meetings are planned at the moment.", "archive": "Archive",
		"historyLabel": "The network's history", "historyNote": "This meeting really took place. We show only what is known; place and time are unknown.",
		"cancelled": "Cancelled", "national": "National", "regional": "Regional", "online": "Online", "unknown": "unknown",
		"when": "When", "where": "Where", "region": "Region", "audience": "For", "places": "Places", "placesLeft": "left", "full": "Full: you join the waiting list",
		"aud_council_members": "council members", "aud_residents": "residents", "aud_civil_servants": "civil servants",
		"calendarAll": "All meetings in your calendar (iCalendar)", "calendarOne": "Add to your calendar (iCalendar)", "feedAll": "Atom feed of meetings", "details": "More about",
		"sourceLabel": "Source", "timeUnknown": "time unknown", "placeUnknown": "place unknown",
		"signupHeading": "Sign up", "signupClosed": "You cannot sign up for this meeting (any more).",
		"yourName": "Your name", "yourEmail": "Your e-mail address", "yourMunicipality": "Your municipality (optional)", "noMunicipality": "No municipality",
		"accessNeeds": "What do you need to take part? (optional)", "accessHint": "For example a sign language interpreter, wheelchair access, easy-read material, a quiet place.",
		"signupPurpose": "Why do we ask this? We use your name and e-mail address only for this meeting. What you need helps us prepare the meeting well. Only the coordinator sees it. We erase your details 90 days after the meeting.",
		"consentSignup": "I agree that the network keeps these details for this meeting.",
		"signupButton":  "Sign up", "signedUp": "You are signed up.", "onWaitingList": "The meeting is full. You are on the waiting list. When a place becomes free, it is yours.",
		"alreadySignedUp": "This e-mail address had already signed up for this meeting. Nothing has changed. To cancel, use the link you received when you first signed up.",
		"cancelLinkIntro": "Your personal link to cancel. Keep it safe: we show it only once.",
		"cancelTitle":     "Cancel sign-up", "cancelQuestion": "Do you want to cancel your sign-up for this meeting? Your details are then erased.", "cancelButton": "Yes, cancel my sign-up",
		"noticeCancelled": "Your sign-up is cancelled. Your details are erased.", "statusConfirmed": "signed up", "statusWaiting": "on the waiting list", "yourStatus": "Your sign-up",
		"manageMeetingsTitle": "Manage meetings", "newMeeting": "New meeting", "editMeeting": "Change meeting",
		"fTitle": "Title", "fScope": "Kind", "fDate": "Date (YYYY-MM-DD)", "fStart": "Start time (HH:MM, optional)", "fEnd": "End time (HH:MM, optional)",
		"fOnline": "Online meeting", "fPlace": "Address", "fLat": "Latitude (optional, for the map)", "fLon": "Longitude (optional, for the map)",
		"fRegion": "Province (optional)", "noRegion": "No province", "fAudience": "For", "fDescription": "Description", "fCapacity": "Number of places",
		"saveMeeting": "Save meeting", "cancelMeeting": "Cancel meeting", "attendeesCSV": "Attendee list (CSV, with access needs)", "signups": "Sign-ups",
		"waitingCount": "waiting list", "edit": "Change",
		"joinTitle": "Join the network", "joinIntro": "Join the theme network Inclusive Municipalities. You hear about meetings and can learn from other municipalities. Everyone can join.",
		"joinPurpose": "Why do we ask this? With your name and e-mail address the coordinator can invite you. Your role and municipality help connect people with the same questions. The map shows only how many members a municipality has, never names.",
		"memberRole":  "I join as", "role_resident": "resident", "role_council_member": "council member", "role_civil_servant": "civil servant", "role_organisation": "organisation", "role_researcher": "researcher",
		"consentJoin": "I agree that the network keeps these details until I leave.", "joinButton": "Join",
		"joined": "Thank you! We received your request. The coordinator will confirm your membership.", "alreadyMember": "This e-mail address is already a member or waiting. Nothing has changed.",
		"leaveLinkIntro": "Your personal link to leave. Keep it safe: we show it only once.",
		"leaveTitle":     "Leave", "leaveQuestion": "Do you want to leave the network? Your details are then erased.", "leaveButton": "Yes, leave and erase my details", "noticeLeft": "You are no longer a member. Your details are erased.",
		"membersTitle": "Members of the network", "membersIntro": "New members wait for your confirmation (no e-mail is sent). Only you see these details.", "memberQueued": "waiting for confirmation", "memberConfirmed": "member",
		"planEmpty": "The coordinator has not yet described the network's plan.", "planUpdated": "Updated on", "editPlan": "Edit the plan",
		"planMarkdown": "Text of the plan (Markdown)", "planHint": "Headings with #, lists with -, links as [text](https://…). HTML is not shown.",
		"confirmMember": "Confirm", "removeMember": "Remove", "navMembers": "Members",
	},
}

func init() {
	addMessages(networkMessages)
	funcs["longDate"] = longDate
	funcs["has"] = func(list []string, v string) bool { return slices.Contains(list, v) }
	funcs["list"] = func(v ...string) []string { return v }
	funcs["role"] = func(t map[string]string, id string) string { return t["role_"+id] }
	funcs["aud"] = func(t map[string]string, id string) string { return t["aud_"+id] }
}
