package site

import "github.com/inclusiekaart/inclusiekaart/internal/web"

func (s *Site) registerMembers(page func(string, web.HandlerFunc, ...string), get, both []string) {}
func (s *Site) registerTexts(page func(string, web.HandlerFunc, ...string), get, both []string)   {}
