-- Part 2b, first part: the operators' presence, the queue of conversations waiting for an officer and
-- their assignment. Nothing here is content: danger is the bot's emergency flag, copied in clear so that
-- the queue can be ordered without decrypting anything; the commune is the INSEE code the bot understood
-- (reports keep it in clear too).

CREATE TABLE agent_presence (
  agent_id uuid PRIMARY KEY REFERENCES agents (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('online', 'away', 'offline')),
  updated_at timestamptz NOT NULL,
  last_active_at timestamptz NOT NULL
);

ALTER TABLE conversations ADD COLUMN waiting_since timestamptz;
ALTER TABLE conversations ADD COLUMN assigned_agent_id uuid REFERENCES agents (id);
ALTER TABLE conversations ADD COLUMN danger boolean NOT NULL DEFAULT false;
ALTER TABLE conversations ADD COLUMN commune_insee text;

-- The queue (danger first, then the longest waiting) and each operator's load: small partial indexes, on
-- rows that the citizen's turns do not rewrite while the bot alone collects facts.
CREATE INDEX conversations_queue_idx ON conversations (danger DESC, waiting_since)
  WHERE status = 'waiting_agent';
CREATE INDEX conversations_assigned_idx ON conversations (assigned_agent_id)
  WHERE assigned_agent_id IS NOT NULL;
