#!/usr/bin/env bash
# The order import benchmark: ORDER_LINES generated order lines (Finnish CSV: `;`, decimal comma,
# 22.11.2026) imported into SQLite by `arvo import orders`, side by side in the same run with
# sqlite3's `.import` of the same file into a plain table. Prints wall time, rows per second, the
# ratio and peak memory (maximum resident set size) of both, then the same arvo import on a
# throw-away PostgreSQL when one can be started. Usage: bench/import.sh [ORDER_LINES] [CUSTOMERS]
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-1000000}
customers=${2:-20000}
out=bench/out/import
mkdir -p "$out"

command -v sqlite3 >/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends sqlite3
}
cargo build --release -p arvo --quiet
arvo=target/release/arvo

files="$out/files-$lines"
if [ ! -f "$files/orders.csv" ]; then
  "$arvo" generate --customers "$customers" --order-lines "$lines" --seed 2026 --out "$files"
fi
size=$(du -h "$files/orders.csv" | cut -f1)
echo "== $lines order lines, $customers customers ($size) =="

# Runs a command and prints "SECONDS PEAK_KIB".
measure() {
  /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >"$out/last.log" 2>&1 || {
    cat "$out/last.log" >&2
    return 1
  }
  cat "$out/time.txt"
}

rm -f "$out/plain.db"
read -r s_time s_mem < <(measure sqlite3 "$out/plain.db" -cmd ".mode csv" -cmd ".separator ;" ".import $files/orders.csv lines")
echo "sqlite3 .import:       ${s_time} s, $(python3 -c "print(round($lines/$s_time))") rows/s, peak $((s_mem / 1024)) MiB"

db="$out/arvo.db"
rm -f "$db" "$db-wal" "$db-shm"
"$arvo" demo --database-url "sqlite://$db" --customers "$customers" --seed 2026 >/dev/null 2>&1
read -r a_time a_mem < <(measure "$arvo" import --database-url "sqlite://$db" orders "$files/orders.csv")
grep -E "^Rows" "$out/last.log"
echo "arvo import (SQLite):  ${a_time} s, $(python3 -c "print(round($lines/$a_time))") rows/s, peak $((a_mem / 1024)) MiB"
echo "ratio arvo / sqlite3:  $(python3 -c "print(round($a_time/$s_time, 2))")"
read -r r_time _ < <(measure "$arvo" import --database-url "sqlite://$db" orders "$files/orders.csv")
grep -E "^Rows" "$out/last.log"
echo "the same file again:   ${r_time} s (nothing changes)"

# PostgreSQL, when its server binaries are installed (as scripts/test installs them).
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ]; then
  pg=$(mktemp -d /tmp/arvo-bench-pg.XXXXXX)
  chmod 0711 "$pg"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  as_pg() { if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
  mkdir -p "$pg/socket"
  [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$pg"
  as_pg "$pg_bin/initdb" --pgdata="$pg/data" --username=postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $pg/socket" start >/dev/null
  trap 'as_pg "$pg_bin/pg_ctl" -D "$pg/data" -m immediate stop >/dev/null 2>&1; rm -rf "$pg"' EXIT
  url="postgres://postgres@127.0.0.1:$port/postgres"
  "$arvo" demo --database-url "$url" --customers "$customers" --seed 2026 >/dev/null 2>&1
  read -r p_time p_mem < <(measure "$arvo" import --database-url "$url" orders "$files/orders.csv")
  grep -E "^Rows" "$out/last.log"
  echo "arvo import (PostgreSQL): ${p_time} s, $(python3 -c "print(round($lines/$p_time))") rows/s, peak $((p_mem / 1024)) MiB"
fi
