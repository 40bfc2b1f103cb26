-- The value analysis: the cost pools of activity-based costing (each with its yearly cost, its
-- driver and its place in the waterfall), people's ratings of the value score's criteria (every
-- rating kept, the latest counting), each account's segment and tier with the history of every
-- change (by the rule or by hand, with the reason), and each account's estimated yearly need,
-- against which its share of wallet is told.
ALTER TABLE accounts ADD COLUMN estimated_need_cents INTEGER;

CREATE TABLE cost_pools (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    yearly_cost_cents INTEGER NOT NULL CHECK (yearly_cost_cents >= 0),
    driver TEXT NOT NULL,
    layer TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE ratings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    criterion TEXT NOT NULL,
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    reason TEXT,
    rated_by TEXT NOT NULL,
    rated_at TEXT NOT NULL
);
CREATE INDEX ratings_by_account ON ratings (account_id, criterion, rated_at);

CREATE TABLE account_segments (
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id),
    segment TEXT NOT NULL,
    tier TEXT NOT NULL,
    manual INTEGER NOT NULL DEFAULT 0,
    reason TEXT,
    set_by TEXT NOT NULL,
    set_at TEXT NOT NULL
);

CREATE TABLE segment_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    from_segment TEXT,
    to_segment TEXT NOT NULL,
    manual INTEGER NOT NULL,
    reason TEXT,
    actor TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX segment_history_by_account ON segment_history (account_id, at);
