package cli

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"strings"
	"text/tabwriter"
)

// showConfig prints the effective configuration of `kintsugi serve` with
// the same flags and environment, saying where each value came from and
// masking secrets.
func showConfig(ctx context.Context, e *env, args []string) error {
	var fs *flag.FlagSet
	cfg, err := parse(e, "config", args, func(c *Config, b *binder) {
		c.serveFlags(b)
		fs = b.fs
	})
	if err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	effective := map[string]string{
		"database":        maskURL(cfg.Database),
		"secret-file":     cfg.SecretFile,
		"trusted-proxies": fmt.Sprint(cfg.TrustedProxies),
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fs.VisitAll(func(f *flag.Flag) {
		value, ok := effective[f.Name]
		if !ok {
			value = f.Value.String()
		}
		if f.Name == "database-file" && value != "" {
			value += " (its contents are the database value above)"
		}
		envName := envOf(f.Usage)
		source := "default"
		switch {
		case set[f.Name]:
			source = "flag"
		case envName != "" && e.getenv(envName) != "":
			source = "$" + envName
		}
		fmt.Fprintf(w, "%s\t%s\t%s\n", f.Name, value, source)
	})
	return w.Flush()
}

// envOf reads the environment variable's name back out of a flag's usage
// text, which ends with "($NAME)".
func envOf(usage string) string {
	i := strings.LastIndex(usage, "($")
	if i < 0 || !strings.HasSuffix(usage, ")") {
		return ""
	}
	return usage[i+2 : len(usage)-1]
}

// maskURL hides a password in a database URL.
func maskURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}
