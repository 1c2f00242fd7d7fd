# Thin wrappers: the same commands run locally and in CI (.ci/run calls `make test`).
GO      ?= go
BIN     := bin/inclusiekaart
DB      ?= data/inclusiekaart.db
ADDR    ?= 127.0.0.1:8080
YEAR    ?= 2025
# Extra serve flags, e.g. SERVE_FLAGS=--demo for labelled demo assessments.
SERVE_FLAGS ?=
# Development copy of the CBS/Kadaster boundaries (read in place, never copied into the repo).
SHARED  ?= ../shared/data
PDOK    := https://api.pdok.nl/cbs/gebiedsindelingen/ogc/v1/collections
GM_SRC  := $(if $(wildcard $(SHARED)/gemeente_$(YEAR).geojson),$(SHARED)/gemeente_$(YEAR).geojson,$(PDOK)/gemeente_gegeneraliseerd/items?f=json&jaarcode=$(YEAR)&limit=1000)
PV_SRC  := $(if $(wildcard $(SHARED)/provincie_$(YEAR).geojson),$(SHARED)/provincie_$(YEAR).geojson,$(PDOK)/provincie_gegeneraliseerd/items?f=json&jaarcode=$(YEAR)&limit=1000)

.PHONY: all build deps run db test vet fmt-check test-go test-unit test-browser bench fuzz clean

all: build

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

static/vendor/leaflet/leaflet.js: node_modules/.package-lock.json scripts/vendor.sh
	sh scripts/vendor.sh

deps: static/vendor/leaflet/leaflet.js

build: deps
	$(GO) build -o $(BIN) ./cmd/inclusiekaart

# The database is built in a temporary file and moved into place only when every import succeeded.
$(DB):
	@$(MAKE) --no-print-directory build
	rm -f $(DB).tmp $(DB).tmp-wal $(DB).tmp-shm
	$(BIN) import boundaries --db $(DB).tmp --level province --year $(YEAR) '$(PV_SRC)'
	$(BIN) import boundaries --db $(DB).tmp --level municipality --year $(YEAR) '$(GM_SRC)'
	mv $(DB).tmp $(DB)

db: $(DB)

run: build db
	$(BIN) serve --db $(DB) --addr $(ADDR) $(SERVE_FLAGS)

fmt-check:
	@out=$$(gofmt -l cmd geo internal static data 2>/dev/null); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet: deps
	$(GO) vet ./...

test-go: deps
	$(GO) test -count=1 ./...

# Node tests of the page's modules without a browser, fed by the real server (tests/unit/).
test-unit: build
	node --test --test-concurrency=1 tests/unit/

test-browser: build
	node --test --test-concurrency=1 tests/browser/

test: fmt-check vet test-go test-unit test-browser

bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./geo/... ./internal/...

clean:
	rm -rf bin static/vendor
