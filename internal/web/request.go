package web

import (
	"context"
	"encoding/hex"
	"math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// RequestInfo is what the outermost middleware of a server learns about a
// request, for handlers and the request log: its id, the client's address,
// the public base URL of absolute links, and (once the router matched) the
// route template.
type RequestInfo struct {
	ID       string
	ClientIP string
	// PublicURL is the configured base of absolute links (serve
	// --public-url), without a trailing slash; empty when not configured.
	PublicURL string
	// Route is the matched route template, "unmatched" until the router sets it.
	Route string
}

type infoKey struct{}

// WithInfo returns r carrying info.
func WithInfo(r *http.Request, info *RequestInfo) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), infoKey{}, info))
}

// Info is the RequestInfo r carries, or nil.
func Info(r *http.Request) *RequestInfo {
	info, _ := r.Context().Value(infoKey{}).(*RequestInfo)
	return info
}

// RequestID is the id of the request ctx belongs to, or "".
func RequestID(ctx context.Context) string {
	if info, ok := ctx.Value(infoKey{}).(*RequestInfo); ok {
		return info.ID
	}
	return ""
}

// NewRequestID keeps the caller's X-Request-Id when it is a plausible id (a
// proxy in front sets one), else makes a new random one.
func NewRequestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-Id"); validRequestID(id) {
		return id
	}
	// An id tells requests apart in the logs; it guards nothing, so the
	// runtime's fast generator does (crypto/rand would cost a system call).
	var b [12]byte
	x, y := rand.Uint64(), rand.Uint32()
	for i := range 8 {
		b[i] = byte(x >> (8 * i))
	}
	for i := range 4 {
		b[8+i] = byte(y >> (8 * i))
	}
	return hex.EncodeToString(b[:])
}

func validRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_.:", c)) {
			return false
		}
	}
	return true
}

// ResolveClientIP is the client's address: the connection's, unless that is a
// trusted proxy, in which case X-Forwarded-For is read from the right and the
// first address that is not a trusted proxy is the client (so a client cannot
// choose its own address by sending the header itself).
func ResolveClientIP(r *http.Request, trusted []netip.Prefix) string {
	peer := remoteHost(r)
	if len(trusted) == 0 || !isTrusted(peer, trusted) {
		return peer
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return client
		}
		client = a.Unmap().String()
		if !isTrusted(client, trusted) {
			return client
		}
	}
	return client
}

func isTrusted(ip string, trusted []netip.Prefix) bool {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func remoteHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// ParseCIDRs parses a comma-separated list of CIDR prefixes or single
// addresses (the --trusted-proxy setting).
func ParseCIDRs(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.Contains(part, "/") {
			a, err := netip.ParseAddr(part)
			if err != nil {
				return nil, err
			}
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// BaseURL is the absolute base of the links a response gives out (OGC links,
// invitations, feeds): the configured public URL when there is one; else,
// as a fallback for development, the request's scheme (X-Forwarded-Proto when
// a proxy terminates TLS) and Host header.
func BaseURL(r *http.Request) string {
	if info := Info(r); info != nil && info.PublicURL != "" {
		return info.PublicURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "https" || p == "http" {
		scheme = p
	}
	return scheme + "://" + r.Host
}
