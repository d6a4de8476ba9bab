-- Indexed search (issue 13): an FTS5 trigram index over every `search_text` column, which
-- `db::search::contains` asks for queries of 3 or more characters (then rechecks them with
-- the same LIKE as before, so the rows are exactly those of a scan). Case sensitive: the
-- column holds folded text already, and the query is folded the same way.
-- External content: the index stores no copy of the text; the triggers keep it in step.
-- Not journalled: an index is not a resource (changes::resources::UNTRACKED).

CREATE VIRTUAL TABLE cities_search USING fts5(
    search_text, content = 'cities', content_rowid = 'id', tokenize = 'trigram case_sensitive 1'
);
INSERT INTO cities_search (cities_search) VALUES ('rebuild');
CREATE TRIGGER cities_search_insert AFTER INSERT ON cities BEGIN
    INSERT INTO cities_search (rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;
CREATE TRIGGER cities_search_update AFTER UPDATE OF search_text ON cities BEGIN
    INSERT INTO cities_search (cities_search, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text);
    INSERT INTO cities_search (rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;
CREATE TRIGGER cities_search_delete AFTER DELETE ON cities BEGIN
    INSERT INTO cities_search (cities_search, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text);
END;

CREATE VIRTUAL TABLE events_search USING fts5(
    search_text, content = 'events', content_rowid = 'id', tokenize = 'trigram case_sensitive 1'
);
INSERT INTO events_search (events_search) VALUES ('rebuild');
CREATE TRIGGER events_search_insert AFTER INSERT ON events BEGIN
    INSERT INTO events_search (rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;
CREATE TRIGGER events_search_update AFTER UPDATE OF search_text ON events BEGIN
    INSERT INTO events_search (events_search, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text);
    INSERT INTO events_search (rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;
CREATE TRIGGER events_search_delete AFTER DELETE ON events BEGIN
    INSERT INTO events_search (events_search, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text);
END;

CREATE VIRTUAL TABLE delegates_search USING fts5(
    search_text, content = 'delegates', content_rowid = 'id', tokenize = 'trigram case_sensitive 1'
);
INSERT INTO delegates_search (delegates_search) VALUES ('rebuild');
CREATE TRIGGER delegates_search_insert AFTER INSERT ON delegates BEGIN
    INSERT INTO delegates_search (rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;
CREATE TRIGGER delegates_search_update AFTER UPDATE OF search_text ON delegates BEGIN
    INSERT INTO delegates_search (delegates_search, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text);
    INSERT INTO delegates_search (rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;
CREATE TRIGGER delegates_search_delete AFTER DELETE ON delegates BEGIN
    INSERT INTO delegates_search (delegates_search, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text);
END;

CREATE VIRTUAL TABLE venues_search USING fts5(
    search_text, content = 'venues', content_rowid = 'id', tokenize = 'trigram case_sensitive 1'
);
INSERT INTO venues_search (venues_search) VALUES ('rebuild');
CREATE TRIGGER venues_search_insert AFTER INSERT ON venues BEGIN
    INSERT INTO venues_search (rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;
CREATE TRIGGER venues_search_update AFTER UPDATE OF search_text ON venues BEGIN
    INSERT INTO venues_search (venues_search, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text);
    INSERT INTO venues_search (rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;
CREATE TRIGGER venues_search_delete AFTER DELETE ON venues BEGIN
    INSERT INTO venues_search (venues_search, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text);
END;

CREATE VIRTUAL TABLE sessions_search USING fts5(
    search_text, content = 'sessions', content_rowid = 'id', tokenize = 'trigram case_sensitive 1'
);
INSERT INTO sessions_search (sessions_search) VALUES ('rebuild');
CREATE TRIGGER sessions_search_insert AFTER INSERT ON sessions BEGIN
    INSERT INTO sessions_search (rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;
CREATE TRIGGER sessions_search_update AFTER UPDATE OF search_text ON sessions BEGIN
    INSERT INTO sessions_search (sessions_search, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text);
    INSERT INTO sessions_search (rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;
CREATE TRIGGER sessions_search_delete AFTER DELETE ON sessions BEGIN
    INSERT INTO sessions_search (sessions_search, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text);
END;

CREATE VIRTUAL TABLE exhibitors_search USING fts5(
    search_text, content = 'exhibitors', content_rowid = 'id', tokenize = 'trigram case_sensitive 1'
);
INSERT INTO exhibitors_search (exhibitors_search) VALUES ('rebuild');
CREATE TRIGGER exhibitors_search_insert AFTER INSERT ON exhibitors BEGIN
    INSERT INTO exhibitors_search (rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;
CREATE TRIGGER exhibitors_search_update AFTER UPDATE OF search_text ON exhibitors BEGIN
    INSERT INTO exhibitors_search (exhibitors_search, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text);
    INSERT INTO exhibitors_search (rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;
CREATE TRIGGER exhibitors_search_delete AFTER DELETE ON exhibitors BEGIN
    INSERT INTO exhibitors_search (exhibitors_search, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text);
END;
