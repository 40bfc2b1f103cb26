#!/usr/bin/env bash
# The account list benchmark: 100,000 generated accounts in SQLite, the list API answering a text
# search with a filter and a sort to 16 concurrent clients. Prints the latency distribution from
# wrk and the server's peak memory. Usage: bench/accounts.sh [ACCOUNTS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
accounts=${1:-100000}
seconds=${2:-30}
out=bench/out
mkdir -p "$out"

if ! command -v wrk >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk
fi
cargo build --release -p arvo --quiet
arvo=target/release/arvo

db="$out/accounts-$accounts.db"
if [ ! -f "$db" ]; then
  echo "== generating $accounts accounts (seed 2026) into $db =="
  start=$(date +%s)
  "$arvo" demo --database-url "sqlite://$db" --synthetic "$accounts" --seed 2026 2>/dev/null
  echo "generated in $(( $(date +%s) - start )) s"
fi

# The API needs a token: a read-only benchmark user gets a fresh one for this run.
db_url="sqlite://$db"
if ! "$arvo" user --database-url "$db_url" list 2>/dev/null | grep -q "bench@example.fi"; then
  echo "benchmark-password-2026" | "$arvo" user --database-url "$db_url" add --email bench@example.fi \
    --name "Benchmark Reader" --role read_only >/dev/null 2>&1
fi
ARVO_TOKEN=$("$arvo" token --database-url "$db_url" create --user bench@example.fi --name "bench run" 2>/dev/null | tail -1)
export ARVO_TOKEN

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ARVO_LOG=warn "$arvo" serve --database-url "sqlite://$db" --listen "127.0.0.1:$port" >"$out/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done

echo "== warm-up =="
wrk -t2 -c16 -d5s -s bench/accounts.lua "http://127.0.0.1:$port" >/dev/null
echo "== account list: text search + filter + sort, 16 concurrent clients, ${seconds}s =="
# The server's own memory (anonymous pages) is sampled through the run; pages of the database file
# that SQLite maps are the operating system's cache and are reported apart.
peak_anon=0
(
  while kill -0 "$pid" 2>/dev/null; do
    grep RssAnon "/proc/$pid/status" | awk '{print $2}'
    sleep 0.2
  done
) >"$out/rss-anon.txt" &
sampler=$!
wrk -t2 -c16 -d"${seconds}s" --latency -s bench/accounts.lua "http://127.0.0.1:$port" | tee "$out/accounts-wrk.txt"
kill "$sampler" 2>/dev/null || true
peak_anon=$(sort -n "$out/rss-anon.txt" | tail -1)
echo "== server memory =="
echo "peak heap and stacks (RssAnon): $((peak_anon / 1024)) MiB"
grep -E 'RssFile|VmHWM' "/proc/$pid/status"
echo "database file: $(( $(stat -c %s "$db") / 1048576 )) MiB"
