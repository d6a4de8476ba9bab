DROP TRIGGER webhook_subscriptions_journal_insert;
DROP TRIGGER webhook_subscriptions_journal_update;
DROP TRIGGER webhook_subscriptions_journal_delete;
ALTER TABLE webhook_subscriptions DROP COLUMN created_by_token_id;
CREATE TRIGGER webhook_subscriptions_journal_insert AFTER INSERT ON webhook_subscriptions BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('webhook_subscriptions', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'url', NEW.url, 'description', NEW.description, 'event_types', NEW.event_types, 'event_slug', NEW.event_slug, 'secret', NEW.secret, 'active', CASE WHEN NEW.active IS NULL THEN NULL WHEN NEW.active THEN json('true') ELSE json('false') END, 'disabled_reason', NEW.disabled_reason, 'created_by', NEW.created_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER webhook_subscriptions_journal_update AFTER UPDATE ON webhook_subscriptions BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('webhook_subscriptions', NEW.id, 'update', json_object('id', OLD.id, 'url', OLD.url, 'description', OLD.description, 'event_types', OLD.event_types, 'event_slug', OLD.event_slug, 'secret', OLD.secret, 'active', CASE WHEN OLD.active IS NULL THEN NULL WHEN OLD.active THEN json('true') ELSE json('false') END, 'disabled_reason', OLD.disabled_reason, 'created_by', OLD.created_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'url', NEW.url, 'description', NEW.description, 'event_types', NEW.event_types, 'event_slug', NEW.event_slug, 'secret', NEW.secret, 'active', CASE WHEN NEW.active IS NULL THEN NULL WHEN NEW.active THEN json('true') ELSE json('false') END, 'disabled_reason', NEW.disabled_reason, 'created_by', NEW.created_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER webhook_subscriptions_journal_delete AFTER DELETE ON webhook_subscriptions BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('webhook_subscriptions', OLD.id, 'delete', json_object('id', OLD.id, 'url', OLD.url, 'description', OLD.description, 'event_types', OLD.event_types, 'event_slug', OLD.event_slug, 'secret', OLD.secret, 'active', CASE WHEN OLD.active IS NULL THEN NULL WHEN OLD.active THEN json('true') ELSE json('false') END, 'disabled_reason', OLD.disabled_reason, 'created_by', OLD.created_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;
