package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
)

// results are RESULT lines grouped by label: "<server> <engine> <run>".
type results struct {
	runs  map[string][]map[string]any
	order []string
}

func readResults(path string) (*results, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := &results{runs: map[string][]map[string]any{}}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), "RESULT ")
		if !ok {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			return nil, err
		}
		key := strings.Join(strings.Fields(fmt.Sprint(m["label"])), " ")
		if _, seen := r.runs[key]; !seen {
			r.order = append(r.order, key)
		}
		r.runs[key] = append(r.runs[key], m)
	}
	return r, sc.Err()
}

// median of a numeric field over the rounds of one label, and how many
// rounds had it.
func (r *results) median(key, field string) (float64, int) {
	var xs []float64
	for _, m := range r.runs[key] {
		if v, ok := m[field].(float64); ok {
			xs = append(xs, v)
		}
	}
	if len(xs) == 0 {
		return 0, 0
	}
	slices.Sort(xs)
	return xs[len(xs)/2], len(xs)
}

func (r *results) max(key, field string) float64 {
	best := 0.0
	for _, m := range r.runs[key] {
		if v, ok := m[field].(float64); ok && v > best {
			best = v
		}
	}
	return best
}

// report prints the Markdown tables of docs/benchmarks.md: medians over
// rounds, and kintsugi's ratio to the baseline measured in the same run.
func report(ctx context.Context, args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("report: give the results file")
	}
	r, err := readResults(args[0])
	if err != nil {
		return err
	}
	var engines []string
	for _, k := range r.order {
		if f := strings.Fields(k); f[0] == "kintsugi" && !slices.Contains(engines, f[1]) {
			engines = append(engines, f[1])
		}
	}
	for _, e := range engines {
		fmt.Printf("\n### %s\n\n", e)
		fmt.Println("| run | baseline req/s | kintsugi req/s | ratio | baseline p50 / p99 ms | kintsugi p50 / p99 ms | p99 ratio | rounds |")
		fmt.Println("| --- | --- | --- | --- | --- | --- | --- | --- |")
		// The -async runs are kintsugi with synchronous_commit=off in its
		// URL (PostgreSQL only), against the same baseline as create.
		for _, run := range []string{"list-c16", "list-c64", "create-c16", "create-c64", "create-c16-async", "create-c64-async"} {
			k, b := "kintsugi "+e+" "+run, "baseline "+e+" "+strings.TrimSuffix(run, "-async")
			krps, n := r.median(k, "rps")
			brps, _ := r.median(b, "rps")
			if n == 0 || brps == 0 {
				continue
			}
			kp50, _ := r.median(k, "p50_ms")
			kp99, _ := r.median(k, "p99_ms")
			bp50, _ := r.median(b, "p50_ms")
			bp99, _ := r.median(b, "p99_ms")
			fmt.Printf("| %s | %.0f | %.0f | %.2f | %.2f / %.2f | %.2f / %.2f | %.2f | %d |\n",
				run, brps, krps, krps/brps, bp50, bp99, kp50, kp99, kp99/bp99, n)
		}
		for _, c := range []string{"c16", "c64"} {
			on, off := "kintsugi "+e+" create-"+c, "kintsugi "+e+" create-"+c+"-async"
			onRPS, n := r.median(on, "rps")
			offRPS, m := r.median(off, "rps")
			if n == 0 || m == 0 || offRPS == 0 {
				continue
			}
			onP99, _ := r.median(on, "p99_ms")
			offP99, _ := r.median(off, "p99_ms")
			fmt.Printf("- create at %s, synchronous_commit on against off: %.0f against %.0f req/s (%.2f), p99 %.2f against %.2f ms\n",
				c, onRPS, offRPS, onRPS/offRPS, onP99, offP99)
		}
		fmt.Println()
		fmt.Println("| page | alone: p50 / p99 ms | at 16 connections: req/s | p50 ms | p99 ms |")
		fmt.Println("| --- | --- | --- | --- | --- |")
		for _, page := range []string{"page-home", "page-step1", "page-journal", "page-step3", "page-boundaries",
			"page-instincts", "page-timeline", "page-calendar"} {
			k := "kintsugi " + e + " " + page
			rps, n := r.median(k, "rps")
			if n == 0 {
				continue
			}
			p50, _ := r.median(k, "p50_ms")
			p99, _ := r.median(k, "p99_ms")
			alone := "–"
			if a50, m := r.median(k+"-c1", "p50_ms"); m > 0 {
				a99, _ := r.median(k+"-c1", "p99_ms")
				alone = fmt.Sprintf("%.2f / %.2f", a50, a99)
			}
			fmt.Printf("| %s | %s | %.0f | %.2f | %.2f |\n", strings.TrimPrefix(page, "page-"), alone, rps, p50, p99)
		}
		fmt.Println()
		pre := "kintsugi " + e + " "
		ready, _ := r.median(pre+"startup", "ready_ms")
		idle, _ := r.median(pre+"startup", "idle_rss_mb")
		after, _ := r.median(pre+"rss-after-protocol", "rss_mb")
		fmt.Printf("- start-up to a ready /readyz: %.1f ms (median); idle RSS %.1f MB\n", ready, idle)
		fmt.Printf("- RSS after the whole protocol: %.1f MB (median), %.1f MB (largest round)\n", after, r.max(pre+"rss-after-protocol", "rss_mb"))
		if runs := r.runs[pre+"logins-200"]; len(runs) > 0 {
			l := runs[len(runs)-1]
			fmt.Printf("- 200 simultaneous logins: answers %v, unanswered %v, 429/503 without Retry-After %v, p50 %.0f ms, slowest %.0f ms, peak RSS %.1f MB\n",
				l["statuses"], l["unanswered"], l["busy_without_retry_after"], l["p50_ms"], l["max_ms"], l["peak_mb"])
		}
		small, ns := r.median(pre+"scale-small", "p50_ms")
		large, nl := r.median(pre+"scale-large", "p50_ms")
		if ns > 0 && nl > 0 {
			fmt.Printf("- listing 20 at 16 connections: p50 %.2f ms with 1,000 entries, %.2f ms with 100,000 (%.2fx)\n", small, large, large/small)
		}
	}
	return nil
}
