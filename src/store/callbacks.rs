//! Callback requests: a caller's ask to be called back, the missed-call callbacks the
//! line schedules itself, and the open requests of a number or of the whole line.

use sqlx::FromRow;

use super::{Store, StoreError};
use crate::domain::{now_unix, CallId, PhoneNumber};

/// An open callback request, as the operator's team sees it.
#[derive(FromRow)]
struct OpenCallback {
    id: i64,
    phone: String,
    topic: String,
    requested_at: i64,
}

/// An open callback request of a number, as the caller hears it.
#[derive(FromRow)]
struct CallbackTopic {
    id: i64,
    topic: String,
}

impl Store {
    /// Files a request to be called back; returns its reference number.
    pub async fn request_callback(
        &self,
        phone: &PhoneNumber,
        patient_id: Option<i64>,
        topic: &str,
        channel: &str,
    ) -> Result<i64, StoreError> {
        let mut tx = self.writer.begin().await?;
        let id = Self::next_id(&mut *tx, "callback_requests").await?;
        sqlx::query(
            "INSERT INTO callback_requests (id, phone, patient_id, topic, channel, status, requested_at)
             VALUES ($1, $2, $3, $4, $5, 'open', $6)",
        )
        .bind(id)
        .bind(phone.as_str())
        .bind(patient_id)
        .bind(topic)
        .bind(channel)
        .bind(now_unix())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Missed-call callbacks scheduled for a number since `since`.
    pub async fn missed_call_callbacks_since(
        &self,
        phone: &PhoneNumber,
        since: i64,
    ) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM callback_requests WHERE phone = $1 AND topic = 'missed-call' AND requested_at >= $2",
        )
        .bind(phone.as_str())
        .bind(since)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Records a missed-call callback due at `due_at`; returns its reference.
    pub async fn schedule_missed_call_callback(
        &self,
        phone: &PhoneNumber,
        due_at: i64,
        call_sid: &CallId,
    ) -> Result<Option<i64>, StoreError> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO phone_numbers (e164, created_at, updated_at) VALUES ($1, $2, $2) ON CONFLICT (e164) DO NOTHING",
        )
        .bind(phone.as_str())
        .bind(now_unix())
        .execute(&mut *tx)
        .await?;
        let id = Self::next_id(&mut *tx, "callback_requests").await?;
        // Once per call: a retried webhook or a second status callback schedules nothing.
        let inserted = sqlx::query(
            "INSERT INTO callback_requests (id, phone, topic, channel, status, requested_at, due_at, call_sid)
             VALUES ($1, $2, 'missed-call', 'voice', 'scheduled', $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(phone.as_str())
        .bind(now_unix())
        .bind(due_at)
        .bind(call_sid.as_str())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok((inserted == 1).then_some(id))
    }

    /// Open callback requests of a number, oldest first: (reference, topic).
    pub async fn open_callbacks(
        &self,
        phone: &PhoneNumber,
    ) -> Result<Vec<(i64, String)>, StoreError> {
        let rows = sqlx::query_as::<_, CallbackTopic>(
            "SELECT id, topic FROM callback_requests WHERE phone = $1 AND status = 'open' ORDER BY id",
        )
        .bind(phone.as_str())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|c| (c.id, c.topic)).collect())
    }

    /// Every open callback request, for the operator's team: (reference, phone, topic, requested_at).
    pub async fn all_open_callbacks(&self) -> Result<Vec<(i64, String, String, i64)>, StoreError> {
        let rows = sqlx::query_as::<_, OpenCallback>(
            "SELECT id, phone, topic, requested_at FROM callback_requests WHERE status = 'open' ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|c| (c.id, c.phone, c.topic, c.requested_at))
            .collect())
    }
}
