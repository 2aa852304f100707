# Start a throwaway PostgreSQL for the tests. Source it (as root, on
# Debian): it installs the server if needed, starts a cluster on
# 127.0.0.1:55432 and exports CROSSCHECK_TEST_POSTGRES_DSN; pg_stop stops it.
# Without root or apt it returns non-zero and the PostgreSQL tests skip.
pg_start() {
	if [ "$(id -u)" != 0 ]; then echo "postgres.sh: not root, PostgreSQL tests will skip"; return 1; fi
	PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
	if [ -z "$PGBIN" ]; then
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || return 1
		PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
	fi
	PGDATA_DIR=$(mktemp -d)
	chown postgres: "$PGDATA_DIR"
	su postgres -c "$PGBIN/initdb -D $PGDATA_DIR -U postgres -A trust -E UTF8 --locale=C.UTF-8" >/dev/null || return 1
	su postgres -c "$PGBIN/pg_ctl -D $PGDATA_DIR -o '-c listen_addresses=127.0.0.1 -p 55432 -k /tmp' -l $PGDATA_DIR/log -w start" >/dev/null || return 1
	export CROSSCHECK_TEST_POSTGRES_DSN="postgres://postgres@127.0.0.1:55432/postgres?sslmode=disable"
	export PGBIN PGDATA_DIR
	echo "postgres.sh: PostgreSQL running, $CROSSCHECK_TEST_POSTGRES_DSN"
}
pg_stop() {
	[ -n "${PGDATA_DIR:-}" ] && su postgres -c "$PGBIN/pg_ctl -D $PGDATA_DIR -m fast -w stop" >/dev/null
}
pg_start
