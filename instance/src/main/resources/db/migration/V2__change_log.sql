-- Fichas schema, version 2: the change log every instance follows to keep its caches coherent.
-- Rows are appended by triggers, so they commit in the very transaction of the change, whatever
-- code path made it (no store can forget to record one). scope is the pedido status a change
-- touches (old and new), so only the list pages of those statuses are invalidated.
-- Each trigger sits on one line: the migration runner splits statements at semicolons that end a line.

CREATE TABLE change_log (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    entity     TEXT    NOT NULL,
    entity_id  INTEGER NOT NULL,
    scope      TEXT,
    changed_at TEXT    NOT NULL
);
CREATE INDEX change_log_changed_at ON change_log (changed_at);

CREATE TRIGGER clientes_log_insert AFTER INSERT ON clientes BEGIN INSERT INTO change_log (entity, entity_id, changed_at) VALUES ('cliente', NEW.id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); END;
CREATE TRIGGER clientes_log_update AFTER UPDATE ON clientes BEGIN INSERT INTO change_log (entity, entity_id, changed_at) VALUES ('cliente', NEW.id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); END;
CREATE TRIGGER clientes_log_delete AFTER DELETE ON clientes BEGIN INSERT INTO change_log (entity, entity_id, changed_at) VALUES ('cliente', OLD.id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); END;

CREATE TRIGGER tipos_log_insert AFTER INSERT ON tipos BEGIN INSERT INTO change_log (entity, entity_id, changed_at) VALUES ('tipo', NEW.id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); END;
CREATE TRIGGER tipos_log_update AFTER UPDATE ON tipos BEGIN INSERT INTO change_log (entity, entity_id, changed_at) VALUES ('tipo', NEW.id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); END;
CREATE TRIGGER tipos_log_delete AFTER DELETE ON tipos BEGIN INSERT INTO change_log (entity, entity_id, changed_at) VALUES ('tipo', OLD.id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); END;

CREATE TRIGGER pedidos_log_insert AFTER INSERT ON pedidos BEGIN INSERT INTO change_log (entity, entity_id, scope, changed_at) VALUES ('pedido', NEW.id, NEW.status, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); END;
CREATE TRIGGER pedidos_log_update AFTER UPDATE ON pedidos BEGIN INSERT INTO change_log (entity, entity_id, scope, changed_at) VALUES ('pedido', NEW.id, OLD.status, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); INSERT INTO change_log (entity, entity_id, scope, changed_at) SELECT 'pedido', NEW.id, NEW.status, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE NEW.status <> OLD.status; END;
CREATE TRIGGER pedidos_log_delete AFTER DELETE ON pedidos BEGIN INSERT INTO change_log (entity, entity_id, scope, changed_at) VALUES ('pedido', OLD.id, OLD.status, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); END;

CREATE TRIGGER imagens_log_insert AFTER INSERT ON imagens BEGIN INSERT INTO change_log (entity, entity_id, changed_at) VALUES ('pedido', NEW.pedido_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); END;
CREATE TRIGGER imagens_log_delete AFTER DELETE ON imagens BEGIN INSERT INTO change_log (entity, entity_id, changed_at) VALUES ('pedido', OLD.pedido_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); END;
