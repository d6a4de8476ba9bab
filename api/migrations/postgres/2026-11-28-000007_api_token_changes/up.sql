-- API tokens become a tracked resource (issue 6): creating and revoking one is audited
-- (the secret's hash never: `changes::RESOURCES` lists it as secret). Using a token moves
-- only `last_used_at` and `version` (at most once a minute per token, outside the change
-- feed), so the update trigger watches every other column (`UPDATE OF`): a use is not
-- journalled and leaves no audit entry.

CREATE TRIGGER api_tokens_journal AFTER INSERT OR DELETE ON api_tokens
    FOR EACH ROW EXECUTE FUNCTION gmd_journal();
CREATE TRIGGER api_tokens_journal_update
    AFTER UPDATE OF user_id, name, prefix, secret_hash, scopes, event_id, expires_at, revoked_at, created_by, created_at, updated_at
    ON api_tokens
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gmd_journal();
