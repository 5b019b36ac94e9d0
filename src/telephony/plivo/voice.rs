//! Plivo voice: the answer URL `POST /plivo/voice`, its steps under `/plivo/voice/…`, the
//! hang-up URL `POST /plivo/voice/status` and the fallback URL `POST /plivo/voice/fallback`,
//! all signed with `X-Plivo-Signature-V3`. Only Plivo's field names and XML live here; what
//! the call hears is the engine's, and when, the shared voice policy's.
//!
//! Plivo's words for the engine's inputs: `Digits` (a `GetInput` of keys), `Speech` (one of
//! speech, where the language has no recogniser of ours), `RecordUrl` with `RecordingID` (a
//! `Record`), `DialStatus` (a `Dial` ended), and `DialAction` on a bridge's `callbackUrl`
//! (the doctor pressed the `confirmKey` and was connected).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::{plivo_number, xml_response, PlivoError, PlivoForm};
use crate::app::AppState;
use crate::domain::{CallId, DialOutcome};
use crate::ivr::{CallEvent, Caller, Hearer, Input, Intent, Route};
use crate::telephony::clean_text;
use crate::telephony::voice::{self, Recording, Sound, Step, VoiceEdge, VoiceRequest};

/// The Plivo edge's half of the voice policy: its URLs and XML.
pub struct Plivo;

impl VoiceEdge for Plivo {
    fn name(&self) -> &'static str {
        "plivo"
    }

    fn render(&self, state: &AppState, route: Route, steps: &[Step]) -> String {
        // The whisper is Plivo's `confirmSound`: only `Speak`, `Play` and `Wait` count
        // there, and Plivo itself takes the `confirmKey`.
        if route == Route::Whisper {
            let heard: Vec<Step> = steps
                .iter()
                .flat_map(|s| match s {
                    Step::Ask { prompts, .. } => prompts.iter().cloned().map(Step::Speak).collect(),
                    Step::Speak(_) | Step::Pause(_) => vec![s.clone()],
                    _ => vec![],
                })
                .collect();
            return document(state, &heard);
        }
        document(state, steps)
    }

    /// Recordings are fetched with the account's credentials (Plivo may refuse them without).
    fn recording_auth(&self, state: &AppState) -> Option<(String, String)> {
        Some((
            state.settings.plivo_auth_id.clone()?,
            state.settings.plivo_auth_token.clone()?,
        ))
    }

    /// Media tickets are signed with the auth token that signs Plivo's webhooks.
    fn media_key(&self, state: &AppState) -> Option<Vec<u8>> {
        state
            .settings
            .plivo_auth_token
            .as_ref()
            .map(|t| t.as_bytes().to_vec())
    }
}

/// `POST /plivo/voice`: the answer URL of an incoming call or of a call we placed (Plivo
/// posts the hang-up here too when the application names no hang-up URL).
pub async fn incoming(
    State(state): State<Arc<AppState>>,
    form: PlivoForm,
) -> Result<Response, PlivoError> {
    if form.get("Event") == Some("Hangup") {
        return hung_up(&state, &form).await;
    }
    voice(state, Route::Incoming, form).await
}

/// `POST /plivo/voice/{step}`: the call's later steps, reached through our URLs.
pub async fn step(
    State(state): State<Arc<AppState>>,
    Path(step): Path<String>,
    form: PlivoForm,
) -> Result<Response, PlivoError> {
    let route = Route::parse(&step)
        .filter(|r| *r != Route::Incoming)
        .ok_or(PlivoError::UnknownStep(step))?;
    voice(state, route, form).await
}

/// `POST /plivo/voice/fallback`: Plivo's fallback answer URL, fetched when the answer URL
/// failed: the answer that needs no database (the apology, whose 0 is the emergency number).
pub async fn fallback(
    State(state): State<Arc<AppState>>,
    form: PlivoForm,
) -> Result<Response, PlivoError> {
    let request = voice_request(&state, Route::Incoming, &form)?;
    Ok(xml_response(voice::fallback(&state, &Plivo, request).await))
}

/// `POST /plivo/voice/status`: the hang-up URL (the call's end, with its duration).
pub async fn status(
    State(state): State<Arc<AppState>>,
    form: PlivoForm,
) -> Result<Response, PlivoError> {
    hung_up(&state, &form).await
}

async fn voice(
    state: Arc<AppState>,
    route: Route,
    form: PlivoForm,
) -> Result<Response, PlivoError> {
    let request = voice_request(&state, route, &form)?;
    Ok(xml_response(voice::answer(&state, &Plivo, request).await))
}

async fn hung_up(state: &AppState, form: &PlivoForm) -> Result<Response, PlivoError> {
    let sid = call_id(form)?;
    let status = form
        .get("CallStatus")
        .ok_or(PlivoError::Field("CallStatus"))?;
    // Plivo's words for a call's end, in the engine's.
    let status = match status {
        "cancel" => "canceled",
        "timeout" => "no-answer",
        s => s,
    };
    let inbound = form.get("Direction").is_none_or(|d| d == "inbound");
    let status = voice::CallStatus {
        sid,
        from: form.get("From").and_then(plivo_number),
        to: form
            .get("To")
            .and_then(plivo_number)
            .map(|n| n.as_str().to_owned())
            .unwrap_or_default(),
        status: status
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .take(32)
            .collect(),
        duration: form.get("Duration").and_then(|d| d.parse::<i64>().ok()),
        inbound,
        // A call we placed is known by the request UUID our Call request was answered with.
        placed_as: form
            .get("RequestUUID")
            .filter(|_| !inbound)
            .map(str::to_ascii_lowercase),
    };
    if !voice::call_status(state, &status).await {
        return Ok((StatusCode::SERVICE_UNAVAILABLE, "status not stored\n").into_response());
    }
    Ok(xml_response(document(state, &[])))
}

fn call_id(form: &PlivoForm) -> Result<CallId, PlivoError> {
    form.get("CallUUID")
        .and_then(|s| CallId::parse(s).ok())
        .ok_or(PlivoError::Field("CallUUID"))
}

/// A Plivo voice webhook as the engine's input.
fn voice_request(
    state: &AppState,
    route: Route,
    form: &PlivoForm,
) -> Result<VoiceRequest, PlivoError> {
    let sid = call_id(form)?;
    // On calls we place the person is the callee.
    let outbound = form.get("Direction") == Some("outbound");
    let person = if outbound {
        form.get("To")
    } else {
        form.get("From")
    };
    let caller = match person.and_then(plivo_number) {
        Some(p) => Caller::Number(p),
        // Plivo sends an empty or non-numeric From for a withheld caller ID.
        None => Caller::Withheld,
    };
    let to = if outbound {
        form.get("From")
    } else {
        form.get("To")
    };
    let to = to
        .and_then(plivo_number)
        .map(|n| n.as_str().to_owned())
        .unwrap_or_default();
    let digits: String = form
        .get("Digits")
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '*' || *c == '#')
        .collect();
    let speech = form
        .get("Speech")
        .map(clean_text)
        .filter(|s| !s.trim().is_empty());
    let input = if let Some(action) = form.get("DialAction") {
        // The bridge's callbackUrl: `connected` once the doctor pressed the confirm key.
        Input::Screened {
            accepted: action == "connected",
        }
    } else if let Some(outcome) = form.get("DialStatus").and_then(DialOutcome::parse) {
        Input::DialEnded(outcome)
    } else if let Some(text) = speech {
        Input::Utterance {
            text,
            heard_by: Hearer::Carrier,
        }
    } else if !digits.is_empty() {
        Input::Digits(digits)
    } else {
        Input::Start
    };
    let query = |name: &str| form.query.get(name).cloned();
    let mut event = CallEvent::new(sid, caller, to, route, input);
    event.language_hint = query("lang").and_then(|l| state.catalog.parse(&l));
    if route == Route::Incoming && outbound {
        event.intent = Intent::from_query(query);
    }
    let recording = form
        .get("RecordingID")
        .map(str::to_owned)
        .or_else(|| query("rec"))
        .map(|id| Recording {
            id: id
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .take(64)
                .collect(),
            url: form.get("RecordUrl").map(str::to_owned),
            holds: query("hold").and_then(|h| h.parse().ok()).unwrap_or(0),
        });
    Ok(VoiceRequest {
        event,
        step: query("n").and_then(|n| n.parse().ok()).unwrap_or(0),
        position: voice::position_key(query("at").as_deref()),
        attempt: voice::attempt(query("try").as_deref()),
        recording,
        after_stream: query("via").is_some_and(|v| v == "stream"),
    })
}

/// Plivo writes numbers without the plus; short numbers (108) as they are.
fn dialled(number: &crate::domain::PhoneNumber) -> String {
    number.as_str().trim_start_matches('+').to_owned()
}

/// A `<Response>` of Plivo XML for the steps.
fn document(state: &AppState, steps: &[Step]) -> String {
    let mut w = Writer::new(Vec::with_capacity(1024));
    let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let _ = w.write_event(Event::Start(BytesStart::new("Response")));
    for step in steps {
        write_step(&mut w, state, step);
    }
    let _ = w.write_event(Event::End(BytesEnd::new("Response")));
    String::from_utf8(w.into_inner()).expect("writer only receives UTF-8")
}

type Xml = Writer<Vec<u8>>;

fn element(w: &mut Xml, name: &str, attrs: &[(&str, &str)], text: Option<&str>) {
    let mut start = BytesStart::new(name);
    for (k, v) in attrs {
        start.push_attribute((*k, *v));
    }
    match text {
        None => {
            let _ = w.write_event(Event::Empty(start));
        }
        Some(t) => {
            let _ = w.write_event(Event::Start(start));
            let _ = w.write_event(Event::Text(BytesText::new(t)));
            let _ = w.write_event(Event::End(BytesEnd::new(name)));
        }
    }
}

fn write_sound(w: &mut Xml, state: &AppState, sound: &Sound) {
    match sound {
        Sound::Play(url) => element(w, "Play", &[], Some(url)),
        Sound::Say(p) => {
            let language = state
                .catalog
                .get(p.language.code())
                .map(|l| l.say_language.clone())
                .unwrap_or_else(|| "en-IN".into());
            element(
                w,
                "Speak",
                &[("language", &language), ("voice", "WOMAN")],
                Some(&p.text),
            );
        }
    }
}

fn with_prompts(
    w: &mut Xml,
    state: &AppState,
    name: &str,
    attrs: &[(&str, &str)],
    prompts: &[Sound],
) {
    let mut start = BytesStart::new(name);
    for (k, v) in attrs {
        start.push_attribute((*k, *v));
    }
    let _ = w.write_event(Event::Start(start));
    for p in prompts {
        write_sound(w, state, p);
    }
    let _ = w.write_event(Event::End(BytesEnd::new(name)));
}

fn write_step(w: &mut Xml, state: &AppState, step: &Step) {
    match step {
        Step::Speak(s) => write_sound(w, state, s),
        Step::Pause(length) => element(w, "Wait", &[("length", &length.to_string())], None),
        // No key falls through to the next element (our redirect for silence).
        Step::Ask {
            prompts,
            digits,
            action,
        } => {
            let count = digits.to_string();
            let mut attrs = vec![
                ("action", action.as_str()),
                ("method", "POST"),
                ("inputType", "dtmf"),
                ("executionTimeout", "6"),
                ("finishOnKey", "#"),
                ("redirect", "true"),
            ];
            if *digits > 0 {
                attrs.push(("numDigits", &count));
            }
            with_prompts(w, state, "GetInput", &attrs, prompts);
        }
        // A WAV for our recogniser, ended by 3 s of silence or `#`.
        Step::Record { prompts, action } => {
            for p in prompts {
                write_sound(w, state, p);
            }
            element(
                w,
                "Record",
                &[
                    ("action", action),
                    ("method", "POST"),
                    ("fileFormat", "wav"),
                    ("maxLength", "30"),
                    ("timeout", "3"),
                    ("playBeep", "true"),
                    ("finishOnKey", "#"),
                    ("redirect", "true"),
                ],
                None,
            );
        }
        Step::CarrierListen {
            prompts,
            action,
            language,
        } => {
            let code = state
                .catalog
                .get(language.code())
                .map(|l| l.say_language.clone())
                .unwrap_or_else(|| "en-IN".into());
            let attrs = [
                ("action", action.as_str()),
                ("method", "POST"),
                ("inputType", "speech"),
                ("language", code.as_str()),
                ("executionTimeout", "10"),
                ("speechEndTimeout", "auto"),
                ("redirect", "true"),
            ];
            with_prompts(w, state, "GetInput", &attrs, prompts);
        }
        // A bidirectional stream that holds the call while it is open; the ticket travels
        // in its extra headers (letters and digits only), and the redirect after it runs
        // when the stream ends.
        Step::Stream {
            prompts,
            url,
            ticket,
            action,
        } => {
            for p in prompts {
                write_sound(w, state, p);
            }
            let extra = format!("ticket={ticket}");
            element(
                w,
                "Stream",
                &[
                    ("bidirectional", "true"),
                    ("keepCallAlive", "true"),
                    ("contentType", "audio/x-mulaw;rate=8000"),
                    ("extraHeaders", &extra),
                ],
                Some(url),
            );
            element(w, "Redirect", &[("method", "POST")], Some(action));
        }
        Step::Redirect(url) => element(w, "Redirect", &[("method", "POST")], Some(url)),
        Step::Dial { number, action } => {
            let mut dial = BytesStart::new("Dial");
            for (k, v) in [
                ("action", action.as_str()),
                ("method", "POST"),
                ("timeout", "30"),
                ("redirect", "true"),
            ] {
                dial.push_attribute((k, v));
            }
            let _ = w.write_event(Event::Start(dial));
            element(w, "Number", &[], Some(&dialled(number)));
            let _ = w.write_event(Event::End(BytesEnd::new("Dial")));
        }
        // The doctor hears the whisper (`confirmSound`) and accepts with 1 (`confirmKey`);
        // Plivo tells `callbackUrl` when the two are connected.
        Step::Bridge {
            number,
            whisper,
            screened,
            action,
        } => {
            let mut dial = BytesStart::new("Dial");
            for (k, v) in [
                ("action", action.as_str()),
                ("method", "POST"),
                ("timeout", "20"),
                ("redirect", "true"),
                ("confirmSound", whisper.as_str()),
                ("confirmKey", "1"),
                ("confirmTimeout", "30"),
                ("callbackUrl", screened.as_str()),
                ("callbackMethod", "POST"),
            ] {
                dial.push_attribute((k, v));
            }
            let _ = w.write_event(Event::Start(dial));
            element(w, "Number", &[], Some(&dialled(number)));
            let _ = w.write_event(Event::End(BytesEnd::new("Dial")));
        }
        // A `Hangup` before anything is answered rejects the call: a missed call stays free.
        Step::Reject => element(w, "Hangup", &[("reason", "busy")], None),
        Step::Hangup => element(w, "Hangup", &[], None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_dialled_without_the_plus_and_short_numbers_as_they_are() {
        let p = crate::domain::PhoneNumber::parse("+919811122299").unwrap();
        assert_eq!(dialled(&p), "919811122299");
        let e = crate::domain::PhoneNumber::parse_dialable("108").unwrap();
        assert_eq!(dialled(&e), "108");
    }
}
