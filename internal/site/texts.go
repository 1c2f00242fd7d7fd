package site

import "github.com/inclusiekaart/inclusiekaart/internal/web"

// registerTexts adds the explanation, the plan and the party-programme text.
func (s *Site) registerTexts(page func(string, web.HandlerFunc, ...string), get, both []string) {}
