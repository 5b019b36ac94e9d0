//! An inbound SMS, whichever carrier brought it: claimed once in the database (a carrier's
//! retry or a concurrent duplicate replays the first answer), answered by `sms` within the
//! webhook budget, and answered without storage (an emergency still recognised, the message
//! and its reply spooled) when storage fails or stalls. The edges only parse their carrier's
//! form into an [`InboundSms`] and render the reply in their carrier's XML.

use std::time::{Duration, Instant};

use super::{wait_for_claim, STALE_CLAIM_SECS};
use crate::app::AppState;
use crate::domain::{MessageSid, PhoneNumber, Redacted};
use crate::sms::{Sms, SmsEvent};

/// A text as a carrier delivered it.
#[derive(Clone, Debug)]
pub struct InboundSms {
    /// The carrier's id of the message (Twilio's `SM…`, Plivo's MessageUUID).
    pub id: MessageSid,
    pub from: PhoneNumber,
    /// Our number it was sent to, as the carrier wrote it.
    pub to: String,
    /// The text, without control characters.
    pub body: String,
}

/// The reply to send back (empty for none) and the outcome, for the webhook's metrics.
pub async fn answer(
    state: &AppState,
    sms: &InboundSms,
    started: Instant,
) -> (String, &'static str) {
    tracing::debug!(sender = %sms.from, body = %Redacted(&sms.body), "sms webhook");
    let service = state.sms();
    let work = async {
        let claim = || async {
            let now = crate::domain::now_unix();
            state
                .store
                .claim_sms(
                    &sms.id,
                    &sms.from,
                    &sms.to,
                    &sms.body,
                    now,
                    STALE_CLAIM_SECS,
                )
                .await
        };
        if let Some(previous) = wait_for_claim(claim, started, state).await? {
            metrics::counter!("doorstep_webhook_replays_total").increment(1);
            return Ok(previous);
        }
        let event = SmsEvent {
            from: sms.from.clone(),
            body: sms.body.clone(),
        };
        let reply = match service.handle(&event).await {
            Ok(reply) => reply,
            Err(e) => {
                let _ = state.store.release_sms(&sms.id).await;
                return Err(e);
            }
        };
        state
            .store
            .answer_sms(&sms.id, reply.language.code(), &reply.text)
            .await?;
        Ok(reply.text)
    };
    let budget = Duration::from_millis(state.settings.webhook_budget_ms);
    let (text, outcome) = match tokio::time::timeout(budget, work).await {
        Ok(Ok(text)) => (text, "ok"),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "sms failed; answering without storage");
            (without_store(state, &service, sms).await, "fallback")
        }
        Err(_) => {
            tracing::error!("sms too slow; answering without storage");
            (without_store(state, &service, sms).await, "timeout")
        }
    };
    (text, outcome)
}

/// The reply when storage failed or stalled (an emergency is still recognised), with the
/// message and its reply spooled to be stored later.
async fn without_store(state: &AppState, service: &Sms<'_>, sms: &InboundSms) -> String {
    let reply = service.without_store(&sms.body);
    let entry = crate::spool::Spooled::Sms {
        sid: sms.id.as_str().to_owned(),
        from: sms.from.as_str().to_owned(),
        to: sms.to.clone(),
        body: sms.body.clone(),
        language: reply.language.code().to_owned(),
        reply: reply.text.clone(),
        at: crate::domain::now_unix(),
    };
    state
        .spool
        .push_within(entry, crate::spool::PUSH_WITHIN)
        .await;
    reply.text
}
