-- Scheduled backups (API.md "Backups (admin)"): one row per interval slot, claimed by the first
-- process that inserts it; only that process takes the slot's backup, whatever the number of instances.
CREATE TABLE backup_schedule (
    slot       INTEGER PRIMARY KEY,
    holder     TEXT    NOT NULL,
    claimed_at TEXT    NOT NULL
);
