-- DoorStepDoctor's data model. Runs unchanged on SQLite and PostgreSQL, so it keeps to the
-- types both share: TEXT, BIGINT (also for booleans, 0/1), DOUBLE PRECISION. Times are Unix
-- seconds. Row ids come from id_sequences (portable, short, human-readable on a phone).

CREATE TABLE id_sequences (
    name TEXT PRIMARY KEY,
    next_value BIGINT NOT NULL
);
INSERT INTO id_sequences (name, next_value) VALUES
    ('patients', 0), ('doctors', 0), ('pharmacies', 0), ('inventory', 0),
    ('conversations', 0), ('consultations', 1000), ('prescriptions', 0),
    ('orders', 5000), ('outbox', 0), ('audit_log', 0), ('callback_requests', 100),
    ('health_metrics', 0);

-- A phone number speaks for a household: patients belong to it.
CREATE TABLE phone_numbers (
    e164 TEXT PRIMARY KEY,
    language TEXT,
    sms_opted_out BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE patients (
    id BIGINT PRIMARY KEY,
    phone TEXT NOT NULL REFERENCES phone_numbers (e164),
    -- 1-9: the keypad digit that picks this patient on a shared phone.
    slot BIGINT NOT NULL,
    relation TEXT NOT NULL DEFAULT 'self',
    name TEXT,
    age BIGINT,
    sex TEXT,
    language TEXT,
    pincode TEXT,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    pregnant BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    UNIQUE (phone, slot)
);

CREATE TABLE medical_profiles (
    patient_id BIGINT PRIMARY KEY REFERENCES patients (id),
    history TEXT NOT NULL DEFAULT '',
    allergies TEXT NOT NULL DEFAULT '',
    current_medicines TEXT NOT NULL DEFAULT '',
    -- Comma-separated field names the patient chose to hide from doctors.
    hidden_from_doctors TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL
);

CREATE TABLE health_metrics (
    id BIGINT PRIMARY KEY,
    patient_id BIGINT NOT NULL REFERENCES patients (id),
    kind TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    unit TEXT NOT NULL,
    recorded_at BIGINT NOT NULL
);
CREATE INDEX health_metrics_by_patient ON health_metrics (patient_id, recorded_at);

CREATE TABLE doctors (
    id BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    phone TEXT NOT NULL UNIQUE,
    license_number TEXT NOT NULL UNIQUE,
    -- ';'-separated lists, as imported.
    specializations TEXT NOT NULL DEFAULT '',
    languages TEXT NOT NULL DEFAULT '',
    pincode TEXT,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    -- Working hours in minutes after midnight, India time.
    start_minute BIGINT NOT NULL DEFAULT 540,
    end_minute BIGINT NOT NULL DEFAULT 1020,
    available BIGINT NOT NULL DEFAULT 1,
    rating DOUBLE PRECISION NOT NULL DEFAULT 0,
    rating_count BIGINT NOT NULL DEFAULT 0,
    consultations_completed BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX doctors_on_duty ON doctors (available, start_minute, end_minute);

CREATE TABLE pharmacies (
    id BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    phone TEXT NOT NULL UNIQUE,
    address TEXT NOT NULL DEFAULT '',
    pincode TEXT NOT NULL,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    open_minute BIGINT NOT NULL DEFAULT 540,
    close_minute BIGINT NOT NULL DEFAULT 1260,
    created_at BIGINT NOT NULL
);
CREATE INDEX pharmacies_by_pincode ON pharmacies (pincode);
CREATE INDEX pharmacies_by_location ON pharmacies (latitude, longitude);

CREATE TABLE inventory (
    id BIGINT PRIMARY KEY,
    pharmacy_id BIGINT NOT NULL REFERENCES pharmacies (id),
    medicine TEXT NOT NULL,
    generic_name TEXT NOT NULL DEFAULT '',
    -- Lower-cased names, so searches use an index on both databases.
    medicine_key TEXT NOT NULL,
    generic_key TEXT NOT NULL DEFAULT '',
    manufacturer TEXT NOT NULL DEFAULT '',
    price_paise BIGINT NOT NULL,
    quantity BIGINT NOT NULL,
    expiry TEXT NOT NULL,
    UNIQUE (pharmacy_id, medicine_key, manufacturer, expiry)
);
CREATE INDEX inventory_by_medicine ON inventory (medicine_key);
CREATE INDEX inventory_by_generic ON inventory (generic_key);

CREATE TABLE calls (
    call_sid TEXT PRIMARY KEY,
    from_phone TEXT NOT NULL,
    to_phone TEXT NOT NULL,
    patient_id BIGINT REFERENCES patients (id),
    language TEXT,
    status TEXT NOT NULL,
    duration_seconds BIGINT,
    started_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX calls_by_caller ON calls (from_phone, started_at);

-- The call's lifecycle as Twilio reported it, once per status.
CREATE TABLE call_status_history (
    call_sid TEXT NOT NULL REFERENCES calls (call_sid),
    status TEXT NOT NULL,
    at BIGINT NOT NULL,
    -- Arrival order; several statuses often share a second.
    seq BIGINT NOT NULL,
    PRIMARY KEY (call_sid, status)
);

-- Each webhook step's answer, so a Twilio retry of step n gets the same TwiML.
CREATE TABLE call_steps (
    call_sid TEXT NOT NULL,
    step BIGINT NOT NULL,
    route TEXT NOT NULL,
    response TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (call_sid, step)
);

CREATE TABLE sms_messages (
    message_sid TEXT PRIMARY KEY,
    direction TEXT NOT NULL,
    from_phone TEXT NOT NULL,
    to_phone TEXT NOT NULL,
    body TEXT NOT NULL,
    language TEXT,
    status TEXT NOT NULL,
    -- The reply we gave to an inbound message, replayed if Twilio retries it.
    reply TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX sms_by_sender ON sms_messages (from_phone, created_at);

-- AI/triage conversations and their messages.
CREATE TABLE conversations (
    id BIGINT PRIMARY KEY,
    patient_id BIGINT REFERENCES patients (id),
    phone TEXT NOT NULL,
    channel TEXT NOT NULL,
    call_sid TEXT,
    language TEXT NOT NULL,
    symptoms TEXT NOT NULL DEFAULT '',
    urgency TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX conversations_by_patient ON conversations (patient_id, created_at);

CREATE TABLE conversation_messages (
    conversation_id BIGINT NOT NULL REFERENCES conversations (id),
    seq BIGINT NOT NULL,
    role TEXT NOT NULL,
    content TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);

CREATE TABLE consultations (
    id BIGINT PRIMARY KEY,
    patient_id BIGINT NOT NULL REFERENCES patients (id),
    doctor_id BIGINT REFERENCES doctors (id),
    conversation_id BIGINT REFERENCES conversations (id),
    call_sid TEXT,
    -- requested -> accepted -> in_progress -> completed | cancelled
    status TEXT NOT NULL,
    urgency TEXT,
    notes TEXT NOT NULL DEFAULT '',
    rating BIGINT,
    requested_at BIGINT NOT NULL,
    accepted_at BIGINT,
    started_at BIGINT,
    ended_at BIGINT
);
CREATE INDEX consultations_by_doctor ON consultations (doctor_id, status);
CREATE INDEX consultations_by_patient ON consultations (patient_id, requested_at);

CREATE TABLE prescriptions (
    id BIGINT PRIMARY KEY,
    consultation_id BIGINT REFERENCES consultations (id),
    patient_id BIGINT NOT NULL REFERENCES patients (id),
    doctor_id BIGINT REFERENCES doctors (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX prescriptions_by_patient ON prescriptions (patient_id, created_at);

CREATE TABLE prescription_items (
    prescription_id BIGINT NOT NULL REFERENCES prescriptions (id),
    line BIGINT NOT NULL,
    medicine TEXT NOT NULL,
    dose TEXT NOT NULL,
    frequency TEXT NOT NULL,
    days BIGINT NOT NULL,
    PRIMARY KEY (prescription_id, line)
);

CREATE TABLE medicine_orders (
    id BIGINT PRIMARY KEY,
    patient_id BIGINT NOT NULL REFERENCES patients (id),
    pharmacy_id BIGINT NOT NULL REFERENCES pharmacies (id),
    prescription_id BIGINT REFERENCES prescriptions (id),
    -- placed -> confirmed -> prepared -> delivered | cancelled
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX orders_by_patient ON medicine_orders (patient_id, status);
CREATE INDEX orders_by_pharmacy ON medicine_orders (pharmacy_id, status);

CREATE TABLE order_items (
    order_id BIGINT NOT NULL REFERENCES medicine_orders (id),
    inventory_id BIGINT NOT NULL REFERENCES inventory (id),
    quantity BIGINT NOT NULL,
    price_paise BIGINT NOT NULL,
    PRIMARY KEY (order_id, inventory_id)
);

-- Requests to be called back, made from the phone tree or by SMS, for the operator's team.
CREATE TABLE callback_requests (
    id BIGINT PRIMARY KEY,
    phone TEXT NOT NULL REFERENCES phone_numbers (e164),
    patient_id BIGINT REFERENCES patients (id),
    topic TEXT NOT NULL,
    channel TEXT NOT NULL,
    status TEXT NOT NULL,
    requested_at BIGINT NOT NULL
);
CREATE INDEX callback_requests_open ON callback_requests (status, requested_at);
CREATE INDEX callback_requests_by_phone ON callback_requests (phone, status);

-- Outbound SMS and calls, drained by a worker; the key makes a retry send once.
CREATE TABLE outbox (
    id BIGINT PRIMARY KEY,
    kind TEXT NOT NULL,
    to_phone TEXT NOT NULL,
    body TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT,
    provider_sid TEXT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

CREATE TABLE audit_log (
    id BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_subject ON audit_log (subject, at);
