-- Each account's search signature: 64 bits summarising how its search tokens begin (see
-- arvo_core::text::search_signature). A list with a text search tests it before it looks at the
-- tokens, so walking an index in sort order skips most rows that cannot match. -1 (every bit set)
-- matches every search; accounts carry it until their signature is computed.
ALTER TABLE accounts ADD COLUMN search_sig BIGINT NOT NULL DEFAULT -1;
CREATE INDEX accounts_unsigned ON accounts (id) WHERE search_sig = -1;

-- The sort orders' indexes carry the signature, so a walk reads no table rows to test it.
DROP INDEX accounts_by_name;
DROP INDEX accounts_by_status;
DROP INDEX accounts_by_owner;
DROP INDEX accounts_by_updated;
DROP INDEX accounts_by_status_updated;
DROP INDEX accounts_by_status_created;
DROP INDEX accounts_by_revenue;
DROP INDEX accounts_by_status_revenue;
CREATE INDEX accounts_by_name ON accounts (sort_key, id, search_sig);
CREATE INDEX accounts_by_status ON accounts (status, sort_key, id, search_sig);
CREATE INDEX accounts_by_owner ON accounts (owner, sort_key, id, search_sig);
CREATE INDEX accounts_by_updated ON accounts (updated_at, id, search_sig);
CREATE INDEX accounts_by_status_updated ON accounts (status, updated_at, id, search_sig);
CREATE INDEX accounts_by_status_created ON accounts (status, id, search_sig);
CREATE INDEX accounts_by_revenue ON accounts ((COALESCE(annual_revenue_cents, -1)), id, search_sig);
CREATE INDEX accounts_by_status_revenue ON accounts (status, (COALESCE(annual_revenue_cents, -1)), id, search_sig);
