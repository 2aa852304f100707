#!/usr/bin/env bash
# CPU time an article of 1 and 2 `crosscheck worker` processes on N
# generated articles: the workers' user + system time, and PostgreSQL's,
# read from /proc (the server must run on this machine, as the one
# .ci/postgres.sh starts does). With every core busy, CPU an article
# bounds the speed-up more workers can give.
#
#   scripts/cpu-workers.sh DSN [N]
set -euo pipefail
dsn=${1:?usage: scripts/cpu-workers.sh DSN [N]}
n=${2:-6000}
cd "$(dirname "$0")/.."
go build -o /tmp/crosscheck-bench ./cmd/crosscheck
cc=/tmp/crosscheck-bench
sep='?'; [[ $dsn == *\?* ]] && sep='&'
$cc gen --n "$n" --seed 1 > /tmp/cpu-workers.jsonl
# PostgreSQL's CPU ticks: every postgres process's own and its reaped
# children's (backends that ended count in the postmaster's).
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
	schema=cw$w
	psql -X -q "$dsn" -c "DROP SCHEMA IF EXISTS $schema CASCADE" -c "CREATE SCHEMA $schema" 2>/dev/null
	db="$dsn${sep}search_path=$schema"
	$cc ingest --queue --db "$db" /tmp/cpu-workers.jsonl >/dev/null
	p0=$(pgticks)
	start=$(date +%s.%N)
	for i in $(seq "$w"); do
		/usr/bin/time -f "%U %S" -o "/tmp/cpu-workers-$w-$i.time" $cc worker --once --db "$db" >/dev/null 2>&1 &
	done
	wait
	end=$(date +%s.%N)
	p1=$(pgticks)
	wcpu=$(cat /tmp/cpu-workers-$w-*.time | awk '{s += $1 + $2} END {print s}')
	awk -v w="$w" -v n="$n" -v s="$start" -v e="$end" -v wc="$wcpu" -v pc="$(( p1 - p0 ))" -v hz="$hz" \
		'BEGIN { printf "%d worker(s): %.1f articles/s; worker CPU %.1f s, PostgreSQL CPU %.1f s, %.2f ms CPU an article\n", w, n / (e - s), wc, pc / hz, (wc + pc / hz) * 1000 / n }'
done
