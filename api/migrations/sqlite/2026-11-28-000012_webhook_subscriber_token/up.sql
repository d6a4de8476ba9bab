-- A subscription remembers the API token that created it (issue 12): deliveries are
-- projected with that token's rights at delivery time, and a token sees and touches only
-- its own subscriptions. NULL: created by a signed-in user (or before this migration).

ALTER TABLE webhook_subscriptions ADD COLUMN created_by_token_id BIGINT REFERENCES api_tokens (id);

-- The journal triggers copy every column, so they are made again with the new one.
DROP TRIGGER webhook_subscriptions_journal_insert;
DROP TRIGGER webhook_subscriptions_journal_update;
DROP TRIGGER webhook_subscriptions_journal_delete;
CREATE TRIGGER webhook_subscriptions_journal_insert AFTER INSERT ON webhook_subscriptions BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('webhook_subscriptions', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'url', NEW.url, 'description', NEW.description, 'event_types', NEW.event_types, 'event_slug', NEW.event_slug, 'secret', NEW.secret, 'active', CASE WHEN NEW.active IS NULL THEN NULL WHEN NEW.active THEN json('true') ELSE json('false') END, 'disabled_reason', NEW.disabled_reason, 'created_by', NEW.created_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version, 'created_by_token_id', NEW.created_by_token_id));
END;
CREATE TRIGGER webhook_subscriptions_journal_update AFTER UPDATE ON webhook_subscriptions BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('webhook_subscriptions', NEW.id, 'update', json_object('id', OLD.id, 'url', OLD.url, 'description', OLD.description, 'event_types', OLD.event_types, 'event_slug', OLD.event_slug, 'secret', OLD.secret, 'active', CASE WHEN OLD.active IS NULL THEN NULL WHEN OLD.active THEN json('true') ELSE json('false') END, 'disabled_reason', OLD.disabled_reason, 'created_by', OLD.created_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version, 'created_by_token_id', OLD.created_by_token_id), json_object('id', NEW.id, 'url', NEW.url, 'description', NEW.description, 'event_types', NEW.event_types, 'event_slug', NEW.event_slug, 'secret', NEW.secret, 'active', CASE WHEN NEW.active IS NULL THEN NULL WHEN NEW.active THEN json('true') ELSE json('false') END, 'disabled_reason', NEW.disabled_reason, 'created_by', NEW.created_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version, 'created_by_token_id', NEW.created_by_token_id));
END;
CREATE TRIGGER webhook_subscriptions_journal_delete AFTER DELETE ON webhook_subscriptions BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('webhook_subscriptions', OLD.id, 'delete', json_object('id', OLD.id, 'url', OLD.url, 'description', OLD.description, 'event_types', OLD.event_types, 'event_slug', OLD.event_slug, 'secret', OLD.secret, 'active', CASE WHEN OLD.active IS NULL THEN NULL WHEN OLD.active THEN json('true') ELSE json('false') END, 'disabled_reason', OLD.disabled_reason, 'created_by', OLD.created_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version, 'created_by_token_id', OLD.created_by_token_id), NULL);
END;
