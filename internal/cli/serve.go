package cli

import (
	"context"
	"errors"
	"fmt"
	"kintsugi/internal/accesslog"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/app"
	"kintsugi/internal/metrics"
	"kintsugi/internal/safety"
	"kintsugi/internal/server"
	"kintsugi/internal/share"
	"kintsugi/internal/store"
	"kintsugi/internal/together"
	"kintsugi/internal/tools"
	"kintsugi/internal/web"
)

// serve runs the web server until ctx ends (SIGINT or SIGTERM), then stops
// taking new requests, lets those under way finish, and closes the
// database, so every write that was acknowledged is on disk.
func serve(ctx context.Context, e *env, args []string) error {
	cfg, err := parse(e, "serve", args, (*Config).serveFlags)
	if err != nil {
		return err
	}
	logs := newLogWriter(e.stderr)
	defer logs.Close()
	log := newLogger(cfg, logs)
	s, err := openForServing(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer s.Close()
	secret, err := openSecret(ctx, cfg, s, log)
	if err != nil {
		return err
	}
	guide, catalog, err := tools.Load()
	if err != nil {
		return err
	}
	crisis, err := safety.Load(cfg.CrisisFile)
	if err != nil {
		return err
	}
	acfg := account.DefaultConfig()
	acfg.HashConcurrency = cfg.HashWorkers
	accounts, err := account.New(s, secret, acfg)
	if err != nil {
		return err
	}
	linking := together.New(s, accounts, secret)
	access := accesslog.New(s, accounts)
	sharing := share.New(s, accounts, catalog, secret, access)
	m := metrics.New(s, accounts)
	handler, err := server.New(server.Deps{
		Services: app.Services{Store: s, Accounts: accounts, Guide: guide, Tools: catalog, Crisis: crisis, Log: log,
			TrustedProxies: cfg.TrustedProxies, Imports: app.NewImportGate(), Together: linking, Shares: sharing, PublicURL: cfg.PublicURL, Secure: cfg.SecureCookies || cfg.TLSCert != "", AccessLog: access},
		Options: web.Options{QuickExitURL: cfg.QuickExitURL, AppName: cfg.AppName,
			SecureCookies: cfg.SecureCookies || cfg.TLSCert != ""},
		Metrics: m,
	})
	if err != nil {
		return err
	}
	public, err := listen(cfg.Addr, handler, log)
	if err != nil {
		return fmt.Errorf("listen on --addr %s: %w", cfg.Addr, err)
	}
	servers := []*listener{public}
	if cfg.MetricsAddr != "" {
		op, err := listen(cfg.MetricsAddr, server.Operator(s, m), log)
		if err != nil {
			public.ln.Close()
			return fmt.Errorf("listen on --metrics-addr %s, the operator's listener: %w "+
				"(another kintsugi on this machine? give each instance its own --metrics-addr, or --metrics-addr '' for none)",
				cfg.MetricsAddr, err)
		}
		servers = append(servers, op)
	}
	scheme := "http"
	if cfg.TLSCert != "" {
		scheme = "https"
	}
	fmt.Fprintf(e.stdout, "kintsugi is listening on %s://%s (database: %s)\n", scheme, public.ln.Addr(), s.Engine())
	if len(servers) > 1 {
		fmt.Fprintf(e.stdout, "metrics and health for the operator on http://%s\n", servers[1].ln.Addr())
	}

	// Start-up leaves garbage behind (parsing templates, building the
	// passphrase estimator's dictionaries): return it to the system once
	// serving, off the path to being ready.
	go debug.FreeOSMemory()
	go prune(ctx, accounts, linking, sharing, log)
	done := make(chan error, len(servers))
	public.start(done, cfg.TLSCert, cfg.TLSKey)
	for _, l := range servers[1:] {
		l.start(done, "", "")
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests under way")
	stop, cancel := context.WithTimeout(context.Background(), cfg.ShutdownWait)
	defer cancel()
	var errs []error
	for _, l := range servers {
		errs = append(errs, l.srv.Shutdown(stop))
	}
	for range servers {
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// listener is one HTTP server on one address.
type listener struct {
	srv *http.Server
	ln  net.Listener
}

func listen(addr string, h http.Handler, log *slog.Logger) (*listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &listener{ln: ln, srv: &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}}, nil
}

func (l *listener) start(done chan<- error, cert, key string) {
	go func() {
		if cert != "" {
			done <- l.srv.ServeTLS(l.ln, cert, key)
			return
		}
		done <- l.srv.Serve(l.ln)
	}()
}

// openForServing opens the database and makes sure its schema is current:
// migrating it when allowed, refusing to serve a stale one otherwise.
func openForServing(ctx context.Context, cfg *Config, log *slog.Logger) (*store.Store, error) {
	s, err := store.Open(ctx, cfg.Database, store.Options{MaxConns: cfg.DBConns})
	if err != nil {
		return nil, err
	}
	if cfg.Migrate {
		n, err := s.Migrate(ctx)
		if err != nil {
			s.Close()
			return nil, err
		}
		if n > 0 {
			log.Info("migrated the database", "migrations", n, "schema", store.SchemaVersion())
		}
	}
	if err := s.CheckSchema(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// prune removes expired sessions, stale login counts, invitations and
// shares that ran out, every hour. (Nothing reads a share once it has run
// out: this takes its copies and keys away.)
func prune(ctx context.Context, accounts *account.Service, linking *together.Service, sharing *share.Service, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if err := errors.Join(accounts.Prune(ctx), linking.Prune(ctx), sharing.Prune(ctx)); err != nil && ctx.Err() == nil {
			log.Warn("pruning expired sessions, invitations and shares failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
