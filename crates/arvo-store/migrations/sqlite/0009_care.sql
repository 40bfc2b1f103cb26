-- The care of customers: the encounters with each customer (what kind, through which channel,
-- on which day and at what time, what was said and agreed) with the people who took part, the
-- tasks people owe (from their own hand, a care model, an account plan or an alert; a task made
-- from a suggestion names the encounter it asks for, which is recorded when it is done), and every
-- decision taken on a suggested action (accepted as a task, postponed to a day, or dismissed
-- with a reason); the latest decision on a gap counts. The care models live in `settings`.
CREATE TABLE encounters (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    occurred_on TEXT NOT NULL,
    start_time TEXT,
    duration_minutes INTEGER CHECK (duration_minutes BETWEEN 1 AND 1440),
    summary TEXT NOT NULL,
    outcome TEXT,
    next_step TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX encounters_by_account ON encounters (account_id, occurred_on);
CREATE INDEX encounters_by_day ON encounters (occurred_on);

CREATE TABLE encounter_participants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    encounter_id INTEGER NOT NULL REFERENCES encounters (id) ON DELETE CASCADE,
    user_name TEXT,
    contact_id INTEGER REFERENCES contacts (id) ON DELETE CASCADE,
    CHECK ((user_name IS NULL) <> (contact_id IS NULL))
);
CREATE INDEX encounter_participants_by_encounter ON encounter_participants (encounter_id);
CREATE INDEX encounter_participants_by_user ON encounter_participants (user_name);

CREATE TABLE tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version INTEGER NOT NULL DEFAULT 1,
    account_id INTEGER REFERENCES accounts (id),
    title TEXT NOT NULL,
    notes TEXT,
    owner TEXT NOT NULL,
    due_on TEXT NOT NULL,
    origin TEXT NOT NULL,
    gap_key TEXT,
    encounter_kind TEXT,
    encounter_channel TEXT,
    done_at TEXT,
    done_by TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX tasks_by_owner ON tasks (owner, due_on);
CREATE INDEX tasks_by_account ON tasks (account_id, due_on);

CREATE TABLE care_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    gap_key TEXT NOT NULL,
    decision TEXT NOT NULL,
    postponed_until TEXT,
    reason TEXT,
    task_id INTEGER REFERENCES tasks (id),
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
CREATE INDEX care_decisions_by_gap ON care_decisions (account_id, gap_key, id);

-- The scheduled runs of the adherence engine: each slot (a day by default) is claimed by one
-- server instance, and a run is claimed only while no other is unfinished, so that several
-- instances on one database never evaluate at the same time. Each run keeps its totals and its
-- adherence per owner and segment, the history of adherence over time.
CREATE TABLE care_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slot TEXT NOT NULL UNIQUE,
    run_on TEXT NOT NULL,
    instance TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    suggestions INTEGER,
    required INTEGER,
    met INTEGER
);
CREATE INDEX care_runs_unfinished ON care_runs (finished_at, started_at);

CREATE TABLE care_run_adherence (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id INTEGER NOT NULL REFERENCES care_runs (id),
    owner TEXT NOT NULL,
    segment TEXT NOT NULL,
    required INTEGER NOT NULL,
    met INTEGER NOT NULL
);
CREATE INDEX care_run_adherence_by_run ON care_run_adherence (run_id);

-- Each user's calendar feed (their meetings and tasks as iCalendar): the feed's secret key,
-- stored only as its SHA-256 digest. A new key replaces the old one.
CREATE TABLE calendar_feeds (
    user_id INTEGER PRIMARY KEY REFERENCES users (id),
    key_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
