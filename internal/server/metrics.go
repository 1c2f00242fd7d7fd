package server

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the Prometheus metrics of one server process, served at
// /metrics: requests and their latency per route template (never the raw
// path, which would let a client create series at will), import durations
// and the hits and misses of the layer cache. They live on their own
// registry, so two servers in one test process never collide.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	imports  *prometheus.HistogramVec
	cache    *prometheus.CounterVec
	// series keeps the counter and histogram of each route, method and
	// status once looked up (the label hashing costs more than the count).
	series    sync.Map // requestKey -> requestSeries
	hit, miss prometheus.Counter
}

type requestKey struct {
	route, method string
	status        int
}

type requestSeries struct {
	count   prometheus.Counter
	latency prometheus.Observer
}

// NewMetrics registers the metrics (and the Go runtime and process
// collectors) on a new registry.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "inclusiekaart_http_requests_total",
			Help: "HTTP requests by route template, method and status (499: the client went away)."}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "inclusiekaart_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route template and method.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}}, []string{"route", "method"}),
		imports: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "inclusiekaart_import_duration_seconds",
			Help:    "Duration of imports (boundaries, assessments, public record, demo) by kind and outcome.",
			Buckets: prometheus.ExponentialBuckets(0.01, 3, 10)}, []string{"kind", "outcome"}),
		cache: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "inclusiekaart_layer_cache_requests_total",
			Help: "Lookups in the in-memory cache of encoded layers and lists, by result (hit or miss)."}, []string{"result"}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.imports, m.cache,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.hit, m.miss = m.cache.WithLabelValues("hit"), m.cache.WithLabelValues("miss")
	return m
}

// ObserveImport records the duration of an import of kind; it is the
// service's import hook (atlas.Config.OnImport).
func (m *Metrics) ObserveImport(kind string, d time.Duration, err error) {
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	m.imports.WithLabelValues(kind, outcome).Observe(d.Seconds())
}

func (m *Metrics) observeRequest(route, method string, status int, d time.Duration) {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodPost, http.MethodOptions, http.MethodDelete:
	default:
		method = "other"
	}
	key := requestKey{route, method, status}
	v, ok := m.series.Load(key)
	if !ok {
		v, _ = m.series.LoadOrStore(key, requestSeries{
			count:   m.requests.WithLabelValues(route, method, strconv.Itoa(status)),
			latency: m.latency.WithLabelValues(route, method),
		})
	}
	rs := v.(requestSeries)
	rs.count.Inc()
	rs.latency.Observe(d.Seconds())
}

func (m *Metrics) cacheLookup(hit bool) {
	if hit {
		m.hit.Inc()
	} else {
		m.miss.Inc()
	}
}

// handler serves the metrics in the Prometheus text format.
func (m *Metrics) handler() http.Handler {
	h := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}
