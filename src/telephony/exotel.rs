//! Exotel's side of a hand-off. Over Exotel a whole call runs on its Voicebot stream
//! ([`crate::media::socket::exotel`]), and when the stream ends Exotel's flow goes on to the
//! applet after it, which takes no XML. The flow's next applet is a Connect applet whose
//! "dial whom" is a dynamic URL, `GET /exotel/connect`: Exotel asks it whom to dial and
//! expects JSON (its Programmable Connect, version 1.0), and an empty list of numbers sends
//! the flow on to its "nobody dialled" branch (a Hangup applet).
//!
//! A stream that leaves the call (the emergency number, a doctor) stores that answer before
//! it closes, as the stream's hand-off does for a webhook ([`store_handoff`]); the Connect
//! applet's request claims and replays it. When nothing was stored (the stream dropped, or a
//! node died mid-turn), the call's stored triage decides: an emergency is still dialled.
//!
//! Exotel signs no request: this URL takes the same basic-auth pair as the Voicebot's
//! (`EXOTEL_STREAM_USER`, `EXOTEL_STREAM_PASSWORD`), written into the applet's URL.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::app::AppState;
use crate::domain::CallId;
use crate::ivr::{Action, CallEvent, Input, Route};
use crate::store::Claim;

/// The one step an Exotel call stores: the Connect applet's answer.
const CONNECT_STEP: i64 = 1;
const CONNECT_ROUTE: &str = "exotel-connect";
/// How long Exotel rings a doctor before the flow's "no answer" branch.
const DOCTOR_RINGING_SECS: u32 = 45;

/// What the Connect applet sends (others are ignored).
#[derive(Debug, Deserialize)]
pub struct ConnectQuery {
    #[serde(rename = "CallSid")]
    call_sid: String,
}

/// `GET /exotel/connect` (and the `HEAD` Exotel makes first): whom to dial after the
/// Voicebot.
pub async fn connect(
    State(state): State<Arc<AppState>>,
    method: axum::http::Method,
    headers: HeaderMap,
    query: Result<Query<ConnectQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    if let Some(refused) = refusal(&state, &headers) {
        return refused;
    }
    let sid = match query.as_ref().map(|q| CallId::parse_exotel(&q.call_sid)) {
        Ok(Ok(sid)) => sid,
        _ => return (StatusCode::BAD_REQUEST, "CallSid is missing or malformed").into_response(),
    };
    // Exotel's HEAD checks the headers only: it must not claim the step the stream's
    // hand-off is stored in.
    if method == axum::http::Method::HEAD {
        return [(header::CONTENT_TYPE, "application/json")].into_response();
    }
    let started = std::time::Instant::now();
    let body = match answer(&state, &sid).await {
        Ok(body) => {
            super::record("exotel-connect", "ok", started);
            body
        }
        Err(e) => {
            // Storage failed: an emergency in this call cannot be told from here, and the
            // safe answer to "whom" when nothing is known is nobody (the flow's next applet).
            tracing::error!(error = %e, "an Exotel connect request could not read the call");
            super::record("exotel-connect", "fallback", started);
            nobody()
        }
    };
    (
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

async fn answer(
    state: &AppState,
    sid: &CallId,
) -> Result<serde_json::Value, crate::store::StoreError> {
    let claim = || {
        state.store.claim_step(
            sid,
            CONNECT_STEP,
            CONNECT_ROUTE,
            crate::domain::now_unix(),
            super::STALE_CLAIM_SECS,
        )
    };
    let mine = match super::wait_for_claim(claim, std::time::Instant::now(), state).await {
        Ok(Some(stored)) => return Ok(serde_json::from_str(&stored).unwrap_or_else(|_| nobody())),
        Ok(None) => true,
        // The stream's hand-off is still being stored: answer from the triage, store nothing.
        Err(crate::store::StoreError::Busy) => false,
        Err(e) => return Err(e),
    };
    // Nothing was handed off: the call's own triage says whether help must still be dialled.
    let body = match emergency_dial(state, sid).await? {
        Some(body) => {
            tracing::warn!("an Exotel stream ended without its hand-off: the emergency is dialled");
            body
        }
        None => nobody(),
    };
    if mine {
        state
            .store
            .answer_step(sid, CONNECT_STEP, &body.to_string(), &[])
            .await?;
    }
    Ok(body)
}

/// What the Passthru applet after the Connect sends (others are ignored).
#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    #[serde(rename = "CallSid")]
    call_sid: String,
    /// `completed` (a conversation happened), `client-hangup` (the caller hung up while it
    /// rang), `incomplete` (nobody answered).
    #[serde(rename = "CallType", default)]
    call_type: String,
}

/// `GET /exotel/connect/done`: the Passthru applet after the Connect applet, on each of its
/// branches, says how the dial ended, which Exotel tells nowhere else. A doctor's
/// consultation that took place is accepted and completes (its follow-up is planned); one
/// the doctor did not answer goes back to the queue with the caller's place kept, the doctor
/// is freed, and the caller is told by SMS that a doctor will call. A repeated report
/// changes nothing.
pub async fn connect_done(
    State(state): State<Arc<AppState>>,
    method: axum::http::Method,
    headers: HeaderMap,
    query: Result<Query<DoneQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    if let Some(refused) = refusal(&state, &headers) {
        return refused;
    }
    let Ok(Query(q)) = query else {
        return (StatusCode::BAD_REQUEST, "CallSid is missing").into_response();
    };
    let Ok(sid) = CallId::parse_exotel(&q.call_sid) else {
        return (StatusCode::BAD_REQUEST, "CallSid is malformed").into_response();
    };
    // A HEAD checks the URL only: the dial's outcome comes with the GET.
    if method == axum::http::Method::HEAD {
        return StatusCode::OK.into_response();
    }
    let started = std::time::Instant::now();
    match dial_ended(&state, &sid, &q.call_type).await {
        Ok(()) => {
            super::record("exotel-connect-done", "ok", started);
            (StatusCode::OK, "ok").into_response()
        }
        Err(e) => {
            // Exotel does not retry a passthru: the doctor's engagement goes stale and the
            // consultation stays in the operator's queue.
            tracing::error!(error = %e, "an Exotel dial's outcome could not be stored");
            super::record("exotel-connect-done", "fallback", started);
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

async fn dial_ended(
    state: &AppState,
    sid: &CallId,
    call_type: &str,
) -> Result<(), crate::store::StoreError> {
    use crate::store::ConsultationStatus::Requested;
    let Some(c) = state.store.open_consultation_for_call(sid.as_str()).await? else {
        return Ok(());
    };
    if c.status != Requested {
        return Ok(());
    }
    let patient = crate::store::stored_phone(&c.patient_phone)?;
    let at = |route: Route, input: Input| {
        CallEvent::new(
            sid.clone(),
            crate::ivr::Caller::Number(patient.clone()),
            String::new(),
            route,
            input,
        )
        .at(&crate::ivr::Next::about(route, c.id))
    };
    let ivr = state.ivr();
    if call_type == "completed" {
        // Answering was accepting (Exotel has no accept-by-key); the talk is over.
        ivr.handle(&at(Route::WhisperAnswer, Input::Digits("1".into())))
            .await?;
        ivr.handle(&at(
            Route::DoctorDone,
            Input::DialEnded(crate::domain::DialOutcome::Completed),
        ))
        .await?;
        return Ok(());
    }
    // Not answered, or the caller hung up while it rang: the doctor is freed and the caller
    // keeps their place in the queue (the flow has no way back to the caller now).
    ivr.handle(&at(
        Route::DoctorDone,
        Input::DialEnded(crate::domain::DialOutcome::Canceled),
    ))
    .await?;
    let key = format!("consultation:{}:queued", c.id);
    text_doctor_booked(state, &patient, c.language.as_deref(), c.id, &key).await
}

/// Tells a caller by SMS, in their language, the reference under which a doctor will call
/// them back (once per `key`).
async fn text_doctor_booked(
    state: &AppState,
    phone: &crate::domain::PhoneNumber,
    language: Option<&str>,
    reference: i64,
    key: &str,
) -> Result<(), crate::store::StoreError> {
    let language = language
        .and_then(|code| state.catalog.parse(code))
        .unwrap_or_else(|| state.catalog.fallback());
    let note = state.catalog.text(
        &language,
        "sms-doctor-booked",
        &[
            ("ref", reference.into()),
            ("emergency", state.settings.emergency_number.as_str().into()),
        ],
    );
    state
        .store
        .enqueue_outbox(crate::store::Outgoing::Sms, phone, &note, key)
        .await?;
    Ok(())
}

/// The Connect applet's answer dialling the emergency number, when the call's triage found
/// an emergency.
async fn emergency_dial(
    state: &AppState,
    sid: &CallId,
) -> Result<Option<serde_json::Value>, crate::store::StoreError> {
    let triage = state.store.call_triage(sid.as_str()).await?;
    Ok(
        (triage.and_then(|t| t.urgency).as_deref() == Some("emergency"))
            .then(|| dial(state.settings.emergency_number.as_str(), None, None)),
    )
}

/// The answer refusing an applet's request, unless Exotel streams are configured here and
/// the request carries the applets' basic-auth pair.
fn refusal(state: &AppState, headers: &HeaderMap) -> Option<Response> {
    let Some(creds) = state.settings.exotel_stream.as_ref() else {
        return Some(StatusCode::NOT_FOUND.into_response());
    };
    if basic_auth_holds(headers, creds) {
        return None;
    }
    tracing::warn!("an Exotel applet's request without the right basic auth was refused");
    metrics::counter!("doorstep_webhook_forbidden_total", "carrier" => "exotel").increment(1);
    Some(
        (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Basic realm=\"doorstep\"")],
        )
            .into_response(),
    )
}

/// Whether a request carries the Exotel applets' basic-auth pair (compared in constant time).
pub fn basic_auth_holds(
    headers: &axum::http::HeaderMap,
    creds: &crate::config::ExotelStream,
) -> bool {
    use base64::Engine as _;
    let expected = base64::engine::general_purpose::STANDARD
        .encode(format!("{}:{}", creds.user, creds.password));
    let given = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .unwrap_or_default();
    bool::from(subtle::ConstantTimeEq::ct_eq(
        given.as_bytes(),
        expected.as_bytes(),
    ))
}

/// Stores what the Connect applet after the stream answers, from the turn that leaves the
/// stream: its dial or bridge (a doctor hears the call's summary when they answer); a
/// question the stream could not carry on with goes to a doctor ([`carry_on`]); a hang-up
/// dials nobody. If the applet asked first (the stream outlived the caller's patience), its
/// answer stands.
pub async fn store_handoff(
    state: &AppState,
    ev: &CallEvent,
    actions: &[Action],
) -> Result<(), crate::store::StoreError> {
    let claim = state
        .store
        .claim_step(
            &ev.sid,
            CONNECT_STEP,
            CONNECT_ROUTE,
            crate::domain::now_unix(),
            super::STALE_CLAIM_SECS,
        )
        .await?;
    if claim != Claim::Mine {
        tracing::warn!(
            "an Exotel hand-off came after the Connect applet had asked: its answer stands"
        );
        return Ok(());
    }
    let leaving = actions.iter().find(|a| !matches!(a, Action::Say(_)));
    let body = match leaving {
        Some(Action::Dial { number, .. }) => dial(number.as_str(), None, None),
        Some(Action::Bridge {
            number, whisper, ..
        }) => bridge(state, ev, number.as_str(), whisper).await,
        None | Some(Action::Hangup | Action::Reject | Action::Say(_)) => nobody(),
        // A question the stream could not carry on with (its audio could not be made, or the
        // conversation ran past its turns): Exotel has no webhook to go on in, so a doctor.
        Some(Action::Ask { .. } | Action::Listen { .. } | Action::Redirect(_)) => {
            carry_on(state, ev).await?
        }
    };
    state
        .store
        .answer_step(&ev.sid, CONNECT_STEP, &body.to_string(), &[])
        .await
}

/// The Connect applet's answer when the conversation could not go on over the stream: an
/// emergency in the call's triage is dialled; otherwise the doctor's step decides (a free
/// doctor is dialled, who hears the summary; else the caller is queued for a doctor's
/// callback, told by SMS). Where that step needs a choice the stream can no longer ask
/// (which patient, on a shared phone), a doctor's callback is booked and told by SMS.
async fn carry_on(
    state: &AppState,
    ev: &CallEvent,
) -> Result<serde_json::Value, crate::store::StoreError> {
    if let Some(body) = emergency_dial(state, &ev.sid).await? {
        return Ok(body);
    }
    tracing::warn!("an Exotel conversation could not go on over its stream: a doctor");
    let turn = CallEvent::new(
        ev.sid.clone(),
        ev.caller.clone(),
        ev.to.clone(),
        Route::Doctor,
        Input::Start,
    );
    let actions = state.ivr().handle(&turn).await?;
    if let Some(Action::Bridge {
        number, whisper, ..
    }) = actions.iter().find(|a| matches!(a, Action::Bridge { .. }))
    {
        return Ok(bridge(state, ev, number.as_str(), whisper).await);
    }
    let asks = actions
        .iter()
        .any(|a| matches!(a, Action::Ask { .. } | Action::Listen { .. }));
    if asks {
        book_callback(state, ev).await?;
    }
    Ok(nobody())
}

/// A doctor's callback for the caller, told by SMS in the call's language (a withheld
/// number cannot be called back).
async fn book_callback(state: &AppState, ev: &CallEvent) -> Result<(), crate::store::StoreError> {
    let crate::ivr::Caller::Number(phone) = &ev.caller else {
        return Ok(());
    };
    let call = state.store.call_state(&ev.sid).await?;
    let patient = call.as_ref().and_then(|c| c.patient_id);
    let reference = state
        .store
        .request_callback(phone, patient, "doctor", "voice")
        .await?;
    let language = call.and_then(|c| c.language);
    let key = format!("callback:{reference}:sms");
    text_doctor_booked(state, phone, language.as_deref(), reference, &key).await
}

/// Dials a doctor, who hears the call's summary as they answer. Exotel's Connect has no
/// accept-by-key and tells nothing of the doctor's answer here: the consultation stays
/// requested, with the doctor it was offered to, where the operator's queue shows it.
async fn bridge(
    state: &AppState,
    ev: &CallEvent,
    number: &str,
    whisper: &crate::ivr::Next,
) -> serde_json::Value {
    let summary = whisper_text(state, ev, whisper).await;
    dial(number, summary.as_deref(), Some(DOCTOR_RINGING_SECS))
}

/// The summary a doctor hears before the bridge: the engine's whisper turn, whose first
/// prompt is the summary (Exotel reads it out; its accept-by-key has no Exotel counterpart).
async fn whisper_text(
    state: &AppState,
    ev: &CallEvent,
    whisper: &crate::ivr::Next,
) -> Option<String> {
    let turn = CallEvent::new(
        ev.sid.clone(),
        ev.caller.clone(),
        ev.to.clone(),
        Route::Whisper,
        Input::Start,
    )
    .at(whisper);
    match state.ivr().handle(&turn).await {
        Ok(actions) => actions.into_iter().find_map(|a| match a {
            Action::Ask { prompts, .. } => prompts.into_iter().next().map(|p| p.text),
            Action::Say(p) => Some(p.text),
            _ => None,
        }),
        Err(e) => {
            tracing::error!(error = %e, "the doctor's summary could not be made");
            None
        }
    }
}

/// Programmable Connect's answer dialling one number, with what its callee hears first.
fn dial(number: &str, to_callee: Option<&str>, ringing_secs: Option<u32>) -> serde_json::Value {
    let mut body = json!({
        "fetch_after_attempt": false,
        "destination": { "numbers": [number] },
        "record": false,
    });
    if let Some(secs) = ringing_secs {
        body["max_ringing_duration"] = secs.into();
    }
    if let Some(text) = to_callee {
        body["start_call_playback"] = json!({
            "playback_to": "callee",
            "type": "text",
            "value": text,
        });
    }
    body
}

/// No one to dial: the flow goes on to its "nobody dialled" branch.
fn nobody() -> serde_json::Value {
    json!({ "fetch_after_attempt": false, "destination": { "numbers": [] } })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dial_names_one_number_and_what_the_callee_hears() {
        let body = dial("+919800000001", Some("Fever, two days."), Some(45));
        assert_eq!(body["destination"]["numbers"], json!(["+919800000001"]));
        assert_eq!(body["start_call_playback"]["playback_to"], "callee");
        assert_eq!(body["start_call_playback"]["value"], "Fever, two days.");
        assert_eq!(body["max_ringing_duration"], 45);
        assert_eq!(dial("108", None, None).get("start_call_playback"), None);
        assert_eq!(nobody()["destination"]["numbers"], json!([]));
    }
}
