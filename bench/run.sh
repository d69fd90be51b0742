#!/bin/sh
# bench/run.sh: the benchmark behind docs/benchmarks.md.
#
# kintsugi against the physical-limit baseline server of ../shared/bench,
# on the same machine, with the same load protocol (wrk, bench.lua,
# load.sh), in alternating rounds, for each database engine, each against
# the baseline on the same engine at the same durability: SQLite at
# synchronous=NORMAL (kintsugi's setting), PostgreSQL through pgx at the
# server's default synchronous_commit=on (kintsugi's default). On
# PostgreSQL each round also runs the create load against kintsugi with
# ?synchronous_commit=off, to show what durable commits cost. Then the
# figures the baseline has no counterpart for: the HTML pages people use
# most, start-up time and memory, 200 simultaneous logins, and whether a
# listing's cost grows with history (1,000 against 100,000 entries).
#
#   usage: bench/run.sh [sqlite] [postgres]      (default: both)
#   env:   ROUNDS (3), DUR seconds per run (20), OUT results file,
#          SHARED (../shared/bench), PGURL (postgres://postgres@127.0.0.1:5432)
#
# Needs wrk (apt-get install wrk) and, for PostgreSQL, a server at PGURL.
# Results are RESULT lines, one JSON object each; kbench report turns them
# into the tables of docs/benchmarks.md.
set -eu
# The pinned toolchain of go.mod: the machine's go.env sets GOTOOLCHAIN=local.
export GOTOOLCHAIN=go1.26.10
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SHARED=$(cd "${SHARED:-../shared/bench}" && pwd)
ROUNDS=${ROUNDS:-3}
DUR=${DUR:-20}
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
ENGINES=${*:-sqlite postgres}
OUT=${OUT:-$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ).jsonl}
PASS="quiet harbour lanterns drift east"
mkdir -p "$(dirname "$OUT")"
WORK=$(mktemp -d)
PIDS=""

cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null || true; done
	rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

say() { printf '%s\n' "$*" >&2; }

# result LABEL: prefix the label of each RESULT line on stdin and append it.
result() {
	sed -n "s/^RESULT {\"label\":\"\([^\"]*\)\"/RESULT {\"label\":\"$1 \1\"/p" | tee -a "$OUT"
}

wait_ready() { # URL
	for _ in $(seq 200); do
		curl -fs "$1" >/dev/null 2>&1 && return 0
		sleep 0.05
	done
	say "not ready: $1"
	return 1
}

token() { # URL USER
	curl -fs -X POST "$1/api/v1/sessions" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$2\",\"passphrase\":\"$PASS\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/'
}

say "building kintsugi, kbench and the baseline"
CGO_ENABLED=0 go build -trimpath -o "$WORK/kintsugi" ./cmd/kintsugi   # as make build
go build -o "$WORK/kbench" ./bench/kbench
(cd "$SHARED/baseline" && go build -o "$WORK/baseline" .)
KB=$WORK/kbench

# database ENGINE NAME: a fresh, empty database; prints its address.
database() {
	case $1 in
	sqlite)
		rm -f "$WORK/$2.db" "$WORK/$2.db-wal" "$WORK/$2.db-shm"
		echo "$WORK/$2.db" ;;
	postgres)
		psql -q "$PGURL/postgres" -c "DROP DATABASE IF EXISTS $2" -c "CREATE DATABASE $2" >/dev/null
		echo "$PGURL/$2?sslmode=disable" ;;
	esac
}

# copy ENGINE FROM TO: a copy of a seeded database, so every round starts
# from the same 10,000 entries.
copy() {
	case $1 in
	sqlite)
		rm -f "$WORK/$3.db"*
		cp "$WORK/$2.db" "$WORK/$3.db"
		echo "$WORK/$3.db" ;;
	postgres)
		psql -q "$PGURL/postgres" -c "DROP DATABASE IF EXISTS $3" -c "CREATE DATABASE $3 TEMPLATE $2" >/dev/null
		echo "$PGURL/$3?sslmode=disable" ;;
	esac
}

serve() { # DATABASE: start kintsugi on :8080, wait until ready
	"$WORK/kintsugi" serve --addr 127.0.0.1:8080 --metrics-addr 127.0.0.1:9464 --data-dir "$WORK" \
		--database "$1" --secret-file "$WORK/server.key" --log-level warn >"$WORK/serve.log" 2>&1 &
	KPID=$!
	PIDS="$PIDS $KPID"
	wait_ready http://127.0.0.1:8080/readyz
}

stop() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

for engine in $ENGINES; do
	say "== $engine: seeding the measured person (10,000 entries, 5 years of daily check-ins) and 20 others"
	seeded=$(database "$engine" kintsugi_seed)
	"$KB" seed --database "$seeded" --secret-file "$WORK/server.key" --entries 10000 --days 1825 --people 20 >&2

	for round in $(seq "$ROUNDS"); do
		say "== $engine round $round: baseline"
		# A fresh database each round, on the engine kintsugi uses.
		bdb=$(database "$engine" kbench_baseline)
		case $engine in
		sqlite) driver="-driver sqlite -sync NORMAL" ;;
		postgres) driver="-driver pgx" ;;
		esac
		# shellcheck disable=SC2086 # $driver is two or four words
		"$WORK/baseline" -addr 127.0.0.1:8090 -db "$bdb" $driver -token bench-token 2>"$WORK/baseline.log" &
		BPID=$!
		PIDS="$PIDS $BPID"
		wait_ready http://127.0.0.1:8090/healthz
		# Pre-fill 10,000 entries through its own API. wrk stops sending at
		# BENCH_MAX but returns only after -d, which must leave room for
		# 10,000 commits that each wait for a flush on PostgreSQL; the count
		# is checked there.
		BENCH_TOKEN=bench-token BENCH_MODE=post BENCH_MAX=10000 wrk -t1 -c1 -d120s -s "$SHARED/bench.lua" \
			http://127.0.0.1:8090/entries >/dev/null
		if [ "$engine" = postgres ]; then
			n=$(psql -Atq "$bdb" -c 'SELECT count(*) FROM entries')
			[ "$n" -ge 10000 ] || { say "baseline pre-filled with $n entries, not 10,000"; exit 1; }
		fi
		BENCH_TOKEN=bench-token "$SHARED/load.sh" 'http://127.0.0.1:8090/entries?limit=20' \
			http://127.0.0.1:8090/entries "$DUR" | result "baseline $engine" >/dev/null
		stop "$BPID"

		say "== $engine round $round: kintsugi"
		db=$(copy "$engine" kintsugi_seed kintsugi_run)
		# Let the previous server's files reach the disk first: start-up
		# measures kintsugi, not the writeback of the baseline's database.
		sync
		sleep 2
		"$KB" startup --ready http://127.0.0.1:8080/readyz --label "startup" -- \
			"$WORK/kintsugi" serve --addr 127.0.0.1:8080 --metrics-addr 127.0.0.1:9464 --data-dir "$WORK" \
			--database "$db" --secret-file "$WORK/server.key" --log-level warn | result "kintsugi $engine" >/dev/null
		serve "$db"
		tok=$(token http://127.0.0.1:8080 bench)
		BENCH_TOKEN=$tok "$SHARED/load.sh" 'http://127.0.0.1:8080/api/v1/journal?limit=20' \
			http://127.0.0.1:8080/api/v1/journal "$DUR" | result "kintsugi $engine" >/dev/null
		for page in home:/ step1:/steps/acknowledge-your-feelings journal:/journal step3:/steps/set-boundaries \
			boundaries:/boundaries instincts:/instincts timeline:/timeline calendar:/calendar; do
			sleep 2
			BENCH_COOKIE="kintsugi=$tok" BENCH_LABEL="page-${page%%:*}" wrk -t1 -c16 -d"${DUR}s" --timeout 10s --latency \
				-s bench/page.lua "http://127.0.0.1:8080${page#*:}" | result "kintsugi $engine" >/dev/null
			# One person alone: the time a page takes, without a queue.
			BENCH_COOKIE="kintsugi=$tok" BENCH_LABEL="page-${page%%:*}-c1" wrk -t1 -c1 -d5s --timeout 10s --latency \
				-s bench/page.lua "http://127.0.0.1:8080${page#*:}" | result "kintsugi $engine" >/dev/null
		done
		"$KB" rss --pid "$KPID" --label "rss-after-protocol" | result "kintsugi $engine" >/dev/null
		stop "$KPID"

		if [ "$engine" = postgres ]; then
			say "== $engine round $round: kintsugi with synchronous_commit=off (create only, for comparison)"
			db=$(copy "$engine" kintsugi_seed kintsugi_run)
			serve "$db&synchronous_commit=off"
			tok=$(token http://127.0.0.1:8080 bench)
			# The same warm-up as load.sh, then its two create runs.
			BENCH_TOKEN=$tok BENCH_MODE=get wrk -t1 -c16 -d3s --timeout 10s -s "$SHARED/bench.lua" \
				'http://127.0.0.1:8080/api/v1/journal?limit=20' >/dev/null
			for c in 16 64; do
				sleep 2
				BENCH_TOKEN=$tok BENCH_MODE=post BENCH_LABEL="create-c$c-async" wrk -t1 -c"$c" -d"${DUR}s" --timeout 10s --latency \
					-s "$SHARED/bench.lua" http://127.0.0.1:8080/api/v1/journal | result "kintsugi $engine" >/dev/null
			done
			stop "$KPID"
		fi
	done

	say "== $engine: 200 simultaneous logins"
	db=$(copy "$engine" kintsugi_seed kintsugi_run)
	serve "$db"
	"$KB" logins --url http://127.0.0.1:8080 --user bench --n 200 --pid "$KPID" --label "logins-200" | result "kintsugi $engine" >/dev/null
	stop "$KPID"

	say "== $engine: does a listing's cost grow with history? (1,000 and 100,000 entries)"
	scale=$(database "$engine" kintsugi_scale)
	"$KB" seed --database "$scale" --secret-file "$WORK/server.key" --user small --entries 1000 --days 30 --people 0 >&2
	"$KB" seed --database "$scale" --secret-file "$WORK/server.key" --user large --entries 100000 --days 30 --people 0 >&2
	serve "$scale"
	for who in small large; do
		tok=$(token http://127.0.0.1:8080 "$who")
		BENCH_TOKEN=$tok BENCH_MODE=get BENCH_LABEL="scale-$who" wrk -t1 -c16 -d"${DUR}s" --timeout 10s --latency \
			-s "$SHARED/bench.lua" 'http://127.0.0.1:8080/api/v1/journal?limit=20' | result "kintsugi $engine" >/dev/null
	done
	stop "$KPID"
done

say "== results in $OUT"
"$KB" report "$OUT"
