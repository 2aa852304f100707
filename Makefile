# crosscheck — build, test and measure. CI (.ci/run) calls the same targets.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT  ?= $(shell git rev-parse --short HEAD 2>/dev/null)
LDFLAGS := -X github.com/crosscheck-news/crosscheck/internal/version.Version=$(VERSION) \
           -X github.com/crosscheck-news/crosscheck/internal/version.Commit=$(COMMIT)
DATA    ?= ../shared/data

.PHONY: build run test test-race test-pg lint fuzz bench bench-workers eval update-golden clean

build:
	go build -ldflags "$(LDFLAGS)" -o bin/crosscheck ./cmd/crosscheck

## run: analyse the examples into a throwaway database and serve them.
run: build
	rm -f /tmp/crosscheck-run.db
	./bin/crosscheck analyze --db /tmp/crosscheck-run.db examples/
	./bin/crosscheck serve --db /tmp/crosscheck-run.db --addr 127.0.0.1:8080

test:
	go test ./...

test-race:
	go test -race -count=1 ./...

## test-pg: the store conformance suite and worker tests on a real PostgreSQL
## (started on 127.0.0.1:55432 by .ci/postgres.sh).
test-pg:
	bash -c 'source .ci/postgres.sh && go test -count=1 ./internal/store/... ; rc=$$?; pg_stop; exit $$rc'

lint:
	go vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	@command -v golangci-lint >/dev/null && golangci-lint run ./... || echo "golangci-lint not installed: go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0"

fuzz:
	go test ./internal/text -run '^$$' -fuzz FuzzSentences -fuzztime 20s
	go test ./internal/reuse -run '^$$' -fuzz FuzzAlign -fuzztime 20s
	go test ./internal/ingest/extract -run '^$$' -fuzz FuzzExtract -fuzztime 20s

bench:
	go test -run '^$$' -bench . -benchmem ./... | tee bench.out

## bench-workers: 1 and 2 workers on 100,000 generated articles on the
## PostgreSQL that .ci/postgres.sh starts (about an hour on 2 cores).
bench-workers:
	bash -c 'source .ci/postgres.sh && scripts/bench-workers.sh "$$CROSSCHECK_TEST_POSTGRES_DSN" 100000; rc=$$?; pg_stop; exit $$rc'

## eval: every evaluation on the full data sets (minutes). Figures go to docs/BENCHMARKS.md.
eval: build
	./bin/crosscheck eval extract --data $(DATA)/article_extraction_benchmark
	./bin/crosscheck eval cluster --dataset ecbplus --data $(DATA)/ecbplus
	./bin/crosscheck eval cluster --dataset ecbplus --data $(DATA)/ecbplus --per-topic
	./bin/crosscheck eval cluster --dataset emergent --data $(DATA)/emergent
	./bin/crosscheck eval cluster --dataset fnc1 --data $(DATA)/fnc1
	./bin/crosscheck eval paraphrase --data $(DATA)/mrpc
	./bin/crosscheck eval reuse --data $(DATA)/clough_stevenson_2011/data
	./bin/crosscheck eval align --data $(DATA)/fnc1/train_bodies.csv
	./bin/crosscheck eval quotes --data $(DATA)/polnear/data/dev
	./bin/crosscheck eval stance --bodies $(DATA)/fnc1/train_bodies.csv --stances $(DATA)/fnc1/train_stances.csv
	./bin/crosscheck eval clickbait --data $(DATA)/clickbait_chakraborty2016
	./bin/crosscheck eval splice --data $(DATA)/fnc1/train_bodies.csv
	./bin/crosscheck eval credibility --data $(DATA)
	./bin/crosscheck eval triples --data $(DATA)/fnc1/train_bodies.csv

clean:
	rm -rf bin bench.out
