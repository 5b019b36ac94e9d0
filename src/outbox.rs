//! The outbox: every SMS and call we send on our own initiative is first stored, then sent by
//! a worker through a carrier's REST API (the one owning the line the recipient last reached
//! us on, [`Lines`]), with retries and backoff.
//!
//! Enqueueing is idempotent (a key per message: a retried webhook enqueues nothing new), and
//! a worker claims items with a lease, so several nodes on PostgreSQL never send one twice
//! while a node is alive; a node that dies mid-send leaves its items to be retried after the
//! lease. This module decides when to send; `telephony::rest` knows how.

use std::time::Duration;

use std::sync::Arc;

use crate::app::AppState;
use crate::domain::now_unix;
use crate::reminders::Reminders;
use crate::store::{OutboxStatus, Outgoing, Store, StoreError};
use crate::telephony::lines::Lines;
use crate::telephony::rest::SendError;

/// After this many failed attempts an item is given up.
pub const MAX_ATTEMPTS: i64 = 8;
/// How long a claimed item is reserved for the worker that claimed it; renewed every
/// third of it while the worker sends, so a dead worker's items are retried within seconds.
pub const LEASE_SECONDS: i64 = 15;

/// Seconds to wait before attempt `n + 1`: 5 s doubling, at most an hour.
pub fn backoff(attempts: i64) -> i64 {
    (5i64 << attempts.clamp(0, 10)).min(3600)
}

/// What one pass of the worker did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
    pub skipped: usize,
}

/// Sends what is due at `now`, once; `reminders` decides whether a reminder or follow-up
/// still goes (STOP, the daily cap, quiet hours, an answered dose).
pub async fn drain(
    store: &Store,
    lines: &Lines,
    reminders: &Reminders<'_>,
    batch: i64,
    now: i64,
) -> Result<Pass, StoreError> {
    let mut pass = Pass::default();
    let owner = crate::simulator::random_sid("LE");
    let items = store
        .claim_outbox_as(now, batch, LEASE_SECONDS, &owner)
        .await?;
    if items.is_empty() {
        return Ok(pass);
    }
    // While this worker sends (a slow carrier, a batch), its lease is kept alive.
    let renewer = {
        let (store, owner) = (store.clone(), owner.clone());
        let started = std::time::Instant::now();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs((LEASE_SECONDS / 3) as u64));
            tick.tick().await;
            loop {
                tick.tick().await;
                let until = now + started.elapsed().as_secs() as i64 + LEASE_SECONDS;
                if let Err(e) = store.renew_outbox_lease(&owner, until).await {
                    tracing::warn!(error = %e, "outbox lease not renewed");
                }
            }
        })
    };
    let _stop = AbortOnDrop(renewer);
    for claimed in items {
        let item = match claimed {
            Ok(item) => item,
            // A kind no version wrote: sending it as one or the other would be a guess (a
            // call's body is an intent, not words for a patient).
            Err(unreadable) => {
                give_up(store, unreadable.id, &unreadable.error.to_string(), now).await?;
                pass.failed += 1;
                continue;
            }
        };
        let skip = if item.kind == Outgoing::Sms && store.is_opted_out(&item.to_phone).await? {
            Some("recipient sent STOP")
        } else {
            reminders.gate(&item, now).await?
        };
        if let Some(reason) = skip {
            store
                .finish_outbox(item.id, OutboxStatus::Skipped, None, Some(reason), now)
                .await?;
            pass.skipped += 1;
            continue;
        }
        // From the line the recipient last reached us on.
        let line = store.last_line(&item.to_phone).await?;
        match lines
            .send(item.kind, line.as_deref(), &item.to_phone, &item.body)
            .await
        {
            Ok(sid) => {
                store
                    .finish_outbox(item.id, OutboxStatus::Sent, Some(&sid), None, now)
                    .await?;
                pass.sent += 1;
            }
            Err(SendError::Temporary(e)) if item.attempts + 1 < MAX_ATTEMPTS => {
                let at = now + backoff(item.attempts);
                store.retry_outbox(item.id, at, &e).await?;
                pass.retried += 1;
            }
            Err(e) => {
                give_up(store, item.id, &e.to_string(), now).await?;
                pass.failed += 1;
            }
        }
    }
    Ok(pass)
}

/// Marks an item given up, with why as its last error.
async fn give_up(store: &Store, id: i64, error: &str, now: i64) -> Result<(), StoreError> {
    tracing::warn!(outbox = id, error, "outbound item given up");
    store
        .finish_outbox(id, OutboxStatus::Failed, None, Some(error), now)
        .await
}

/// Stops a background task when dropped (the lease renewer, however `drain` returns).
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Drains the outbox every `every` until the service shuts down (heard between passes).
pub async fn run(state: Arc<AppState>, lines: Lines, every: Duration) {
    let mut tick = tokio::time::interval(every);
    loop {
        // Shutdown is heard only between passes: a pass cut short could send a message
        // without marking it sent, and the lease's expiry would send it again.
        tokio::select! {
            _ = tick.tick() => {}
            _ = state.shutdown.cancelled() => return,
        }
        match drain(&state.store, &lines, &state.reminders(), 20, now_unix()).await {
            Ok(p) if p != Pass::default() => tracing::info!(?p, "outbox pass"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "outbox pass failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_five_seconds_to_an_hour() {
        assert_eq!([0, 1, 2, 3].map(backoff), [5, 10, 20, 40]);
        assert_eq!(backoff(20), 3600);
    }
}
