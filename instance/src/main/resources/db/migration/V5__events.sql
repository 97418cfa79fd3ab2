-- Fichas schema, version 5: the change log also carries what GET /events publishes (API.md,
-- "Real-time events"). A row whose event is not null is one event; its seq is the event id, the
-- same on every instance, written in the transaction of the change (an event exists if and only if
-- the change committed). Rows kept only for the caches (the second row of a status change, users
-- and sessions) have no event. No personal data: ids, versions, statuses and times only.
-- at_ms is the commit-side clock in milliseconds, for the delivery-lag metric (not published).
-- Each trigger sits on one line: the migration runner splits statements at semicolons that end a line.

ALTER TABLE change_log ADD COLUMN event TEXT;
ALTER TABLE change_log ADD COLUMN event_id INTEGER;
ALTER TABLE change_log ADD COLUMN version INTEGER;
ALTER TABLE change_log ADD COLUMN status TEXT;
ALTER TABLE change_log ADD COLUMN cliente_id INTEGER;
ALTER TABLE change_log ADD COLUMN from_status TEXT;
ALTER TABLE change_log ADD COLUMN pedido_id INTEGER;
ALTER TABLE change_log ADD COLUMN at_ms INTEGER;

DROP TRIGGER clientes_log_insert;
DROP TRIGGER clientes_log_update;
DROP TRIGGER clientes_log_delete;
DROP TRIGGER tipos_log_insert;
DROP TRIGGER tipos_log_update;
DROP TRIGGER pedidos_log_insert;
DROP TRIGGER pedidos_log_update;
DROP TRIGGER pedidos_log_delete;
DROP TRIGGER imagens_log_insert;
DROP TRIGGER imagens_log_delete;

CREATE TRIGGER clientes_log_insert AFTER INSERT ON clientes BEGIN INSERT INTO change_log (entity, entity_id, changed_at, event, event_id, version, at_ms) VALUES ('cliente', NEW.id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'cliente.created', NEW.id, NEW.version, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
CREATE TRIGGER clientes_log_update AFTER UPDATE ON clientes BEGIN INSERT INTO change_log (entity, entity_id, changed_at, event, event_id, version, at_ms) VALUES ('cliente', NEW.id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'cliente.updated', NEW.id, NEW.version, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
CREATE TRIGGER clientes_log_delete AFTER DELETE ON clientes BEGIN INSERT INTO change_log (entity, entity_id, changed_at, event, event_id, version, at_ms) VALUES ('cliente', OLD.id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'cliente.deleted', OLD.id, OLD.version, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;

CREATE TRIGGER tipos_log_insert AFTER INSERT ON tipos BEGIN INSERT INTO change_log (entity, entity_id, changed_at, event, event_id, version, at_ms) VALUES ('tipo', NEW.id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'tipo.created', NEW.id, NEW.version, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
CREATE TRIGGER tipos_log_update AFTER UPDATE ON tipos BEGIN INSERT INTO change_log (entity, entity_id, changed_at, event, event_id, version, at_ms) VALUES ('tipo', NEW.id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'tipo.updated', NEW.id, NEW.version, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;

CREATE TRIGGER pedidos_log_insert AFTER INSERT ON pedidos BEGIN INSERT INTO change_log (entity, entity_id, scope, changed_at, event, event_id, version, status, cliente_id, at_ms) VALUES ('pedido', NEW.id, NEW.status, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'pedido.created', NEW.id, NEW.version, NEW.status, NEW.cliente_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
CREATE TRIGGER pedidos_log_update AFTER UPDATE ON pedidos BEGIN INSERT INTO change_log (entity, entity_id, scope, changed_at, event, event_id, version, status, cliente_id, from_status, at_ms) VALUES ('pedido', NEW.id, OLD.status, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), CASE WHEN NEW.status <> OLD.status THEN 'pedido.status_changed' ELSE 'pedido.updated' END, NEW.id, NEW.version, NEW.status, NEW.cliente_id, CASE WHEN NEW.status <> OLD.status THEN OLD.status END, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); INSERT INTO change_log (entity, entity_id, scope, changed_at) SELECT 'pedido', NEW.id, NEW.status, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE NEW.status <> OLD.status; END;
CREATE TRIGGER pedidos_log_delete AFTER DELETE ON pedidos BEGIN INSERT INTO change_log (entity, entity_id, scope, changed_at, event, event_id, version, status, cliente_id, at_ms) VALUES ('pedido', OLD.id, OLD.status, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'pedido.deleted', OLD.id, OLD.version, OLD.status, OLD.cliente_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;

CREATE TRIGGER imagens_log_insert AFTER INSERT ON imagens BEGIN INSERT INTO change_log (entity, entity_id, changed_at, event, event_id, pedido_id, at_ms) VALUES ('pedido', NEW.pedido_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'imagem.created', NEW.id, NEW.pedido_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
CREATE TRIGGER imagens_log_delete AFTER DELETE ON imagens BEGIN INSERT INTO change_log (entity, entity_id, changed_at, event, event_id, pedido_id, at_ms) VALUES ('pedido', OLD.pedido_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'imagem.deleted', OLD.id, OLD.pedido_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;

CREATE INDEX change_log_events ON change_log (seq) WHERE event IS NOT NULL;
