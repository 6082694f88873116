-- Issue 10 §4: the danger indicators the bot recognised in a victim's words (strangulation,
-- threat_to_kill, weapon, author_present, children_threatened, recent_separation, pregnancy). Categories,
-- never content, in clear like the danger and emergency flags: the queue shows them without decrypting
-- anything, and the officer sees them on the report at a glance.
ALTER TABLE conversations ADD COLUMN danger_flags text[] NOT NULL DEFAULT '{}';
ALTER TABLE reports ADD COLUMN danger_flags text[] NOT NULL DEFAULT '{}';
