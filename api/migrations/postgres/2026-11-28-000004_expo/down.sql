ALTER TABLE users DROP COLUMN exhibitor_id;
DROP TABLE meetings;
DROP TABLE meeting_tables;
DROP TABLE booths;
DROP TABLE halls;
DROP TABLE exhibitors;
