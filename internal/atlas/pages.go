package atlas

import "context"

// PlanSlug is the page of the network's plan ("toekomstplanning").
const PlanSlug = "toekomstplanning"

// MaxPage is the longest Markdown a coordinator's page may hold.
const MaxPage = 50000

// Page returns the Markdown of a coordinator's page and when it was saved
// ("" when never written).
func (s *Service) Page(ctx context.Context, slug string) (markdown, updatedAt string, err error) {
	return s.store.Page(ctx, slug)
}

// SavePage stores a page's Markdown: coordinators only. The adapters render
// it without raw HTML.
func (s *Service) SavePage(ctx context.Context, by Actor, slug, markdown string) error {
	if err := s.requireCoordinator(by); err != nil {
		return err
	}
	md, p := checkLong("markdown", markdown, MaxPage)
	if p != nil {
		return invalid([]Problem{*p})
	}
	return s.store.SavePage(ctx, slug, md, by.AccountID, by.id())
}
