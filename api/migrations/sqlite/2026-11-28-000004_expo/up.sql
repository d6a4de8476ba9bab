-- The Ice and Snow Economy Expo: exhibitors, halls and booths, meeting tables, B2B meetings.
CREATE TABLE exhibitors (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id BIGINT NOT NULL REFERENCES events (id),
    name TEXT NOT NULL,
    search_text TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT NOT NULL,
    city_id BIGINT REFERENCES cities (id),
    -- JSON array of sector codes.
    sectors TEXT NOT NULL,
    description TEXT NOT NULL,
    website TEXT,
    logo_url TEXT,
    -- JSON array of private contact people.
    contacts TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX exhibitors_event_status ON exhibitors (event_id, status, search_text);

CREATE TABLE halls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id BIGINT NOT NULL REFERENCES events (id),
    name TEXT NOT NULL,
    width DOUBLE NOT NULL,
    height DOUBLE NOT NULL,
    -- JSON array of {date, opens, closes} in the event's time zone.
    opening_hours TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX halls_event ON halls (event_id);

CREATE TABLE booths (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id BIGINT NOT NULL REFERENCES events (id),
    hall_id BIGINT NOT NULL REFERENCES halls (id),
    code TEXT NOT NULL,
    booth_type TEXT NOT NULL,
    x DOUBLE NOT NULL,
    y DOUBLE NOT NULL,
    w DOUBLE NOT NULL,
    h DOUBLE NOT NULL,
    exhibitor_id BIGINT REFERENCES exhibitors (id),
    assigned_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (hall_id, code)
);
CREATE INDEX booths_exhibitor ON booths (exhibitor_id);

CREATE TABLE meeting_tables (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id BIGINT NOT NULL REFERENCES events (id),
    hall_id BIGINT NOT NULL REFERENCES halls (id),
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (hall_id, name)
);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id BIGINT NOT NULL REFERENCES events (id),
    delegate_id BIGINT NOT NULL REFERENCES delegates (id),
    exhibitor_id BIGINT NOT NULL REFERENCES exhibitors (id),
    hall_id BIGINT NOT NULL REFERENCES halls (id),
    requested_by TEXT NOT NULL,
    -- JSON array of {starts_at, ends_at} (UTC, RFC 3339).
    proposed_slots TEXT NOT NULL,
    message TEXT,
    status TEXT NOT NULL,
    starts_at TIMESTAMP,
    ends_at TIMESTAMP,
    table_id BIGINT REFERENCES meeting_tables (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX meetings_delegate ON meetings (delegate_id, status);
CREATE INDEX meetings_exhibitor ON meetings (exhibitor_id, status);
CREATE INDEX meetings_table ON meetings (table_id, status);

-- No REFERENCES here: SQLite cannot drop a foreign-key column (down.sql); the API checks it.
ALTER TABLE users ADD COLUMN exhibitor_id BIGINT;
