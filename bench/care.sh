#!/usr/bin/env bash
# The adherence engine from the database: CUSTOMERS generated customers (default 100,000) with
# ORDER_LINES order lines (default 2,000,000, for their purchase rhythms and passivation alerts),
# segments saved by the analysis, and ENCOUNTERS encounters per customer (default 5, spread over
# the 150 days before the evaluated day) are loaded into SQLite once. `arvo serve` runs on it, and
# RUNS times (default 9) the client times GET /api/v1/care/suggestions (every customer read from
# the database and evaluated against its segment's care model, its encounters, its account plan
# (PLAN_EVERY below) and its purchase alert; the suggestions sent as JSON) and GET
# /api/v1/care/evaluation (the same with every customer's adherence, per owner, per segment and
# over six months). Prints the median and the spread of each, the server's own timing of its
# reads and reckoning, and its peak memory.
# Usage: bench/care.sh [CUSTOMERS] [ORDER_LINES] [ENCOUNTERS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-100000}
lines=${2:-2000000}
encounters=${3:-5}
runs=${4:-9}
on=2026-06-30
out=bench/out/care
mkdir -p "$out"
command -v sqlite3 >/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends sqlite3
}
# ARVO_BIN names an already built release binary to use instead of building one.
if [ -z "${ARVO_BIN:-}" ]; then
  cargo build --release -p arvo --quiet
fi
arvo=${ARVO_BIN:-$PWD/target/release/arvo}
files="$out/files-$customers-$lines"
db="$out/arvo-$customers-$lines-$encounters.db"
url="sqlite://$db"
if [ ! -f "$db" ]; then
  [ -f "$files/orders.csv" ] || "$arvo" generate --customers "$customers" --order-lines "$lines" --seed 2026 --out "$files"
  echo "== loading $customers customers, $lines order lines and $encounters encounters each (once) =="
  "$arvo" demo --database-url "$url" --customers "$customers" --seed 2026 >/dev/null 2>&1
  "$arvo" import --database-url "$url" orders "$files/orders.csv" | grep -E "^Rows|^New"
  # Encounters straight into the table: kinds and days spread by the account's id, so that the
  # same data comes back on every machine; about a third of the customers fall behind.
  sqlite3 "$db" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $encounters)
INSERT INTO encounters (account_id, kind, channel, occurred_on, summary, recorded_by, recorded_at)
SELECT a.id,
       CASE (a.id * 7 + n.i) % 6 WHEN 0 THEN 'business_review' WHEN 1 THEN 'offer'
            WHEN 2 THEN 'email' WHEN 3 THEN 'visit' ELSE 'call' END,
       CASE (a.id * 7 + n.i) % 6 WHEN 0 THEN 'in_person' WHEN 1 THEN 'email'
            WHEN 2 THEN 'email' WHEN 3 THEN 'in_person' ELSE 'phone' END,
       date('$on', '-' || ((a.id * 7919 + n.i * 104729) % 150) || ' days'),
       'Kuulumiset', 'generator', '2026-06-30T00:00:00Z'
FROM accounts a, n;
SQL
  echo "benchmark-password-2026" | "$arvo" user --database-url "$url" add --email analyst@example.fi \
    --name "Benchmark Analyst" --role admin >/dev/null 2>&1
  saved=1
fi
# Account plans for one customer in PLAN_EVERY (default 20: 5,000 of 100,000), each with a review
# cadence, a review recorded on some, and four actions (one overdue in every other plan, one
# done), written straight into the tables once the schema has them.
plan_every=${PLAN_EVERY:-20}
"$arvo" migrate --database-url "$url" >/dev/null 2>&1
if [ "$(sqlite3 "$db" 'SELECT COUNT(*) FROM account_plans')" = 0 ]; then
  sqlite3 "$db" <<SQL
INSERT INTO account_plans (account_id, summary, review_every_days, started_on, reviewed_on,
                           created_by, created_at, updated_by, updated_at)
SELECT id, 'Kasvatetaan osuutta', 90, date('$on', '-' || (100 + id % 200) || ' days'),
       CASE WHEN id % 3 = 0 THEN NULL ELSE date('$on', '-' || (id % 120) || ' days') END,
       'generator', '2026-06-30T00:00:00Z', 'generator', '2026-06-30T00:00:00Z'
FROM accounts WHERE id % $plan_every = 0;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 3)
INSERT INTO account_plan_actions (account_id, position, title, owner, due_on, status, closed_on)
SELECT p.account_id, n.i, 'Toimenpide ' || n.i, 'Benchmark Analyst',
       date('$on', CASE n.i WHEN 0 THEN '-60 days' WHEN 1 THEN
         CASE WHEN (p.account_id / $plan_every) % 2 = 0 THEN '-20 days' ELSE '+20 days' END
         WHEN 2 THEN '+40 days' ELSE '+90 days' END),
       CASE n.i WHEN 0 THEN 'done' ELSE 'planned' END,
       CASE n.i WHEN 0 THEN date('$on', '-60 days') END
FROM account_plans p, n;
SQL
fi
echo "plans: $(sqlite3 "$db" 'SELECT COUNT(*) FROM account_plans'), plan actions: $(sqlite3 "$db" 'SELECT COUNT(*) FROM account_plan_actions')"
token=$("$arvo" token --database-url "$url" create --user analyst@example.fi --name "bench run" 2>/dev/null | tail -1)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ARVO_LOG=arvo_web::care=debug,warn "$arvo" serve --database-url "$url" --listen "127.0.0.1:$port" \
  --care-interval 0 >"$out/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
api() { curl -fsS -H "Authorization: Bearer $token" -H "Content-Type: application/json" "$@"; }
if [ "${saved:-0}" = 1 ]; then
  # The segments the engine evaluates by: the analysis of the twelve months up to the day.
  api -X POST "http://127.0.0.1:$port/api/v1/analysis/refresh?period=rolling" >/dev/null
fi
echo "customers: $(sqlite3 "$db" 'SELECT COUNT(*) FROM accounts'), encounters: $(sqlite3 "$db" 'SELECT COUNT(*) FROM encounters'), with a segment: $(sqlite3 "$db" 'SELECT COUNT(*) FROM account_segments')"

time_get() {
  curl -fsS -o "$out/last.json" -w '%{time_total}\n' -H "Authorization: Bearer $token" "$1"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)] " s (min " a[1] ", max " a[NR] ")"}'; }
for what in suggestions evaluation; do
  url_="http://127.0.0.1:$port/api/v1/care/$what?on=$on"
  time_get "$url_" >/dev/null  # untimed first round
  for _ in $(seq 1 "$runs"); do time_get "$url_"; done >"$out/$what.times"
  echo "$what: $(median <"$out/$what.times"), $(wc -c <"$out/last.json") bytes of JSON"
done
echo "suggestions in the answer: $(python3 -c "
import json, collections
s = json.load(open('$out/last.json'))['suggestions']
print(len(s), dict(collections.Counter(x['gap'] for x in s)))")"
echo "server's own timing (last run):"
grep "care evaluated" "$out/serve.log" | tail -1 | sed 's/\x1b\[[0-9;]*m//g'
echo "server's peak memory: $(grep -E 'VmHWM|RssAnon' /proc/$pid/status | tr -s ' ' | tr '\n' ' ')"
