//! Transcripts of callers' recordings, so the answer can be picked up by any node.

use sqlx::Row;

use super::{Store, StoreError};
use crate::domain::now_unix;

/// Where a transcription stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Transcript {
    /// Started at this Unix time.
    Pending(i64),
    Done(String),
    Failed(String),
}

impl Store {
    /// Claims a recording for transcription; false if it was already claimed (a retry).
    pub async fn start_transcript(
        &self,
        recording_sid: &str,
        call_sid: &str,
    ) -> Result<bool, StoreError> {
        let now = now_unix();
        let inserted = sqlx::query(
            "INSERT INTO transcripts (recording_sid, call_sid, status, created_at, updated_at)
             VALUES ($1, $2, 'pending', $3, $3) ON CONFLICT (recording_sid) DO NOTHING",
        )
        .bind(recording_sid)
        .bind(call_sid)
        .bind(now)
        .execute(&self.writer)
        .await?
        .rows_affected();
        Ok(inserted == 1)
    }

    /// Records the outcome of a transcription.
    pub async fn finish_transcript(
        &self,
        recording_sid: &str,
        outcome: Result<&str, &str>,
        engine: &str,
    ) -> Result<(), StoreError> {
        let (status, text, error) = match outcome {
            Ok(text) => ("done", text, None),
            Err(e) => ("failed", "", Some(e)),
        };
        sqlx::query(
            "UPDATE transcripts SET status = $1, text = $2, error = $3, engine = $4, updated_at = $5
             WHERE recording_sid = $6",
        )
        .bind(status)
        .bind(text)
        .bind(error)
        .bind(engine)
        .bind(now_unix())
        .bind(recording_sid)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// A recording's transcript, if one was started.
    pub async fn transcript(&self, recording_sid: &str) -> Result<Option<Transcript>, StoreError> {
        let row = sqlx::query(
            "SELECT status, text, error, created_at FROM transcripts WHERE recording_sid = $1",
        )
        .bind(recording_sid)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row
            .map(|r| {
                let status: String = r.try_get("status")?;
                Ok::<_, sqlx::Error>(match status.as_str() {
                    "done" => Transcript::Done(r.try_get("text")?),
                    "failed" => Transcript::Failed(
                        r.try_get::<Option<String>, _>("error")?.unwrap_or_default(),
                    ),
                    _ => Transcript::Pending(r.try_get("created_at")?),
                })
            })
            .transpose()?)
    }
}
