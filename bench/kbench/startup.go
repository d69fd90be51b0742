package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// startup runs a server command, measures the time until its /readyz
// answers 200, waits a moment idle, reports its memory, and stops it.
func startup(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("startup", flag.ContinueOnError)
	ready := fs.String("ready", "http://127.0.0.1:8080/readyz", "readiness URL")
	idle := fs.Duration("idle", 3*time.Second, "how long to wait before reading idle memory")
	label := fs.String("label", "startup", "label of the RESULT line")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("startup: give the server command after --")
	}
	cmd := exec.CommandContext(ctx, fs.Arg(0), fs.Args()[1:]...)
	cmd.Stderr = os.Stderr
	client := &http.Client{Timeout: time.Second}
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	var took time.Duration
	for {
		res, err := client.Get(*ready)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				took = time.Since(t0)
				break
			}
		}
		if time.Since(t0) > 20*time.Second {
			return fmt.Errorf("startup: not ready after 20 s")
		}
		time.Sleep(500 * time.Microsecond)
	}
	time.Sleep(*idle)
	rss, peak, err := memory(cmd.Process.Pid)
	if err != nil {
		return err
	}
	emit(*label, map[string]any{"ready_ms": ms(took), "idle_rss_mb": rss, "peak_mb": peak})
	return nil
}
