DROP TABLE refresh_tokens;
DROP TABLE users;
DROP TABLE accreditation_changes;
DROP TABLE delegates;
DROP TABLE delegations;
DROP TABLE events;
DROP TABLE cities;
