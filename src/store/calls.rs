//! Calls: the record of an incoming call (group-committed), what its later webhooks need
//! (caller, language, patient), its lifecycle statuses, and how many steps were answered.

use super::call_batch::NewCall;
use super::{NewPosition, Store, StoreError};
use crate::domain::{now_unix, CallId, PhoneNumber};

/// What later webhooks of a call need to know, as stored against its CallSid.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct CallState {
    #[sqlx(rename = "from_phone")]
    pub from: String,
    pub language: Option<String>,
    pub patient_id: Option<i64>,
}

impl Store {
    /// Records an incoming call once, with its first turn's positions, in one commit shared
    /// with concurrent calls; a retried webhook leaves the first record alone.
    pub async fn start_call(
        &self,
        sid: &CallId,
        from: &PhoneNumber,
        to: &str,
        language: Option<&str>,
        patient_id: Option<i64>,
        positions: Vec<NewPosition>,
    ) -> Result<(), StoreError> {
        let call = NewCall {
            sid: sid.as_str().to_owned(),
            from: from.as_str().to_owned(),
            to: to.to_owned(),
            language: language.map(str::to_owned),
            patient_id,
            at: now_unix(),
            positions,
        };
        self.calls.insert(call).await?;
        Ok(())
    }

    /// What the call's earlier webhooks stored.
    pub async fn call_state(&self, sid: &CallId) -> Result<Option<CallState>, StoreError> {
        Ok(sqlx::query_as::<_, CallState>(
            "SELECT from_phone, language, patient_id FROM calls WHERE call_sid = $1",
        )
        .bind(sid.as_str())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Sets the language the caller chose for this call.
    pub async fn set_call_language(&self, sid: &CallId, language: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE calls SET language = $1, updated_at = $2 WHERE call_sid = $3")
            .bind(language)
            .bind(now_unix())
            .bind(sid.as_str())
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Sets who the call is for; nothing is recorded against a patient before this.
    pub async fn set_call_patient(&self, sid: &CallId, patient_id: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE calls SET patient_id = $1, updated_at = $2 WHERE call_sid = $3")
            .bind(patient_id)
            .bind(now_unix())
            .bind(sid.as_str())
            .execute(&self.writer)
            .await?;
        // SMS commands then apply to the patient the phone last spoke for.
        sqlx::query(
            "UPDATE phone_numbers SET speaking_for = $1
             WHERE e164 = (SELECT from_phone FROM calls WHERE call_sid = $2)",
        )
        .bind(patient_id)
        .bind(sid.as_str())
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Appends a lifecycle status (once per status) and updates the call's current one.
    pub async fn record_call_status(
        &self,
        sid: &CallId,
        from: &PhoneNumber,
        to: &str,
        status: &str,
        duration_seconds: Option<i64>,
    ) -> Result<(), StoreError> {
        let now = now_unix();
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO calls (call_sid, from_phone, to_phone, status, duration_seconds, started_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)
             ON CONFLICT (call_sid) DO UPDATE SET status = $4,
                 duration_seconds = COALESCE($5, calls.duration_seconds), updated_at = $6",
        )
        .bind(sid.as_str())
        .bind(from.as_str())
        .bind(to)
        .bind(status)
        .bind(duration_seconds)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO call_status_history (call_sid, status, at, seq)
             VALUES ($1, $2, $3, (SELECT COUNT(*) FROM call_status_history WHERE call_sid = $1))
             ON CONFLICT (call_sid, status) DO NOTHING",
        )
        .bind(sid.as_str())
        .bind(status)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The call's statuses in the order they arrived.
    pub async fn call_status_history(&self, sid: &CallId) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar::<_, String>(
            "SELECT status FROM call_status_history WHERE call_sid = $1 ORDER BY seq",
        )
        .bind(sid.as_str())
        .fetch_all(&self.pool)
        .await?)
    }

    /// How many webhook steps of a call were answered after the first (0: the caller
    /// hung up during the first prompt).
    pub async fn answered_steps(&self, sid: &CallId) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM call_steps WHERE call_sid = $1")
                .bind(sid.as_str())
                .fetch_one(&self.pool)
                .await?,
        )
    }
}
