DROP INDEX cities_search;
DROP INDEX events_search;
DROP INDEX delegates_search;
DROP INDEX venues_search;
DROP INDEX sessions_search;
DROP INDEX exhibitors_search;
DROP EXTENSION IF EXISTS pg_trgm;
