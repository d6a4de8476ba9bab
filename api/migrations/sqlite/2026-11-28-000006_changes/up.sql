-- Change recording (issue 6): the journal every tracked table's triggers write to, and what
-- the closing step of each write transaction derives from it (audit entries, tombstones,
-- webhook events and their deliveries), plus webhook subscriptions.

-- Rows the triggers wrote in the current write transaction; emptied before it commits.
CREATE TABLE change_journal (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    table_name TEXT NOT NULL,
    row_id BIGINT NOT NULL,
    op TEXT NOT NULL,
    before_data TEXT,
    after_data TEXT,
    txid BIGINT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE audit_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
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
    id INTEGER PRIMARY KEY AUTOINCREMENT,
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
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL,
    description TEXT,
    -- JSON array of patterns: `delegate.created`, `delegate.*`, `*`.
    event_types TEXT NOT NULL,
    -- Only events of this edition (slug), or all.
    event_slug TEXT,
    secret TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT 1,
    disabled_reason TEXT,
    created_by BIGINT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);

-- The outbox: one row per change that maps to a webhook event type.
CREATE TABLE webhook_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
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
    id INTEGER PRIMARY KEY AUTOINCREMENT,
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

-- Every tracked table journals its changes (generated from schema.rs: every column).
CREATE TRIGGER cities_journal_insert AFTER INSERT ON cities BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('cities', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'name', NEW.name, 'search_text', NEW.search_text, 'country', NEW.country, 'region', NEW.region, 'population', NEW.population, 'latitude', NEW.latitude, 'longitude', NEW.longitude, 'time_zone', NEW.time_zone, 'wikidata_id', NEW.wikidata_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER cities_journal_update AFTER UPDATE ON cities BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('cities', NEW.id, 'update', json_object('id', OLD.id, 'name', OLD.name, 'search_text', OLD.search_text, 'country', OLD.country, 'region', OLD.region, 'population', OLD.population, 'latitude', OLD.latitude, 'longitude', OLD.longitude, 'time_zone', OLD.time_zone, 'wikidata_id', OLD.wikidata_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'name', NEW.name, 'search_text', NEW.search_text, 'country', NEW.country, 'region', NEW.region, 'population', NEW.population, 'latitude', NEW.latitude, 'longitude', NEW.longitude, 'time_zone', NEW.time_zone, 'wikidata_id', NEW.wikidata_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER cities_journal_delete AFTER DELETE ON cities BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('cities', OLD.id, 'delete', json_object('id', OLD.id, 'name', OLD.name, 'search_text', OLD.search_text, 'country', OLD.country, 'region', OLD.region, 'population', OLD.population, 'latitude', OLD.latitude, 'longitude', OLD.longitude, 'time_zone', OLD.time_zone, 'wikidata_id', OLD.wikidata_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;

CREATE TRIGGER events_journal_insert AFTER INSERT ON events BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('events', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'slug', NEW.slug, 'name', NEW.name, 'search_text', NEW.search_text, 'starts_on', NEW.starts_on, 'ends_on', NEW.ends_on, 'host_city_id', NEW.host_city_id, 'time_zone', NEW.time_zone, 'organisers', NEW.organisers, 'themes', NEW.themes, 'status', NEW.status, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER events_journal_update AFTER UPDATE ON events BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('events', NEW.id, 'update', json_object('id', OLD.id, 'slug', OLD.slug, 'name', OLD.name, 'search_text', OLD.search_text, 'starts_on', OLD.starts_on, 'ends_on', OLD.ends_on, 'host_city_id', OLD.host_city_id, 'time_zone', OLD.time_zone, 'organisers', OLD.organisers, 'themes', OLD.themes, 'status', OLD.status, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'slug', NEW.slug, 'name', NEW.name, 'search_text', NEW.search_text, 'starts_on', NEW.starts_on, 'ends_on', NEW.ends_on, 'host_city_id', NEW.host_city_id, 'time_zone', NEW.time_zone, 'organisers', NEW.organisers, 'themes', NEW.themes, 'status', NEW.status, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER events_journal_delete AFTER DELETE ON events BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('events', OLD.id, 'delete', json_object('id', OLD.id, 'slug', OLD.slug, 'name', OLD.name, 'search_text', OLD.search_text, 'starts_on', OLD.starts_on, 'ends_on', OLD.ends_on, 'host_city_id', OLD.host_city_id, 'time_zone', OLD.time_zone, 'organisers', OLD.organisers, 'themes', OLD.themes, 'status', OLD.status, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;

CREATE TRIGGER delegations_journal_insert AFTER INSERT ON delegations BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('delegations', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'event_id', NEW.event_id, 'city_id', NEW.city_id, 'head_delegate_id', NEW.head_delegate_id, 'notes', NEW.notes, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER delegations_journal_update AFTER UPDATE ON delegations BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('delegations', NEW.id, 'update', json_object('id', OLD.id, 'event_id', OLD.event_id, 'city_id', OLD.city_id, 'head_delegate_id', OLD.head_delegate_id, 'notes', OLD.notes, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'event_id', NEW.event_id, 'city_id', NEW.city_id, 'head_delegate_id', NEW.head_delegate_id, 'notes', NEW.notes, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER delegations_journal_delete AFTER DELETE ON delegations BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('delegations', OLD.id, 'delete', json_object('id', OLD.id, 'event_id', OLD.event_id, 'city_id', OLD.city_id, 'head_delegate_id', OLD.head_delegate_id, 'notes', OLD.notes, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;

CREATE TRIGGER delegates_journal_insert AFTER INSERT ON delegates BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('delegates', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'event_id', NEW.event_id, 'delegation_id', NEW.delegation_id, 'city_id', NEW.city_id, 'given_name', NEW.given_name, 'family_name', NEW.family_name, 'search_text', NEW.search_text, 'honorific', NEW.honorific, 'title', NEW.title, 'role', NEW.role, 'email', NEW.email, 'phone', NEW.phone, 'languages', NEW.languages, 'interpretation_needs', NEW.interpretation_needs, 'dietary_needs', NEW.dietary_needs, 'accessibility_needs', NEW.accessibility_needs, 'arrival_at', NEW.arrival_at, 'departure_at', NEW.departure_at, 'hotel', NEW.hotel, 'bio', NEW.bio, 'photo_url', NEW.photo_url, 'consent_public_profile', CASE WHEN NEW.consent_public_profile IS NULL THEN NULL WHEN NEW.consent_public_profile THEN json('true') ELSE json('false') END, 'badge_code', NEW.badge_code, 'accreditation_status', NEW.accreditation_status, 'checked_in_at', NEW.checked_in_at, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER delegates_journal_update AFTER UPDATE ON delegates BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('delegates', NEW.id, 'update', json_object('id', OLD.id, 'event_id', OLD.event_id, 'delegation_id', OLD.delegation_id, 'city_id', OLD.city_id, 'given_name', OLD.given_name, 'family_name', OLD.family_name, 'search_text', OLD.search_text, 'honorific', OLD.honorific, 'title', OLD.title, 'role', OLD.role, 'email', OLD.email, 'phone', OLD.phone, 'languages', OLD.languages, 'interpretation_needs', OLD.interpretation_needs, 'dietary_needs', OLD.dietary_needs, 'accessibility_needs', OLD.accessibility_needs, 'arrival_at', OLD.arrival_at, 'departure_at', OLD.departure_at, 'hotel', OLD.hotel, 'bio', OLD.bio, 'photo_url', OLD.photo_url, 'consent_public_profile', CASE WHEN OLD.consent_public_profile IS NULL THEN NULL WHEN OLD.consent_public_profile THEN json('true') ELSE json('false') END, 'badge_code', OLD.badge_code, 'accreditation_status', OLD.accreditation_status, 'checked_in_at', OLD.checked_in_at, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'event_id', NEW.event_id, 'delegation_id', NEW.delegation_id, 'city_id', NEW.city_id, 'given_name', NEW.given_name, 'family_name', NEW.family_name, 'search_text', NEW.search_text, 'honorific', NEW.honorific, 'title', NEW.title, 'role', NEW.role, 'email', NEW.email, 'phone', NEW.phone, 'languages', NEW.languages, 'interpretation_needs', NEW.interpretation_needs, 'dietary_needs', NEW.dietary_needs, 'accessibility_needs', NEW.accessibility_needs, 'arrival_at', NEW.arrival_at, 'departure_at', NEW.departure_at, 'hotel', NEW.hotel, 'bio', NEW.bio, 'photo_url', NEW.photo_url, 'consent_public_profile', CASE WHEN NEW.consent_public_profile IS NULL THEN NULL WHEN NEW.consent_public_profile THEN json('true') ELSE json('false') END, 'badge_code', NEW.badge_code, 'accreditation_status', NEW.accreditation_status, 'checked_in_at', NEW.checked_in_at, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER delegates_journal_delete AFTER DELETE ON delegates BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('delegates', OLD.id, 'delete', json_object('id', OLD.id, 'event_id', OLD.event_id, 'delegation_id', OLD.delegation_id, 'city_id', OLD.city_id, 'given_name', OLD.given_name, 'family_name', OLD.family_name, 'search_text', OLD.search_text, 'honorific', OLD.honorific, 'title', OLD.title, 'role', OLD.role, 'email', OLD.email, 'phone', OLD.phone, 'languages', OLD.languages, 'interpretation_needs', OLD.interpretation_needs, 'dietary_needs', OLD.dietary_needs, 'accessibility_needs', OLD.accessibility_needs, 'arrival_at', OLD.arrival_at, 'departure_at', OLD.departure_at, 'hotel', OLD.hotel, 'bio', OLD.bio, 'photo_url', OLD.photo_url, 'consent_public_profile', CASE WHEN OLD.consent_public_profile IS NULL THEN NULL WHEN OLD.consent_public_profile THEN json('true') ELSE json('false') END, 'badge_code', OLD.badge_code, 'accreditation_status', OLD.accreditation_status, 'checked_in_at', OLD.checked_in_at, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;

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

CREATE TRIGGER venues_journal_insert AFTER INSERT ON venues BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('venues', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'event_id', NEW.event_id, 'name', NEW.name, 'search_text', NEW.search_text, 'address', NEW.address, 'latitude', NEW.latitude, 'longitude', NEW.longitude, 'setting', NEW.setting, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER venues_journal_update AFTER UPDATE ON venues BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('venues', NEW.id, 'update', json_object('id', OLD.id, 'event_id', OLD.event_id, 'name', OLD.name, 'search_text', OLD.search_text, 'address', OLD.address, 'latitude', OLD.latitude, 'longitude', OLD.longitude, 'setting', OLD.setting, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'event_id', NEW.event_id, 'name', NEW.name, 'search_text', NEW.search_text, 'address', NEW.address, 'latitude', NEW.latitude, 'longitude', NEW.longitude, 'setting', NEW.setting, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER venues_journal_delete AFTER DELETE ON venues BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('venues', OLD.id, 'delete', json_object('id', OLD.id, 'event_id', OLD.event_id, 'name', OLD.name, 'search_text', OLD.search_text, 'address', OLD.address, 'latitude', OLD.latitude, 'longitude', OLD.longitude, 'setting', OLD.setting, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;

CREATE TRIGGER rooms_journal_insert AFTER INSERT ON rooms BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('rooms', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'event_id', NEW.event_id, 'venue_id', NEW.venue_id, 'name', NEW.name, 'capacity', NEW.capacity, 'interpretation_channels', NEW.interpretation_channels, 'accessibility_notes', NEW.accessibility_notes, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER rooms_journal_update AFTER UPDATE ON rooms BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('rooms', NEW.id, 'update', json_object('id', OLD.id, 'event_id', OLD.event_id, 'venue_id', OLD.venue_id, 'name', OLD.name, 'capacity', OLD.capacity, 'interpretation_channels', OLD.interpretation_channels, 'accessibility_notes', OLD.accessibility_notes, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'event_id', NEW.event_id, 'venue_id', NEW.venue_id, 'name', NEW.name, 'capacity', NEW.capacity, 'interpretation_channels', NEW.interpretation_channels, 'accessibility_notes', NEW.accessibility_notes, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER rooms_journal_delete AFTER DELETE ON rooms BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('rooms', OLD.id, 'delete', json_object('id', OLD.id, 'event_id', OLD.event_id, 'venue_id', OLD.venue_id, 'name', OLD.name, 'capacity', OLD.capacity, 'interpretation_channels', OLD.interpretation_channels, 'accessibility_notes', OLD.accessibility_notes, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;

CREATE TRIGGER sessions_journal_insert AFTER INSERT ON sessions BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('sessions', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'event_id', NEW.event_id, 'title', NEW.title, 'search_text', NEW.search_text, 'description', NEW.description, 'kind', NEW.kind, 'theme', NEW.theme, 'starts_at', NEW.starts_at, 'ends_at', NEW.ends_at, 'room_id', NEW.room_id, 'venue_id', NEW.venue_id, 'capacity', NEW.capacity, 'languages', NEW.languages, 'interpretation', NEW.interpretation, 'status', NEW.status, 'sequence', NEW.sequence, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER sessions_journal_update AFTER UPDATE ON sessions BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('sessions', NEW.id, 'update', json_object('id', OLD.id, 'event_id', OLD.event_id, 'title', OLD.title, 'search_text', OLD.search_text, 'description', OLD.description, 'kind', OLD.kind, 'theme', OLD.theme, 'starts_at', OLD.starts_at, 'ends_at', OLD.ends_at, 'room_id', OLD.room_id, 'venue_id', OLD.venue_id, 'capacity', OLD.capacity, 'languages', OLD.languages, 'interpretation', OLD.interpretation, 'status', OLD.status, 'sequence', OLD.sequence, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'event_id', NEW.event_id, 'title', NEW.title, 'search_text', NEW.search_text, 'description', NEW.description, 'kind', NEW.kind, 'theme', NEW.theme, 'starts_at', NEW.starts_at, 'ends_at', NEW.ends_at, 'room_id', NEW.room_id, 'venue_id', NEW.venue_id, 'capacity', NEW.capacity, 'languages', NEW.languages, 'interpretation', NEW.interpretation, 'status', NEW.status, 'sequence', NEW.sequence, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER sessions_journal_delete AFTER DELETE ON sessions BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('sessions', OLD.id, 'delete', json_object('id', OLD.id, 'event_id', OLD.event_id, 'title', OLD.title, 'search_text', OLD.search_text, 'description', OLD.description, 'kind', OLD.kind, 'theme', OLD.theme, 'starts_at', OLD.starts_at, 'ends_at', OLD.ends_at, 'room_id', OLD.room_id, 'venue_id', OLD.venue_id, 'capacity', OLD.capacity, 'languages', OLD.languages, 'interpretation', OLD.interpretation, 'status', OLD.status, 'sequence', OLD.sequence, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;

CREATE TRIGGER session_speakers_journal_insert AFTER INSERT ON session_speakers BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('session_speakers', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'session_id', NEW.session_id, 'delegate_id', NEW.delegate_id, 'role', NEW.role, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER session_speakers_journal_update AFTER UPDATE ON session_speakers BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('session_speakers', NEW.id, 'update', json_object('id', OLD.id, 'session_id', OLD.session_id, 'delegate_id', OLD.delegate_id, 'role', OLD.role, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'session_id', NEW.session_id, 'delegate_id', NEW.delegate_id, 'role', NEW.role, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER session_speakers_journal_delete AFTER DELETE ON session_speakers BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('session_speakers', OLD.id, 'delete', json_object('id', OLD.id, 'session_id', OLD.session_id, 'delegate_id', OLD.delegate_id, 'role', OLD.role, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;

CREATE TRIGGER registrations_journal_insert AFTER INSERT ON registrations BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('registrations', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'session_id', NEW.session_id, 'delegate_id', NEW.delegate_id, 'status', NEW.status, 'registered_by', NEW.registered_by, 'by_organizer', CASE WHEN NEW.by_organizer IS NULL THEN NULL WHEN NEW.by_organizer THEN json('true') ELSE json('false') END, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER registrations_journal_update AFTER UPDATE ON registrations BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('registrations', NEW.id, 'update', json_object('id', OLD.id, 'session_id', OLD.session_id, 'delegate_id', OLD.delegate_id, 'status', OLD.status, 'registered_by', OLD.registered_by, 'by_organizer', CASE WHEN OLD.by_organizer IS NULL THEN NULL WHEN OLD.by_organizer THEN json('true') ELSE json('false') END, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'session_id', NEW.session_id, 'delegate_id', NEW.delegate_id, 'status', NEW.status, 'registered_by', NEW.registered_by, 'by_organizer', CASE WHEN NEW.by_organizer IS NULL THEN NULL WHEN NEW.by_organizer THEN json('true') ELSE json('false') END, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER registrations_journal_delete AFTER DELETE ON registrations BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('registrations', OLD.id, 'delete', json_object('id', OLD.id, 'session_id', OLD.session_id, 'delegate_id', OLD.delegate_id, 'status', OLD.status, 'registered_by', OLD.registered_by, 'by_organizer', CASE WHEN OLD.by_organizer IS NULL THEN NULL WHEN OLD.by_organizer THEN json('true') ELSE json('false') END, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;

CREATE TRIGGER calendar_tokens_journal_insert AFTER INSERT ON calendar_tokens BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('calendar_tokens', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'delegate_id', NEW.delegate_id, 'token', NEW.token, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER calendar_tokens_journal_update AFTER UPDATE ON calendar_tokens BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('calendar_tokens', NEW.id, 'update', json_object('id', OLD.id, 'delegate_id', OLD.delegate_id, 'token', OLD.token, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'delegate_id', NEW.delegate_id, 'token', NEW.token, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER calendar_tokens_journal_delete AFTER DELETE ON calendar_tokens BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('calendar_tokens', OLD.id, 'delete', json_object('id', OLD.id, 'delegate_id', OLD.delegate_id, 'token', OLD.token, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;

CREATE TRIGGER partnerships_journal_insert AFTER INSERT ON partnerships BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('partnerships', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'city_a_id', NEW.city_a_id, 'city_b_id', NEW.city_b_id, 'pair_low_id', NEW.pair_low_id, 'pair_high_id', NEW.pair_high_id, 'kind', NEW.kind, 'status', NEW.status, 'established_on', NEW.established_on, 'fields', NEW.fields, 'notes', NEW.notes, 'source_url', NEW.source_url, 'illustrative', CASE WHEN NEW.illustrative IS NULL THEN NULL WHEN NEW.illustrative THEN json('true') ELSE json('false') END, 'created_by', NEW.created_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER partnerships_journal_update AFTER UPDATE ON partnerships BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('partnerships', NEW.id, 'update', json_object('id', OLD.id, 'city_a_id', OLD.city_a_id, 'city_b_id', OLD.city_b_id, 'pair_low_id', OLD.pair_low_id, 'pair_high_id', OLD.pair_high_id, 'kind', OLD.kind, 'status', OLD.status, 'established_on', OLD.established_on, 'fields', OLD.fields, 'notes', OLD.notes, 'source_url', OLD.source_url, 'illustrative', CASE WHEN OLD.illustrative IS NULL THEN NULL WHEN OLD.illustrative THEN json('true') ELSE json('false') END, 'created_by', OLD.created_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'city_a_id', NEW.city_a_id, 'city_b_id', NEW.city_b_id, 'pair_low_id', NEW.pair_low_id, 'pair_high_id', NEW.pair_high_id, 'kind', NEW.kind, 'status', NEW.status, 'established_on', NEW.established_on, 'fields', NEW.fields, 'notes', NEW.notes, 'source_url', NEW.source_url, 'illustrative', CASE WHEN NEW.illustrative IS NULL THEN NULL WHEN NEW.illustrative THEN json('true') ELSE json('false') END, 'created_by', NEW.created_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER partnerships_journal_delete AFTER DELETE ON partnerships BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('partnerships', OLD.id, 'delete', json_object('id', OLD.id, 'city_a_id', OLD.city_a_id, 'city_b_id', OLD.city_b_id, 'pair_low_id', OLD.pair_low_id, 'pair_high_id', OLD.pair_high_id, 'kind', OLD.kind, 'status', OLD.status, 'established_on', OLD.established_on, 'fields', OLD.fields, 'notes', OLD.notes, 'source_url', OLD.source_url, 'illustrative', CASE WHEN OLD.illustrative IS NULL THEN NULL WHEN OLD.illustrative THEN json('true') ELSE json('false') END, 'created_by', OLD.created_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;

CREATE TRIGGER agreements_journal_insert AFTER INSERT ON agreements BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('agreements', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'partnership_id', NEW.partnership_id, 'title', NEW.title, 'kind', NEW.kind, 'signed_on', NEW.signed_on, 'signed_at_city_id', NEW.signed_at_city_id, 'session_id', NEW.session_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER agreements_journal_update AFTER UPDATE ON agreements BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('agreements', NEW.id, 'update', json_object('id', OLD.id, 'partnership_id', OLD.partnership_id, 'title', OLD.title, 'kind', OLD.kind, 'signed_on', OLD.signed_on, 'signed_at_city_id', OLD.signed_at_city_id, 'session_id', OLD.session_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'partnership_id', NEW.partnership_id, 'title', NEW.title, 'kind', NEW.kind, 'signed_on', NEW.signed_on, 'signed_at_city_id', NEW.signed_at_city_id, 'session_id', NEW.session_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER agreements_journal_delete AFTER DELETE ON agreements BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('agreements', OLD.id, 'delete', json_object('id', OLD.id, 'partnership_id', OLD.partnership_id, 'title', OLD.title, 'kind', OLD.kind, 'signed_on', OLD.signed_on, 'signed_at_city_id', OLD.signed_at_city_id, 'session_id', OLD.session_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;

CREATE TRIGGER agreement_signatories_journal_insert AFTER INSERT ON agreement_signatories BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('agreement_signatories', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'agreement_id', NEW.agreement_id, 'city_id', NEW.city_id, 'delegate_id', NEW.delegate_id, 'name', NEW.name, 'office', NEW.office, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER agreement_signatories_journal_update AFTER UPDATE ON agreement_signatories BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('agreement_signatories', NEW.id, 'update', json_object('id', OLD.id, 'agreement_id', OLD.agreement_id, 'city_id', OLD.city_id, 'delegate_id', OLD.delegate_id, 'name', OLD.name, 'office', OLD.office, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'agreement_id', NEW.agreement_id, 'city_id', NEW.city_id, 'delegate_id', NEW.delegate_id, 'name', NEW.name, 'office', NEW.office, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER agreement_signatories_journal_delete AFTER DELETE ON agreement_signatories BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('agreement_signatories', OLD.id, 'delete', json_object('id', OLD.id, 'agreement_id', OLD.agreement_id, 'city_id', OLD.city_id, 'delegate_id', OLD.delegate_id, 'name', OLD.name, 'office', OLD.office, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;

CREATE TRIGGER milestones_journal_insert AFTER INSERT ON milestones BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('milestones', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'partnership_id', NEW.partnership_id, 'occurred_on', NEW.occurred_on, 'kind', NEW.kind, 'description', NEW.description, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER milestones_journal_update AFTER UPDATE ON milestones BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('milestones', NEW.id, 'update', json_object('id', OLD.id, 'partnership_id', OLD.partnership_id, 'occurred_on', OLD.occurred_on, 'kind', OLD.kind, 'description', OLD.description, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'partnership_id', NEW.partnership_id, 'occurred_on', NEW.occurred_on, 'kind', NEW.kind, 'description', NEW.description, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER milestones_journal_delete AFTER DELETE ON milestones BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('milestones', OLD.id, 'delete', json_object('id', OLD.id, 'partnership_id', OLD.partnership_id, 'occurred_on', OLD.occurred_on, 'kind', OLD.kind, 'description', OLD.description, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;

CREATE TRIGGER initiatives_journal_insert AFTER INSERT ON initiatives BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('initiatives', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'event_id', NEW.event_id, 'title', NEW.title, 'status', NEW.status, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER initiatives_journal_update AFTER UPDATE ON initiatives BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('initiatives', NEW.id, 'update', json_object('id', OLD.id, 'event_id', OLD.event_id, 'title', OLD.title, 'status', OLD.status, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'event_id', NEW.event_id, 'title', NEW.title, 'status', NEW.status, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER initiatives_journal_delete AFTER DELETE ON initiatives BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('initiatives', OLD.id, 'delete', json_object('id', OLD.id, 'event_id', OLD.event_id, 'title', OLD.title, 'status', OLD.status, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;

CREATE TRIGGER initiative_versions_journal_insert AFTER INSERT ON initiative_versions BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('initiative_versions', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'number', NEW.number, 'text', NEW.text, 'created_by', NEW.created_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER initiative_versions_journal_update AFTER UPDATE ON initiative_versions BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('initiative_versions', NEW.id, 'update', json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'number', OLD.number, 'text', OLD.text, 'created_by', OLD.created_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'number', NEW.number, 'text', NEW.text, 'created_by', NEW.created_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER initiative_versions_journal_delete AFTER DELETE ON initiative_versions BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('initiative_versions', OLD.id, 'delete', json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'number', OLD.number, 'text', OLD.text, 'created_by', OLD.created_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;

CREATE TRIGGER endorsements_journal_insert AFTER INSERT ON endorsements BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('endorsements', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'initiative_version_id', NEW.initiative_version_id, 'city_id', NEW.city_id, 'delegate_id', NEW.delegate_id, 'endorsed_on', NEW.endorsed_on, 'statement', NEW.statement, 'recorded_by', NEW.recorded_by, 'withdrawn_at', NEW.withdrawn_at, 'withdrawn_by', NEW.withdrawn_by, 'withdrawal_reason', NEW.withdrawal_reason, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER endorsements_journal_update AFTER UPDATE ON endorsements BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('endorsements', NEW.id, 'update', json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'initiative_version_id', OLD.initiative_version_id, 'city_id', OLD.city_id, 'delegate_id', OLD.delegate_id, 'endorsed_on', OLD.endorsed_on, 'statement', OLD.statement, 'recorded_by', OLD.recorded_by, 'withdrawn_at', OLD.withdrawn_at, 'withdrawn_by', OLD.withdrawn_by, 'withdrawal_reason', OLD.withdrawal_reason, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'initiative_version_id', NEW.initiative_version_id, 'city_id', NEW.city_id, 'delegate_id', NEW.delegate_id, 'endorsed_on', NEW.endorsed_on, 'statement', NEW.statement, 'recorded_by', NEW.recorded_by, 'withdrawn_at', NEW.withdrawn_at, 'withdrawn_by', NEW.withdrawn_by, 'withdrawal_reason', NEW.withdrawal_reason, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER endorsements_journal_delete AFTER DELETE ON endorsements BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('endorsements', OLD.id, 'delete', json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'initiative_version_id', OLD.initiative_version_id, 'city_id', OLD.city_id, 'delegate_id', OLD.delegate_id, 'endorsed_on', OLD.endorsed_on, 'statement', OLD.statement, 'recorded_by', OLD.recorded_by, 'withdrawn_at', OLD.withdrawn_at, 'withdrawn_by', OLD.withdrawn_by, 'withdrawal_reason', OLD.withdrawal_reason, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;

CREATE TRIGGER exhibitors_journal_insert AFTER INSERT ON exhibitors BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('exhibitors', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'event_id', NEW.event_id, 'name', NEW.name, 'search_text', NEW.search_text, 'kind', NEW.kind, 'country', NEW.country, 'city_id', NEW.city_id, 'sectors', NEW.sectors, 'description', NEW.description, 'website', NEW.website, 'logo_url', NEW.logo_url, 'contacts', NEW.contacts, 'status', NEW.status, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER exhibitors_journal_update AFTER UPDATE ON exhibitors BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('exhibitors', NEW.id, 'update', json_object('id', OLD.id, 'event_id', OLD.event_id, 'name', OLD.name, 'search_text', OLD.search_text, 'kind', OLD.kind, 'country', OLD.country, 'city_id', OLD.city_id, 'sectors', OLD.sectors, 'description', OLD.description, 'website', OLD.website, 'logo_url', OLD.logo_url, 'contacts', OLD.contacts, 'status', OLD.status, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'event_id', NEW.event_id, 'name', NEW.name, 'search_text', NEW.search_text, 'kind', NEW.kind, 'country', NEW.country, 'city_id', NEW.city_id, 'sectors', NEW.sectors, 'description', NEW.description, 'website', NEW.website, 'logo_url', NEW.logo_url, 'contacts', NEW.contacts, 'status', NEW.status, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER exhibitors_journal_delete AFTER DELETE ON exhibitors BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('exhibitors', OLD.id, 'delete', json_object('id', OLD.id, 'event_id', OLD.event_id, 'name', OLD.name, 'search_text', OLD.search_text, 'kind', OLD.kind, 'country', OLD.country, 'city_id', OLD.city_id, 'sectors', OLD.sectors, 'description', OLD.description, 'website', OLD.website, 'logo_url', OLD.logo_url, 'contacts', OLD.contacts, 'status', OLD.status, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;

CREATE TRIGGER halls_journal_insert AFTER INSERT ON halls BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('halls', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'event_id', NEW.event_id, 'name', NEW.name, 'width', NEW.width, 'height', NEW.height, 'opening_hours', NEW.opening_hours, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER halls_journal_update AFTER UPDATE ON halls BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('halls', NEW.id, 'update', json_object('id', OLD.id, 'event_id', OLD.event_id, 'name', OLD.name, 'width', OLD.width, 'height', OLD.height, 'opening_hours', OLD.opening_hours, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'event_id', NEW.event_id, 'name', NEW.name, 'width', NEW.width, 'height', NEW.height, 'opening_hours', NEW.opening_hours, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER halls_journal_delete AFTER DELETE ON halls BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('halls', OLD.id, 'delete', json_object('id', OLD.id, 'event_id', OLD.event_id, 'name', OLD.name, 'width', OLD.width, 'height', OLD.height, 'opening_hours', OLD.opening_hours, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;

CREATE TRIGGER booths_journal_insert AFTER INSERT ON booths BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('booths', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'event_id', NEW.event_id, 'hall_id', NEW.hall_id, 'code', NEW.code, 'booth_type', NEW.booth_type, 'x', NEW.x, 'y', NEW.y, 'w', NEW.w, 'h', NEW.h, 'exhibitor_id', NEW.exhibitor_id, 'assigned_at', NEW.assigned_at, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER booths_journal_update AFTER UPDATE ON booths BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('booths', NEW.id, 'update', json_object('id', OLD.id, 'event_id', OLD.event_id, 'hall_id', OLD.hall_id, 'code', OLD.code, 'booth_type', OLD.booth_type, 'x', OLD.x, 'y', OLD.y, 'w', OLD.w, 'h', OLD.h, 'exhibitor_id', OLD.exhibitor_id, 'assigned_at', OLD.assigned_at, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'event_id', NEW.event_id, 'hall_id', NEW.hall_id, 'code', NEW.code, 'booth_type', NEW.booth_type, 'x', NEW.x, 'y', NEW.y, 'w', NEW.w, 'h', NEW.h, 'exhibitor_id', NEW.exhibitor_id, 'assigned_at', NEW.assigned_at, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER booths_journal_delete AFTER DELETE ON booths BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('booths', OLD.id, 'delete', json_object('id', OLD.id, 'event_id', OLD.event_id, 'hall_id', OLD.hall_id, 'code', OLD.code, 'booth_type', OLD.booth_type, 'x', OLD.x, 'y', OLD.y, 'w', OLD.w, 'h', OLD.h, 'exhibitor_id', OLD.exhibitor_id, 'assigned_at', OLD.assigned_at, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;

CREATE TRIGGER meeting_tables_journal_insert AFTER INSERT ON meeting_tables BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('meeting_tables', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'event_id', NEW.event_id, 'hall_id', NEW.hall_id, 'name', NEW.name, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER meeting_tables_journal_update AFTER UPDATE ON meeting_tables BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('meeting_tables', NEW.id, 'update', json_object('id', OLD.id, 'event_id', OLD.event_id, 'hall_id', OLD.hall_id, 'name', OLD.name, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'event_id', NEW.event_id, 'hall_id', NEW.hall_id, 'name', NEW.name, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER meeting_tables_journal_delete AFTER DELETE ON meeting_tables BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('meeting_tables', OLD.id, 'delete', json_object('id', OLD.id, 'event_id', OLD.event_id, 'hall_id', OLD.hall_id, 'name', OLD.name, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;

CREATE TRIGGER meetings_journal_insert AFTER INSERT ON meetings BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('meetings', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'event_id', NEW.event_id, 'delegate_id', NEW.delegate_id, 'exhibitor_id', NEW.exhibitor_id, 'hall_id', NEW.hall_id, 'requested_by', NEW.requested_by, 'proposed_slots', NEW.proposed_slots, 'message', NEW.message, 'status', NEW.status, 'starts_at', NEW.starts_at, 'ends_at', NEW.ends_at, 'table_id', NEW.table_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER meetings_journal_update AFTER UPDATE ON meetings BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('meetings', NEW.id, 'update', json_object('id', OLD.id, 'event_id', OLD.event_id, 'delegate_id', OLD.delegate_id, 'exhibitor_id', OLD.exhibitor_id, 'hall_id', OLD.hall_id, 'requested_by', OLD.requested_by, 'proposed_slots', OLD.proposed_slots, 'message', OLD.message, 'status', OLD.status, 'starts_at', OLD.starts_at, 'ends_at', OLD.ends_at, 'table_id', OLD.table_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), json_object('id', NEW.id, 'event_id', NEW.event_id, 'delegate_id', NEW.delegate_id, 'exhibitor_id', NEW.exhibitor_id, 'hall_id', NEW.hall_id, 'requested_by', NEW.requested_by, 'proposed_slots', NEW.proposed_slots, 'message', NEW.message, 'status', NEW.status, 'starts_at', NEW.starts_at, 'ends_at', NEW.ends_at, 'table_id', NEW.table_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'version', NEW.version));
END;
CREATE TRIGGER meetings_journal_delete AFTER DELETE ON meetings BEGIN
    INSERT INTO change_journal (table_name, row_id, op, before_data, after_data)
    VALUES ('meetings', OLD.id, 'delete', json_object('id', OLD.id, 'event_id', OLD.event_id, 'delegate_id', OLD.delegate_id, 'exhibitor_id', OLD.exhibitor_id, 'hall_id', OLD.hall_id, 'requested_by', OLD.requested_by, 'proposed_slots', OLD.proposed_slots, 'message', OLD.message, 'status', OLD.status, 'starts_at', OLD.starts_at, 'ends_at', OLD.ends_at, 'table_id', OLD.table_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'version', OLD.version), NULL);
END;

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
