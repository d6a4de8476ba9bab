DROP TRIGGER IF EXISTS api_tokens_journal_insert;
DROP TRIGGER IF EXISTS api_tokens_journal_update;
DROP TRIGGER IF EXISTS api_tokens_journal_delete;
