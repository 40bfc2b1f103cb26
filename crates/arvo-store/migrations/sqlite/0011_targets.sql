-- Targets: what a customer (an account), a segment or the whole customer base is to reach in a
-- calendar year or quarter (`2027`, `2027-Q1`): revenue, customer margin, customers, share of
-- wallet or adherence, in hundredths of the metric's unit (cents, hundredths of a percent,
-- hundredths of a customer). One target per whom, metric and period.
CREATE TABLE targets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version INTEGER NOT NULL DEFAULT 1,
    scope TEXT NOT NULL CHECK (scope IN ('customer', 'segment', 'base')),
    account_id INTEGER REFERENCES accounts (id),
    segment TEXT,
    metric TEXT NOT NULL,
    period TEXT NOT NULL,
    target INTEGER NOT NULL,
    note TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((scope = 'customer') = (account_id IS NOT NULL)),
    CHECK ((scope = 'segment') = (segment IS NOT NULL))
);
CREATE UNIQUE INDEX targets_once ON targets (scope, COALESCE(account_id, 0), COALESCE(segment, ''), metric, period);
CREATE INDEX targets_by_period ON targets (period);
CREATE INDEX targets_by_account ON targets (account_id);
