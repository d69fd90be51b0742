// Package metrics exposes what an operator needs to run kintsugi, in
// Prometheus' format, and nothing of anyone's content: requests by route
// pattern (never a raw path or an id), database pools, the Argon2id queue
// and login outcomes.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"kintsugi/internal/account"
	"kintsugi/internal/store"
)

// Metrics holds kintsugi's collectors in their own registry.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// New registers the collectors. The pool, queue and login figures are read
// from the store and the account service at scrape time.
func New(s *store.Store, accounts *account.Service) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kintsugi_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "kintsugi_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by route pattern and method.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route", "method"}),
	}
	m.reg.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&pools{store: s},
		&hashing{accounts: accounts},
		&logins{accounts: accounts},
	)
	return m
}

// Observe records one request; it is an httpx.Observer.
func (m *Metrics) Observe(route, method string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route, method).Observe(d.Seconds())
}

// Handler serves the metrics.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

var (
	poolOpen    = prometheus.NewDesc("kintsugi_db_connections_open", "Open database connections, by pool.", []string{"pool"}, nil)
	poolInUse   = prometheus.NewDesc("kintsugi_db_connections_in_use", "Database connections in use, by pool.", []string{"pool"}, nil)
	poolWaits   = prometheus.NewDesc("kintsugi_db_waits_total", "Times a request waited for a database connection, by pool.", []string{"pool"}, nil)
	poolWaited  = prometheus.NewDesc("kintsugi_db_wait_seconds_total", "Time spent waiting for a database connection, by pool.", []string{"pool"}, nil)
	hashRunning = prometheus.NewDesc("kintsugi_argon2_running", "Argon2id derivations running now.", nil, nil)
	hashWaiting = prometheus.NewDesc("kintsugi_argon2_waiting", "Argon2id derivations waiting for a slot.", nil, nil)
	hashSlots   = prometheus.NewDesc("kintsugi_argon2_slots", "Argon2id derivations allowed at once.", nil, nil)
	loginTotal  = prometheus.NewDesc("kintsugi_logins_total", "Login attempts answered by this instance, by outcome.", []string{"outcome"}, nil)
)

type pools struct{ store *store.Store }

func (p *pools) Describe(ch chan<- *prometheus.Desc) {
	ch <- poolOpen
	ch <- poolInUse
	ch <- poolWaits
	ch <- poolWaited
}

func (p *pools) Collect(ch chan<- prometheus.Metric) {
	for name, st := range p.store.PoolStats() {
		ch <- prometheus.MustNewConstMetric(poolOpen, prometheus.GaugeValue, float64(st.OpenConnections), name)
		ch <- prometheus.MustNewConstMetric(poolInUse, prometheus.GaugeValue, float64(st.InUse), name)
		ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(st.WaitCount), name)
		ch <- prometheus.MustNewConstMetric(poolWaited, prometheus.CounterValue, st.WaitDuration.Seconds(), name)
	}
}

type hashing struct{ accounts *account.Service }

func (h *hashing) Describe(ch chan<- *prometheus.Desc) {
	ch <- hashRunning
	ch <- hashWaiting
	ch <- hashSlots
}

func (h *hashing) Collect(ch chan<- prometheus.Metric) {
	st := h.accounts.HashStats()
	ch <- prometheus.MustNewConstMetric(hashRunning, prometheus.GaugeValue, float64(st.Running))
	ch <- prometheus.MustNewConstMetric(hashWaiting, prometheus.GaugeValue, float64(st.Waiting))
	ch <- prometheus.MustNewConstMetric(hashSlots, prometheus.GaugeValue, float64(st.Capacity))
}

type logins struct{ accounts *account.Service }

func (l *logins) Describe(ch chan<- *prometheus.Desc) { ch <- loginTotal }

func (l *logins) Collect(ch chan<- prometheus.Metric) {
	for outcome, n := range l.accounts.LoginStats() {
		ch <- prometheus.MustNewConstMetric(loginTotal, prometheus.CounterValue, float64(n), outcome)
	}
}
