-- Doctors' bridges, the queue, pharmacy search and orders. Portable as 0001 is.

-- The India Post pincode directory, loaded from models/places/ when empty.
CREATE TABLE pincodes (
    pincode TEXT PRIMARY KEY,
    latitude DOUBLE PRECISION NOT NULL,
    longitude DOUBLE PRECISION NOT NULL
);

-- The consultation a doctor is being offered or is in; set and cleared by single-row
-- conditional updates, so two callers can never book the same doctor at once.
ALTER TABLE doctors ADD COLUMN engaged_with BIGINT;
ALTER TABLE doctors ADD COLUMN engaged_at BIGINT;

-- What the doctor's whisper and SMS summary say, and which doctors were already tried.
ALTER TABLE consultations ADD COLUMN language TEXT;
ALTER TABLE consultations ADD COLUMN specialization TEXT NOT NULL DEFAULT 'general';
ALTER TABLE consultations ADD COLUMN complaint TEXT NOT NULL DEFAULT '';
ALTER TABLE consultations ADD COLUMN red_flags TEXT NOT NULL DEFAULT '';
ALTER TABLE consultations ADD COLUMN tried_doctors TEXT NOT NULL DEFAULT '';
ALTER TABLE consultations ADD COLUMN doctor_call_sid TEXT;
CREATE INDEX consultations_by_status ON consultations (status, requested_at);
CREATE INDEX consultations_by_call ON consultations (call_sid);

-- A sender's last medicine search, so `ORDER <n> <qty>` can name a result by its number.
CREATE TABLE medicine_searches (
    phone TEXT NOT NULL,
    choice BIGINT NOT NULL,
    inventory_id BIGINT NOT NULL REFERENCES inventory (id),
    distance_m BIGINT,
    searched_at BIGINT NOT NULL,
    PRIMARY KEY (phone, choice)
);

-- Missed-call callbacks are callback requests scheduled for a time.
ALTER TABLE callback_requests ADD COLUMN due_at BIGINT;

-- The brand's first word ("crocin" of "Crocin 500"), so a one-word search finds the brand.
ALTER TABLE inventory ADD COLUMN brand_key TEXT NOT NULL DEFAULT '';
CREATE INDEX inventory_by_brand ON inventory (brand_key);

-- The red-flag categories triage found, for the doctor's whisper and summary.
ALTER TABLE conversations ADD COLUMN red_flags TEXT NOT NULL DEFAULT '';
