-- Fichas schema, version 8 (PostgreSQL): clientes sort by nome_key, nome folded by the application (accents removed,
-- lower case), so that both databases list clientes in the same order (byte order, "C", as SQLite's BINARY); see the
-- SQLite script of the same name.
-- The trigger fires on updates of the columns a client changes, so the backfill emits no cliente.updated event.

ALTER TABLE clientes ADD COLUMN nome_key TEXT COLLATE "C" NOT NULL DEFAULT '';
DROP INDEX clientes_nome;
CREATE INDEX clientes_nome_key ON clientes (nome_key, id);
DROP TRIGGER clientes_log ON clientes;
CREATE TRIGGER clientes_log AFTER INSERT OR UPDATE OF nome, documento, email, telefone, endereco, updated_at, version
    OR DELETE ON clientes FOR EACH ROW EXECUTE FUNCTION clientes_log();
