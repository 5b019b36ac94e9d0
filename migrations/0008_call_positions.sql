-- The call's position between webhooks: each turn stores where each of its next inputs
-- leads (the step, its attempt and what it carries), under a random key its URL names.
-- The carriers' URLs carry only that key, the step number and a language hint.
CREATE TABLE call_positions (
    token TEXT PRIMARY KEY,
    call_sid TEXT NOT NULL,
    route TEXT NOT NULL,
    attempt BIGINT NOT NULL,
    topic TEXT,
    consultation BIGINT,
    medicine TEXT,
    carry TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX call_positions_by_age ON call_positions (created_at);
