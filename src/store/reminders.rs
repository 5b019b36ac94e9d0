//! Medicine reminders and follow-up calls: the plan a patient chose, each dose and what came
//! of it, and each follow-up. Their sends are outbox items queued in the same transaction,
//! keyed `dose:<id>:<n>` and `follow-up:<id>:<n>` (n: the attempt), so several nodes never
//! send one twice and a restart loses none.

use sqlx::FromRow;

use super::enums::sql_literal;
use super::{OutboxStatus, Outgoing, Store, StoreError};
use crate::domain::PhoneNumber;

stored_enum! {
    /// What came of a dose: `due` until answered; `heard` when its call reached the patient,
    /// then `taken` or `not-taken` as they said; `missed` when unanswered after every retry.
    pub enum DoseStatus ("dose status") {
        Due = "due",
        Heard = "heard",
        Taken = "taken",
        NotTaken = "not-taken",
        Missed = "missed",
        /// The schema allows it; nothing writes it today.
        Skipped = "skipped",
    }
}

stored_enum! {
    /// What came of a follow-up call: `due` until answered, then the patient's answer
    /// (`better`, `same`, `worse`), `unanswered`, or `skipped` after STOP.
    pub enum FollowUpStatus ("follow-up status") {
        Due = "due",
        Better = "better",
        Same = "same",
        Worse = "worse",
        Unanswered = "unanswered",
        Skipped = "skipped",
    }
}

/// A reminder plan to store.
#[derive(Clone, Debug)]
pub struct NewPlan<'a> {
    pub prescription_id: i64,
    pub patient_id: i64,
    pub phone: &'a PhoneNumber,
    pub language: &'a str,
    pub slots: &'a [&'a str],
    /// How each dose is sent (also the plan's stored channel).
    pub channel: Outgoing,
    pub ends_at: i64,
}

/// One send of a plan: when, which slot, and the outbox body (SMS text or call URL with
/// `{dose}` where the dose's id goes).
#[derive(Clone, Debug)]
pub struct PlannedDose {
    pub due_at: i64,
    pub slot: String,
    /// The medicines whose course covers this time, as a reminder then names them.
    pub medicines: String,
}

/// A dose as a call or a status callback needs it.
#[derive(Clone, Debug, PartialEq, FromRow)]
pub struct Dose {
    pub id: i64,
    pub plan_id: i64,
    pub due_at: i64,
    pub slot: String,
    pub status: DoseStatus,
    pub calls: i64,
    pub patient_id: i64,
    pub phone: String,
    pub language: String,
    pub channel: Outgoing,
    pub medicines: String,
    pub stopped: i64,
}

const DOSE_SELECT: &str =
    "SELECT d.id, d.plan_id, d.due_at, d.slot, d.status, d.calls, p.patient_id, p.phone,
        p.language, p.channel, d.medicines, p.stopped
     FROM doses d JOIN reminder_plans p ON p.id = d.plan_id";

/// A follow-up call as stored.
#[derive(Clone, Debug, PartialEq, FromRow)]
pub struct FollowUp {
    pub id: i64,
    pub patient_id: Option<i64>,
    pub phone: String,
    pub language: String,
    pub conversation_id: Option<i64>,
    pub due_at: i64,
    pub status: FollowUpStatus,
    pub calls: i64,
}

const FOLLOW_UP_SELECT: &str = "SELECT id, patient_id, phone, language, conversation_id, due_at, status, calls FROM follow_ups";

/// Doses of a patient's reminders by outcome, for the doctor's summary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Adherence {
    pub taken: i64,
    pub not_taken: i64,
    pub missed: i64,
}

/// How many doses ended in a status.
#[derive(FromRow)]
struct StatusCount {
    status: DoseStatus,
    n: i64,
}

/// The outbox item of a send: (kind, body, key) with `{id}` in body and key replaced.
fn outbox_insert() -> String {
    format!(
        "INSERT INTO outbox (id, kind, to_phone, body, idempotency_key, status, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, {}, $6, $7) ON CONFLICT (idempotency_key) DO NOTHING",
        sql_literal(OutboxStatus::Pending)
    )
}

impl Store {
    /// Stores a plan and its doses, replacing an earlier plan for the prescription, and
    /// queues each dose's first send; `body` makes a dose's outbox body from its id.
    /// Returns the plan's id.
    pub async fn create_reminder_plan(
        &self,
        plan: &NewPlan<'_>,
        doses: &[PlannedDose],
        body: impl Fn(i64, &PlannedDose) -> String,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(&format!(
            "UPDATE outbox SET status = {}, last_error = 'replaced by a later REMIND'
             WHERE status = {} AND idempotency_key IN (
                 SELECT 'dose:' || CAST(d.id AS TEXT) || ':1' FROM doses d
                 JOIN reminder_plans p ON p.id = d.plan_id
                 WHERE p.prescription_id = $1 AND p.stopped = 0)",
            sql_literal(OutboxStatus::Skipped),
            sql_literal(OutboxStatus::Pending)
        ))
        .bind(plan.prescription_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE reminder_plans SET stopped = 1 WHERE prescription_id = $1")
            .bind(plan.prescription_id)
            .execute(&mut *tx)
            .await?;
        let id = Self::next_id(&mut *tx, "reminder_plans").await?;
        sqlx::query(
            "INSERT INTO reminder_plans (id, prescription_id, patient_id, phone, language, slots, channel,
                 ends_at, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id)
        .bind(plan.prescription_id)
        .bind(plan.patient_id)
        .bind(plan.phone.as_str())
        .bind(plan.language)
        .bind(plan.slots.join(";"))
        .bind(plan.channel.as_str())
        .bind(plan.ends_at)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        for dose in doses {
            let dose_id = Self::next_id(&mut *tx, "doses").await?;
            sqlx::query(
                "INSERT INTO doses (id, plan_id, due_at, slot, medicines) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(dose_id)
            .bind(id)
            .bind(dose.due_at)
            .bind(&dose.slot)
            .bind(&dose.medicines)
            .execute(&mut *tx)
            .await?;
            let outbox_id = Self::next_id(&mut *tx, "outbox").await?;
            sqlx::query(&outbox_insert())
                .bind(outbox_id)
                .bind(plan.channel.as_str())
                .bind(plan.phone.as_str())
                .bind(body(dose_id, dose))
                .bind(format!("dose:{dose_id}:1"))
                .bind(dose.due_at)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// One dose with its plan.
    pub async fn dose(&self, id: i64) -> Result<Option<Dose>, StoreError> {
        Ok(sqlx::query_as(&format!("{DOSE_SELECT} WHERE d.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// The dose a call we placed is about.
    pub async fn dose_of_call(&self, call_sid: &str) -> Result<Option<Dose>, StoreError> {
        Ok(
            sqlx::query_as(&format!("{DOSE_SELECT} WHERE d.call_sid = $1"))
                .bind(call_sid)
                .fetch_optional(&self.writer)
                .await?,
        )
    }

    /// The dose the last SMS sent to `phone` reminded of, if that SMS was a reminder and the
    /// dose is still unanswered: a lone "1" answers the last message, whenever it came.
    pub async fn last_reminded_dose(
        &self,
        phone: &PhoneNumber,
    ) -> Result<Option<Dose>, StoreError> {
        let last: Option<String> = sqlx::query_scalar(&format!(
            "SELECT idempotency_key FROM outbox WHERE to_phone = $1 AND kind = {} AND status = {}
             ORDER BY sent_at DESC, id DESC LIMIT 1",
            sql_literal(Outgoing::Sms),
            sql_literal(OutboxStatus::Sent)
        ))
        .bind(phone.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let Some((Placed::Dose, id, _)) = last.and_then(|k| Placed::parse_key(&k)) else {
            return Ok(None);
        };
        Ok(self.dose(id).await?.filter(|d| d.status == DoseStatus::Due))
    }

    /// Notes that a dose's call reached the patient, as the call `call_sid`.
    pub async fn dose_answered(&self, id: i64, call_sid: &str) -> Result<(), StoreError> {
        sqlx::query(&format!(
            "UPDATE doses SET call_sid = $1, status = CASE WHEN status = {} THEN {} ELSE status END WHERE id = $2",
            sql_literal(DoseStatus::Due),
            sql_literal(DoseStatus::Heard)
        ))
            .bind(call_sid)
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Records what came of a dose (`taken`, `not-taken`, `missed`).
    pub async fn set_dose_status(
        &self,
        id: i64,
        status: DoseStatus,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE doses SET status = $1, answered_at = $2 WHERE id = $3")
            .bind(status.as_str())
            .bind(now)
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Counts a placed call for a dose or follow-up (`table`: doses or follow_ups).
    pub async fn count_call(&self, table: Placed, id: i64) -> Result<(), StoreError> {
        sqlx::query(&format!(
            "UPDATE {} SET calls = calls + 1 WHERE id = $1",
            table.table()
        ))
        .bind(id)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Ends a number's reminders and follow-ups (after STOP): plans stopped, sends cancelled.
    pub async fn stop_reminders(&self, phone: &PhoneNumber) -> Result<u64, StoreError> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("UPDATE reminder_plans SET stopped = 1 WHERE phone = $1")
            .bind(phone.as_str())
            .execute(&mut *tx)
            .await?;
        sqlx::query(&format!(
            "UPDATE follow_ups SET status = {} WHERE phone = $1 AND status = {}",
            sql_literal(FollowUpStatus::Skipped),
            sql_literal(FollowUpStatus::Due)
        ))
        .bind(phone.as_str())
        .execute(&mut *tx)
        .await?;
        let cancelled = sqlx::query(&format!(
            "UPDATE outbox SET status = {}, last_error = 'recipient sent STOP'
             WHERE to_phone = $1 AND status = {}
               AND (idempotency_key LIKE 'dose:%' OR idempotency_key LIKE 'follow-up:%')",
            sql_literal(OutboxStatus::Skipped),
            sql_literal(OutboxStatus::Pending)
        ))
        .bind(phone.as_str())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(cancelled)
    }

    /// Reminders and follow-ups sent to a number since `since` (for the daily cap).
    pub async fn reminders_sent_since(&self, phone: &str, since: i64) -> Result<i64, StoreError> {
        let sent: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM outbox WHERE to_phone = $1 AND status = {} AND sent_at >= $2
               AND (idempotency_key LIKE 'dose:%' OR idempotency_key LIKE 'follow-up:%')",
            sql_literal(OutboxStatus::Sent)
        ))
        .bind(phone)
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        Ok(sent)
    }

    /// The idempotency key of the outbox item sent as provider SID `sid` (a call we placed).
    pub async fn outbox_key_of(&self, sid: &str) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT idempotency_key FROM outbox WHERE provider_sid = $1")
                .bind(sid)
                .fetch_optional(&self.writer)
                .await?,
        )
    }

    /// Queues another call for a dose or follow-up at `at` (attempt `n`, its own key).
    pub async fn queue_call_retry(
        &self,
        placed: Placed,
        id: i64,
        n: i64,
        to: &PhoneNumber,
        url: &str,
        at: i64,
    ) -> Result<bool, StoreError> {
        let key = format!("{}:{id}:{n}", placed.prefix());
        Ok(self
            .enqueue_outbox_at(Outgoing::Call, to, url, &key, at)
            .await?
            .is_some())
    }

    /// The latest outcomes of a patient's reminders since `since`.
    pub async fn adherence(&self, patient_id: i64, since: i64) -> Result<Adherence, StoreError> {
        let rows: Vec<StatusCount> = sqlx::query_as(
            "SELECT d.status, COUNT(*) AS n FROM doses d JOIN reminder_plans p ON p.id = d.plan_id
             WHERE p.patient_id = $1 AND d.due_at >= $2 GROUP BY d.status",
        )
        .bind(patient_id)
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        let mut a = Adherence::default();
        for StatusCount { status, n } in rows {
            match status {
                DoseStatus::Taken => a.taken += n,
                DoseStatus::NotTaken => a.not_taken += n,
                DoseStatus::Missed => a.missed += n,
                DoseStatus::Due | DoseStatus::Heard | DoseStatus::Skipped => {}
            }
        }
        Ok(a)
    }

    /// Schedules a follow-up call for `cause` (once per cause, and one due per patient at a
    /// time); returns its id when one was scheduled.
    #[allow(clippy::too_many_arguments)]
    pub async fn schedule_follow_up(
        &self,
        cause: &str,
        patient_id: Option<i64>,
        phone: &PhoneNumber,
        language: &str,
        conversation_id: Option<i64>,
        due_at: i64,
        url: impl Fn(i64) -> String,
        now: i64,
    ) -> Result<Option<i64>, StoreError> {
        let mut tx = self.writer.begin().await?;
        let pending: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM follow_ups WHERE phone = $1 AND status = {} AND due_at > $2
               AND (patient_id = CAST($3 AS BIGINT) OR (patient_id IS NULL AND CAST($3 AS BIGINT) IS NULL))",
            sql_literal(FollowUpStatus::Due)
        ))
        .bind(phone.as_str())
        .bind(now)
        .bind(patient_id)
        .fetch_one(&mut *tx)
        .await?;
        if pending > 0 {
            return Ok(None);
        }
        let id = Self::next_id(&mut *tx, "follow_ups").await?;
        let inserted = sqlx::query(
            "INSERT INTO follow_ups (id, cause, patient_id, phone, language, conversation_id, due_at, created_at)
             VALUES ($1, $2, CAST($3 AS BIGINT), $4, $5, CAST($6 AS BIGINT), $7, $8)
             ON CONFLICT (cause) DO NOTHING",
        )
        .bind(id)
        .bind(cause)
        .bind(patient_id)
        .bind(phone.as_str())
        .bind(language)
        .bind(conversation_id)
        .bind(due_at)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            return Ok(None);
        }
        let outbox_id = Self::next_id(&mut *tx, "outbox").await?;
        sqlx::query(&outbox_insert())
            .bind(outbox_id)
            .bind(Outgoing::Call.as_str())
            .bind(phone.as_str())
            .bind(url(id))
            .bind(format!("follow-up:{id}:1"))
            .bind(due_at)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// One follow-up.
    pub async fn follow_up(&self, id: i64) -> Result<Option<FollowUp>, StoreError> {
        Ok(sqlx::query_as(&format!("{FOLLOW_UP_SELECT} WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// The follow-up a call we placed is about.
    pub async fn follow_up_of_call(&self, call_sid: &str) -> Result<Option<FollowUp>, StoreError> {
        Ok(
            sqlx::query_as(&format!("{FOLLOW_UP_SELECT} WHERE call_sid = $1"))
                .bind(call_sid)
                .fetch_optional(&self.writer)
                .await?,
        )
    }

    /// Notes that a follow-up's call reached the patient.
    pub async fn follow_up_answered(&self, id: i64, call_sid: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE follow_ups SET call_sid = $1 WHERE id = $2")
            .bind(call_sid)
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Records the answer to a follow-up (`better`, `same`, `worse`, `unanswered`).
    pub async fn set_follow_up_status(
        &self,
        id: i64,
        status: FollowUpStatus,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE follow_ups SET status = $1, answered_at = $2 WHERE id = $3")
            .bind(status.as_str())
            .bind(now)
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }
}

/// What a call we placed on our own initiative is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placed {
    Dose,
    FollowUp,
}

impl Placed {
    /// The outbox key's prefix.
    pub fn prefix(self) -> &'static str {
        match self {
            Placed::Dose => "dose",
            Placed::FollowUp => "follow-up",
        }
    }

    fn table(self) -> &'static str {
        match self {
            Placed::Dose => "doses",
            Placed::FollowUp => "follow_ups",
        }
    }

    /// Reads an outbox key `dose:<id>:<n>` / `follow-up:<id>:<n>` as (what, id, n).
    pub fn parse_key(key: &str) -> Option<(Placed, i64, i64)> {
        let mut parts = key.split(':');
        let placed = match parts.next()? {
            "dose" => Placed::Dose,
            "follow-up" => Placed::FollowUp,
            _ => return None,
        };
        let id = parts.next()?.parse().ok()?;
        let n = parts.next()?.parse().ok()?;
        parts.next().is_none().then_some((placed, id, n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dose_and_follow_up_statuses_read_back_what_they_store() {
        super::super::enums::assert_round_trip(DoseStatus::ALL);
        super::super::enums::assert_round_trip(FollowUpStatus::ALL);
        assert_eq!(DoseStatus::NotTaken.as_str(), "not-taken");
    }
}
