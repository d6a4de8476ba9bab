-- Partner access: scoped API tokens and idempotency keys.

-- Each token acts as its own partner account (`user_id`), so whatever it writes is
-- attributed to it. Only a SHA-256 hash of the secret is stored; `prefix` is the visible
-- start of the secret. `scopes` is a JSON array of scope names.
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    scopes TEXT NOT NULL,
    event_id BIGINT REFERENCES events (id),
    expires_at TIMESTAMP,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX api_tokens_secret_hash ON api_tokens (secret_hash);

-- One row per (caller, Idempotency-Key): claimed before the handler runs (`status` is
-- NULL while it runs), then filled with the answer to replay, for 24 hours.
CREATE TABLE idempotency_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    caller TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status BIGINT,
    response_headers TEXT,
    response_body TEXT,
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX idempotency_keys_caller_key ON idempotency_keys (caller, idempotency_key);
CREATE INDEX idempotency_keys_expires ON idempotency_keys (expires_at);
