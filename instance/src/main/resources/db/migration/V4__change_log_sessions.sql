-- Fichas schema, version 4: sessions and users join the change log, so instances can cache the
-- token lookup of every request and still end a token everywhere at once on logout (or when its
-- user changes). entity_id is the user's id: a logout invalidates that user's cached sessions.
-- Each trigger sits on one line: the migration runner splits statements at semicolons that end a line.

CREATE TRIGGER sessions_log_delete AFTER DELETE ON sessions BEGIN INSERT INTO change_log (entity, entity_id, changed_at) VALUES ('user', OLD.user_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); END;
CREATE TRIGGER users_log_update AFTER UPDATE ON users BEGIN INSERT INTO change_log (entity, entity_id, changed_at) VALUES ('user', NEW.id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); END;
CREATE TRIGGER users_log_delete AFTER DELETE ON users BEGIN INSERT INTO change_log (entity, entity_id, changed_at) VALUES ('user', OLD.id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); END;
