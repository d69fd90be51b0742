package cli

import (
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is kintsugi's configuration: each field is a flag with an
// environment-variable twin (the flag wins). It is parsed and checked once
// and passed down; nothing reads it from a global.
type Config struct {
	Addr           string
	MetricsAddr    string
	DataDir        string
	Database       string
	SecretFile     string
	NewSecret      bool
	Migrate        bool
	CrisisFile     string
	QuickExitURL   string
	AppName        string
	PublicURL      string
	TrustedProxies []netip.Prefix
	SecureCookies  bool
	TLSCert        string
	TLSKey         string
	LogFormat      string
	LogLevel       string
	HashWorkers    int
	DBConns        int
	ShutdownWait   time.Duration

	proxies      string // --trusted-proxies as typed; parsed into TrustedProxies
	databaseFile string // --database-file; read into Database
}

// binder registers flags whose defaults come from the environment.
type binder struct {
	fs     *flag.FlagSet
	getenv func(string) string
	errs   []error
}

func (b *binder) env(name string) (string, bool) {
	v := b.getenv(name)
	return v, v != ""
}

func (b *binder) str(p *string, name, envName, def, usage string) {
	if v, ok := b.env(envName); ok {
		def = v
	}
	b.fs.StringVar(p, name, def, usage+" ($"+envName+")")
}

func (b *binder) boolean(p *bool, name, envName string, def bool, usage string) {
	if v, ok := b.env(envName); ok {
		parsed, err := strconv.ParseBool(v)
		if err != nil {
			b.errs = append(b.errs, fmt.Errorf("$%s: %q is not true or false", envName, v))
		}
		def = parsed
	}
	b.fs.BoolVar(p, name, def, usage+" ($"+envName+")")
}

func (b *binder) integer(p *int, name, envName string, def int, usage string) {
	if v, ok := b.env(envName); ok {
		parsed, err := strconv.Atoi(v)
		if err != nil {
			b.errs = append(b.errs, fmt.Errorf("$%s: %q is not a whole number", envName, v))
		}
		def = parsed
	}
	b.fs.IntVar(p, name, def, usage+" ($"+envName+")")
}

func (b *binder) duration(p *time.Duration, name, envName string, def time.Duration, usage string) {
	if v, ok := b.env(envName); ok {
		parsed, err := time.ParseDuration(v)
		if err != nil {
			b.errs = append(b.errs, fmt.Errorf("$%s: %q is not a duration like 30s", envName, v))
		}
		def = parsed
	}
	b.fs.DurationVar(p, name, def, usage+" ($"+envName+")")
}

// storageFlags are shared by every command that opens the database.
func (c *Config) storageFlags(b *binder) {
	b.str(&c.DataDir, "data-dir", "KINTSUGI_DATA_DIR", "data", "directory for the SQLite database and the server secret")
	b.str(&c.Database, "database", "KINTSUGI_DATABASE", "", "database: a SQLite file path, or a postgres:// URL (default <data-dir>/kintsugi.db)")
	b.str(&c.databaseFile, "database-file", "KINTSUGI_DATABASE_FILE", "", "file holding the database URL, so a password stays out of the environment")
	b.str(&c.SecretFile, "secret-file", "KINTSUGI_SECRET_FILE", "", "server secret file, created on first start (default <data-dir>/server.key)")
}

// serveFlags are the flags of `kintsugi serve`.
func (c *Config) serveFlags(b *binder) {
	c.storageFlags(b)
	b.str(&c.Addr, "addr", "KINTSUGI_ADDR", "127.0.0.1:8080", "address to listen on")
	b.str(&c.MetricsAddr, "metrics-addr", "KINTSUGI_METRICS_ADDR", "127.0.0.1:9464", "operator address for /metrics, /healthz and /readyz (empty: off)")
	b.boolean(&c.Migrate, "migrate", "KINTSUGI_MIGRATE", true, "run pending migrations at start (else refuse a stale schema)")
	b.boolean(&c.NewSecret, "new-secret", "KINTSUGI_NEW_SECRET", false, "accept a new server secret for a database used with another, lost one (everyone then signs in once with their recovery key)")
	b.str(&c.PublicURL, "public-url", "KINTSUGI_PUBLIC_URL", "", "the address people open, like https://kintsugi.example.org (default: from each request)")
	b.str(&c.CrisisFile, "crisis-file", "KINTSUGI_CRISIS_FILE", "", "JSON file of crisis resources and phrases (default: built in)")
	b.str(&c.AppName, "name", "KINTSUGI_NAME", "kintsugi", "the name in every signed-in page's title and on the welcome page: pick a plain one if the tab should say nothing")
	b.str(&c.QuickExitURL, "quick-exit-url", "KINTSUGI_QUICK_EXIT_URL", "https://www.bbc.com/weather", "neutral page the quick-exit control leads to")
	b.str(&c.proxies, "trusted-proxies", "KINTSUGI_TRUSTED_PROXIES", "", "comma-separated CIDRs of reverse proxies whose X-Forwarded-For is believed")
	b.boolean(&c.SecureCookies, "secure-cookies", "KINTSUGI_SECURE_COOKIES", false, "mark cookies Secure (set when TLS ends at a proxy)")
	b.str(&c.TLSCert, "tls-cert", "KINTSUGI_TLS_CERT", "", "TLS certificate file (serve HTTPS directly)")
	b.str(&c.TLSKey, "tls-key", "KINTSUGI_TLS_KEY", "", "TLS private key file")
	b.str(&c.LogFormat, "log-format", "KINTSUGI_LOG_FORMAT", "text", "log format: text or json")
	b.str(&c.LogLevel, "log-level", "KINTSUGI_LOG_LEVEL", "info", "log level: debug, info, warn or error")
	b.integer(&c.DBConns, "db-conns", "KINTSUGI_DB_CONNS", 0, "database connections to keep (0: picked from the CPUs and engine)")
	b.integer(&c.HashWorkers, "argon2-workers", "KINTSUGI_ARGON2_WORKERS", 2, "Argon2id derivations at once (each holds 64 MiB)")
	b.duration(&c.ShutdownWait, "shutdown-wait", "KINTSUGI_SHUTDOWN_WAIT", 30*time.Second, "how long to let requests finish on shutdown")
}

// finish fills derived defaults and checks the whole configuration.
func (c *Config) finish(b *binder) error {
	errs := b.errs
	for _, s := range strings.Split(c.proxies, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			errs = append(errs, fmt.Errorf("--trusted-proxies: %q is not a CIDR like 10.0.0.0/8", s))
			continue
		}
		c.TrustedProxies = append(c.TrustedProxies, p)
	}
	if c.databaseFile != "" {
		if c.Database != "" {
			errs = append(errs, errors.New("--database and --database-file: give one, not both"))
		}
		b, err := os.ReadFile(c.databaseFile)
		if err != nil {
			errs = append(errs, fmt.Errorf("--database-file: %w", err))
		}
		c.Database = strings.TrimSpace(string(b))
	}
	if c.DataDir == "" {
		errs = append(errs, errors.New("--data-dir must not be empty"))
	}
	if c.Database == "" {
		c.Database = filepath.Join(c.DataDir, "kintsugi.db")
	}
	if c.SecretFile == "" {
		c.SecretFile = filepath.Join(c.DataDir, "server.key")
	}
	if c.QuickExitURL != "" {
		if err := checkWebURL(c.QuickExitURL); err != nil {
			errs = append(errs, fmt.Errorf("--quick-exit-url %q: %w", c.QuickExitURL, err))
		}
	}
	if c.PublicURL != "" {
		if err := checkWebURL(c.PublicURL); err != nil {
			errs = append(errs, fmt.Errorf("--public-url %q: %w", c.PublicURL, err))
		}
		c.PublicURL = strings.TrimSuffix(c.PublicURL, "/")
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		errs = append(errs, errors.New("--tls-cert and --tls-key go together"))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" && c.LogFormat != "" {
		errs = append(errs, fmt.Errorf("--log-format %q: use text or json", c.LogFormat))
	}
	for flag, addr := range map[string]string{"--addr": c.Addr, "--metrics-addr": c.MetricsAddr} {
		if addr != "" && !strings.Contains(addr, ":") {
			errs = append(errs, fmt.Errorf("%s %q: use host:port, like 127.0.0.1:8080", flag, addr))
		}
	}
	if c.Addr != "" && c.Addr == c.MetricsAddr && !strings.HasSuffix(c.Addr, ":0") {
		errs = append(errs, errors.New("--metrics-addr must differ from --addr: metrics are for the operator, not the public"))
	}
	if c.DBConns < 0 {
		errs = append(errs, errors.New("--db-conns must not be negative"))
	}
	if c.Addr != "" && c.HashWorkers < 1 {
		errs = append(errs, errors.New("--argon2-workers must be at least 1"))
	}
	return errors.Join(errs...)
}

// checkWebURL accepts only an absolute http or https URL with a host: a
// bare "www.example.org/weather" would be a path on kintsugi itself.
func checkWebURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return errors.New("use an absolute http or https address, like https://www.example.org/")
	}
	return nil
}
