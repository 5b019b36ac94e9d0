-- What our own recogniser heard in a caller's recording. Written by the node that fetched
-- the recording; any node answering the caller's next webhook reads it.
CREATE TABLE transcripts (
    recording_sid TEXT PRIMARY KEY,
    call_sid TEXT NOT NULL,
    -- pending | done | failed
    status TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    engine TEXT NOT NULL DEFAULT '',
    error TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX transcripts_by_call ON transcripts (call_sid);
