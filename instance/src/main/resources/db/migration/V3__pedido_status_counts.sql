-- Fichas schema, version 3: how many pedidos each status has, kept by triggers in the changing
-- transaction. GET /pedidos?status=… answers its "total" from here instead of counting tens of
-- thousands of index entries on every page (the count was most of that request's cost).
-- Each trigger sits on one line: the migration runner splits statements at semicolons that end a line.

CREATE TABLE pedido_status_counts (
    status TEXT    PRIMARY KEY,
    n      INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO pedido_status_counts (status, n)
SELECT s.status, (SELECT COUNT(*) FROM pedidos p WHERE p.status = s.status)
FROM (SELECT 'recebido' AS status UNION ALL SELECT 'em_producao' UNION ALL SELECT 'concluido' UNION ALL SELECT 'entregue' UNION ALL SELECT 'cancelado') s;

CREATE TRIGGER pedidos_count_insert AFTER INSERT ON pedidos BEGIN UPDATE pedido_status_counts SET n = n + 1 WHERE status = NEW.status; END;
CREATE TRIGGER pedidos_count_delete AFTER DELETE ON pedidos BEGIN UPDATE pedido_status_counts SET n = n - 1 WHERE status = OLD.status; END;
CREATE TRIGGER pedidos_count_status AFTER UPDATE OF status ON pedidos WHEN NEW.status <> OLD.status BEGIN UPDATE pedido_status_counts SET n = n - 1 WHERE status = OLD.status; UPDATE pedido_status_counts SET n = n + 1 WHERE status = NEW.status; END;
