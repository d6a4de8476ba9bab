CREATE TABLE venues (
    id BIGSERIAL PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES events (id),
    name TEXT NOT NULL,
    search_text TEXT NOT NULL,
    address TEXT,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    setting TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX venues_event ON venues (event_id);

CREATE TABLE rooms (
    id BIGSERIAL PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES events (id),
    venue_id BIGINT NOT NULL REFERENCES venues (id),
    name TEXT NOT NULL,
    capacity BIGINT NOT NULL,
    interpretation_channels TEXT NOT NULL,
    accessibility_notes TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX rooms_venue ON rooms (venue_id);

CREATE TABLE sessions (
    id BIGSERIAL PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES events (id),
    title TEXT NOT NULL,
    search_text TEXT NOT NULL,
    description TEXT NOT NULL,
    kind TEXT NOT NULL,
    theme TEXT,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    room_id BIGINT REFERENCES rooms (id),
    venue_id BIGINT REFERENCES venues (id),
    capacity BIGINT,
    languages TEXT NOT NULL,
    interpretation TEXT NOT NULL,
    status TEXT NOT NULL,
    sequence BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX sessions_event_start ON sessions (event_id, starts_at);

CREATE TABLE session_speakers (
    id BIGSERIAL PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    delegate_id BIGINT NOT NULL REFERENCES delegates (id),
    role TEXT NOT NULL,
    position BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (session_id, delegate_id)
);
CREATE INDEX session_speakers_delegate ON session_speakers (delegate_id);

CREATE TABLE registrations (
    id BIGSERIAL PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    delegate_id BIGINT NOT NULL REFERENCES delegates (id),
    status TEXT NOT NULL,
    registered_by BIGINT,
    by_organizer BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (session_id, delegate_id)
);
CREATE INDEX registrations_session_status ON registrations (session_id, status, id);
CREATE INDEX registrations_delegate ON registrations (delegate_id);

CREATE TABLE calendar_tokens (
    id BIGSERIAL PRIMARY KEY,
    delegate_id BIGINT NOT NULL UNIQUE REFERENCES delegates (id) ON DELETE CASCADE,
    token TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
