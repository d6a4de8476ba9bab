-- API tokens become a tracked resource (issue 6): creating and revoking one is audited
-- (the secret's hash never: `changes::RESOURCES` lists it as secret). Using a token moves
-- only `last_used_at` and `version` (at most once a minute per token, outside the change
-- feed), so the update trigger watches every other column (`UPDATE OF`): a use is not
-- journalled and leaves no audit entry.

CREATE TRIGGER api_tokens_journal_insert AFTER INSERT ON api_tokens BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('api_tokens', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'user_id', NEW.user_id, 'name', NEW.name, 'prefix', NEW.prefix, 'secret_hash', NEW.secret_hash, 'scopes', NEW.scopes, 'event_id', NEW.event_id, 'expires_at', NEW.expires_at, 'last_used_at', NEW.last_used_at, 'revoked_at', NEW.revoked_at, 'created_by', NEW.created_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER api_tokens_journal_update AFTER UPDATE OF user_id, name, prefix, secret_hash, scopes, event_id, expires_at, revoked_at, created_by, created_at, updated_at ON api_tokens BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('api_tokens', NEW.id, 'update', json_object('id', OLD.id, 'user_id', OLD.user_id, 'name', OLD.name, 'prefix', OLD.prefix, 'secret_hash', OLD.secret_hash, 'scopes', OLD.scopes, 'event_id', OLD.event_id, 'expires_at', OLD.expires_at, 'last_used_at', OLD.last_used_at, 'revoked_at', OLD.revoked_at, 'created_by', OLD.created_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'user_id', NEW.user_id, 'name', NEW.name, 'prefix', NEW.prefix, 'secret_hash', NEW.secret_hash, 'scopes', NEW.scopes, 'event_id', NEW.event_id, 'expires_at', NEW.expires_at, 'last_used_at', NEW.last_used_at, 'revoked_at', NEW.revoked_at, 'created_by', NEW.created_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER api_tokens_journal_delete AFTER DELETE ON api_tokens BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('api_tokens', OLD.id, 'delete', json_object('id', OLD.id, 'user_id', OLD.user_id, 'name', OLD.name, 'prefix', OLD.prefix, 'secret_hash', OLD.secret_hash, 'scopes', OLD.scopes, 'event_id', OLD.event_id, 'expires_at', OLD.expires_at, 'last_used_at', OLD.last_used_at, 'revoked_at', OLD.revoked_at, 'created_by', OLD.created_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;
