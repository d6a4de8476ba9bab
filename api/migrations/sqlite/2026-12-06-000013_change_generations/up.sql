-- Per tracked table, a counter that every committed change of the table moves inside the
-- changing transaction (issue 13). A cached response is kept with the counters of the
-- tables it shows, read from here before it was rendered, and served again only while they
-- are the same: exact across processes, and a check-in no longer evicts the programme.
CREATE TABLE change_generations (
    resource TEXT PRIMARY KEY NOT NULL,
    generation BIGINT NOT NULL
);
