-- A partner app that lost the answer to its submission may send it again with the same Idempotency-Key
-- (src/reports/submit-idempotency.ts): only a keyed hash of the key is kept, beside the report it made,
-- and the receipt is derived again from the transmitting device's token, never stored.
ALTER TABLE reports ADD COLUMN submit_key_hash bytea;
