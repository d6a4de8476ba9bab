-- Sister-city partnerships: global, between two cities; the pair is unordered.
CREATE TABLE partnerships (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    city_a_id BIGINT NOT NULL REFERENCES cities (id),
    city_b_id BIGINT NOT NULL REFERENCES cities (id),
    -- The pair in id order, so that A–B and B–A collide in one unique index.
    pair_low_id BIGINT NOT NULL,
    pair_high_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    established_on TEXT,
    fields TEXT NOT NULL,
    notes TEXT,
    source_url TEXT,
    illustrative BOOLEAN NOT NULL DEFAULT 0,
    created_by BIGINT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    CHECK (city_a_id <> city_b_id),
    UNIQUE (pair_low_id, pair_high_id, kind)
);
CREATE INDEX partnerships_city_a ON partnerships (city_a_id);
CREATE INDEX partnerships_city_b ON partnerships (city_b_id);
CREATE INDEX partnerships_status ON partnerships (status);

CREATE TABLE partnership_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    partnership_id BIGINT NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    from_status TEXT,
    to_status TEXT NOT NULL,
    changed_by BIGINT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX partnership_changes_partnership ON partnership_changes (partnership_id, id);

CREATE TABLE agreements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    partnership_id BIGINT NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    signed_on TEXT NOT NULL,
    signed_at_city_id BIGINT REFERENCES cities (id),
    session_id BIGINT REFERENCES sessions (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX agreements_partnership ON agreements (partnership_id, signed_on);

CREATE TABLE agreement_signatories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    agreement_id BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    city_id BIGINT NOT NULL REFERENCES cities (id),
    delegate_id BIGINT REFERENCES delegates (id),
    name TEXT,
    office TEXT,
    position BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX agreement_signatories_agreement ON agreement_signatories (agreement_id, position);

CREATE TABLE milestones (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    partnership_id BIGINT NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    occurred_on TEXT NOT NULL,
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX milestones_partnership ON milestones (partnership_id, occurred_on);

-- Joint documents of an event, such as the Harbin Initiative.
CREATE TABLE initiatives (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id BIGINT NOT NULL REFERENCES events (id),
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX initiatives_event ON initiatives (event_id);

CREATE TABLE initiative_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    initiative_id BIGINT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    number BIGINT NOT NULL,
    text TEXT NOT NULL,
    created_by BIGINT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (initiative_id, number)
);

CREATE TABLE endorsements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    initiative_id BIGINT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    initiative_version_id BIGINT NOT NULL REFERENCES initiative_versions (id),
    city_id BIGINT NOT NULL REFERENCES cities (id),
    delegate_id BIGINT NOT NULL REFERENCES delegates (id),
    endorsed_on TEXT NOT NULL,
    statement TEXT,
    recorded_by BIGINT,
    withdrawn_at TIMESTAMP,
    withdrawn_by BIGINT,
    withdrawal_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
-- One standing endorsement per city and initiative; withdrawn ones stay on record.
CREATE UNIQUE INDEX endorsements_one_per_city ON endorsements (initiative_id, city_id)
    WHERE withdrawn_at IS NULL;
CREATE INDEX endorsements_delegate ON endorsements (delegate_id);
