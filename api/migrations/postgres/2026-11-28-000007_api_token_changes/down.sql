DROP TRIGGER IF EXISTS api_tokens_journal ON api_tokens;
DROP TRIGGER IF EXISTS api_tokens_journal_update ON api_tokens;
