# kintsugi: `make test` is the test command; `make run` serves on 127.0.0.1:8080.
GO ?= go

# The toolchain with the standard-library security fixes (go.mod's go line
# asks for it too). Go's own go.env on these machines sets GOTOOLCHAIN=local,
# which would refuse to build rather than fetch it, so ask for it here, for
# every target (and for the go commands that tests and scripts run).
export GOTOOLCHAIN := go1.26.10

.PHONY: test run build vulncheck deps check-postgres

# The API's scenario tables run every declared answer of every kind on
# both engines, each on a fresh database: under the race detector on two
# cores that is longer than go test's default ten minutes (24 minutes on
# 1 December 2026, with every route of the shared space and of sharing);
# the limit leaves room for a slower machine within CI's 90.
test: deps check-postgres
	$(GO) vet ./...
	$(GO) test -race -count=1 -timeout 70m ./...

run:
	$(GO) run ./cmd/kintsugi serve

# A static binary: no C library to match on the machine it is copied to,
# and 2 MB less resident memory than one linked against libc.
build:
	CGO_ENABLED=0 $(GO) build -trimpath -o kintsugi ./cmd/kintsugi

# govulncheck against a local copy of the Go vulnerability database; says
# *** and passes when it cannot get what it needs.
vulncheck:
	@./scripts/vulncheck

# What the browser tests need: axe-core from npm, Chromium from Debian.
deps: node_modules/axe-core/axe.min.js
	@./scripts/ensure-chromium

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

check-postgres:
	@./scripts/check-postgres
