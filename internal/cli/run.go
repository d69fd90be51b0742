// Package cli is the kintsugi command: one binary whose subcommands each
// parse their own flags into a Config and run.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"strings"

	"kintsugi/internal/store"
)

// Version is set at build time with -ldflags "-X kintsugi/internal/cli.Version=…".
var Version = "dev"

// ErrUsage is returned for a command line that could not be understood;
// the message has been printed already.
var ErrUsage = errors.New("usage")

type command struct {
	name, summary string
	run           func(ctx context.Context, env *env, args []string) error
}

// env is what a command may touch of the outside world.
type env struct {
	getenv         func(string) string
	stdout, stderr io.Writer
}

var commands = []command{
	{"serve", "run the web server", serve},
	{"migrate", "bring the database schema up to date", migrate},
	{"config", "print the effective configuration, secrets masked", showConfig},
	{"backup", "write a consistent copy of the SQLite database while it runs", backup},
	{"restore", "replace the SQLite database with a backup", restore},
	{"version", "print the version", version},
}

// Run runs the kintsugi command line.
func Run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	e := &env{getenv: getenv, stdout: stdout, stderr: stderr}
	if len(args) < 2 || args[1] == "help" || args[1] == "-h" || args[1] == "--help" {
		usage(stderr)
		if len(args) < 2 {
			return ErrUsage
		}
		return nil
	}
	for _, c := range commands {
		if c.name == args[1] {
			return c.run(ctx, e, args[2:])
		}
	}
	fmt.Fprintf(stderr, "kintsugi: unknown command %q\n\n", args[1])
	usage(stderr)
	return ErrUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "kintsugi: a private place to heal after a betrayal")
	fmt.Fprintln(w, "\nUsage: kintsugi <command> [flags]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'kintsugi <command> -h' for a command's flags; each flag has an environment variable twin.")
}

// parse parses a command's flags into a checked Config.
func parse(e *env, name string, args []string, register func(*Config, *binder)) (*Config, error) {
	fs := flag.NewFlagSet("kintsugi "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	cfg := &Config{}
	b := &binder{fs: fs, getenv: e.getenv}
	register(cfg, b)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, ErrUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "kintsugi %s: unexpected arguments: %s\n", name, strings.Join(fs.Args(), " "))
		return nil, ErrUsage
	}
	if err := cfg.finish(b); err != nil {
		return nil, fmt.Errorf("configuration: %w", err)
	}
	return cfg, nil
}

func version(ctx context.Context, e *env, args []string) error {
	v := Version
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && v == "dev" {
				v = "dev-" + s.Value[:min(12, len(s.Value))]
			}
		}
		fmt.Fprintf(e.stdout, "kintsugi %s (%s, schema %d)\n", v, info.GoVersion, store.SchemaVersion())
		return nil
	}
	fmt.Fprintf(e.stdout, "kintsugi %s (schema %d)\n", v, store.SchemaVersion())
	return nil
}

func migrate(ctx context.Context, e *env, args []string) error {
	cfg, err := parse(e, "migrate", args, (*Config).storageFlags)
	if err != nil {
		return err
	}
	s, err := store.Open(ctx, cfg.Database, store.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := s.Migrate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "kintsugi: %d migration(s) run; schema at version %d\n", n, store.SchemaVersion())
	return nil
}

// newLogger returns the configured structured logger.
func newLogger(cfg *Config, w io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
