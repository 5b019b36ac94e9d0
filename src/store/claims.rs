//! Claims on carrier requests, so that each does its work once. A request (a call's step,
//! an inbound SMS) is claimed by inserting its row before any work; a concurrent duplicate
//! (a carrier retry racing a slow first attempt, a load balancer retrying) finds the row and
//! waits for the first attempt's answer instead of redoing the work. A claim left unanswered
//! (its node died mid-request) may be taken over once it is stale.

use sqlx::Row;

use super::{Store, StoreError};
use crate::domain::{CallId, MessageSid, PhoneNumber};

/// What a claim found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Claim {
    /// This request does the work, then stores its answer.
    Mine,
    /// Another attempt answered already: replay this.
    Answered(String),
    /// Another attempt is working on it now.
    Busy,
}

impl Store {
    /// Claims step `step` of a call. The answer goes in with [`Store::answer_step`].
    pub async fn claim_step(
        &self,
        sid: &CallId,
        step: i64,
        route: &str,
        now: i64,
        stale_after: i64,
    ) -> Result<Claim, StoreError> {
        let inserted = sqlx::query(
            "INSERT INTO call_steps (call_sid, step, route, response, created_at) VALUES ($1, $2, $3, '', $4)
             ON CONFLICT (call_sid, step) DO NOTHING",
        )
        .bind(sid.as_str())
        .bind(step)
        .bind(route)
        .bind(now)
        .execute(&self.writer)
        .await?
        .rows_affected();
        if inserted == 1 {
            return Ok(Claim::Mine);
        }
        let Some(row) = sqlx::query(
            "SELECT response, created_at FROM call_steps WHERE call_sid = $1 AND step = $2",
        )
        .bind(sid.as_str())
        .bind(step)
        .fetch_optional(&self.writer)
        .await?
        else {
            return Ok(Claim::Busy);
        };
        let response: String = row.try_get("response")?;
        if !response.is_empty() {
            return Ok(Claim::Answered(response));
        }
        let claimed_at: i64 = row.try_get("created_at")?;
        if claimed_at >= now - stale_after {
            return Ok(Claim::Busy);
        }
        let taken = sqlx::query(
            "UPDATE call_steps SET created_at = $1 WHERE call_sid = $2 AND step = $3 AND response = '' AND created_at = $4",
        )
        .bind(now)
        .bind(sid.as_str())
        .bind(step)
        .bind(claimed_at)
        .execute(&self.writer)
        .await?
        .rows_affected();
        Ok(if taken == 1 { Claim::Mine } else { Claim::Busy })
    }

    /// Stores the answer of a step this request claimed, with the positions its turn leads
    /// to, in one commit.
    pub async fn answer_step(
        &self,
        sid: &CallId,
        step: i64,
        response: &str,
        positions: &[super::NewPosition],
    ) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("UPDATE call_steps SET response = $1 WHERE call_sid = $2 AND step = $3")
            .bind(response)
            .bind(sid.as_str())
            .bind(step)
            .execute(&mut *tx)
            .await?;
        let rows: Vec<(&str, &super::NewPosition)> =
            positions.iter().map(|p| (sid.as_str(), p)).collect();
        super::positions::insert(&mut tx, &rows).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Gives a claimed step back when its work failed, so a retry can do it.
    pub async fn release_step(&self, sid: &CallId, step: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM call_steps WHERE call_sid = $1 AND step = $2 AND response = ''")
            .bind(sid.as_str())
            .bind(step)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Claims an inbound SMS (stored at once, its reply later with [`Store::answer_sms`]).
    #[allow(clippy::too_many_arguments)]
    pub async fn claim_sms(
        &self,
        sid: &MessageSid,
        from: &PhoneNumber,
        to: &str,
        body: &str,
        now: i64,
        stale_after: i64,
    ) -> Result<Claim, StoreError> {
        let inserted = sqlx::query(
            "INSERT INTO sms_messages (message_sid, direction, from_phone, to_phone, body, status, created_at)
             VALUES ($1, 'inbound', $2, $3, $4, 'working', $5) ON CONFLICT (message_sid) DO NOTHING",
        )
        .bind(sid.as_str())
        .bind(from.as_str())
        .bind(to)
        .bind(body)
        .bind(now)
        .execute(&self.writer)
        .await?
        .rows_affected();
        if inserted == 1 {
            return Ok(Claim::Mine);
        }
        let Some(row) = sqlx::query(
            "SELECT status, reply, created_at FROM sms_messages WHERE message_sid = $1",
        )
        .bind(sid.as_str())
        .fetch_optional(&self.writer)
        .await?
        else {
            return Ok(Claim::Busy);
        };
        let status: String = row.try_get("status")?;
        if status != "working" {
            return Ok(Claim::Answered(
                row.try_get::<Option<String>, _>("reply")?
                    .unwrap_or_default(),
            ));
        }
        let claimed_at: i64 = row.try_get("created_at")?;
        if claimed_at >= now - stale_after {
            return Ok(Claim::Busy);
        }
        let taken = sqlx::query(
            "UPDATE sms_messages SET created_at = $1 WHERE message_sid = $2 AND status = 'working' AND created_at = $3",
        )
        .bind(now)
        .bind(sid.as_str())
        .bind(claimed_at)
        .execute(&self.writer)
        .await?
        .rows_affected();
        Ok(if taken == 1 { Claim::Mine } else { Claim::Busy })
    }

    /// Stores the reply to an SMS this request claimed.
    pub async fn answer_sms(
        &self,
        sid: &MessageSid,
        language: &str,
        reply: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE sms_messages SET status = 'received', language = $1, reply = $2 WHERE message_sid = $3",
        )
        .bind(language)
        .bind(reply)
        .bind(sid.as_str())
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Gives a claimed SMS back when its work failed, so a retry can do it.
    pub async fn release_sms(&self, sid: &MessageSid) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sms_messages WHERE message_sid = $1 AND status = 'working'")
            .bind(sid.as_str())
            .execute(&self.writer)
            .await?;
        Ok(())
    }
}
