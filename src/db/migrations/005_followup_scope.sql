-- What a token opens. The token a device gets when it starts a conversation has the scope
-- 'conversation': the whole transcript, until the device leaves. A token opened with the receipt has the
-- scope 'followup': only what came after the submission (the report's state, the investigators'
-- questions and the answers given since), never the original account, and it closes nothing but itself.
-- Whoever finds a receipt must not read the statement it was given for.
ALTER TABLE conversation_tokens
  ADD COLUMN scope text NOT NULL DEFAULT 'conversation' CHECK (scope IN ('conversation', 'followup'));

-- Tokens opened with a receipt before this migration were created after the submission; the device's
-- own token always before it.
UPDATE conversation_tokens t
SET scope = 'followup'
FROM conversations c
WHERE c.id = t.conversation_id AND c.submitted_at IS NOT NULL AND t.created_at > c.submitted_at;

-- The seq of the system message that marks the submission: a follow-up shows the messages after it.
ALTER TABLE conversations ADD COLUMN submitted_seq integer;

-- Reports transmitted before this migration: their one system message is the submission's. Without one,
-- the follow-up shows nothing written so far rather than too much.
UPDATE conversations c
SET submitted_seq = coalesce(
  (SELECT min(m.seq) FROM messages m WHERE m.conversation_id = c.id AND m.author = 'system'),
  c.last_seq
)
WHERE c.submitted_at IS NOT NULL;
