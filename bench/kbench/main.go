// Command kbench is kintsugi's benchmark helper; bench/run.sh drives it.
//
//	kbench seed    --database URL --secret-file F [--entries N --days D --people P]
//	kbench logins  --url URL --user NAME --passphrase P [--n 200] [--pid PID]
//	kbench startup -- kintsugi serve …
//	kbench rss     --pid PID
//	kbench report  results.jsonl
//
// seed writes through the real account service and the engine's kinds, so
// the data is encrypted exactly as in use.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: kbench seed|logins|startup|rss|report …")
		os.Exit(2)
	}
	cmds := map[string]func(context.Context, []string) error{
		"seed": seed, "logins": logins, "startup": startup, "rss": rss, "report": report,
	}
	cmd, ok := cmds[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "kbench: unknown command %q\n", os.Args[1])
		os.Exit(2)
	}
	if err := cmd(ctx, os.Args[2:]); err != nil {
		fmt.Fprintln(os.Stderr, "kbench:", err)
		os.Exit(1)
	}
}

// emit prints one RESULT line with the label first, as the load protocol's
// lines have it, so bench/run.sh can prefix labels alike.
func emit(label string, fields map[string]any) {
	rest, _ := json.Marshal(fields)
	lbl, _ := json.Marshal(label)
	fmt.Printf("RESULT {\"label\":%s,%s\n", lbl, rest[1:])
}
