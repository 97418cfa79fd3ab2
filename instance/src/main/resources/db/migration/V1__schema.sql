-- Fichas schema, version 1. Timestamps are ISO-8601 UTC text ('2026-11-23T14:05:00Z'), which sorts
-- chronologically; dates are 'YYYY-MM-DD'. AUTOINCREMENT so an id is never reused after a delete
-- (idempotency records and caches refer to ids).

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'operador')),
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE tipos (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    codigo     TEXT    NOT NULL UNIQUE,
    nome       TEXT    NOT NULL,
    descricao  TEXT,
    ativo      INTEGER NOT NULL DEFAULT 1 CHECK (ativo IN (0, 1)),
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);

INSERT INTO tipos (codigo, nome, descricao, ativo, created_at, updated_at) VALUES
    ('CORTE',    'Corte',    'Corte de chapas e perfis',         1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    ('DOBRA',    'Dobra',    'Dobra de chapas',                  1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    ('SOLDA',    'Solda',    'Soldagem de componentes',          1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    ('PINTURA',  'Pintura',  'Pintura e acabamento',             1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    ('MONTAGEM', 'Montagem', 'Montagem final do conjunto',       1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

CREATE TABLE clientes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    nome       TEXT    NOT NULL,
    documento  TEXT    UNIQUE,
    email      TEXT,
    telefone   TEXT,
    endereco   TEXT,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX clientes_nome ON clientes (nome COLLATE NOCASE, id);

CREATE TABLE pedidos (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    cliente_id            INTEGER NOT NULL REFERENCES clientes (id),
    tipo_id               INTEGER NOT NULL REFERENCES tipos (id),
    descricao             TEXT    NOT NULL,
    quantidade            INTEGER NOT NULL CHECK (quantidade >= 1),
    status                TEXT    NOT NULL CHECK (status IN ('recebido', 'em_producao', 'concluido', 'entregue', 'cancelado')),
    data_entrada          TEXT    NOT NULL,
    data_entrega_prevista TEXT,
    observacoes           TEXT,
    created_at            TEXT    NOT NULL,
    updated_at            TEXT    NOT NULL,
    version               INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX pedidos_status_data_entrada ON pedidos (status, data_entrada);
CREATE INDEX pedidos_status_data_criacao ON pedidos (status, created_at);
CREATE INDEX pedidos_cliente ON pedidos (cliente_id);
CREATE INDEX pedidos_tipo ON pedidos (tipo_id);
CREATE INDEX pedidos_data_criacao ON pedidos (created_at);

CREATE TABLE pedido_status_history (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    pedido_id   INTEGER NOT NULL REFERENCES pedidos (id) ON DELETE CASCADE,
    from_status TEXT,
    to_status   TEXT    NOT NULL,
    changed_at  TEXT    NOT NULL,
    changed_by  INTEGER REFERENCES users (id)
);
CREATE INDEX pedido_status_history_pedido ON pedido_status_history (pedido_id, id);

CREATE TABLE imagens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    pedido_id    INTEGER NOT NULL REFERENCES pedidos (id) ON DELETE CASCADE,
    filename     TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    storage_name TEXT    NOT NULL,
    created_at   TEXT    NOT NULL
);
CREATE INDEX imagens_pedido ON imagens (pedido_id, id);
CREATE INDEX imagens_storage_name ON imagens (storage_name);

CREATE TABLE idempotency_keys (
    user_id      INTEGER NOT NULL,
    route        TEXT    NOT NULL,
    idem_key     TEXT    NOT NULL,
    request_hash TEXT    NOT NULL,
    status       INTEGER,
    content_type TEXT,
    headers      TEXT,
    body         BLOB,
    created_at   TEXT    NOT NULL,
    expires_at   TEXT    NOT NULL,
    PRIMARY KEY (user_id, route, idem_key)
) WITHOUT ROWID;
CREATE INDEX idempotency_keys_expires ON idempotency_keys (expires_at);
