-- The patient's own record (readings, profile items they add, hide or show), medicine
-- reminders and follow-up calls. The sends themselves are outbox items (due time,
-- idempotency key, lease); these tables say what each send is for and what came of it.

-- A blood pressure is two numbers; a sugar reading has a context (fasting, after food).
ALTER TABLE health_metrics ADD COLUMN second_value DOUBLE PRECISION;
ALTER TABLE health_metrics ADD COLUMN context TEXT NOT NULL DEFAULT '';

-- Which patient of the household the phone last spoke for (a call's choice, or SMS FOR n);
-- and the last message we meant for the number, replayed when it rings the missed-call line.
ALTER TABLE phone_numbers ADD COLUMN speaking_for BIGINT;
ALTER TABLE phone_numbers ADD COLUMN last_message TEXT;
ALTER TABLE phone_numbers ADD COLUMN last_message_language TEXT;

INSERT INTO id_sequences (name, next_value) VALUES
    ('profile_items', 0), ('reminder_plans', 0), ('doses', 0), ('follow_ups', 0);

-- What a patient says of themselves: allergies, long-term conditions, current medicines.
CREATE TABLE profile_items (
    id BIGINT PRIMARY KEY,
    patient_id BIGINT NOT NULL REFERENCES patients (id),
    -- allergy, condition or medicine.
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    -- 1: left out of everything a doctor sees.
    hidden BIGINT NOT NULL DEFAULT 0,
    -- 1: the patient's pregnancy (hiding it hides "pregnant" too; removing it clears it).
    marks_pregnancy BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX profile_items_by_patient ON profile_items (patient_id, id);

-- A patient's choice to be reminded of one prescription: when, and by call or SMS.
CREATE TABLE reminder_plans (
    id BIGINT PRIMARY KEY,
    prescription_id BIGINT NOT NULL REFERENCES prescriptions (id),
    patient_id BIGINT NOT NULL REFERENCES patients (id),
    phone TEXT NOT NULL,
    language TEXT NOT NULL,
    -- ';'-separated slots: morning, afternoon, evening, night.
    slots TEXT NOT NULL,
    -- call or sms.
    channel TEXT NOT NULL,
    -- After this (the prescription's longest days) no dose is scheduled.
    ends_at BIGINT NOT NULL,
    -- 1 after STOP, or when a later REMIND for the prescription replaced it.
    stopped BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX reminder_plans_by_phone ON reminder_plans (phone, stopped);
CREATE INDEX reminder_plans_by_prescription ON reminder_plans (prescription_id);

-- One reminder of a plan at one time, and what came of it.
CREATE TABLE doses (
    id BIGINT PRIMARY KEY,
    plan_id BIGINT NOT NULL REFERENCES reminder_plans (id),
    due_at BIGINT NOT NULL,
    slot TEXT NOT NULL,
    -- The medicines still in their course at this time, as the doctor wrote them.
    medicines TEXT NOT NULL,
    -- due, taken, not-taken, missed (unanswered after every retry), heard, skipped.
    status TEXT NOT NULL DEFAULT 'due',
    -- Calls placed for this dose so far.
    calls BIGINT NOT NULL DEFAULT 0,
    -- The call that reached the patient, so its key press finds this dose.
    call_sid TEXT,
    answered_at BIGINT,
    UNIQUE (plan_id, due_at)
);
CREATE INDEX doses_by_plan ON doses (plan_id, due_at);
CREATE INDEX doses_by_call ON doses (call_sid);

-- "Are you better?" a while after a consultation or a high/medium triage.
CREATE TABLE follow_ups (
    id BIGINT PRIMARY KEY,
    -- consultation:<id> or conversation:<id>: one follow-up per cause.
    cause TEXT NOT NULL UNIQUE,
    patient_id BIGINT REFERENCES patients (id),
    phone TEXT NOT NULL,
    language TEXT NOT NULL,
    -- The conversation whose words the danger-sign questions re-read when worse.
    conversation_id BIGINT,
    due_at BIGINT NOT NULL,
    -- due, better, same, worse, unanswered, skipped.
    status TEXT NOT NULL DEFAULT 'due',
    calls BIGINT NOT NULL DEFAULT 0,
    call_sid TEXT,
    answered_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX follow_ups_by_phone ON follow_ups (phone, status);
CREATE INDEX follow_ups_by_call ON follow_ups (call_sid);

-- A placed call's status callback finds the outbox item (and so the dose) by its SID.
CREATE INDEX outbox_by_provider_sid ON outbox (provider_sid);
