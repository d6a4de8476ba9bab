-- Failed sign-ins, shared by every API process (issue 14): the throttle counts an
-- account's failures across replicas. Keys are `account:<e-mail>` and `ip:<address>`;
-- rows older than the throttle's window are deleted as new failures arrive.
CREATE TABLE sign_in_failures (
    id BIGSERIAL PRIMARY KEY,
    throttle_key TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL
);
CREATE INDEX sign_in_failures_by_key ON sign_in_failures (throttle_key, failed_at);
CREATE INDEX sign_in_failures_by_age ON sign_in_failures (failed_at);
