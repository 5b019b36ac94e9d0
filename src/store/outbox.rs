//! The outbox: outbound SMS and calls queued once by key, claimed under a renewable lease
//! by the worker that sends them, and finished, retried or looked up by key.

use sqlx::FromRow;

use super::enums::{sql_literal, sql_literals};
use super::{Store, StoreError, UnknownValue};
use crate::domain::{now_unix, PhoneNumber};

stored_enum! {
    /// What an outbox item asks a carrier for (its `kind`).
    pub enum Outgoing ("outbox kind") {
        Sms = "sms",
        Call = "call",
    }
}

stored_enum! {
    /// Where an outbox item stands: `pending` until a worker claims it, `sending` under the
    /// worker's lease, then `sent`, `failed` (given up) or `skipped` (no longer wanted).
    pub enum OutboxStatus ("outbox status") {
        Pending = "pending",
        Sending = "sending",
        Sent = "sent",
        Failed = "failed",
        Skipped = "skipped",
    }
}

/// An outbound SMS or call waiting in the outbox.
#[derive(Clone, Debug, PartialEq, FromRow)]
pub struct OutboxItem {
    pub id: i64,
    pub kind: Outgoing,
    pub to_phone: String,
    /// The SMS text, or for a call what it is for (a stored [`crate::ivr::Intent`]).
    pub body: String,
    /// Attempts before this one.
    pub attempts: i64,
    /// What the item is for (`dose:17:1`, `callback:102:call`…), unique.
    #[sqlx(rename = "idempotency_key")]
    pub key: String,
}

/// A claimed item whose stored kind no version wrote: the worker gives it up rather than
/// guess, and the rest of the batch still goes.
#[derive(Debug)]
pub struct UnreadableItem {
    /// The outbox row, to be marked given up.
    pub id: i64,
    /// The kind it holds, as its last error.
    pub error: UnknownValue,
}

/// A claimed row, its kind still text so that one bad row cannot fail the whole batch.
#[derive(FromRow)]
struct ClaimedRow {
    id: i64,
    kind: String,
    to_phone: String,
    body: String,
    attempts: i64,
    idempotency_key: String,
}

impl ClaimedRow {
    /// The item, or why its row cannot be one.
    fn read(self) -> Result<OutboxItem, UnreadableItem> {
        let kind = self
            .kind
            .parse()
            .map_err(|error| UnreadableItem { id: self.id, error })?;
        Ok(OutboxItem {
            id: self.id,
            kind,
            to_phone: self.to_phone,
            body: self.body,
            attempts: self.attempts,
            key: self.idempotency_key,
        })
    }
}

/// Where an item stands, by its key.
#[derive(FromRow)]
struct Status {
    status: OutboxStatus,
    attempts: i64,
    provider_sid: Option<String>,
}

impl Store {
    /// Queues an outbound SMS or call; a repeated `key` queues nothing. Returns the new id.
    pub async fn enqueue_outbox(
        &self,
        kind: Outgoing,
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
        kind: Outgoing,
        to: &PhoneNumber,
        body: &str,
        key: &str,
        at: i64,
    ) -> Result<Option<i64>, StoreError> {
        let now = now_unix();
        let mut tx = self.writer.begin().await?;
        let id = Self::next_id(&mut *tx, "outbox").await?;
        let inserted = sqlx::query(&format!(
            "INSERT INTO outbox (id, kind, to_phone, body, idempotency_key, status, next_attempt_at, created_at)
             VALUES ($1, $2, $3, $4, $5, {}, $6, $7) ON CONFLICT (idempotency_key) DO NOTHING",
            sql_literal(OutboxStatus::Pending)
        ))
        .bind(id)
        .bind(kind.as_str())
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
    /// may renew it; another worker skips them until it runs out), in id order.
    pub async fn claim_outbox_as(
        &self,
        now: i64,
        limit: i64,
        lease: i64,
        owner: &str,
    ) -> Result<Vec<Result<OutboxItem, UnreadableItem>>, StoreError> {
        use OutboxStatus::{Pending, Sending};
        let mut rows = sqlx::query_as::<_, ClaimedRow>(&format!(
            "UPDATE outbox SET status = {}, next_attempt_at = $2, lease_owner = $4
             WHERE id IN (SELECT id FROM outbox WHERE status IN ({}) AND next_attempt_at <= $1
                          ORDER BY id LIMIT $3)
               AND next_attempt_at <= $1
             RETURNING id, kind, to_phone, body, attempts, idempotency_key",
            sql_literal(Sending),
            sql_literals(&[Pending, Sending])
        ))
        .bind(now)
        .bind(now + lease)
        .bind(limit)
        .bind(owner)
        .fetch_all(&self.writer)
        .await?;
        rows.sort_by_key(|r| r.id);
        Ok(rows.into_iter().map(ClaimedRow::read).collect())
    }

    /// Extends the lease `owner` holds on items still being sent, to `until`.
    pub async fn renew_outbox_lease(&self, owner: &str, until: i64) -> Result<u64, StoreError> {
        Ok(sqlx::query(&format!(
            "UPDATE outbox SET next_attempt_at = $1 WHERE status = {} AND lease_owner = $2",
            sql_literal(OutboxStatus::Sending)
        ))
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
        status: OutboxStatus,
        provider_sid: Option<&str>,
        error: Option<&str>,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE outbox SET status = $1, provider_sid = $2, last_error = $3, attempts = attempts + 1, sent_at = $4
             WHERE id = $5",
        )
        .bind(status.as_str())
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
        sqlx::query(&format!(
            "UPDATE outbox SET status = {}, attempts = attempts + 1, next_attempt_at = $1, last_error = $2
             WHERE id = $3",
            sql_literal(OutboxStatus::Pending)
        ))
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
    ) -> Result<Option<(OutboxStatus, i64, Option<String>)>, StoreError> {
        let row = sqlx::query_as::<_, Status>(
            "SELECT status, attempts, provider_sid FROM outbox WHERE idempotency_key = $1",
        )
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|s| (s.status, s.attempts, s.provider_sid)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outbox_kinds_and_statuses_read_back_what_they_store() {
        super::super::enums::assert_round_trip(Outgoing::ALL);
        super::super::enums::assert_round_trip(OutboxStatus::ALL);
    }

    #[test]
    fn a_claimed_row_of_an_unknown_kind_is_unreadable_not_an_sms() {
        let row = |kind: &str| ClaimedRow {
            id: 7,
            kind: kind.to_owned(),
            to_phone: "+919000000000".into(),
            body: "b".into(),
            attempts: 0,
            idempotency_key: "k".into(),
        };
        assert_eq!(row("call").read().unwrap().kind, Outgoing::Call);
        let bad = row("fax").read().unwrap_err();
        assert_eq!((bad.id, bad.error.value.as_str()), (7, "fax"));
    }
}
