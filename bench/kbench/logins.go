package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
)

// logins sends n logins at once and reports how each was answered, their
// latency, and the server's peak memory meanwhile.
func logins(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("logins", flag.ContinueOnError)
	url := fs.String("url", "http://127.0.0.1:8080", "server")
	user := fs.String("user", "bench", "username")
	pass := fs.String("passphrase", "quiet harbour lanterns drift east", "passphrase")
	n := fs.Int("n", 200, "simultaneous logins")
	pid := fs.Int("pid", 0, "server process id, to report its peak memory")
	label := fs.String("label", "logins", "label of the RESULT line")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *pid != 0 {
		if err := resetPeak(*pid); err != nil {
			return fmt.Errorf("reset peak memory: %w", err)
		}
	}
	body, _ := json.Marshal(map[string]string{"username": *user, "passphrase": *pass})
	client := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 0, MaxIdleConnsPerHost: *n}, Timeout: 2 * time.Minute}
	type answer struct {
		status     int
		retryAfter bool
		took       time.Duration
	}
	answers := make([]answer, *n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range answers {
		wg.Go(func() {
			<-start
			t0 := time.Now()
			req, _ := http.NewRequestWithContext(ctx, "POST", *url+"/api/v1/sessions", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			res, err := client.Do(req)
			if err != nil {
				answers[i] = answer{status: 0, took: time.Since(t0)}
				return
			}
			res.Body.Close()
			answers[i] = answer{status: res.StatusCode, retryAfter: res.Header.Get("Retry-After") != "", took: time.Since(t0)}
		})
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	total := time.Since(t0)

	counts := map[string]int{}
	unanswered, noRetry := 0, 0
	var took []time.Duration
	for _, a := range answers {
		counts[strconv.Itoa(a.status)]++
		took = append(took, a.took)
		switch {
		case a.status == 0:
			unanswered++
		case (a.status == 429 || a.status == 503) && !a.retryAfter:
			noRetry++
		}
	}
	slices.Sort(took)
	out := map[string]any{
		"n": *n, "statuses": counts, "unanswered": unanswered, "busy_without_retry_after": noRetry,
		"p50_ms": ms(took[len(took)/2]), "max_ms": ms(took[len(took)-1]), "total_s": total.Seconds(),
	}
	if *pid != 0 {
		rss, peak, err := memory(*pid)
		if err != nil {
			return err
		}
		out["rss_mb"], out["peak_mb"] = rss, peak
	}
	emit(*label, out)
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
