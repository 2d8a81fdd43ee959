# The two commands of the README:
#   make run    build and start `perin serve` on the embedded defaults (SQLite in ./perin-data)
#   make test   the whole test suite, on SQLite and on a throwaway PostgreSQL
# Both install the Debian packages they need when missing.

SWIFT ?= swift
RUN_PACKAGES := libical-dev pkg-config
TEST_PACKAGES := libical-dev pkg-config postgresql chromium

.PHONY: run test build deps test-deps bench check-leaks

deps:
	@scripts/ensure-apt-packages.sh $(RUN_PACKAGES)

test-deps:
	@scripts/ensure-apt-packages.sh $(TEST_PACKAGES)

build: deps
	$(SWIFT) build -c release --product perin

run: build
	.build/release/perin serve

test: test-deps
	SWIFT=$(SWIFT) scripts/with-test-postgres.sh scripts/run-tests.sh

# libical wrapper under valgrind memcheck: fails on any definitely or indirectly lost block.
check-leaks: deps
	@scripts/ensure-apt-packages.sh valgrind
	scripts/check-leaks.sh

bench: deps
	$(SWIFT) build -c release --product perin-bench
	@echo "run: .build/release/perin-bench <http|graph|llm|ical|slots> (see README: Benchmarks)"
