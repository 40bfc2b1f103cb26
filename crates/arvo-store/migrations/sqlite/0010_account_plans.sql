-- Account plans: for a customer (a key account, as a rule) its ambition, review cadence and the
-- day of its last review; its goals (a metric with a baseline, a target and a due day, the values
-- in hundredths of the metric's unit: cents, hundredths of a percent, hundredths); its actions
-- (who does what by when, and how far it is); and its encounter script, the encounters each
-- lifecycle stage gets, with who takes part and what is exchanged. The lists hang on the account,
-- so that merging accounts moves them with the rest of its records.
CREATE TABLE account_plans (
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id),
    version INTEGER NOT NULL DEFAULT 1,
    summary TEXT,
    review_every_days INTEGER NOT NULL CHECK (review_every_days BETWEEN 0 AND 730),
    started_on TEXT NOT NULL,
    reviewed_on TEXT,
    reviewed_by TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE account_plan_goals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    position INTEGER NOT NULL,
    metric TEXT NOT NULL,
    name TEXT,
    baseline INTEGER NOT NULL,
    target INTEGER NOT NULL,
    current_value INTEGER,
    due_on TEXT
);
CREATE INDEX account_plan_goals_by_account ON account_plan_goals (account_id, position);

CREATE TABLE account_plan_actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    owner TEXT NOT NULL,
    due_on TEXT NOT NULL,
    status TEXT NOT NULL,
    closed_on TEXT
);
CREATE INDEX account_plan_actions_by_account ON account_plan_actions (account_id, position);
CREATE INDEX account_plan_actions_by_owner ON account_plan_actions (owner, due_on);

CREATE TABLE account_plan_script (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    position INTEGER NOT NULL,
    stage TEXT NOT NULL,
    kind TEXT NOT NULL,
    participants TEXT,
    exchanged TEXT
);
CREATE INDEX account_plan_script_by_account ON account_plan_script (account_id, position);
