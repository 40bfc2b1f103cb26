-- Personal data of contact persons: erased contacts, the history of each contact's marketing
-- consent, and the moment each account's status last changed (from which the retention rule
-- counts how long an account has been a former customer).
ALTER TABLE contacts ADD COLUMN erased_at TEXT;

-- Filled for every account from its history: the newest entry of the account itself that
-- changed its status (its creation sets one), or else when it was created. Written with every
-- change of status from now on.
ALTER TABLE accounts ADD COLUMN status_changed_at TEXT;
UPDATE accounts SET status_changed_at = COALESCE(
    (SELECT MAX(h.at) FROM history h
     WHERE h.entity = 'account' AND h.entity_id = accounts.id
       AND EXISTS (SELECT 1 FROM json_each(h.changes) c
                   WHERE json_extract(c.value, '$.field') = 'status')),
    created_at);

-- One row for each recorded consent of a contact: what it became, when it was given or
-- withdrawn, where it was recorded, and who recorded it when, through which door. The rows
-- belong to the contact and move with it; deleting the contact deletes them.
CREATE TABLE consent_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    consent_date TEXT,
    source TEXT,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    via TEXT NOT NULL
);
CREATE INDEX consent_events_by_contact ON consent_events (contact_id, id);

-- The consent each contact has now is its first recorded one.
INSERT INTO consent_events (contact_id, status, consent_date, source, recorded_at, recorded_by, via)
SELECT id, marketing_consent, consent_date, consent_source, updated_at, 'arvo', 'migration'
FROM contacts
WHERE marketing_consent <> 'unknown' OR consent_date IS NOT NULL OR consent_source IS NOT NULL
ORDER BY id;

-- An export lists the audit events about a contact, found by their subject.
CREATE INDEX audit_events_by_subject ON audit_events (subject, id);
