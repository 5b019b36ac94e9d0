-- Positions' keys now begin with the time they were made (milliseconds, 12 hex digits), so
-- each insert appends to the key's index instead of landing at random in it, and old
-- positions are forgotten by key range: the separate time column and its index go. Positions
-- live minutes; any stored under the old keys are simply dropped.
DROP TABLE call_positions;
CREATE TABLE call_positions (
    token TEXT PRIMARY KEY,
    call_sid TEXT NOT NULL,
    route TEXT NOT NULL,
    attempt BIGINT NOT NULL,
    topic TEXT,
    consultation BIGINT,
    medicine TEXT,
    carry TEXT
);
