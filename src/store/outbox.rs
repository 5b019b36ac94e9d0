//! The outbox: outbound SMS and calls queued once by key, claimed under a renewable lease
//! by the worker that sends them, and finished, retried or looked up by key.

use sqlx::FromRow;

use super::{Store, StoreError};
use crate::domain::{now_unix, PhoneNumber};

/// An outbound SMS or call waiting in the outbox.
#[derive(Clone, Debug, PartialEq, FromRow)]
pub struct OutboxItem {
    pub id: i64,
    /// `sms` or `call`.
    pub kind: String,
    pub to_phone: String,
    /// The SMS text, or for a call what it is for (a stored [`crate::ivr::Intent`]).
    pub body: String,
    /// Attempts before this one.
    pub attempts: i64,
    /// What the item is for (`dose:17:1`, `callback:102:call`…), unique.
    #[sqlx(rename = "idempotency_key")]
    pub key: String,
}

/// Where an item stands, by its key.
#[derive(FromRow)]
struct Status {
    status: String,
    attempts: i64,
    provider_sid: Option<String>,
}

impl Store {
    /// Queues an outbound SMS or call; a repeated `key` queues nothing. Returns the new id.
    pub async fn enqueue_outbox(
        &self,
        kind: &str,
        to: &PhoneNumber,
        body: &str,
        key: &str,
    ) -> Result<Option<i64>, StoreError> {
        self.enqueue_outbox_at(kind, to, body, key, now_unix())
            .await
    }

    /// As [`Store::enqueue_outbox`], sent no earlier than `at`.
    pub async fn enqueue_outbox_at(
        &self,
        kind: &str,
        to: &PhoneNumber,
        body: &str,
        key: &str,
        at: i64,
    ) -> Result<Option<i64>, StoreError> {
        let now = now_unix();
        let mut tx = self.writer.begin().await?;
        let id = Self::next_id(&mut *tx, "outbox").await?;
        let inserted = sqlx::query(
            "INSERT INTO outbox (id, kind, to_phone, body, idempotency_key, status, next_attempt_at, created_at)
             VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7) ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind(id)
        .bind(kind)
        .bind(to.as_str())
        .bind(body)
        .bind(key)
        .bind(at)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok((inserted == 1).then_some(id))
    }

    /// Claims up to `limit` due items for `lease` seconds, the lease held by `owner` (who
    /// may renew it; another worker skips them until it runs out).
    pub async fn claim_outbox_as(
        &self,
        now: i64,
        limit: i64,
        lease: i64,
        owner: &str,
    ) -> Result<Vec<OutboxItem>, StoreError> {
        let mut items = sqlx::query_as::<_, OutboxItem>(
            "UPDATE outbox SET status = 'sending', next_attempt_at = $2, lease_owner = $4
             WHERE id IN (SELECT id FROM outbox WHERE status IN ('pending', 'sending') AND next_attempt_at <= $1
                          ORDER BY id LIMIT $3)
               AND next_attempt_at <= $1
             RETURNING id, kind, to_phone, body, attempts, idempotency_key",
        )
        .bind(now)
        .bind(now + lease)
        .bind(limit)
        .bind(owner)
        .fetch_all(&self.writer)
        .await?;
        items.sort_by_key(|i| i.id);
        Ok(items)
    }

    /// Extends the lease `owner` holds on items still being sent, to `until`.
    pub async fn renew_outbox_lease(&self, owner: &str, until: i64) -> Result<u64, StoreError> {
        Ok(sqlx::query(
            "UPDATE outbox SET next_attempt_at = $1 WHERE status = 'sending' AND lease_owner = $2",
        )
        .bind(until)
        .bind(owner)
        .execute(&self.writer)
        .await?
        .rows_affected())
    }

    /// Records a final outcome: `sent`, `failed` or `skipped`.
    pub async fn finish_outbox(
        &self,
        id: i64,
        status: &str,
        provider_sid: Option<&str>,
        error: Option<&str>,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE outbox SET status = $1, provider_sid = $2, last_error = $3, attempts = attempts + 1, sent_at = $4
             WHERE id = $5",
        )
        .bind(status)
        .bind(provider_sid)
        .bind(error)
        .bind(now)
        .bind(id)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Puts an item back for another attempt at `at`.
    pub async fn retry_outbox(&self, id: i64, at: i64, error: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE outbox SET status = 'pending', attempts = attempts + 1, next_attempt_at = $1, last_error = $2
             WHERE id = $3",
        )
        .bind(at)
        .bind(error)
        .bind(id)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// An item's (status, attempts, provider SID), by its idempotency key.
    pub async fn outbox_status(
        &self,
        key: &str,
    ) -> Result<Option<(String, i64, Option<String>)>, StoreError> {
        let row = sqlx::query_as::<_, Status>(
            "SELECT status, attempts, provider_sid FROM outbox WHERE idempotency_key = $1",
        )
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|s| (s.status, s.attempts, s.provider_sid)))
    }
}
