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

// report reads RESULT lines (one JSON object each, labelled
// "<server> <engine> <run-label> round<N>") and prints Markdown tables of
// the median over rounds, with kintsugi's ratio to the baseline.
func report(ctx context.Context, args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("report: give the results file")
	}
	f, err := os.Open(args[0])
	if err != nil {
		return err
	}
	defer f.Close()
	type key struct{ server, engine, run string }
	runs := map[key][]map[string]any{}
	var order []key
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), "RESULT ")
		if !ok {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			return err
		}
		parts := strings.Fields(fmt.Sprint(m["label"]))
		if len(parts) < 3 {
			continue
		}
		k := key{parts[0], parts[1], parts[2]}
		if _, seen := runs[k]; !seen {
			order = append(order, k)
		}
		runs[k] = append(runs[k], m)
	}
	median := func(k key, field string) (float64, int) {
		var xs []float64
		for _, m := range runs[k] {
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
	fmt.Println("| engine | run | baseline req/s | kintsugi req/s | ratio | baseline p50 / p99 ms | kintsugi p50 / p99 ms | p99 ratio | rounds |")
	fmt.Println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	for _, k := range order {
		if k.server != "kintsugi" {
			continue
		}
		krps, n := median(k, "rps")
		if n == 0 {
			continue
		}
		kp50, _ := median(k, "p50_ms")
		kp99, _ := median(k, "p99_ms")
		b := key{"baseline", k.engine, k.run}
		brps, bn := median(b, "rps")
		bp50, _ := median(b, "p50_ms")
		bp99, _ := median(b, "p99_ms")
		if bn == 0 {
			fmt.Printf("| %s | %s | – | %.0f | – | – | %.2f / %.2f | – | %d |\n", k.engine, k.run, krps, kp50, kp99, n)
			continue
		}
		fmt.Printf("| %s | %s | %.0f | %.0f | %.2f | %.2f / %.2f | %.2f / %.2f | %.2f | %d |\n",
			k.engine, k.run, brps, krps, krps/brps, bp50, bp99, kp50, kp99, kp99/bp99, n)
	}
	return sc.Err()
}
