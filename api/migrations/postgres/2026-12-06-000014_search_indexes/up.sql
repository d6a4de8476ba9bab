-- Indexed search (issue 13): trigram GIN indexes over every `search_text` column, from
-- which PostgreSQL answers `search_text LIKE '%q%'` (`db::search::contains`) for queries of
-- 3 or more characters. pg_trgm is a trusted extension: a database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX cities_search ON cities USING gin (search_text gin_trgm_ops);
CREATE INDEX events_search ON events USING gin (search_text gin_trgm_ops);
CREATE INDEX delegates_search ON delegates USING gin (search_text gin_trgm_ops);
CREATE INDEX venues_search ON venues USING gin (search_text gin_trgm_ops);
CREATE INDEX sessions_search ON sessions USING gin (search_text gin_trgm_ops);
CREATE INDEX exhibitors_search ON exhibitors USING gin (search_text gin_trgm_ops);
