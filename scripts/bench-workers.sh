#!/usr/bin/env bash
# Throughput and CPU time an article of 1 and 2 `crosscheck worker`
# processes on N generated articles, and of `crosscheck ingest --queue`
# (batched) into PostgreSQL.
#
#   scripts/bench-workers.sh DSN [N]
#
# DSN is a PostgreSQL URL the script may create schemas in (for instance
# the one .ci/postgres.sh exports as CROSSCHECK_TEST_POSTGRES_DSN). Each run
# gets a fresh schema: bw1 for one worker, bw2 for two. The workers' CPU is
# their user + system time; PostgreSQL's is read from /proc when the server
# runs on this machine (every postgres process's own ticks and its reaped
# children's, so backends that ended count too). With every core busy, CPU
# an article bounds the speed-up more workers can give.
set -euo pipefail
dsn=${1:?usage: scripts/bench-workers.sh DSN [N]}
n=${2:-100000}
cd "$(dirname "$0")/.."
go build -o /tmp/crosscheck-bench ./cmd/crosscheck
cc=/tmp/crosscheck-bench
sep='?'; [[ $dsn == *\?* ]] && sep='&'
$cc gen --n "$n" --seed 1 > /tmp/bench-workers.jsonl
pgticks() {
	local t=0 s
	for p in $(pgrep -u postgres || true); do
		s=$(awk '{print $14+$15+$16+$17}' "/proc/$p/stat" 2>/dev/null || echo 0)
		t=$((t + s))
	done
	echo "$t"
}
hz=$(getconf CLK_TCK)
for w in 1 2; do
	schema=bw$w
	psql -X -q "$dsn" -c "DROP SCHEMA IF EXISTS $schema CASCADE" -c "CREATE SCHEMA $schema" 2>/dev/null
	db="$dsn${sep}search_path=$schema"
	echo "== ingest --queue, $n articles"
	$cc ingest --queue --db "$db" /tmp/bench-workers.jsonl
	echo "== $w worker(s)"
	p0=$(pgticks)
	start=$(date +%s.%N)
	pids=()
	for i in $(seq "$w"); do
		/usr/bin/time -f "%U %S" -o "/tmp/bench-worker-$w-$i.time" $cc worker --once --db "$db" > "/tmp/bench-worker-$w-$i.log" 2>&1 &
		pids+=($!)
	done
	wait "${pids[@]}"
	end=$(date +%s.%N)
	p1=$(pgticks)
	wcpu=$(cat /tmp/bench-worker-$w-*.time | awk '{s += $1 + $2} END {print s}')
	done_jobs=$(psql -X -qAt "$dsn" -c "SELECT count(*) FROM $schema.jobs WHERE state = 'done'")
	stories=$(psql -X -qAt "$dsn" -c "SELECT count(DISTINCT story_id) FROM $schema.articles")
	awk -v w="$w" -v n="$done_jobs" -v s="$start" -v e="$end" -v st="$stories" -v wc="$wcpu" -v pc="$(( p1 - p0 ))" -v hz="$hz" \
		'BEGIN { printf "%d worker(s): %d articles in %.0f s = %.1f articles/s, %d stories; CPU: workers %.0f s, PostgreSQL %.0f s, %.2f ms an article\n", w, n, e - s, n / (e - s), st, wc, pc / hz, (wc + pc / hz) * 1000 / n }'
done
