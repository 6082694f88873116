-- Reference data: départements and communes come from @etalab/decoupage-administratif (synced at start).
CREATE TABLE departements (
  code text PRIMARY KEY,
  name text NOT NULL,
  region_code text
);

CREATE TABLE communes (
  insee text PRIMARY KEY,
  name text NOT NULL,
  departement_code text NOT NULL REFERENCES departements (code),
  postal_codes text[] NOT NULL DEFAULT '{}',
  population integer
);
CREATE INDEX communes_departement_idx ON communes (departement_code);

CREATE TABLE reference_data (
  name text PRIMARY KEY,
  version text NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now()
);

-- Units receive reports; their territory and the routing table are data, not code.
CREATE TABLE units (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('plateforme', 'cros', 'bpf', 'commissariat', 'brigade')),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE unit_territories (
  unit_id uuid NOT NULL REFERENCES units (id) ON DELETE CASCADE,
  departement_code text NOT NULL REFERENCES departements (code),
  zone text NOT NULL DEFAULT 'toutes' CHECK (zone IN ('police', 'gendarmerie', 'toutes')),
  PRIMARY KEY (unit_id, departement_code, zone)
);

CREATE TABLE routing_rules (
  category text NOT NULL,
  departement_code text NOT NULL REFERENCES departements (code),
  unit_id uuid NOT NULL REFERENCES units (id),
  PRIMARY KEY (category, departement_code)
);

-- One data key per conversation and its report, wrapped by the master key (never stored here).
-- Setting wrapped to NULL destroys every ciphertext made with it (crypto-shredding).
CREATE TABLE data_keys (
  id uuid PRIMARY KEY,
  wrapped bytea,
  created_at timestamptz NOT NULL DEFAULT now(),
  destroyed_at timestamptz
);

CREATE TABLE conversations (
  id uuid PRIMARY KEY,
  status text NOT NULL,
  category text,
  key_id uuid NOT NULL REFERENCES data_keys (id),
  state_enc bytea NOT NULL,
  last_seq integer NOT NULL DEFAULT 0,
  attachment_count integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  submitted_at timestamptz
);
-- Only status is indexed: every turn rewrites state_enc and updated_at, and an index on a column that
-- changes would turn each of those updates into a non-HOT one (new entries in every index).
CREATE INDEX conversations_status_idx ON conversations (status);
-- Ciphertext does not compress: skip TOAST's compression attempt on every write.
ALTER TABLE conversations ALTER COLUMN state_enc SET STORAGE EXTERNAL;

-- Bearer tokens of the citizen (API and session cookie): only a keyed hash is stored.
CREATE TABLE conversation_tokens (
  token_hash bytea PRIMARY KEY,
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX conversation_tokens_conversation_idx ON conversation_tokens (conversation_id);

CREATE TABLE messages (
  id uuid PRIMARY KEY,
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  author text NOT NULL CHECK (author IN ('bot', 'citizen', 'agent', 'system')),
  -- Internal notes (part 2) never reach the citizen; filtered where messages are read for them.
  internal boolean NOT NULL DEFAULT false,
  agent_id uuid,
  body_enc bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (conversation_id, seq)
);
ALTER TABLE messages ALTER COLUMN body_enc SET STORAGE EXTERNAL;

CREATE TABLE reports (
  id uuid PRIMARY KEY,
  conversation_id uuid NOT NULL UNIQUE REFERENCES conversations (id),
  key_id uuid NOT NULL REFERENCES data_keys (id),
  receipt_hash bytea NOT NULL UNIQUE,
  receipt_expires_at timestamptz NOT NULL,
  status text NOT NULL,
  category text NOT NULL,
  commune_insee text REFERENCES communes (insee),
  departement_code text REFERENCES departements (code),
  unit_id uuid REFERENCES units (id),
  emergency boolean NOT NULL DEFAULT false,
  wants_officer boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reports_unit_status_idx ON reports (unit_id, status, created_at);
CREATE INDEX reports_departement_idx ON reports (departement_code, created_at);

CREATE TABLE report_status_changes (
  id bigserial PRIMARY KEY,
  report_id uuid NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  from_status text,
  to_status text NOT NULL,
  actor_kind text NOT NULL,
  actor_id text,
  at timestamptz NOT NULL DEFAULT now()
);

-- Facts: type in clear (for statistics), value/text/attrs encrypted; a blind index (keyed hash of the
-- normalized value) allows equality search for cross-referencing without decrypting.
CREATE TABLE report_facts (
  id uuid PRIMARY KEY,
  report_id uuid NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  type text NOT NULL,
  slot text,
  message_id uuid REFERENCES messages (id) ON DELETE SET NULL,
  body_enc bytea NOT NULL,
  blind_index bytea,
  created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE report_facts ALTER COLUMN body_enc SET STORAGE EXTERNAL;
CREATE INDEX report_facts_report_idx ON report_facts (report_id);
CREATE INDEX report_facts_blind_idx ON report_facts (type, blind_index) WHERE blind_index IS NOT NULL;

CREATE TABLE attachments (
  id uuid PRIMARY KEY,
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  mime text NOT NULL,
  bytes integer NOT NULL,
  storage_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_conversation_idx ON attachments (conversation_id);

-- Append-only trail of every access to report data: who, when, what — never the content.
-- Each row carries the hash of the previous one, so a changed or missing row breaks the chain.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_kind text NOT NULL,
  actor_id text,
  action text NOT NULL,
  object_type text NOT NULL,
  object_id text,
  detail jsonb NOT NULL DEFAULT '{}',
  prev_hash bytea,
  hash bytea NOT NULL
);

CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(4242001);
  SELECT hash INTO NEW.prev_hash FROM audit_log ORDER BY id DESC LIMIT 1;
  NEW.hash := sha256(
    coalesce(NEW.prev_hash, '\x'::bytea) ||
    convert_to(concat_ws('|', NEW.id, NEW.at, NEW.actor_kind, NEW.actor_id, NEW.action,
      NEW.object_type, NEW.object_id, NEW.detail::text), 'UTF8'));
  RETURN NEW;
END $$;
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
