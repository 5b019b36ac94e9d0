//! The telephony edges: carriers' webhooks in, their XML out.
//!
//! Only this module knows carriers' field names, signatures and XML (`twilio`, `plivo`). An
//! edge verifies each request, parses it into a typed input ([`voice::VoiceRequest`],
//! [`inbound_sms::InboundSms`]) and renders the answer as its XML. What every edge shares
//! lives here, not in an edge: the voice policy ([`voice`]: the call's position, the webhook
//! budget, replays, the hold loop, speech, hang-ups), the SMS policy, claims and metrics.
//! When anything fails the caller still gets valid XML: an apology in their language and
//! the emergency number.

pub mod exotel;
pub mod inbound_sms;
pub mod lines;
pub mod plivo;
pub mod rest;
pub mod signature;
pub mod twilio;
pub mod voice;

use std::time::{Duration, Instant};

use crate::app::AppState;

/// A claim left unanswered this long was abandoned (its node died): another may take it.
pub(crate) const STALE_CLAIM_SECS: i64 = 30;
/// How often a duplicate looks for the first attempt's answer.
const CLAIM_POLL: Duration = Duration::from_millis(20);

/// Claims a request: `None` when this request is to do the work, `Some(answer)` to replay
/// what a concurrent or earlier attempt answered. A duplicate waits for the first attempt
/// within the webhook budget; past it, the caller's fallback answers.
pub(crate) async fn wait_for_claim<F, Fut>(
    claim: F,
    started: Instant,
    state: &AppState,
) -> Result<Option<String>, crate::store::StoreError>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<crate::store::Claim, crate::store::StoreError>>,
{
    let budget = Duration::from_millis(state.settings.webhook_budget_ms);
    loop {
        match claim().await? {
            crate::store::Claim::Mine => return Ok(None),
            crate::store::Claim::Answered(previous) => return Ok(Some(previous)),
            crate::store::Claim::Busy if started.elapsed() + CLAIM_POLL < budget => {
                metrics::counter!("doorstep_webhook_duplicates_waiting_total").increment(1);
                tokio::time::sleep(CLAIM_POLL).await;
            }
            crate::store::Claim::Busy => {
                return Err(crate::store::StoreError::Busy);
            }
        }
    }
}

/// Counts a webhook by route and outcome (`ok`, `fallback`, `timeout`, `ignored`), with its time.
pub(crate) fn record(route: &'static str, outcome: &'static str, started: Instant) {
    metrics::counter!("doorstep_webhooks_total", "route" => route, "outcome" => outcome)
        .increment(1);
    metrics::histogram!("doorstep_webhook_seconds", "route" => route)
        .record(started.elapsed().as_secs_f64());
}

/// Message text without control characters (which PostgreSQL and TwiML cannot carry).
pub(crate) fn clean_text(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

/// The parameters of a webhook URL's query (ours: the step, the position's key, a hint).
pub(crate) fn query_of(uri: &axum::http::Uri) -> std::collections::HashMap<String, String> {
    uri.query()
        .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
        .unwrap_or_default()
        .into_iter()
        .collect()
}

/// Parses `application/x-www-form-urlencoded` strictly: a bad `%` escape or invalid UTF-8 is
/// an error rather than silently replaced, so garbage is refused with 400, not mis-signed.
pub fn parse_form(body: &[u8]) -> Result<Vec<(String, String)>, String> {
    body.split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let mut kv = pair.splitn(2, |&b| b == b'=');
            let key = percent_decode(kv.next().unwrap_or_default())?;
            let value = percent_decode(kv.next().unwrap_or_default())?;
            Ok((key, value))
        })
        .collect()
}

fn percent_decode(raw: &[u8]) -> Result<String, String> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = raw
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok());
                let byte = hex.and_then(|h| u8::from_str_radix(h, 16).ok());
                out.push(byte.ok_or_else(|| format!("bad percent escape at byte {i}"))?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| "a field is not valid UTF-8".to_owned())
}

/// A webhook refused before the domain saw it (bad signature, garbled form): logged, counted
/// and answered with its reason in plain text, whichever carrier sent it.
pub(crate) fn refused(
    carrier: &'static str,
    status: axum::http::StatusCode,
    reason: &dyn std::fmt::Display,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    tracing::warn!(carrier, %status, %reason, "webhook refused");
    metrics::counter!("doorstep_webhooks_refused_total", "status" => status.as_u16().to_string())
        .increment(1);
    let text = [(
        axum::http::header::CONTENT_TYPE,
        "text/plain; charset=utf-8",
    )];
    (status, text, format!("{reason}\n")).into_response()
}
