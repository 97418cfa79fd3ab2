-- Fichas schema, version 8: clientes sort by nome without regard to case or accents (Álvaro between Alice and
-- Bruno), the same on SQLite and PostgreSQL. SQLite's NOCASE folds ASCII only, so an accented capital sorted after
-- Z. nome_key is nome folded by the application (fichas.instance.store.SortKey: accents removed, lower case),
-- filled here for existing rows by the migration's Java step and on every insert and update of nome after it.
-- The update trigger now fires for the columns a client changes (every update bumps version), so the backfill and
-- any later nome_key-only fix emit no cliente.updated event.

ALTER TABLE clientes ADD COLUMN nome_key TEXT NOT NULL DEFAULT '';
DROP INDEX clientes_nome;
CREATE INDEX clientes_nome_key ON clientes (nome_key, id);
DROP TRIGGER clientes_log_update;
CREATE TRIGGER clientes_log_update AFTER UPDATE OF nome, documento, email, telefone, endereco, updated_at, version ON clientes BEGIN INSERT INTO change_log (entity, entity_id, changed_at, event, event_id, version, at_ms) VALUES ('cliente', NEW.id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'cliente.updated', NEW.id, NEW.version, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
