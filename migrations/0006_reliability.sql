-- One "self" patient per phone, enforced by the database: two requests creating the
-- sender's own record at once (an SMS and a call, two nodes) get the same patient. Earlier
-- duplicates keep their records, relabelled as another member of the household.
UPDATE patients SET relation = 'other'
WHERE relation = 'self'
  AND id NOT IN (SELECT MIN(id) FROM patients WHERE relation = 'self' GROUP BY phone);
CREATE UNIQUE INDEX patients_one_self ON patients (phone) WHERE relation = 'self';

-- A missed call (or an early hang-up) is called back once per call, however often its
-- webhook or status callback arrives.
ALTER TABLE callback_requests ADD COLUMN call_sid TEXT;
CREATE UNIQUE INDEX callback_requests_by_call ON callback_requests (call_sid);

-- `/healthz` writes here, so it reports a database that reads but cannot write.
CREATE TABLE health_probe (
    id BIGINT PRIMARY KEY,
    at BIGINT NOT NULL
);

-- The worker that holds an outbox item's lease, so only it renews the lease while a send is
-- in flight (leases are short: a dead node's items are retried within seconds).
ALTER TABLE outbox ADD COLUMN lease_owner TEXT;
