DROP TABLE platform_settings;
DROP TABLE erasure_requests;
DROP TABLE mail_outbox;
DROP TABLE account_tokens;
DROP INDEX users_by_role;
DROP TRIGGER users_journal_insert;
DROP TRIGGER users_journal_update;
DROP TRIGGER users_journal_delete;
ALTER TABLE users DROP COLUMN recovery_codes;
ALTER TABLE users DROP COLUMN totp_last_step;
ALTER TABLE users DROP COLUMN totp_enabled_at;
ALTER TABLE users DROP COLUMN totp_secret;
ALTER TABLE users DROP COLUMN mail_opt_outs;
ALTER TABLE users DROP COLUMN language;
ALTER TABLE users DROP COLUMN status;
CREATE TRIGGER users_journal_insert AFTER INSERT ON users BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('users', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'email', NEW.email, 'display_name', NEW.display_name, 'password_hash', NEW.password_hash, 'role', NEW.role, 'delegate_id', NEW.delegate_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version, 'exhibitor_id', NEW.exhibitor_id));
END;
CREATE TRIGGER users_journal_update AFTER UPDATE ON users BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('users', NEW.id, 'update', json_object('id', OLD.id, 'email', OLD.email, 'display_name', OLD.display_name, 'password_hash', OLD.password_hash, 'role', OLD.role, 'delegate_id', OLD.delegate_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version, 'exhibitor_id', OLD.exhibitor_id), json_object('id', NEW.id, 'email', NEW.email, 'display_name', NEW.display_name, 'password_hash', NEW.password_hash, 'role', NEW.role, 'delegate_id', NEW.delegate_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version, 'exhibitor_id', NEW.exhibitor_id));
END;
CREATE TRIGGER users_journal_delete AFTER DELETE ON users BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('users', OLD.id, 'delete', json_object('id', OLD.id, 'email', OLD.email, 'display_name', OLD.display_name, 'password_hash', OLD.password_hash, 'role', OLD.role, 'delegate_id', OLD.delegate_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version, 'exhibitor_id', OLD.exhibitor_id), NULL);
END;
