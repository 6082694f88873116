-- Part 2b, operator tools: closing a chat into a report, canned answers, the live fiche's corrections
-- and the administrator's live-chat settings.

-- A chat closed by its operator becomes a report before the citizen's device has seen its receipt: the
-- receipt is derived from that device's token, which only the device holds, so its keyed hash is written
-- when the device first reads it (receipt_given_at). Until then the report has no receipt hash.
ALTER TABLE reports ALTER COLUMN receipt_hash DROP NOT NULL;
ALTER TABLE reports ADD COLUMN receipt_given_at timestamptz;
UPDATE reports SET receipt_given_at = created_at;
ALTER TABLE reports ADD COLUMN closed_by uuid REFERENCES agents (id);

-- Canned answers: the platform's own wording (never a citizen's), managed by the administrator.
CREATE TABLE canned_answers (
  id uuid PRIMARY KEY,
  shortcut text NOT NULL UNIQUE,
  title text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES agents (id)
);

-- The operator's work on the facts the bot extracted during a chat, before any report exists: one row per
-- decision on an extracted fact (keyed by a hash of its identity in the flow state) or per fact added.
-- Values are encrypted with the conversation's key. Applied to the report's facts when the chat closes.
CREATE TABLE chat_fact_edits (
  id uuid PRIMARY KEY,
  -- The decisions' order, given by the database (two at the same millisecond, two processes' clocks).
  seq bigserial NOT NULL,
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  fact_key text,
  action text NOT NULL CHECK (action IN ('confirm', 'edit', 'remove', 'restore', 'add')),
  type text,
  body_enc bytea,
  agent_id uuid NOT NULL REFERENCES agents (id),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chat_fact_edits_conversation_idx ON chat_fact_edits (conversation_id, seq);

-- Settings an administrator changes at run time (simultaneous chats per operator, idle time before away).
CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES agents (id)
);
