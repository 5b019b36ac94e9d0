-- The web console: operators, one-time sign-in codes, sessions any node can serve, and the
-- forms already carried out (a double-submitted prescription is stored once).

-- Operators are added by `doorstep operator add`; doctors and pharmacists come from the roster.
CREATE TABLE operators (
    phone TEXT PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);

-- A code is stored only as an HMAC under the deployment's console secret.
CREATE TABLE sign_in_codes (
    id BIGINT PRIMARY KEY,
    phone TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    tries BIGINT NOT NULL DEFAULT 0,
    used BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sign_in_codes_by_phone ON sign_in_codes (phone, created_at);

-- The cookie holds the token; the database only its SHA-256.
CREATE TABLE console_sessions (
    token_hash TEXT PRIMARY KEY,
    phone TEXT NOT NULL,
    -- doctor | pharmacist | operator, and the doctor's or pharmacy's id (0 for operators).
    role TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    csrf TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX console_sessions_by_expiry ON console_sessions (expires_at);

-- Each rendered form carries a one-time value; its first submission claims it.
CREATE TABLE console_posts (
    token_hash TEXT NOT NULL,
    once TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (token_hash, once)
);

INSERT INTO id_sequences (name, next_value) VALUES ('sign_in_codes', 0);

-- Codes sent per number in the current hour, counted by one atomic upsert (so a burst of
-- requests from many nodes cannot all pass the limit).
CREATE TABLE sign_in_limits (
    phone TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    sends BIGINT NOT NULL
);

-- Numbers that may no longer sign in (a doctor who left; the roster keeps their history).
CREATE TABLE console_blocked (
    phone TEXT PRIMARY KEY,
    at BIGINT NOT NULL
);

-- The queue page lists waiting consultations by status; the record page a patient's past.
CREATE INDEX consultations_by_conversation ON consultations (conversation_id);
CREATE INDEX prescriptions_by_consultation ON prescriptions (consultation_id);
-- The line's health counts by day.
CREATE INDEX calls_by_start ON calls (started_at);
CREATE INDEX sms_by_time ON sms_messages (created_at);
CREATE INDEX conversations_by_time ON conversations (created_at);
