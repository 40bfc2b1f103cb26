"""DuckDB's side of bench/analysis.sh: loads the tables exported from arvo's database (not timed);
then, after one untimed round of each, RUNS times in turn asks the running arvo server for a full
refresh (POST REFRESH_URL with the API token, timed from here) and computes the per-customer
waterfall of 2025 into a table, so that both see the machine alike; checks DuckDB's waterfall
against arvo's (every customer to the cent) and prints the times, their medians and the ratio.
Usage: analysis_duckdb.py EXPORT_DIR ARVO_CUSTOMERS_CSV RUNS REFRESH_URL TOKEN

The waterfall is arvo's: revenue and the cost of goods (a line's own cost, or else its product's
unit cost times the quantity) of the period's orders; each cost pool's yearly cost taken in the
period's share of days (rounded half away from zero) and shared among the customers in proportion
to its driver by the largest-remainder rule (shares rounded down, the cents left one each to the
largest remainders, the lower account id first on ties); the shares summed by layer."""
import csv
import os
import statistics
import sys
import time
import urllib.request

import duckdb

export, arvo_csv, runs, refresh_url, token = sys.argv[1:6]
runs = int(runs)
FROM, TO, DAYS = "2025-01-01", "2025-12-31", 365

con = duckdb.connect()
TABLES = {
    "accounts": {"id": "BIGINT"},
    "orders": {"id": "BIGINT", "account_id": "BIGINT", "order_date": "DATE"},
    "order_lines": {"order_id": "BIGINT", "product_id": "BIGINT", "quantity_milli": "BIGINT",
                    "net_cents": "BIGINT", "cost_cents": "BIGINT"},
    "products": {"id": "BIGINT", "unit_cost_cents": "BIGINT"},
    "deliveries": {"account_id": "BIGINT", "delivery_date": "DATE"},
    "invoices": {"account_id": "BIGINT", "invoice_date": "DATE", "paid_date": "DATE",
                 "amount_cents": "BIGINT"},
    "cost_pools": {"name": "VARCHAR", "yearly_cost_cents": "BIGINT", "driver": "VARCHAR",
                   "layer": "VARCHAR", "position": "BIGINT"},
}
for table, columns in TABLES.items():
    con.execute(f"CREATE TABLE {table} ({', '.join(f'{c} {t}' for c, t in columns.items())})")
    path = f"{export}/{table}.csv"
    if os.path.getsize(path) > 0:  # sqlite3 writes no header for no rows
        con.execute(f"INSERT INTO {table} SELECT * FROM read_csv('{path}', header = true, "
                    f"delim = ',', columns = {columns!r})")
drivers = {
    "orders": "v.orders",
    "order_lines": "v.lines",
    "deliveries": "v.deliveries",
    "invoices": "v.invoices",
    "payment_days": "v.payment_cent_days",
}
for (driver,) in con.execute("SELECT DISTINCT driver FROM cost_pools").fetchall():
    if driver != "not_allocated" and driver not in drivers:
        sys.exit(f"the DuckDB side does not load the records of driver {driver!r}")
weight = "CASE p.driver " + " ".join(f"WHEN '{d}' THEN {e}" for d, e in drivers.items()) + " END"
days = "date_diff('day', invoice_date, paid_date)"
WATERFALL = f"""
CREATE OR REPLACE TABLE waterfall AS
WITH sold AS (
  SELECT o.account_id, COUNT(DISTINCT o.id) AS orders, COUNT(*) AS lines,
    SUM(l.net_cents) AS revenue,
    SUM(COALESCE(l.cost_cents, p.unit_cost_cents * l.quantity_milli // 1000, 0)) AS direct
  FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id
  WHERE o.order_date BETWEEN DATE '{FROM}' AND DATE '{TO}' GROUP BY o.account_id),
delivered AS (
  SELECT account_id, COUNT(*) AS deliveries FROM deliveries
  WHERE delivery_date BETWEEN DATE '{FROM}' AND DATE '{TO}' GROUP BY account_id),
invoiced AS (
  SELECT account_id, COUNT(*) AS invoices,
    SUM(CASE WHEN {days} > 0 AND amount_cents > 0 THEN amount_cents * {days} ELSE 0 END) AS payment_cent_days
  FROM invoices WHERE invoice_date BETWEEN DATE '{FROM}' AND DATE '{TO}' GROUP BY account_id),
v AS (
  SELECT a.id, COALESCE(s.revenue, 0) AS revenue, COALESCE(s.direct, 0) AS direct,
    COALESCE(s.orders, 0) AS orders, COALESCE(s.lines, 0) AS lines,
    COALESCE(d.deliveries, 0) AS deliveries, COALESCE(i.invoices, 0) AS invoices,
    COALESCE(i.payment_cent_days, 0) AS payment_cent_days
  FROM accounts a LEFT JOIN sold s ON s.account_id = a.id
  LEFT JOIN delivered d ON d.account_id = a.id LEFT JOIN invoiced i ON i.account_id = a.id),
pools AS (
  SELECT name, driver, layer,
    CAST((yearly_cost_cents::HUGEINT * {DAYS} + 182) // 365 AS HUGEINT) AS cost
  FROM cost_pools WHERE driver <> 'not_allocated'),
driven AS (
  SELECT v.id, p.name, p.layer, p.cost, CAST({weight} AS HUGEINT) AS w FROM v, pools p),
shared AS (
  SELECT id, name, layer, cost, w, SUM(w) OVER (PARTITION BY name) AS total FROM driven),
floors AS (
  SELECT id, name, layer, cost, cost * w // total AS base, cost * w % total AS rest
  FROM shared WHERE total > 0),
ranked AS (
  SELECT id, layer, base,
    ROW_NUMBER() OVER (PARTITION BY name ORDER BY rest DESC, id) AS place,
    cost - SUM(base) OVER (PARTITION BY name) AS left_over
  FROM floors),
layers AS (
  SELECT id,
    SUM(CASE WHEN layer = 'sales' THEN base + (place <= left_over)::INT ELSE 0 END) AS sales,
    SUM(CASE WHEN layer = 'marketing' THEN base + (place <= left_over)::INT ELSE 0 END) AS marketing,
    SUM(CASE WHEN layer = 'service' THEN base + (place <= left_over)::INT ELSE 0 END) AS service
  FROM ranked GROUP BY id)
SELECT v.id, v.revenue, v.direct, v.revenue - v.direct AS sales_margin,
  COALESCE(l.sales, 0) AS sales_costs, COALESCE(l.marketing, 0) AS marketing_costs,
  COALESCE(l.service, 0) AS service_costs,
  v.revenue - v.direct - COALESCE(l.sales, 0) - COALESCE(l.marketing, 0) - COALESCE(l.service, 0)
    AS customer_margin
FROM v LEFT JOIN layers l ON l.id = v.id
"""


def refresh():
    """One full refresh by the arvo server, timed from the request to the last byte of the answer."""
    request = urllib.request.Request(refresh_url, method="POST",
                                     headers={"Authorization": f"Bearer {token}"})
    start = time.perf_counter()
    with urllib.request.urlopen(request) as answer:
        body = answer.read().decode()
    return time.perf_counter() - start, body


def waterfall():
    start = time.perf_counter()
    con.execute(WATERFALL)
    return time.perf_counter() - start


first, body = refresh()
print(f"untimed first round: arvo {first:.3f} s {body}, DuckDB {waterfall():.3f} s")
arvo_times, times = [], []
for i in range(runs):
    a, body = refresh()
    d = waterfall()
    arvo_times.append(a)
    times.append(d)
    print(f"run {i + 1}: arvo {a:.3f} s, DuckDB {d:.3f} s, ratio {a / d:.2f}  {body}")

# The check: every customer's waterfall against arvo's, to the cent.
cents = lambda text: round(float(text) * 100)
fields = ["revenue", "direct_costs", "sales_margin", "sales_costs", "marketing_costs",
          "service_costs", "customer_margin"]
with open(arvo_csv, newline="", encoding="utf-8-sig") as f:
    arvo = {int(r["id"]): tuple(cents(r[k]) for k in fields) for r in csv.DictReader(f)}
duck = {r[0]: tuple(int(x) for x in r[1:]) for r in con.execute("SELECT * FROM waterfall").fetchall()}
differ = [k for k in arvo if duck.get(k) != arvo[k]]
print(f"customers: arvo {len(arvo)}, DuckDB {len(duck)}; waterfalls that differ: {len(differ)}")
if differ:
    k = differ[0]
    sys.exit(f"customer {k}: arvo {arvo[k]}, DuckDB {duck.get(k)}")
total = sum(v[-1] for v in duck.values())
print(f"sum of customer margins: {total / 100:,.2f} EUR (the same in both)")
a, d = statistics.median(arvo_times), statistics.median(times)
print(f"median of {runs}: arvo full refresh {a:.3f} s, DuckDB waterfall {d:.3f} s; arvo / DuckDB = {a / d:.2f} "
      f"(median of the rounds' ratios {statistics.median(x / y for x, y in zip(arvo_times, times)):.2f})")
