#!/bin/sh
# pg-test-server.sh — a throwaway PostgreSQL 15 for the tests: its own data
# directory, loopback only, no system service, nothing left behind.
#
#   scripts/pg-test-server.sh start DIR   initdb DIR/data, start the server on a
#                                         free port of 127.0.0.1 (unix socket in
#                                         DIR), wait until it accepts connections
#                                         and print one line on stdout, its URI:
#                                         postgresql://minsheng@127.0.0.1:PORT/postgres
#   scripts/pg-test-server.sh stop DIR    stop it (fast shutdown) and remove DIR
#
# The role "minsheng" is the bootstrap superuser, trusted without a password
# (the server listens on loopback only). Run as root, the server runs as the
# Debian user "postgres" (PostgreSQL refuses to run as root): DIR is given to
# it, so DIR must not lie under a directory that user cannot enter.
#
# fsync is off (and full_page_writes with it): a test server's data does not
# have to survive a crash of the machine, only a crash of a Minsheng process,
# and a committed transaction survives that with or without fsync; commits
# still wait for their WAL write (synchronous_commit stays on), so what the
# tests see is what a production server answers. MINSHENG_PG_FSYNC=on turns
# fsync and full_page_writes on (the benchmarks compare durable set-ups).
set -eu
bin=/usr/lib/postgresql/15/bin

die() {
	echo "pg-test-server: $*" >&2
	exit 1
}

# Run a command as the user that owns the cluster.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
	dir=$1
	[ -x "$bin/initdb" ] || die "PostgreSQL 15 is not installed ($bin/initdb); scripts/deps.sh test installs it"
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	[ ! -e "$dir/data" ] || die "$dir/data already exists"
	if [ "$(id -u)" -eq 0 ]; then
		getent passwd postgres >/dev/null || die "running as root needs the user postgres (Debian's postgresql-15 creates it)"
		chown postgres "$dir"
		chmod 700 "$dir"
		runuser -u postgres -- test -w "$dir" || die "the user postgres cannot write $dir (a parent directory is closed to it)"
	fi
	as_owner "$bin/initdb" -D "$dir/data" -U minsheng -A trust -E UTF8 --locale=C --no-instructions \
		>"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
	tries=0
	while :; do
		port=$(free_port)
		# Appended to the configuration file, where the last setting wins
		# (so a retry with another port overrides the first). The file
		# belongs to the server's user: it appends, through its own shell.
		# shellcheck disable=SC2016 # $1 is that shell's argument
		{
			echo "# pg-test-server.sh"
			echo "listen_addresses = '127.0.0.1'"
			echo "port = $port"
			echo "unix_socket_directories = '$dir'"
			echo "max_connections = 200"
			echo "fsync = ${MINSHENG_PG_FSYNC:-off}"
			echo "full_page_writes = ${MINSHENG_PG_FSYNC:-off}"
			echo "synchronous_commit = on"
			# hint bits logged, as on a server with checksums or under
			# Patroni: a test can see which transaction logs them
			echo "wal_log_hints = on"
			echo "log_min_messages = warning"
			echo "logging_collector = off"
		} | as_owner sh -c 'cat >>"$1"' sh "$dir/data/postgresql.conf"
		if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null 2>&1; then
			break
		fi
		tries=$((tries + 1))
		# Another process may have taken the port between the check and the start.
		if [ $tries -ge 5 ] || ! grep -q 'could not bind\|Address already in use' "$dir/server.log" 2>/dev/null; then
			cat "$dir/server.log" >&2 2>/dev/null || true
			die "the server did not start"
		fi
	done
	n=0
	until "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U minsheng -d postgres; do
		n=$((n + 1))
		[ $n -lt 100 ] || die "the server does not accept connections"
		sleep 0.1
	done
	echo "postgresql://minsheng@127.0.0.1:$port/postgres"
}

stop() {
	dir=$1
	[ -d "$dir" ] || return 0
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
			as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
}

[ $# -eq 2 ] || die "usage: $0 start|stop DIR"
case $1 in
start) start "$2" ;;
stop) stop "$2" ;;
*) die "usage: $0 start|stop DIR" ;;
esac
