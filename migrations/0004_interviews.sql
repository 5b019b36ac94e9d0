-- Danger-sign interviews: the yes/no questions asked after a triage that was not an
-- emergency (by keypad in a call, or the universal question by SMS). One per conversation;
-- the answers also go into the conversation's messages.
CREATE TABLE interviews (
    conversation_id BIGINT PRIMARY KEY REFERENCES conversations (id),
    -- The call asking, or NULL when the questions go by SMS.
    call_sid TEXT,
    phone TEXT NOT NULL,
    -- Question ids (languages/protocols/*.toml) in the order asked, separated by ';'.
    questions TEXT NOT NULL,
    -- One letter per question answered so far: y (yes), n (no), u (no answer).
    answers TEXT NOT NULL DEFAULT '',
    -- 1 while a question waits for its answer.
    is_open INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX interviews_by_call ON interviews (call_sid);
CREATE INDEX interviews_by_phone ON interviews (phone, is_open, updated_at);
