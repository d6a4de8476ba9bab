DROP TABLE erasure_requests;
DROP TABLE mail_outbox;
DROP TABLE account_tokens;
DROP INDEX users_by_role;
ALTER TABLE users DROP COLUMN mail_opt_outs;
ALTER TABLE users DROP COLUMN language;
ALTER TABLE users DROP COLUMN status;
