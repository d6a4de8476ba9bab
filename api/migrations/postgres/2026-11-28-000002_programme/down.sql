DROP TABLE calendar_tokens;
DROP TABLE registrations;
DROP TABLE session_speakers;
DROP TABLE sessions;
DROP TABLE rooms;
DROP TABLE venues;
