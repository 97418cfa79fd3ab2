-- Fichas schema, version 7: accounts that can be switched off, and the per-username login throttle.
-- A user with active = 0 cannot log in and none of its tokens are accepted (its sessions are deleted
-- too, which reaches every instance's token cache through the change log, migration V4).
-- login_failures holds one row per failed login (failed_at in epoch milliseconds) for the sliding
-- 15-minute window of API.md; rows older than the window are swept by the next failure.

ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
CREATE TABLE login_failures (
    username  TEXT    NOT NULL COLLATE NOCASE,
    failed_at INTEGER NOT NULL
);
CREATE INDEX login_failures_username ON login_failures (username, failed_at);
CREATE INDEX login_failures_failed_at ON login_failures (failed_at);
