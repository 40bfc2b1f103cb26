-- Each customer's purchases by day, kept up to date by every write of orders, so that the value
-- analysis reads one short text per customer instead of millions of order lines.
-- `purchase_days` holds, for each day an account bought on, its orders, its lines, their net
-- sales and the cost of the lines that carry their own cost (a line without one is costed from
-- its product's current unit cost when the analysis runs). `purchase_histories` holds the same
-- days of each account as one text, day by day: "2026-11-20 1 3 45000 31000;2026-11-22 …".
CREATE TABLE purchase_days (
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    day TEXT NOT NULL,
    orders INTEGER NOT NULL,
    lines INTEGER NOT NULL,
    net_cents INTEGER NOT NULL,
    cost_cents INTEGER NOT NULL,
    PRIMARY KEY (account_id, day)
) WITHOUT ROWID;

CREATE TABLE purchase_histories (
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id),
    days TEXT NOT NULL
);

CREATE INDEX order_lines_uncosted ON order_lines (order_id) WHERE cost_cents IS NULL;

INSERT INTO purchase_days (account_id, day, orders, lines, net_cents, cost_cents)
SELECT o.account_id, o.order_date, COUNT(DISTINCT o.id), COUNT(*), SUM(l.net_cents),
    COALESCE(SUM(l.cost_cents), 0)
FROM orders o JOIN order_lines l ON l.order_id = o.id
GROUP BY o.account_id, o.order_date;

INSERT INTO purchase_histories (account_id, days)
SELECT account_id,
    string_agg(format('%s %s %s %s %s', day, orders, lines, net_cents, cost_cents), ';' ORDER BY day)
FROM purchase_days GROUP BY account_id;
