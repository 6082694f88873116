-- The audit chain's functions run with a fixed search_path (no object planted in another schema can
-- stand in for convert_to, to_char or sha256), and the chain refuses to be extended outside READ
-- COMMITTED: under a snapshot isolation the "previous record" would be read from the transaction's
-- snapshot and two writers could chain onto the same record.
ALTER FUNCTION audit_log_hash(bytea, audit_log) SET search_path = pg_catalog, public;

CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public AS $$
BEGIN
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'audit_log: records are chained under READ COMMITTED only';
  END IF;
  PERFORM pg_advisory_xact_lock(4242001);
  NEW.id := nextval('audit_log_id_seq');
  SELECT hash INTO NEW.prev_hash FROM audit_log ORDER BY id DESC LIMIT 1;
  NEW.hash := audit_log_hash(NEW.prev_hash, NEW);
  RETURN NEW;
END $$;
