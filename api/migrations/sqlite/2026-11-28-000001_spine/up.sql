CREATE TABLE cities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    search_text TEXT NOT NULL,
    country TEXT NOT NULL,
    region TEXT,
    population BIGINT,
    latitude DOUBLE NOT NULL,
    longitude DOUBLE NOT NULL,
    time_zone TEXT NOT NULL,
    wikidata_id TEXT UNIQUE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX cities_country ON cities (country);

CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    search_text TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    host_city_id BIGINT NOT NULL REFERENCES cities (id),
    time_zone TEXT NOT NULL,
    organisers TEXT NOT NULL,
    themes TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE delegations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id BIGINT NOT NULL REFERENCES events (id),
    city_id BIGINT NOT NULL REFERENCES cities (id),
    head_delegate_id BIGINT,
    notes TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (event_id, city_id)
);

CREATE TABLE delegates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id BIGINT NOT NULL REFERENCES events (id),
    delegation_id BIGINT NOT NULL REFERENCES delegations (id),
    city_id BIGINT NOT NULL REFERENCES cities (id),
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    search_text TEXT NOT NULL,
    honorific TEXT,
    title TEXT,
    role TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    languages TEXT NOT NULL,
    interpretation_needs TEXT NOT NULL,
    dietary_needs TEXT,
    accessibility_needs TEXT,
    arrival_at TIMESTAMP,
    departure_at TIMESTAMP,
    hotel TEXT,
    bio TEXT NOT NULL,
    photo_url TEXT,
    consent_public_profile BOOLEAN NOT NULL DEFAULT 0,
    badge_code TEXT NOT NULL UNIQUE,
    accreditation_status TEXT NOT NULL,
    checked_in_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX delegates_event ON delegates (event_id, id);
CREATE INDEX delegates_delegation ON delegates (delegation_id);
CREATE INDEX delegates_updated ON delegates (event_id, updated_at);

CREATE TABLE accreditation_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    delegate_id BIGINT NOT NULL REFERENCES delegates (id) ON DELETE CASCADE,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    changed_by BIGINT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX accreditation_changes_delegate ON accreditation_changes (delegate_id);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    delegate_id BIGINT REFERENCES delegates (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE refresh_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id TEXT NOT NULL,
    token_id TEXT NOT NULL UNIQUE,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    revoked_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
