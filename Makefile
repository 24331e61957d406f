# The front door: `make serve` and `make test` (see README.md). Installing tools lives in .ci/setup.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)

PORT ?= 8000
TARGET := wasm32-unknown-unknown
# The shipped wasm is built by a pinned nightly that rebuilds std with the crate (so LTO reaches into it) and
# aborts on panic without formatting a message (release builds never showed one): 231.7 kB gzip on stable,
# 205.8 kB so. Not std's `optimize_for_size` (193.1 kB): its smaller sorts made search's median 20% slower.
# Same as NIGHTLY in .ci/setup. Tests build on stable; the e2e suite runs this build.
NIGHTLY := nightly-2026-05-20
SHIP_DIR := target/ship
PKG := www/pkg
WASM_OPT := .tools/node_modules/.bin/wasm-opt
# Two modules from the one crate: the reader (every page loads it) and the search engine (loaded when search is
# first needed). Each is built with only its own exports, so each carries only the code they reach. Not std's
# `optimize_for_size`: 3.7 kB off the reader, but its Markdown work (the articles' texts for search) got 10%
# slower, and the engine's search median 20%.
# Each in a target directory of its own: sharing one, each would rebuild the other's crate.
SHIP_BUILD := RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort" cargo +$(NIGHTLY) build --release \
	--target $(TARGET) --lib -Zbuild-std=std,panic_abort --no-default-features
# Each browser run sets exactly one driver variable; wasm-bindgen-test-runner picks the browser from it.
BROWSERS := CHROMEDRIVER=/usr/bin/chromedriver GECKODRIVER=$(HOME)/.cargo/bin/geckodriver SAFARIDRIVER=/usr/bin/WebKitWebDriver
export WASM_BINDGEN_TEST_TIMEOUT ?= 120
# The baseline the chunked index is measured against (`make bench-index`); installed under target/bench/ only.
PAGEFIND_VERSION := 1.6.0

.PHONY: serve test build lint test-native import-score test-sample test-browsers test-e2e size measure bench bench-search bench-index bench-huge sample

## Build, then serve www/ on 127.0.0.1 as a production host does (tests/e2e/server.mjs: brotli and gzip, CORS,
## Range, caching, the pages' CSP as a header; see README, "What the host must send"). It prints the address.
serve: build
	@# Published where it is served, so that its oEmbed responses and links can be tried here.
	cargo run --quiet -- render www/bundles/sample.json -o www/static --base-url http://127.0.0.1:$(PORT)/static/
	node tests/e2e/server.mjs --port $(PORT)

## Every check CI runs: format, lints, native tests, browser tests in Chromium, Firefox and WebKit, size.
test: lint test-native test-sample test-browsers test-e2e size

build:
	.ci/setup build
	$(SHIP_BUILD) --features reader --target-dir $(SHIP_DIR)/reader
	$(call package,article_viewer,wasm_bindgen,reader)
	$(SHIP_BUILD) --features engine --target-dir $(SHIP_DIR)/engine
	$(call package,article_viewer_search,articleViewerSearch,engine)

# $(call package,NAME,GLOBAL,DIR): the module just built in $(SHIP_DIR)/DIR, kept as $(SHIP_DIR)/NAME.wasm; its glue
# and optimised wasm, $(PKG)/NAME.js and $(PKG)/NAME_bg.wasm; and its classic-script glue (same wasm; global GLOBAL)
# for pages opened from file:// (a site on a disk; `article-viewer offline`).
define package
	cp $(SHIP_DIR)/$(3)/$(TARGET)/release/article_viewer.wasm $(SHIP_DIR)/$(1).wasm
	wasm-bindgen --target web --no-typescript --out-dir $(PKG) $(SHIP_DIR)/$(1).wasm
	$(WASM_OPT) -Oz --strip-debug --strip-producers --strip-target-features \
		-o $(PKG)/$(1)_bg.wasm $(PKG)/$(1)_bg.wasm
	wasm-bindgen --target no-modules --no-modules-global $(2) --no-typescript --out-dir $(PKG)/classic \
		$(SHIP_DIR)/$(1).wasm
	rm $(PKG)/classic/$(1)_bg.wasm
endef

lint:
	.ci/setup build
	cargo fmt --check
	cargo clippy --all-targets --all-features -- -D warnings
	cargo clippy --all-targets --target $(TARGET) -- -D warnings
	cargo clippy --lib --target $(TARGET) --no-default-features --features reader -- -D warnings
	cargo clippy --lib --target $(TARGET) --no-default-features --features engine -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet

## Unit and integration tests, then the CommonMark and GFM examples (tests/commonmark.rs), which print pass counts.
test-native:
	.ci/expect-tests cargo test
	.ci/setup spec
	.ci/expect-tests cargo test --features conformance --test commonmark -- --nocapture

## How well `import` reads portal pages: the score table of tests/data/import-score/ (title, publish time, source,
## body recall and precision by characters, chrome in bodies) against its goals. `make test` checks the goals too.
import-score:
	cargo test --quiet --test import_score -- --nocapture

## The sample bundle must be what `pack` makes of its sources in www/bundles/src/sample.
test-sample:
	cargo run --quiet -- pack www/bundles/src/sample -o target/sample-check/sample.json >/dev/null
	cmp -s target/sample-check/sample.json www/bundles/sample.json \
		|| { echo "www/bundles/sample.json is out of date: run make sample" >&2; exit 1; }

## Regenerates www/bundles/sample.json (and www/bundles/media/) from www/bundles/src/sample.
sample:
	cargo run --quiet -- pack www/bundles/src/sample -o www/bundles/sample.json

test-browsers:
	.ci/setup build
	.ci/setup browsers
	for driver in $(BROWSERS); do \
		echo "==> wasm-bindgen-test with $${driver%%=*}"; \
		env $$driver xvfb-run -a .ci/expect-tests cargo test --target $(TARGET) --test web; \
	done

## The www/ shell as a reader opens it, in each engine in turn (E2E_ENGINES, by default every one; see
## tests/e2e/engines.mjs), on one built site.
E2E_ENGINES ?= chromium firefox webkit
test-e2e: build
	.ci/setup browsers
	.ci/setup e2e
	cargo run --quiet -- render www/bundles/sample.json -o target/site
	rm -rf target/site-index && mkdir -p target/site-index/bundles
	sed 's|"site": {|"site": {"search_index": "../search/index.txt",|' www/bundles/sample.json > target/site-index/sample.json
	cargo run --quiet -- split target/site-index/sample.json --out target/site-index/bundles
	cp -r www/bundles/media target/site-index/bundles/
	cargo run --quiet -- index target/site-index/bundles/*.*.json --out target/site-index/search
	rm -rf target/usb && cp -r www target/usb && cp -r target/site-index target/usb/site-index
	cargo run --quiet -- offline target/usb
	rm -rf target/sw && cp -r www target/sw && cp -r target/site-index target/sw/site-index
	sed -i 's|<div id="app" class="app">|<div id="app" class="app" data-offline-cache>|' target/sw/index.html
	cargo test --quiet --test xss the_corpus_is_written >/dev/null
	@# A mixed batch of saved portal pages (the import fixtures, the scoring set's 15 CMS layouts and the seed),
	@# imported and packed as an archive is.
	rm -rf target/import-batch && mkdir -p target/import-batch/src
	cargo run --quiet -- import tests/data/import/*.html tests/data/import-score/*/*.html ../shared/seed/article-page.txt \
		-o target/import-batch/src \
		--channel imported --base-url https://import.example.cn/news/ 2>/dev/null >/dev/null
	printf '[site]\nname = "导入"\nurl = "https://import.example.cn/"\n\n[[channels]]\nid = "imported"\nname = "导入"\n' \
		> target/import-batch/src/site.toml
	cargo run --quiet -- pack --keep-going target/import-batch/src -o target/import-batch/bundle.json 2>/dev/null
	for engine in $(E2E_ENGINES); do \
		echo "==> end-to-end tests in $$engine"; \
		E2E_ENGINE=$$engine xvfb-run -a node --test tests/e2e/; \
	done

size: build
	@for module in article_viewer article_viewer_search; do wasm=$(PKG)/$${module}_bg.wasm; \
		echo "$$module: $$(stat -c %s $$wasm) bytes raw, $$(gzip -9c $$wasm | wc -c) bytes gzip ($$wasm)"; done

## Figures for the notes, in headless Chromium: a first visit (median of 10) and tab switches on 1,000 articles.
## Not part of `make test`: timings are measurements, not pass/fail checks.
measure: build
	.ci/setup browsers
	.ci/setup e2e
	node tests/e2e/first-view.mjs
	node tests/e2e/tab-switch.mjs

## Search on 10,000 generated articles: index build, memory and query latency, natively and in headless Chromium.
bench-search: build
	.ci/setup browsers
	.ci/setup e2e
	cargo bench --bench search --features corpus
	node tests/e2e/search-bench.mjs

## Where the viewer stands, written to BENCHMARKS.md: first view against the static page and markdown-it + DOMPurify,
## Markdown to DOM, wasm size (twiggy), tab switch and search, Lighthouse. Not part of `make test` (budgets are).
bench: build
	.ci/setup browsers
	.ci/setup e2e
	.ci/setup bench
	cargo run --quiet -- render www/bundles/sample.json -o target/site
	@# The modules before wasm-opt keep their function names, for twiggy.
	for module in article_viewer article_viewer_search; do \
		wasm-bindgen --target web --no-typescript --keep-debug --out-dir target/bench/names $(SHIP_DIR)/$$module.wasm; \
	done
	[ -f target/bench/queries.json ] || cargo bench --bench search --features corpus
	node tests/e2e/bench.mjs

## A 20 MB bundle of 10,000 articles: when the article shows, and the long tasks before and after the first render.
bench-huge: build
	.ci/setup browsers
	.ci/setup e2e
	node tests/e2e/huge-bundle.mjs

## Search on a 10,000-article site too big to download (issue 8): our chunked index, read by the viewer, against
## Pagefind on the same corpus and queries, through the same byte-counting server, side by side with ratios.
## Pagefind is pinned and installed under target/bench/ only. Writes its section of BENCHMARKS.md. Not part of `make test`.
bench-index: build
	.ci/setup browsers
	.ci/setup e2e
	[ -f target/bench/queries.json ] || cargo bench --bench search --features corpus
	cargo build --release --quiet
	rm -rf target/bench/big && mkdir -p target/bench/big
	sed 's|"url":"https://invest.example.cn/"}|"url":"https://invest.example.cn/","search_index":"../search/index.txt"}|' \
		target/bench/corpus-10000.json > target/bench/big/site.json
	target/release/article-viewer split target/bench/big/site.json --out target/bench/big/bundles
	/usr/bin/time -f "%e %M" -o target/bench/big/index-time.txt \
		target/release/article-viewer index target/bench/big/bundles/*.*.json --out target/bench/big/search
	echo "$$(find target/bench/big/search -type f | wc -l) $$(du -sb target/bench/big/search | cut -f1)" > target/bench/big/index-files.txt
	rm -rf target/bench/site
	target/release/article-viewer render target/bench/corpus-10000.json -o target/bench/site
	npm install --prefix target/bench/pagefind-npm --no-audit --no-fund --silent pagefind@$(PAGEFIND_VERSION)
	/usr/bin/time -f "%e %M" -o target/bench/pagefind-time.txt \
		target/bench/pagefind-npm/node_modules/.bin/pagefind --site target/bench/site --glob "article/**/*.html" --quiet
	echo "$$(find target/bench/site/pagefind -type f | wc -l) $$(du -sb target/bench/site/pagefind | cut -f1)" > target/bench/pagefind-files.txt
	node tests/e2e/index-bench.mjs
