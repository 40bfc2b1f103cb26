#!/usr/bin/env bash
# The purchase models' fit against the Python package `lifetimes` (installed from PyPI when
# missing, with DuckDB): generated order lines are summarised by DuckDB into one row per customer
# (repeat purchase days, recency, T in days, the mean of the repeat days' totals), and both fit
# BG/NBD and Gamma-Gamma to that same summary. Prints both fits, their times, the speed ratio and
# the largest relative difference of the parameters. Usage: bench/clv.sh [CUSTOMERS] [ORDER_LINES]
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-100000}
lines=${2:-2000000}
out=bench/out/clv
mkdir -p "$out"
python3 -c "import lifetimes, duckdb" 2>/dev/null || pip install --quiet lifetimes duckdb
cargo build --release -p arvo --quiet
cargo build --release -p arvo-core --example clv_fit --quiet
files="$out/files-$customers-$lines"
[ -f "$files/orders.csv" ] || target/release/arvo generate --customers "$customers" --order-lines "$lines" --seed 2026 --out "$files" >/dev/null
summary="$out/summary-$customers-$lines.csv"
if [ ! -f "$summary" ]; then
  python3 - "$files/orders.csv" "$summary" <<'PY'
import sys, duckdb
orders, summary = sys.argv[1], sys.argv[2]
duckdb.sql(f"""
  CREATE TABLE lines AS SELECT * FROM read_csv('{orders}', delim=';', header=true, decimal_separator=',',
    dateformat='%d.%m.%Y', types={{'Asiakasnumero': 'VARCHAR'}})""")
duckdb.sql("""
  CREATE TABLE days AS SELECT Asiakasnumero AS c, Tilauspäivä AS d,
    SUM("Määrä" * "À-hinta" * (1 - COALESCE("Alennus %", 0) / 100)) AS total
  FROM lines GROUP BY 1, 2""")
duckdb.sql(f"""
  COPY (
    WITH ends AS (SELECT MAX(d) AS last_day FROM days),
    firsts AS (SELECT c, MIN(d) AS first_day, MAX(d) AS last_purchase, COUNT(*) - 1 AS frequency FROM days GROUP BY c)
    SELECT f.frequency, date_diff('day', f.first_day, f.last_purchase) AS recency,
      date_diff('day', f.first_day, e.last_day) AS "T",
      COALESCE((SELECT AVG(total) FROM days x WHERE x.c = f.c AND x.d > f.first_day), 0) AS monetary_value
    FROM firsts f, ends e ORDER BY f.c
  ) TO '{summary}' (HEADER, DELIMITER ',')""")
PY
fi
echo "== BG/NBD and Gamma-Gamma on $(($(wc -l < "$summary") - 1)) customers =="
measure() { /usr/bin/time -f "%M" -o "$out/mem.txt" "$@"; }
measure target/release/examples/clv_fit "$summary" > "$out/arvo.json"
arvo_mem=$(cat "$out/mem.txt")
measure python3 bench/clv_lifetimes.py "$summary" > "$out/lifetimes.json"
py_mem=$(cat "$out/mem.txt")
python3 - "$out/arvo.json" "$out/lifetimes.json" "$arvo_mem" "$py_mem" <<'PY'
import json, sys
a, l = (json.load(open(p)) for p in sys.argv[1:3])
names = {"bgnbd": ["r", "alpha", "a", "b"], "gamma_gamma": ["p", "q", "v"]}
worst = 0.0
for model, params in names.items():
    for p in params:
        x, y = a[model][p], l[model][p]
        rel = abs(x - y) / abs(y)
        worst = max(worst, rel)
        print(f"{model:12} {p:6} arvo {x:.6f}  lifetimes {y:.6f}  relative difference {rel:.2e}")
ta = a["bgnbd_seconds"] + a["gamma_gamma_seconds"]
tl = l["bgnbd_seconds"] + l["gamma_gamma_seconds"]
print(f"fit time: arvo {ta:.4f} s (BG/NBD {a['bgnbd_seconds']:.4f}, Gamma-Gamma {a['gamma_gamma_seconds']:.4f}); "
      f"lifetimes {tl:.3f} s (BG/NBD {l['bgnbd_seconds']:.3f}, Gamma-Gamma {l['gamma_gamma_seconds']:.3f})")
print(f"speed ratio lifetimes / arvo: {tl / ta:.1f}x; largest relative difference of the parameters: {worst:.2e}")
print(f"peak memory: arvo {int(sys.argv[3]) // 1024} MiB, lifetimes {int(sys.argv[4]) // 1024} MiB")
PY
