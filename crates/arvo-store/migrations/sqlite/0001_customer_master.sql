-- The customer master: accounts, contacts, custom field definitions, change history and
-- duplicate handling.
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version INTEGER NOT NULL DEFAULT 1,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    business_id TEXT,
    industry TEXT,
    size_class TEXT,
    annual_revenue_cents INTEGER,
    email TEXT,
    phone TEXT,
    street_address TEXT,
    postal_code TEXT,
    municipality TEXT,
    country TEXT NOT NULL,
    website TEXT,
    status TEXT NOT NULL,
    owner TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    special_wishes TEXT,
    custom TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX accounts_by_name ON accounts (sort_key, id);
CREATE INDEX accounts_by_status ON accounts (status, sort_key, id);
CREATE INDEX accounts_by_owner ON accounts (owner, sort_key, id);
CREATE INDEX accounts_by_updated ON accounts (updated_at, id);
CREATE INDEX accounts_by_status_updated ON accounts (status, updated_at, id);
CREATE INDEX accounts_by_status_created ON accounts (status, id);
CREATE INDEX accounts_by_revenue ON accounts ((COALESCE(annual_revenue_cents, -1)), id);
CREATE INDEX accounts_by_status_revenue ON accounts (status, (COALESCE(annual_revenue_cents, -1)), id);
CREATE INDEX accounts_by_business_id ON accounts (business_id);

CREATE TABLE account_tags (
    tag TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (tag, account_id)
) WITHOUT ROWID;
CREATE INDEX account_tags_by_account ON account_tags (account_id);

CREATE TABLE account_search (
    token TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (token, account_id)
) WITHOUT ROWID;
CREATE INDEX account_search_by_account ON account_search (account_id);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    version INTEGER NOT NULL DEFAULT 1,
    first_name TEXT,
    last_name TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    search_text TEXT NOT NULL,
    title TEXT,
    email TEXT,
    phone TEXT,
    roles TEXT NOT NULL DEFAULT '[]',
    marketing_consent TEXT NOT NULL,
    consent_date TEXT,
    consent_source TEXT,
    notes TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX contacts_by_account ON contacts (account_id, sort_key, id);
CREATE INDEX contacts_by_name ON contacts (sort_key, id);
CREATE INDEX contacts_by_email ON contacts (email);

CREATE TABLE custom_field_defs (
    key TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    kind TEXT NOT NULL,
    options TEXT NOT NULL DEFAULT '[]',
    position INTEGER NOT NULL
);

CREATE TABLE history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    account_id INTEGER,
    action TEXT NOT NULL,
    summary TEXT,
    actor TEXT NOT NULL,
    via TEXT NOT NULL,
    at TEXT NOT NULL,
    changes TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX history_by_account ON history (account_id, id);
CREATE INDEX history_by_entity ON history (entity, entity_id, id);

CREATE TABLE duplicate_dismissals (
    account_a INTEGER NOT NULL,
    account_b INTEGER NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (account_a, account_b)
);

CREATE TABLE account_merges (
    merged_id INTEGER PRIMARY KEY,
    kept_id INTEGER NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    snapshot TEXT NOT NULL
);
CREATE INDEX account_merges_by_kept ON account_merges (kept_id);
