package atlas

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// Answer is one answer of the questionnaire: a value on the indicator's
// scale (nil = not answered, unknown) with an optional evidence link and note.
type Answer struct {
	Value    *int   `json:"value"`
	Evidence string `json:"evidence,omitempty"`
	Note     string `json:"note,omitempty"`
}

// Answers are a questionnaire's answers by indicator id.
type Answers map[string]Answer

// Submission statuses.
const (
	Draft     = "draft"
	Submitted = "submitted"
	SentBack  = "sent_back"
	Approved  = "approved"
	Rejected  = "rejected"
)

// SubmissionInfo is a submission as its contributor and the coordinator see it.
type SubmissionInfo struct {
	ID           int64   `json:"id"`
	Code         string  `json:"code"`
	Name         string  `json:"name"`
	Status       string  `json:"status"`
	Reason       string  `json:"reason,omitempty"`
	Answers      Answers `json:"answers"`
	UpdatedAt    string  `json:"updated_at"`
	SubmittedAt  string  `json:"submitted_at,omitempty"`
	Organisation string  `json:"organisation"`
	Position     string  `json:"position"`
	Version      int64   `json:"version,omitempty"`
}

// Questionnaire is what the form for one municipality shows: the published
// values (to pre-fill) and the contributor's open submission, if any.
type Questionnaire struct {
	Code      string
	Name      string
	Published Answers
	Open      *SubmissionInfo // draft or sent back, nil when none
	// Waiting is the account's newest submission waiting for review, if any.
	Waiting *SubmissionInfo
}

// municipalityName returns the name of code in the newest year; a code
// merged away is Moved, an unknown one NotFound.
func (s *Service) municipalityName(ctx context.Context, code string) (string, error) {
	year, err := s.ResolveYear(ctx, LevelMunicipality, 0)
	if err != nil {
		return "", err
	}
	a, err := s.store.Area(ctx, year, LevelMunicipality, code)
	if err != nil {
		return "", s.orMoved(ctx, code, err)
	}
	return a.Name, nil
}

func (s *Service) requireScope(by Actor, code string) error {
	if !by.mayContribute(code) {
		return &Error{Kind: Forbidden, Message: fmt.Sprintf("your access does not include %s", code)}
	}
	return nil
}

// published returns the current published values of code as answers: the
// evidence is the value's own link, else its newest public source.
func (s *Service) published(ctx context.Context, code string) (Answers, error) {
	versions, err := s.store.History(ctx, []string{code}, s.cfg.Demo)
	if err != nil {
		return nil, err
	}
	out := Answers{}
	if len(versions) == 0 {
		return out, nil
	}
	for id, v := range versions[0].Values {
		val := v.Value
		ev := v.Evidence
		if ev == "" && len(v.Sources) > 0 {
			ev = v.Sources[0].URL
		}
		out[id] = Answer{Value: &val, Evidence: ev, Note: v.Note}
	}
	return out, nil
}

// Questionnaire returns the form of code for by: the published values and
// by's open submission. A contributor outside its scope is Forbidden.
func (s *Service) Questionnaire(ctx context.Context, by Actor, code string) (Questionnaire, error) {
	name, err := s.municipalityName(ctx, code)
	if err != nil {
		return Questionnaire{}, err
	}
	if err := s.requireScope(by, code); err != nil {
		return Questionnaire{}, err
	}
	q := Questionnaire{Code: code, Name: name}
	if q.Published, err = s.published(ctx, code); err != nil {
		return Questionnaire{}, err
	}
	if by.AccountID > 0 {
		sub, err := s.store.OpenSubmission(ctx, by.AccountID, code)
		switch {
		case errors.Is(err, store.ErrNotFound):
		case err != nil:
			return Questionnaire{}, err
		default:
			info, err := s.submissionInfo(ctx, sub)
			if err != nil {
				return Questionnaire{}, err
			}
			q.Open = &info
		}
		waiting, err := s.store.Submissions(ctx, by.AccountID, Submitted)
		if err != nil {
			return Questionnaire{}, err
		}
		for _, w := range waiting {
			if w.Code == code {
				info, err := s.submissionInfo(ctx, w)
				if err != nil {
					return Questionnaire{}, err
				}
				q.Waiting = &info
				break
			}
		}
	}
	return q, nil
}

// CheckAnswers validates answers against the framework and returns every
// problem, each naming its field (id.value, id.evidence, id.note).
func (s *Service) CheckAnswers(answers Answers) []Problem {
	var problems []Problem
	for _, in := range s.fw.Indicators() {
		a, ok := answers[in.ID]
		if !ok {
			continue
		}
		if a.Value != nil {
			if err := s.fw.CheckValue(in.ID, *a.Value); err != nil {
				problems = append(problems, Problem{in.ID + ".value", err.Error()})
			}
		}
		if a.Evidence != "" {
			if msg := assessment.CheckURL(a.Evidence); msg != "" {
				problems = append(problems, Problem{in.ID + ".evidence", msg})
			}
		}
		if msg := assessment.CheckText(a.Note, assessment.MaxNote, true); msg != "" {
			problems = append(problems, Problem{in.ID + ".note", msg})
		}
	}
	for id := range answers {
		if _, ok := s.fw.Indicator(id); !ok {
			problems = append(problems, Problem{id + ".value", fmt.Sprintf("unknown indicator %q", Clip(id))})
		}
	}
	return problems
}

// SaveAnswers stores by's answers for code as a draft, or submits them for
// review. Invalid answers store nothing (the saved draft stays as it was)
// and every problem is named. Submitting needs at least one value.
func (s *Service) SaveAnswers(ctx context.Context, by Actor, code string, answers Answers, submit bool) (SubmissionInfo, error) {
	if _, err := s.municipalityName(ctx, code); err != nil {
		return SubmissionInfo{}, err
	}
	if err := s.requireScope(by, code); err != nil {
		return SubmissionInfo{}, err
	}
	if by.AccountID == 0 {
		return SubmissionInfo{}, &Error{Kind: Forbidden, Message: "sign in with an account to submit data"}
	}
	problems := s.CheckAnswers(answers)
	if submit && len(problems) == 0 {
		n := 0
		for _, a := range answers {
			if a.Value != nil {
				n++
			}
		}
		if n == 0 {
			problems = append(problems, Problem{"stage.value", "answer at least one question before submitting"})
		}
	}
	if err := invalid(problems); err != nil {
		return SubmissionInfo{}, err
	}
	doc, err := json.Marshal(answers)
	if err != nil {
		return SubmissionInfo{}, err
	}
	sub, err := s.store.SaveSubmission(ctx, by.AccountID, code, doc, submit)
	if err != nil {
		return SubmissionInfo{}, err
	}
	return s.submissionInfo(ctx, sub)
}

func (s *Service) submissionInfo(ctx context.Context, sub store.Submission) (SubmissionInfo, error) {
	info := SubmissionInfo{ID: sub.ID, Code: sub.Code, Status: sub.Status, Reason: sub.Reason, UpdatedAt: sub.UpdatedAt, SubmittedAt: sub.SubmittedAt}
	if sub.Version.Valid {
		info.Version = sub.Version.Int64
	}
	if err := json.Unmarshal(sub.Document, &info.Answers); err != nil {
		return SubmissionInfo{}, err
	}
	if a, err := s.store.Account(ctx, sub.AccountID); err == nil {
		info.Organisation, info.Position = a.Organisation, a.Position
	}
	if name, err := s.municipalityName(ctx, sub.Code); err == nil {
		info.Name = name
	} else {
		info.Name = sub.Code
	}
	return info, nil
}

// MySubmissions lists by's submissions, newest first.
func (s *Service) MySubmissions(ctx context.Context, by Actor) ([]SubmissionInfo, error) {
	if by.AccountID == 0 {
		return nil, nil
	}
	subs, err := s.store.Submissions(ctx, by.AccountID)
	if err != nil {
		return nil, err
	}
	return s.infos(ctx, subs)
}

func (s *Service) infos(ctx context.Context, subs []store.Submission) ([]SubmissionInfo, error) {
	out := make([]SubmissionInfo, 0, len(subs))
	for _, sub := range subs {
		info, err := s.submissionInfo(ctx, sub)
		if err != nil {
			return nil, err
		}
		out = append(out, info)
	}
	return out, nil
}

// Correction is a report from the public, as the coordinator sees it.
type Correction = store.Correction

// Queue is the coordinator's work: submissions waiting for review and open
// corrections from the public.
type Queue struct {
	Submissions []SubmissionInfo
	Corrections []Correction
}

// Count is the number of items waiting.
func (q Queue) Count() int { return len(q.Submissions) + len(q.Corrections) }

// Queue returns the coordinator's queue.
func (s *Service) Queue(ctx context.Context, by Actor) (Queue, error) {
	if err := s.requireCoordinator(by); err != nil {
		return Queue{}, err
	}
	subs, err := s.store.Submissions(ctx, 0, Submitted)
	if err != nil {
		return Queue{}, err
	}
	var q Queue
	if q.Submissions, err = s.infos(ctx, subs); err != nil {
		return Queue{}, err
	}
	q.Corrections, err = s.store.Corrections(ctx, "open")
	return q, err
}

// DiffRow compares one indicator's published value with the proposed one.
type DiffRow struct {
	ID        string
	Label     string
	LabelEN   string
	Published *int
	Proposed  *int
	Evidence  string
	Note      string
	Changed   bool
}

// Review is a submission with its differences from the published values.
type Review struct {
	SubmissionInfo
	Rows []DiffRow
}

// Review returns submission id with a row per indicator (coordinators only).
func (s *Service) Review(ctx context.Context, by Actor, id int64) (Review, error) {
	if err := s.requireCoordinator(by); err != nil {
		return Review{}, err
	}
	sub, err := s.store.Submission(ctx, id)
	if err != nil {
		return Review{}, fromStore(err)
	}
	info, err := s.submissionInfo(ctx, sub)
	if err != nil {
		return Review{}, err
	}
	pub, err := s.published(ctx, sub.Code)
	if err != nil {
		return Review{}, err
	}
	r := Review{SubmissionInfo: info}
	for _, in := range s.fw.Indicators() {
		p, a := pub[in.ID], info.Answers[in.ID]
		row := DiffRow{ID: in.ID, Label: in.Label.In("nl"), LabelEN: in.Label.In("en"), Published: p.Value, Proposed: a.Value, Evidence: a.Evidence, Note: a.Note}
		row.Changed = !sameValue(p.Value, a.Value) || (a.Evidence != "" && a.Evidence != p.Evidence)
		r.Rows = append(r.Rows, row)
	}
	return r, nil
}

func sameValue(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// Approve publishes submission id as a new assessment version with basis
// (self_assessment or network_review), recorded as the contributor's
// organisation and position (coordinators only).
func (s *Service) Approve(ctx context.Context, by Actor, id int64, basis string) (SubmissionInfo, error) {
	if err := s.requireCoordinator(by); err != nil {
		return SubmissionInfo{}, err
	}
	if basis != assessment.BasisSelfAssessment && basis != assessment.BasisNetworkReview {
		return SubmissionInfo{}, FieldError("basis", "self_assessment or network_review")
	}
	sub, err := s.store.Submission(ctx, id)
	if err != nil {
		return SubmissionInfo{}, fromStore(err)
	}
	if sub.Status != Submitted {
		return SubmissionInfo{}, &Error{Kind: Conflict, Message: fmt.Sprintf("submission %d is %s, not waiting for review", id, sub.Status)}
	}
	info, err := s.submissionInfo(ctx, sub)
	if err != nil {
		return SubmissionInfo{}, err
	}
	a := assessment.Assessment{Code: sub.Code, AssessedOn: s.now().Format("2006-01-02"), Basis: basis, Values: map[string]assessment.Value{}}
	a.Source = "Zelfevaluatie via Inclusiekaart"
	if basis == assessment.BasisNetworkReview {
		a.Source = "Netwerkbeoordeling via Inclusiekaart"
	}
	a.Assessor = strings.TrimSuffix(info.Organisation+", "+info.Position, ", ")
	for id, ans := range info.Answers {
		if ans.Value != nil {
			a.Values[id] = assessment.Value{Value: *ans.Value, Evidence: ans.Evidence, Note: ans.Note}
		}
	}
	if err := a.Validate(s.fw, s.now()); err != nil {
		var fe *assessment.FieldError
		if errors.As(err, &fe) {
			return SubmissionInfo{}, &Error{Kind: InvalidField, Field: fe.Field, Message: fe.Error()}
		}
		return SubmissionInfo{}, err
	}
	done, err := s.store.ReviewSubmission(ctx, id, by.AccountID, Approved, "", &a)
	if err != nil {
		return SubmissionInfo{}, fromStore(err)
	}
	s.invalidate()
	return s.submissionInfo(ctx, done)
}

// SendBack returns submission id to its contributor with a reason they see;
// Reject closes it. Both need a reason (coordinators only).
func (s *Service) SendBack(ctx context.Context, by Actor, id int64, reason string) (SubmissionInfo, error) {
	return s.decline(ctx, by, id, SentBack, reason)
}

// Reject closes submission id without publishing it.
func (s *Service) Reject(ctx context.Context, by Actor, id int64, reason string) (SubmissionInfo, error) {
	return s.decline(ctx, by, id, Rejected, reason)
}

func (s *Service) decline(ctx context.Context, by Actor, id int64, status, reason string) (SubmissionInfo, error) {
	if err := s.requireCoordinator(by); err != nil {
		return SubmissionInfo{}, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return SubmissionInfo{}, invalid([]Problem{{"reason", "required: say what should change"}})
	}
	if msg := assessment.CheckText(reason, assessment.MaxNote, true); msg != "" {
		return SubmissionInfo{}, invalid([]Problem{{"reason", msg}})
	}
	done, err := s.store.ReviewSubmission(ctx, id, by.AccountID, status, reason, nil)
	if err != nil {
		return SubmissionInfo{}, fromStore(err)
	}
	return s.submissionInfo(ctx, done)
}

// CorrectionReport is what a member of the public reports.
type CorrectionReport struct {
	Code      string
	What      string
	SourceURL string
	Contact   string // optional; erased when the item is closed
}

// ReportCorrection stores a report from the public for the coordinator's queue.
func (s *Service) ReportCorrection(ctx context.Context, r CorrectionReport) (int64, error) {
	if _, err := s.municipalityName(ctx, r.Code); err != nil {
		return 0, err
	}
	var problems []Problem
	r.What = strings.TrimSpace(r.What)
	if r.What == "" {
		problems = append(problems, Problem{"what", "required: say what is not right"})
	} else if msg := assessment.CheckText(r.What, assessment.MaxNote, true); msg != "" {
		problems = append(problems, Problem{"what", msg})
	}
	r.SourceURL = strings.TrimSpace(r.SourceURL)
	if r.SourceURL != "" {
		if msg := assessment.CheckURL(r.SourceURL); msg != "" {
			problems = append(problems, Problem{"source_url", msg})
		}
	}
	var p *Problem
	if r.Contact, p = checkText("contact", r.Contact, 200, true); p != nil {
		problems = append(problems, *p)
	}
	if err := invalid(problems); err != nil {
		return 0, err
	}
	return s.store.AddCorrection(ctx, store.Correction{Code: r.Code, What: r.What, SourceURL: r.SourceURL, Contact: r.Contact})
}

// CloseCorrection closes a report and erases its contact details.
func (s *Service) CloseCorrection(ctx context.Context, by Actor, id int64) error {
	if err := s.requireCoordinator(by); err != nil {
		return err
	}
	return fromStore(s.store.CloseCorrection(ctx, id, by.AccountID))
}

// ContactRetention is how long contact details of reports are kept at most.
const ContactRetention = 90 * 24 * time.Hour

// EraseOldContacts applies the retention schedule: contact details of
// reports older than ContactRetention are erased.
func (s *Service) EraseOldContacts(ctx context.Context) (int64, error) {
	return s.store.EraseOldContacts(ctx, s.now().Add(-ContactRetention))
}

// Housekeeping applies the retention schedule: contact details of reports
// older than ContactRetention are erased, idle sessions and expired
// invitations deleted, sign-ups of meetings past the retention deleted,
// and responses to internship places closed longer than that.
// serve runs it at start and daily.
func (s *Service) Housekeeping(ctx context.Context) error {
	if _, err := s.EraseOldContacts(ctx); err != nil {
		return err
	}
	if _, err := s.DeleteOldSignups(ctx, s.cfg.SignupRetentionDays); err != nil {
		return err
	}
	if _, err := s.DeleteOldResponses(ctx, s.cfg.SignupRetentionDays); err != nil {
		return err
	}
	_, err := s.store.DeleteIdleSessions(ctx, s.now().Add(-SessionIdle))
	return err
}

// FeedToken makes (or replaces) the coordinator's feed token.
func (s *Service) FeedToken(ctx context.Context, by Actor) (string, error) {
	if err := s.requireCoordinator(by); err != nil || by.AccountID == 0 {
		return "", &Error{Kind: Forbidden, Message: "only a coordinator account has a feed"}
	}
	return s.store.FeedToken(ctx, by.AccountID)
}

// FeedQueue returns the queue for a feed token's coordinator.
func (s *Service) FeedQueue(ctx context.Context, token string) (Queue, error) {
	a, err := s.store.FeedAccount(ctx, token)
	if err != nil {
		return Queue{}, &Error{Kind: Unauthorized, Message: "unknown feed token"}
	}
	if !s.usable(a) || a.Role != Coordinator {
		return Queue{}, &Error{Kind: Unauthorized, Message: "this access has ended"}
	}
	return s.Queue(ctx, Actor{AccountID: a.ID, Role: a.Role})
}

// MunicipalityRef is a municipality's code and name.
type MunicipalityRef struct{ Code, Name string }

// PublicMunicipality returns the code and name of a municipality of the
// newest year (Moved for a code merged away, NotFound for an unknown one).
func (s *Service) PublicMunicipality(ctx context.Context, code string) (MunicipalityRef, error) {
	name, err := s.municipalityName(ctx, code)
	return MunicipalityRef{Code: code, Name: name}, err
}
