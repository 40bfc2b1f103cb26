-- Purchases and activity data: products and their groups, orders and order lines, deliveries,
-- invoices, service work, sales visits and returns, each linked to an account and keyed by the
-- number it carries in the customer's own systems, so that importing the same data twice changes
-- nothing. Accounts get the customer number those systems know them by. Quantities and hours are
-- in thousandths, money in cents, discounts in basis points.
ALTER TABLE accounts ADD COLUMN customer_number TEXT;
CREATE UNIQUE INDEX accounts_by_customer_number ON accounts (customer_number);

CREATE TABLE product_groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE products (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    product_number TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    group_id INTEGER REFERENCES product_groups (id),
    unit TEXT NOT NULL,
    list_price_cents INTEGER,
    unit_cost_cents INTEGER
);

CREATE TABLE orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_number TEXT NOT NULL UNIQUE,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    order_date TEXT NOT NULL,
    channel TEXT NOT NULL,
    reseller TEXT
);
CREATE INDEX orders_by_account ON orders (account_id, order_date);

CREATE TABLE order_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    line_number INTEGER NOT NULL,
    product_id INTEGER NOT NULL REFERENCES products (id),
    quantity_milli INTEGER NOT NULL,
    unit_price_cents INTEGER NOT NULL,
    unit_cost_cents INTEGER,
    discount_bp INTEGER NOT NULL DEFAULT 0,
    net_cents INTEGER NOT NULL,
    cost_cents INTEGER,
    UNIQUE (order_id, line_number)
);

CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_number TEXT NOT NULL UNIQUE,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    order_id INTEGER REFERENCES orders (id),
    delivery_date TEXT NOT NULL
);
CREATE INDEX deliveries_by_account ON deliveries (account_id, delivery_date);

CREATE TABLE invoices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    invoice_number TEXT NOT NULL UNIQUE,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    invoice_date TEXT NOT NULL,
    due_date TEXT,
    paid_date TEXT,
    amount_cents INTEGER NOT NULL
);
CREATE INDEX invoices_by_account ON invoices (account_id, invoice_date);

CREATE TABLE service_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    reference TEXT NOT NULL UNIQUE,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    entry_date TEXT NOT NULL,
    hours_milli INTEGER NOT NULL,
    person TEXT,
    description TEXT
);
CREATE INDEX service_entries_by_account ON service_entries (account_id, entry_date);

CREATE TABLE visits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    reference TEXT NOT NULL UNIQUE,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    visit_date TEXT NOT NULL,
    person TEXT,
    purpose TEXT
);
CREATE INDEX visits_by_account ON visits (account_id, visit_date);

CREATE TABLE returns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    return_number TEXT NOT NULL UNIQUE,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    order_id INTEGER REFERENCES orders (id),
    return_date TEXT NOT NULL,
    product_id INTEGER REFERENCES products (id),
    quantity_milli INTEGER,
    amount_cents INTEGER NOT NULL,
    reason TEXT
);
CREATE INDEX returns_by_account ON returns (account_id, return_date);

-- Column mappings saved by name for later imports of the same kind of file.
CREATE TABLE import_mappings (
    name TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    mapping TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- One row per finished import: what it read and what it changed.
CREATE TABLE imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    actor TEXT NOT NULL,
    via TEXT NOT NULL,
    at TEXT NOT NULL,
    rows_read INTEGER NOT NULL,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    rejected INTEGER NOT NULL
);
