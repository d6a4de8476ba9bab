-- Change recording (issue 6): the journal every tracked table's triggers write to, and what
-- the closing step of each write transaction derives from it (audit entries, tombstones,
-- webhook events and their deliveries), plus webhook subscriptions.

-- Rows the triggers wrote in the current write transaction; emptied before it commits.
CREATE TABLE change_journal (
    id BIGSERIAL PRIMARY KEY,
    table_name TEXT NOT NULL,
    row_id BIGINT NOT NULL,
    op TEXT NOT NULL,
    before_data TEXT,
    after_data TEXT,
    txid BIGINT DEFAULT txid_current(),
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE audit_entries (
    id BIGSERIAL PRIMARY KEY,
    occurred_at TIMESTAMP NOT NULL,
    actor_user_id BIGINT,
    -- Set by API-token callers (another change); NULL for users and the system.
    actor_token_id BIGINT,
    resource TEXT NOT NULL,
    resource_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    event_type TEXT,
    event_id BIGINT,
    -- JSON objects: the changed fields before and after (whole rows on create and delete).
    before_data TEXT,
    after_data TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX audit_entries_resource ON audit_entries (resource, resource_id, id);
CREATE INDEX audit_entries_actor ON audit_entries (actor_user_id, id);
CREATE INDEX audit_entries_time ON audit_entries (occurred_at, id);

CREATE TABLE tombstones (
    id BIGSERIAL PRIMARY KEY,
    resource TEXT NOT NULL,
    resource_id BIGINT NOT NULL,
    event_id BIGINT,
    deleted_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX tombstones_resource ON tombstones (resource, deleted_at, id);

CREATE TABLE webhook_subscriptions (
    id BIGSERIAL PRIMARY KEY,
    url TEXT NOT NULL,
    description TEXT,
    -- JSON array of patterns: `delegate.created`, `delegate.*`, `*`.
    event_types TEXT NOT NULL,
    -- Only events of this edition (slug), or all.
    event_slug TEXT,
    secret TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    disabled_reason TEXT,
    created_by BIGINT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);

-- The outbox: one row per change that maps to a webhook event type.
CREATE TABLE webhook_events (
    id BIGSERIAL PRIMARY KEY,
    event_type TEXT NOT NULL,
    resource TEXT NOT NULL,
    resource_id BIGINT NOT NULL,
    event_slug TEXT,
    occurred_at TIMESTAMP NOT NULL,
    -- JSON: the `data` member of the payload.
    data TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);

-- One row per event and matching subscription, written with the event.
CREATE TABLE webhook_deliveries (
    id BIGSERIAL PRIMARY KEY,
    subscription_id BIGINT NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    webhook_event_id BIGINT NOT NULL REFERENCES webhook_events (id),
    -- `<resource>:<id>`: deliveries of one key reach a subscription in id order.
    resource_key TEXT NOT NULL,
    -- pending | delivered | failed | cancelled
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_until TIMESTAMP,
    claimed_by TEXT,
    last_status_code BIGINT,
    last_duration_ms BIGINT,
    last_error TEXT,
    delivered_at TIMESTAMP,
    redelivery_of BIGINT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at, id);
CREATE INDEX webhook_deliveries_order ON webhook_deliveries (subscription_id, resource_key, id);
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, id);

-- Every tracked table journals its changes; `txid` lets a transaction take only its own.
-- Updates that change nothing (row locks: `SET version = version`) are not journalled.
CREATE FUNCTION gmd_journal() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
        VALUES (TG_TABLE_NAME, NEW.id, 'insert', NULL, to_jsonb(NEW)::text);
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
        VALUES (TG_TABLE_NAME, NEW.id, 'update', to_jsonb(OLD)::text, to_jsonb(NEW)::text);
    ELSE
        INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
        VALUES (TG_TABLE_NAME, OLD.id, 'delete', to_jsonb(OLD)::text, NULL);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER cities_journal AFTER INSERT OR DELETE ON cities
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER cities_journal_update AFTER UPDATE ON cities
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER events_journal AFTER INSERT OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER events_journal_update AFTER UPDATE ON events
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER delegations_journal AFTER INSERT OR DELETE ON delegations
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER delegations_journal_update AFTER UPDATE ON delegations
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER delegates_journal AFTER INSERT OR DELETE ON delegates
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER delegates_journal_update AFTER UPDATE ON delegates
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER users_journal AFTER INSERT OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER users_journal_update AFTER UPDATE ON users
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER venues_journal AFTER INSERT OR DELETE ON venues
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER venues_journal_update AFTER UPDATE ON venues
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER rooms_journal AFTER INSERT OR DELETE ON rooms
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER rooms_journal_update AFTER UPDATE ON rooms
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER sessions_journal AFTER INSERT OR DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER sessions_journal_update AFTER UPDATE ON sessions
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER session_speakers_journal AFTER INSERT OR DELETE ON session_speakers
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER session_speakers_journal_update AFTER UPDATE ON session_speakers
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER registrations_journal AFTER INSERT OR DELETE ON registrations
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER registrations_journal_update AFTER UPDATE ON registrations
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER calendar_tokens_journal AFTER INSERT OR DELETE ON calendar_tokens
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER calendar_tokens_journal_update AFTER UPDATE ON calendar_tokens
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER partnerships_journal AFTER INSERT OR DELETE ON partnerships
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER partnerships_journal_update AFTER UPDATE ON partnerships
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER agreements_journal AFTER INSERT OR DELETE ON agreements
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER agreements_journal_update AFTER UPDATE ON agreements
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER agreement_signatories_journal AFTER INSERT OR DELETE ON agreement_signatories
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER agreement_signatories_journal_update AFTER UPDATE ON agreement_signatories
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER milestones_journal AFTER INSERT OR DELETE ON milestones
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER milestones_journal_update AFTER UPDATE ON milestones
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER initiatives_journal AFTER INSERT OR DELETE ON initiatives
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER initiatives_journal_update AFTER UPDATE ON initiatives
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER initiative_versions_journal AFTER INSERT OR DELETE ON initiative_versions
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER initiative_versions_journal_update AFTER UPDATE ON initiative_versions
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER endorsements_journal AFTER INSERT OR DELETE ON endorsements
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER endorsements_journal_update AFTER UPDATE ON endorsements
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER exhibitors_journal AFTER INSERT OR DELETE ON exhibitors
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER exhibitors_journal_update AFTER UPDATE ON exhibitors
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER halls_journal AFTER INSERT OR DELETE ON halls
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER halls_journal_update AFTER UPDATE ON halls
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER booths_journal AFTER INSERT OR DELETE ON booths
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER booths_journal_update AFTER UPDATE ON booths
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER meeting_tables_journal AFTER INSERT OR DELETE ON meeting_tables
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER meeting_tables_journal_update AFTER UPDATE ON meeting_tables
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER meetings_journal AFTER INSERT OR DELETE ON meetings
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER meetings_journal_update AFTER UPDATE ON meetings
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER webhook_subscriptions_journal AFTER INSERT OR DELETE ON webhook_subscriptions
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER webhook_subscriptions_journal_update AFTER UPDATE ON webhook_subscriptions
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
