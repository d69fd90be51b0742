package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/journey"
	"kintsugi/internal/safety"
	"kintsugi/internal/server"
	"kintsugi/internal/store"
)

// serve runs the web server until ctx ends (SIGINT or SIGTERM), then stops
// taking new requests, lets those under way finish, and closes the
// database, so every write that was acknowledged is on disk.
func serve(ctx context.Context, e *env, args []string) error {
	cfg, err := parse(e, "serve", args, (*Config).serveFlags)
	if err != nil {
		return err
	}
	log := newLogger(cfg, e.stderr)
	secret, err := loadSecret(cfg, log)
	if err != nil {
		return err
	}
	s, err := openForServing(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer s.Close()
	guide, err := journey.Load()
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
	handler, err := server.New(server.Deps{Store: s, Accounts: accounts, Guide: guide, Crisis: crisis, Log: log,
		TrustedProxies: cfg.TrustedProxies, QuickExitURL: cfg.QuickExitURL, SecureCookies: cfg.SecureCookies || cfg.TLSCert != ""})
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	scheme := "http"
	if cfg.TLSCert != "" {
		scheme = "https"
	}
	fmt.Fprintf(e.stdout, "kintsugi is listening on %s://%s (database: %s)\n", scheme, ln.Addr(), s.Engine())

	go prune(ctx, accounts, log)
	done := make(chan error, 1)
	go func() {
		if cfg.TLSCert != "" {
			done <- srv.ServeTLS(ln, cfg.TLSCert, cfg.TLSKey)
		} else {
			done <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests under way")
	stop, cancel := context.WithTimeout(context.Background(), cfg.ShutdownWait)
	defer cancel()
	if err := srv.Shutdown(stop); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// openForServing opens the database and makes sure its schema is current:
// migrating it when allowed, refusing to serve a stale one otherwise.
func openForServing(ctx context.Context, cfg *Config, log *slog.Logger) (*store.Store, error) {
	s, err := store.Open(ctx, cfg.Database, store.Options{})
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

// prune removes expired sessions and stale login counts every hour.
func prune(ctx context.Context, accounts *account.Service, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if err := accounts.Prune(ctx); err != nil && ctx.Err() == nil {
			log.Warn("pruning expired sessions failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
