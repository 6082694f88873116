-- Issue 10 §2: the facts the bot gathered in a conversation, one encrypted row each, instead of inside the
-- flow state that every turn rewrote whole (a long conversation's state grew to 26 KB, and every turn paid
-- for all of it). A turn inserts its new facts and deletes the ones it replaced, in its own commit
-- statement; the state (conversations.state_enc) keeps the facts' numbers in order. Each row is encrypted
-- with the conversation's data key, bound to its conversation and number. A state stored before this
-- migration keeps its facts inline until its next turn moves them here.
CREATE TABLE conversation_facts (
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  fact_no integer NOT NULL,
  fact_enc bytea NOT NULL,
  PRIMARY KEY (conversation_id, fact_no)
);
