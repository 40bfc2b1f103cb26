#!/usr/bin/env bash
# The value analysis's full refresh from the database against DuckDB computing the same
# per-customer waterfall. CUSTOMERS generated customers with ORDER_LINES order lines (default
# 100,000 and 10,000,000) are imported into SQLite once. `arvo serve` runs on that database, and
# the same tables, exported from it, are loaded into DuckDB (PyPI `duckdb`, installed when
# missing; the load is left out of both). Then, after one untimed round of each, RUNS times (default
# 9) in turn: arvo refreshes the analysis of 2025 (profitability, value scores, segments, behaviour
# groups, BG/NBD and Gamma-Gamma, the segments saved) through `POST /api/v1/analysis/refresh`,
# timed by the client, and DuckDB computes the period's waterfall with the same cost pools and
# largest-remainder allocation into a table, timed in-process; taking turns, both see the machine
# alike. DuckDB's waterfall is checked against arvo's to the cent, and the server's peak memory is
# reported. Usage: bench/analysis.sh [CUSTOMERS] [ORDER_LINES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-100000}
lines=${2:-10000000}
runs=${3:-9}
out=bench/out/analysis
mkdir -p "$out"
python3 -c "import duckdb" 2>/dev/null || pip install --quiet duckdb
command -v sqlite3 >/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends sqlite3
}
cargo build --release -p arvo --quiet
arvo=$PWD/target/release/arvo
files="$out/files-$customers-$lines"
db="$out/arvo-$customers-$lines.db"
url="sqlite://$db"
if [ ! -f "$db" ]; then
  [ -f "$files/orders.csv" ] || "$arvo" generate --customers "$customers" --order-lines "$lines" --seed 2026 --out "$files"
  echo "== loading $customers customers and importing $lines order lines (once) =="
  "$arvo" demo --database-url "$url" --customers "$customers" --seed 2026 >/dev/null 2>&1
  /usr/bin/time -f "import: %e s, peak %M KiB" "$arvo" import --database-url "$url" orders "$files/orders.csv" | grep -E "^Rows|^New"
  echo "benchmark-password-2026" | "$arvo" user --database-url "$url" add --email analyst@example.fi \
    --name "Benchmark Analyst" --role admin >/dev/null 2>&1
fi
token=$("$arvo" token --database-url "$url" create --user analyst@example.fi --name "bench run" 2>/dev/null | tail -1)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ARVO_LOG=warn "$arvo" serve --database-url "$url" --listen "127.0.0.1:$port" >"$out/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
api() { curl -fsS -H "Authorization: Bearer $token" -H "Content-Type: application/json" "$@"; }
# Cost pools sized to the data's volumes (about 415,000 orders and 3.3 million lines in 2025);
# deliveries and invoices have no records in generated data, so their pools stay unallocated.
api -X PUT "http://127.0.0.1:$port/api/v1/analysis/cost-pools" --data '[
  {"name": "Tilausten käsittely", "cost_cents": 400000000, "driver": "orders", "layer": "sales"},
  {"name": "Keräily", "cost_cents": 300000000, "driver": "order_lines", "layer": "service"},
  {"name": "Toimitukset", "cost_cents": 250000000, "driver": "deliveries", "layer": "service"},
  {"name": "Laskutus", "cost_cents": 60000000, "driver": "invoices", "layer": "sales"},
  {"name": "Markkinointi", "cost_cents": 120000000, "driver": "not_allocated", "layer": "marketing"}
]' >/dev/null

# arvo's waterfall, for the check.
"$arvo" analyse customers --database-url "$url" --period 2025 --today 2026-06-30 --format csv \
  --language en --out "$out/arvo-customers.csv"

# The same tables for DuckDB, exported once per database.
export_dir="$out/export-$customers-$lines"
if [ ! -f "$export_dir/done" ] || [ "$db" -nt "$export_dir/done" ]; then
  mkdir -p "$export_dir"
  for q in \
    "accounts:SELECT id FROM accounts" \
    "orders:SELECT id, account_id, order_date FROM orders" \
    "order_lines:SELECT order_id, product_id, quantity_milli, net_cents, cost_cents FROM order_lines" \
    "products:SELECT id, unit_cost_cents FROM products" \
    "deliveries:SELECT account_id, delivery_date FROM deliveries" \
    "invoices:SELECT account_id, invoice_date, paid_date, amount_cents FROM invoices"; do
    sqlite3 -header -csv "$db" "${q#*:}" >"$export_dir/${q%%:*}.csv"
  done
  touch "$export_dir/done"
fi
sqlite3 -header -csv "$db" "SELECT name, yearly_cost_cents, driver, layer, position FROM cost_pools ORDER BY position" >"$export_dir/cost_pools.csv"

(
  while kill -0 "$pid" 2>/dev/null; do
    grep RssAnon "/proc/$pid/status" | awk '{print $2}'
    sleep 0.05
  done
) >"$out/rss-anon.txt" &
sampler=$!
echo "== in turn, $runs times: arvo's POST /api/v1/analysis/refresh?period=2025 and DuckDB's waterfall of 2025 =="
python3 bench/analysis_duckdb.py "$export_dir" "$out/arvo-customers.csv" "$runs" \
  "http://127.0.0.1:$port/api/v1/analysis/refresh?period=2025" "$token"
kill "$sampler" 2>/dev/null || true
peak_anon=$(sort -n "$out/rss-anon.txt" | tail -1)
echo "server's peak heap and stacks (RssAnon): $((peak_anon / 1024)) MiB; $(grep -E 'VmHWM' "/proc/$pid/status" | tr -s ' ')"
