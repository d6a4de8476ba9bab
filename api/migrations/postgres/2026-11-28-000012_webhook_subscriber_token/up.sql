-- A subscription remembers the API token that created it (issue 12): deliveries are
-- projected with that token's rights at delivery time, and a token sees and touches only
-- its own subscriptions. NULL: created by a signed-in user (or before this migration).
-- The journal triggers (to_jsonb of the row) take the new column as they are.

ALTER TABLE webhook_subscriptions ADD COLUMN created_by_token_id BIGINT REFERENCES api_tokens (id);
