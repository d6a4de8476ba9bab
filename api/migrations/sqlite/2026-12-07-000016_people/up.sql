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

-- The journal copies every column, so the triggers are made again with the new ones.
DROP TRIGGER users_journal_insert;
DROP TRIGGER users_journal_update;
DROP TRIGGER users_journal_delete;
CREATE TRIGGER users_journal_insert AFTER INSERT ON users BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('users', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'email', NEW.email, 'display_name', NEW.display_name, 'password_hash', NEW.password_hash, 'role', NEW.role, 'delegate_id', NEW.delegate_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version, 'exhibitor_id', NEW.exhibitor_id, 'status', NEW.status, 'language', NEW.language, 'mail_opt_outs', NEW.mail_opt_outs, 'totp_secret', NEW.totp_secret, 'totp_enabled_at', NEW.totp_enabled_at, 'totp_last_step', NEW.totp_last_step, 'recovery_codes', NEW.recovery_codes));
END;
CREATE TRIGGER users_journal_update AFTER UPDATE ON users BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('users', NEW.id, 'update', json_object('id', OLD.id, 'email', OLD.email, 'display_name', OLD.display_name, 'password_hash', OLD.password_hash, 'role', OLD.role, 'delegate_id', OLD.delegate_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version, 'exhibitor_id', OLD.exhibitor_id, 'status', OLD.status, 'language', OLD.language, 'mail_opt_outs', OLD.mail_opt_outs, 'totp_secret', OLD.totp_secret, 'totp_enabled_at', OLD.totp_enabled_at, 'totp_last_step', OLD.totp_last_step, 'recovery_codes', OLD.recovery_codes), json_object('id', NEW.id, 'email', NEW.email, 'display_name', NEW.display_name, 'password_hash', NEW.password_hash, 'role', NEW.role, 'delegate_id', NEW.delegate_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version, 'exhibitor_id', NEW.exhibitor_id, 'status', NEW.status, 'language', NEW.language, 'mail_opt_outs', NEW.mail_opt_outs, 'totp_secret', NEW.totp_secret, 'totp_enabled_at', NEW.totp_enabled_at, 'totp_last_step', NEW.totp_last_step, 'recovery_codes', NEW.recovery_codes));
END;
CREATE TRIGGER users_journal_delete AFTER DELETE ON users BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('users', OLD.id, 'delete', json_object('id', OLD.id, 'email', OLD.email, 'display_name', OLD.display_name, 'password_hash', OLD.password_hash, 'role', OLD.role, 'delegate_id', OLD.delegate_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version, 'exhibitor_id', OLD.exhibitor_id, 'status', OLD.status, 'language', OLD.language, 'mail_opt_outs', OLD.mail_opt_outs, 'totp_secret', OLD.totp_secret, 'totp_enabled_at', OLD.totp_enabled_at, 'totp_last_step', OLD.totp_last_step, 'recovery_codes', OLD.recovery_codes), NULL);
END;

-- One-time links (invitations and password resets). Only a SHA-256 of the token is kept;
-- a link works until it expires, is used, or a newer link of the same purpose replaces it.
-- Tracked, so that issuing one is audited (the hash never: it is secret).
CREATE TABLE account_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
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
CREATE TRIGGER account_tokens_journal_insert AFTER INSERT ON account_tokens BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('account_tokens', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'user_id', NEW.user_id, 'purpose', NEW.purpose, 'token_hash', NEW.token_hash, 'created_by', NEW.created_by, 'created_at', NEW.created_at, 'expires_at', NEW.expires_at, 'used_at', NEW.used_at, 'revoked_at', NEW.revoked_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER account_tokens_journal_update AFTER UPDATE ON account_tokens BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('account_tokens', NEW.id, 'update', json_object('id', OLD.id, 'user_id', OLD.user_id, 'purpose', OLD.purpose, 'token_hash', OLD.token_hash, 'created_by', OLD.created_by, 'created_at', OLD.created_at, 'expires_at', OLD.expires_at, 'used_at', OLD.used_at, 'revoked_at', OLD.revoked_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'user_id', NEW.user_id, 'purpose', NEW.purpose, 'token_hash', NEW.token_hash, 'created_by', NEW.created_by, 'created_at', NEW.created_at, 'expires_at', NEW.expires_at, 'used_at', NEW.used_at, 'revoked_at', NEW.revoked_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER account_tokens_journal_delete AFTER DELETE ON account_tokens BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('account_tokens', OLD.id, 'delete', json_object('id', OLD.id, 'user_id', OLD.user_id, 'purpose', OLD.purpose, 'token_hash', OLD.token_hash, 'created_by', OLD.created_by, 'created_at', OLD.created_at, 'expires_at', OLD.expires_at, 'used_at', OLD.used_at, 'revoked_at', OLD.revoked_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;

-- Mails, written in the transaction of their cause and delivered by the mail worker of
-- any API process (a claim is a lease, as for webhook deliveries). `status`: pending,
-- sent, held (no SMTP configured) or failed (gave up). A mail that carries a one-time
-- link (`secret`) has its bodies erased once sent. A notification is queued as its kind and
-- `template_values` (JSON) and rendered by the worker that first claims it; it may carry
-- one attachment (an .ics file).
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
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
    id INTEGER PRIMARY KEY AUTOINCREMENT,
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
CREATE TRIGGER erasure_requests_journal_insert AFTER INSERT ON erasure_requests BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('erasure_requests', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'delegate_id', NEW.delegate_id, 'requested_by', NEW.requested_by, 'requested_at', NEW.requested_at, 'carried_out_at', NEW.carried_out_at, 'carried_out_by', NEW.carried_out_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER erasure_requests_journal_update AFTER UPDATE ON erasure_requests BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('erasure_requests', NEW.id, 'update', json_object('id', OLD.id, 'delegate_id', OLD.delegate_id, 'requested_by', OLD.requested_by, 'requested_at', OLD.requested_at, 'carried_out_at', OLD.carried_out_at, 'carried_out_by', OLD.carried_out_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'delegate_id', NEW.delegate_id, 'requested_by', NEW.requested_by, 'requested_at', NEW.requested_at, 'carried_out_at', NEW.carried_out_at, 'carried_out_by', NEW.carried_out_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER erasure_requests_journal_delete AFTER DELETE ON erasure_requests BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('erasure_requests', OLD.id, 'delete', json_object('id', OLD.id, 'delegate_id', OLD.delegate_id, 'requested_by', OLD.requested_by, 'requested_at', OLD.requested_at, 'carried_out_at', OLD.carried_out_at, 'carried_out_by', OLD.carried_out_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;

-- Settings of the platform that admins change over the API (`require_staff_two_factor`).
-- Tracked, so a change is audited.
CREATE TABLE platform_settings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    value TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE TRIGGER platform_settings_journal_insert AFTER INSERT ON platform_settings BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('platform_settings', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'name', NEW.name, 'value', NEW.value, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER platform_settings_journal_update AFTER UPDATE ON platform_settings BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('platform_settings', NEW.id, 'update', json_object('id', OLD.id, 'name', OLD.name, 'value', OLD.value, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'name', NEW.name, 'value', NEW.value, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER platform_settings_journal_delete AFTER DELETE ON platform_settings BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('platform_settings', OLD.id, 'delete', json_object('id', OLD.id, 'name', OLD.name, 'value', OLD.value, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;
