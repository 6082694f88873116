-- Part 2a: agents and their sessions, units with categories, reports held by a unit (the reception
-- platform until transmission), qualification, fact revisions, per-agent read marks, the inbox event
-- log that the real-time inbox resumes from, and an audit trail scoped to units whose chain order is its
-- id order.

-- Units: what they handle, beside where (unit_territories).
ALTER TABLE units ADD COLUMN categories text[] NOT NULL DEFAULT '{}';
UPDATE units SET categories = '{stupefiants}' WHERE kind = 'cros';
UPDATE units SET categories = '{stupefiants,violences_intrafamiliales,violences_sexuelles,autre}'
  WHERE kind = 'plateforme';

-- Agents: the password hash (argon2id, PHC string) and the TOTP secret, encrypted with a key derived
-- from the master key (a copy of the database alone cannot produce codes).
CREATE TABLE agents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
  role text NOT NULL CHECK (role IN ('operateur', 'analyste', 'superviseur', 'admin')),
  password_hash text NOT NULL,
  totp_secret_enc bytea NOT NULL,
  -- The last TOTP time step accepted: a code is accepted once, and never one older (replays refused
  -- across processes because the check is this row, updated atomically).
  totp_last_step bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);

CREATE TABLE agent_units (
  agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  PRIMARY KEY (agent_id, unit_id)
);
CREATE INDEX agent_units_unit_idx ON agent_units (unit_id);

-- Sessions: only a keyed hash of the cookie's token; idle and absolute limits are checked on every
-- request against last_seen_at and expires_at; ending a session (logout, disabled account) sets ended_at.
CREATE TABLE agent_sessions (
  token_hash bytea PRIMARY KEY,
  agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  ended_at timestamptz,
  end_reason text
);
CREATE INDEX agent_sessions_agent_idx ON agent_sessions (agent_id) WHERE ended_at IS NULL;

-- Failed sign-ins per username (keyed hash of the name typed, known or not, so that throttling says
-- nothing about which accounts exist), shared by every process.
CREATE TABLE login_throttle (
  key bytea PRIMARY KEY,
  window_start timestamptz NOT NULL,
  failures integer NOT NULL
);

-- Reports: unit_id is the unit that holds the report (the reception platform until it transmits it);
-- suggested_unit_id is what the routing table proposes for transmission.
ALTER TABLE reports ADD COLUMN suggested_unit_id uuid REFERENCES units (id);
UPDATE reports SET suggested_unit_id = unit_id;
UPDATE reports SET unit_id = (SELECT id FROM units WHERE kind = 'plateforme' ORDER BY created_at LIMIT 1)
  WHERE status = 'received';
ALTER TABLE reports ADD COLUMN urgency text NOT NULL DEFAULT 'normale'
  CHECK (urgency IN ('normale', 'elevee', 'immediate'));
-- Source grading on the Admiralty scale: reliability of the source A–F, credibility of the information 1–6.
ALTER TABLE reports ADD COLUMN reliability text CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F'));
ALTER TABLE reports ADD COLUMN credibility smallint CHECK (credibility BETWEEN 1 AND 6);
-- Address and landmark of the facts as the agent framed them: encrypted (they may point at a home).
ALTER TABLE reports ADD COLUMN place_enc bytea;
ALTER TABLE reports ADD COLUMN rejection_motive text
  CHECK (rejection_motive IN ('non_pertinent', 'doublon', 'malveillant'));
ALTER TABLE reports ADD COLUMN transmitted_at timestamptz;
-- The last thing the holding unit should notice (arrival, a reporter's answer): drives "unread first".
ALTER TABLE reports ADD COLUMN activity_at timestamptz NOT NULL DEFAULT now();
UPDATE reports SET activity_at = created_at;
CREATE INDEX reports_unit_activity_idx ON reports (unit_id, activity_at DESC);

ALTER TABLE report_status_changes ADD COLUMN motive text;
-- The agent's free reason may quote the facts: encrypted with the report's key.
ALTER TABLE report_status_changes ADD COLUMN reason_enc bytea;
ALTER TABLE report_status_changes ADD COLUMN unit_id uuid REFERENCES units (id);
CREATE INDEX report_status_changes_report_idx ON report_status_changes (report_id, id);

-- Facts: body_enc stays what was extracted (the original); current_enc holds the agent's version when
-- they edit it; every change is a revision (encrypted) and an audit record.
ALTER TABLE report_facts ADD COLUMN status text NOT NULL DEFAULT 'extracted'
  CHECK (status IN ('extracted', 'confirmed', 'edited', 'removed', 'added'));
ALTER TABLE report_facts ADD COLUMN current_enc bytea;
ALTER TABLE report_facts ADD COLUMN updated_at timestamptz;
ALTER TABLE report_facts ADD COLUMN updated_by uuid REFERENCES agents (id);

CREATE TABLE report_fact_revisions (
  id bigserial PRIMARY KEY,
  fact_id uuid NOT NULL REFERENCES report_facts (id) ON DELETE CASCADE,
  agent_id uuid NOT NULL REFERENCES agents (id),
  action text NOT NULL CHECK (action IN ('confirmed', 'edited', 'removed', 'added', 'restored')),
  body_enc bytea,
  at timestamptz NOT NULL
);
CREATE INDEX report_fact_revisions_fact_idx ON report_fact_revisions (fact_id, id);

-- What each agent has opened since it last changed: "unread first" in the inbox.
CREATE TABLE report_reads (
  agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  report_id uuid NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  read_at timestamptz NOT NULL,
  PRIMARY KEY (agent_id, report_id)
);

-- The inbox of each unit as an ordered log: written in the transaction of the change, announced after
-- commit; a stream resumes from Last-Event-ID by reading it. Ids only, never content.
CREATE TABLE inbox_events (
  id bigserial PRIMARY KEY,
  unit_id uuid NOT NULL REFERENCES units (id),
  report_id uuid NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  kind text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inbox_events_unit_idx ON inbox_events (unit_id, id);

-- Audit: the units a record concerns (supervisors read their units' trail), and a hash chain whose
-- order is the id order. The id is drawn inside the chain's lock, so ids increase along the chain; the
-- hash covers a canonical rendering of every column (UTC time, jsonb text), independent of the session.
ALTER TABLE audit_log ADD COLUMN unit_ids uuid[] NOT NULL DEFAULT '{}';
CREATE INDEX audit_log_units_idx ON audit_log USING gin (unit_ids);
CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at);
ALTER TABLE audit_log ALTER COLUMN id DROP DEFAULT;

CREATE FUNCTION audit_log_hash(prev bytea, r audit_log) RETURNS bytea LANGUAGE sql STABLE AS $$
  SELECT sha256(coalesce(prev, '\x'::bytea) || convert_to(jsonb_build_array(
    r.id, to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), r.actor_kind, r.actor_id,
    r.action, r.object_type, r.object_id, r.detail, r.unit_ids)::text, 'UTF8'))
$$;

CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(4242001);
  NEW.id := nextval('audit_log_id_seq');
  SELECT hash INTO NEW.prev_hash FROM audit_log ORDER BY id DESC LIMIT 1;
  NEW.hash := audit_log_hash(NEW.prev_hash, NEW);
  RETURN NEW;
END $$;

CREATE FUNCTION audit_log_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_truncate();

-- Records written before this migration are sealed again with the canonical hash, in id order (the
-- first chain's order could differ from the id order under concurrent writers).
ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
DO $$
DECLARE
  r audit_log;
  previous bytea := NULL;
BEGIN
  FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
    UPDATE audit_log SET prev_hash = previous, hash = audit_log_hash(previous, r) WHERE id = r.id
      RETURNING hash INTO previous;
  END LOOP;
END $$;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;
