-- People (issue 15): accounts that are invited before they can sign in, deactivated
-- accounts, each account's language, one-time links, and the mail outbox.
--
-- `users.status`: `invited` (no password yet; an invitation link sets it), `active`, or
-- `deactivated` (no session is honoured). `users.language` is what its mails are written in.
ALTER TABLE users ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
-- The notification categories the account's owner turned off (a JSON array of names).
ALTER TABLE users ADD COLUMN mail_opt_outs TEXT NOT NULL DEFAULT '[]';
-- Two-factor sign-in (TOTP, RFC 6238): the shared secret (base32; set at enrolment,
-- effective once `totp_enabled_at` is set), the last time step accepted (a code works
-- once) and the SHA-256 hashes of the unused recovery codes (a JSON array).
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enabled_at TIMESTAMP;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;
ALTER TABLE users ADD COLUMN recovery_codes TEXT NOT NULL DEFAULT '[]';
CREATE INDEX users_by_role ON users (role, status);

-- One-time links (invitations and password resets). Only a SHA-256 of the token is kept;
-- a link works until it expires, is used, or a newer link of the same purpose replaces it.
-- Tracked, so that issuing one is audited (the hash never: it is secret).
CREATE TABLE account_tokens (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    revoked_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX account_tokens_by_user ON account_tokens (user_id, purpose);
CREATE TRIGGER account_tokens_journal AFTER INSERT OR DELETE ON account_tokens
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER account_tokens_journal_update AFTER UPDATE ON account_tokens
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();

-- Mails, written in the transaction of their cause and delivered by the mail worker of
-- any API process (a claim is a lease, as for webhook deliveries). `status`: pending,
-- sent, held (no SMTP configured) or failed (gave up). A mail that carries a one-time
-- link (`secret`) has its bodies erased once sent. A notification is queued as its kind and
-- `template_values` (JSON) and rendered by the worker that first claims it; it may carry
-- one attachment (an .ics file).
CREATE TABLE mail_outbox (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    language TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    secret BOOLEAN NOT NULL,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_until TIMESTAMP,
    claimed_by TEXT,
    last_error TEXT,
    message_id TEXT NOT NULL,
    template_values TEXT,
    attachment_name TEXT,
    attachment_type TEXT,
    attachment TEXT,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_by_user ON mail_outbox (user_id);

-- A delegate's request to be erased (issue 15): made by the delegate, carried out by an
-- organizer, who anonymises the record. Tracked, so both steps are audited.
CREATE TABLE erasure_requests (
    id BIGSERIAL PRIMARY KEY,
    delegate_id BIGINT NOT NULL REFERENCES delegates (id) ON DELETE CASCADE,
    requested_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    requested_at TIMESTAMP NOT NULL,
    carried_out_at TIMESTAMP,
    carried_out_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX erasure_requests_by_delegate ON erasure_requests (delegate_id);
CREATE TRIGGER erasure_requests_journal AFTER INSERT OR DELETE ON erasure_requests
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER erasure_requests_journal_update AFTER UPDATE ON erasure_requests
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();

-- Settings of the platform that admins change over the API (`require_staff_two_factor`).
-- Tracked, so a change is audited.
CREATE TABLE platform_settings (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    value TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE TRIGGER platform_settings_journal AFTER INSERT OR DELETE ON platform_settings
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER platform_settings_journal_update AFTER UPDATE ON platform_settings
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
