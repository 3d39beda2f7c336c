# firedrill — the front door. `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help
NPM_STAMP := node_modules/.firedrill-install-stamp
TS_SOURCES := $(shell find services lab bot chaos bench bin -name '*.ts' -o -name '*.js' 2>/dev/null | grep -v node_modules)

.PHONY: help install deps deps-lab build typecheck test test-unit test-component test-integration test-browser lab lab-stop chaos bench lab-up lab-down lab-e2e clean

help: ## list the targets
	@echo "firedrill — a real-stack incident game-day lab"
	@echo
	@grep -E '^[a-z][a-z0-9-]*:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-18s %s\n", $$1, $$2}'

$(NPM_STAMP): package.json package-lock.json
	@scripts/check-node.sh
	npm ci --no-audit --no-fund
	@touch $@

install: $(NPM_STAMP) ## install npm packages (npm ci; skipped when up to date)

deps: ## install what make test needs (redis-server, prometheus + promtool, alertmanager, chromium) with apt-get when missing
	@scripts/system-deps.sh redis-server prometheus promtool alertmanager chromium
	@command -v kubectl >/dev/null 2>&1 || { echo "firedrill: make test renders the Kubernetes overlays with kubectl 1.27+ (its built-in kustomize 5); install it: https://kubernetes.io/docs/tasks/tools/" >&2; exit 1; }

dist/.build-stamp: $(NPM_STAMP) $(TS_SOURCES) tsconfig.json tsconfig.build.json
	npx tsc -p tsconfig.build.json
	@touch $@

build: dist/.build-stamp ## compile TypeScript to dist/ (services run from there)

typecheck: install ## type-check sources and tests (strict), and the workspace page's browser modules
	npx tsc -p tsconfig.json --noEmit
	npx tsc -p bot/workspace/page/static

test: install deps ## the whole suite: unit, component (real Redis), integration (real processes) and browser (headless Chromium)
	@# Compiling and type-checking are two single-threaded tsc runs: side by side on two cores.
	@$(MAKE) --no-print-directory -j2 build typecheck
	@scripts/test.sh

test-unit: install build ## unit tests only
	npx vitest run --project unit

test-component: install deps build ## component tests only (starts its own Redis)
	npx vitest run --project component

test-integration: install deps build ## integration tests only (built processes, real Redis, promtool)
	npx vitest run --project integration

test-browser: install deps build ## browser tests only (headless Chromium against the workspace page)
	npx vitest run --project browser

deps-lab: ## install redis-server, prometheus and alertmanager with apt-get when missing
	@scripts/system-deps.sh redis-server prometheus promtool alertmanager

# The supervisor gets the node flags its deployables get (LAB_NODE_FLAGS in lab/runtime/local/plan.ts).
lab: install deps-lab build ## run the local lab in the foreground (COACH=enforce|warn|off; LAB_ARGS="--port storefront=18080" passes options); Ctrl-C stops it
	@node --max-semi-space-size=4 dist/lab/cli/main.js lab $(if $(COACH),--coach $(COACH)) $(LAB_ARGS)

chaos: ## inject a scenario into the running lab (SCENARIO=storefront-offline by default; CLUSTER=kind for make lab-up's); Ctrl-C ends it and undoes every change
ifeq ($(CLUSTER),kind)
	@TEAMS=$(or $(TEAMS),0) SCENARIO=$(or $(SCENARIO),storefront-offline) scripts/kind-lab.sh chaos
else
	@$(MAKE) --no-print-directory build
	node bin/firedrill.js chaos inject $(or $(SCENARIO),storefront-offline)
endif

bench: install deps-lab build ## measure the lab (footprint, time to page, kit overhead, desk latency, journal, recovery): a table and bench/results.json; QUICK=1 for a short run, ONLY=lab,overhead,journal, OUT=file
	@node dist/bench/main.js $(if $(QUICK),--quick) $(if $(ONLY),--only $(ONLY)) $(if $(OUT),--out $(OUT))

lab-stop: ## stop a lab started from another terminal
	@node bin/firedrill.js lab stop

lab-up: ## run the lab on Kubernetes with kind (TEAMS=3: a namespace per team); needs docker, kind, kubectl
	@TEAMS=$(or $(TEAMS),0) scripts/kind-lab.sh up

lab-down: ## delete the kind cluster of make lab-up
	@scripts/kind-lab.sh down

lab-e2e: ## on a machine with kind: inject storefront-offline in the cluster and wait for the breaker to open
	@TEAMS=$(or $(TEAMS),0) scripts/kind-lab.sh e2e

clean: ## remove dist/ and test state (keeps node_modules)
	rm -rf dist .firedrill/test-results.json
