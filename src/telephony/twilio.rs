//! The Twilio edge: signed form posts to `/twilio/voice…` and `/twilio/sms`, TwiML out.
//! Only Twilio's field names, signature and TwiML live here; what a call hears and when is
//! the shared voice policy's (`telephony::voice`) and the engine's (`ivr`).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::inbound_sms::InboundSms;
use super::voice::{self, Sound, Step, VoiceEdge, VoiceRequest};
use super::{clean_text, parse_form, record};
use crate::app::AppState;
use crate::domain::{mask, CallId, DialOutcome, MessageSid, PhoneNumber};
use crate::ivr::{CallEvent, Caller, Hearer, Input, Intent, Route};
use crate::twiml::{self, Dial, DialTarget, Gather, Record, Say, Verb};

/// Why a webhook was refused before the domain saw it.
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    #[error("missing X-Twilio-Signature header")]
    MissingSignature,
    #[error("X-Twilio-Signature does not match this request")]
    BadSignature,
    #[error("body is not application/x-www-form-urlencoded: {0}")]
    Garbled(String),
    #[error("request body is larger than 64 KiB")]
    TooLarge,
    #[error("missing or invalid field {0}")]
    Field(&'static str),
    #[error("unknown voice step '{0}'")]
    UnknownStep(String),
}

impl IntoResponse for WebhookError {
    fn into_response(self) -> Response {
        let status = match self {
            Self::MissingSignature | Self::BadSignature => StatusCode::FORBIDDEN,
            Self::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnknownStep(_) => StatusCode::NOT_FOUND,
            Self::Garbled(_) | Self::Field(_) => StatusCode::BAD_REQUEST,
        };
        super::refused("twilio", status, &self)
    }
}

/// A Twilio form post whose signature has been checked against the public URL.
pub struct SignedForm {
    /// Every POST parameter, in the order sent.
    pub params: Vec<(String, String)>,
    /// The query string's parameters (our own, carried in `action` URLs).
    pub query: HashMap<String, String>,
}

impl SignedForm {
    fn get(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl FromRequest<Arc<AppState>> for SignedForm {
    type Rejection = WebhookError;

    async fn from_request(req: Request, state: &Arc<AppState>) -> Result<Self, Self::Rejection> {
        let uri: Uri = req.uri().clone();
        let headers: HeaderMap = req.headers().clone();
        let body = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                WebhookError::TooLarge
            } else {
                WebhookError::Garbled(rejection.body_text())
            }
        })?;
        let params = parse_form(&body).map_err(WebhookError::Garbled)?;
        // Twilio's signature covers sorted pairs, so a repeated or run-together field could
        // be replayed with its meaning changed: refuse what Twilio never sends.
        check_fields(&params).map_err(WebhookError::Garbled)?;
        let signature = headers
            .get("x-twilio-signature")
            .and_then(|v| v.to_str().ok())
            .ok_or(WebhookError::MissingSignature)?;
        let path_and_query = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
        let url = format!("{}{}", state.settings.public_url, path_and_query);
        if !super::signature::validate(&state.settings.twilio_auth_token, &url, &params, signature)
        {
            return Err(WebhookError::BadSignature);
        }
        Ok(Self {
            params,
            query: super::query_of(&uri),
        })
    }
}

/// Twilio's call statuses (`CallStatus`) and a `<Dial>`'s outcomes (`DialCallStatus`).
const CALL_STATUSES: [&str; 10] = [
    "queued",
    "initiated",
    "ringing",
    "in-progress",
    "answered",
    "completed",
    "busy",
    "failed",
    "no-answer",
    "canceled",
];

/// Refuses a form with a repeated field, or a field whose value is outside its grammar
/// (statuses from Twilio's list, keys only digits, `*` and `#`, SIDs by pattern).
pub fn check_fields(params: &[(String, String)]) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for (key, value) in params {
        if !seen.insert(key.as_str()) {
            return Err(format!("field {key} appears twice"));
        }
        let sid = |prefix: &[&str]| {
            value.len() == 34
                && prefix.iter().any(|p| value.starts_with(p))
                && value[2..].bytes().all(|b| b.is_ascii_hexdigit())
        };
        let ok = match key.as_str() {
            "CallSid" | "ParentCallSid" | "DialCallSid" => sid(&["CA"]),
            "MessageSid" | "SmsSid" | "SmsMessageSid" => sid(&["SM", "MM"]),
            "AccountSid" => sid(&["AC"]),
            "RecordingSid" => sid(&["RE"]),
            "CallStatus" | "DialCallStatus" => CALL_STATUSES.contains(&value.as_str()),
            // `hangup`: the caller hung up to end a `<Record>`.
            "Digits" => {
                value == "hangup"
                    || value
                        .bytes()
                        .all(|b| b.is_ascii_digit() || b == b'*' || b == b'#')
            }
            "Direction" => matches!(value.as_str(), "inbound" | "outbound-api" | "outbound-dial"),
            "CallDuration" | "DialCallDuration" | "RecordingDuration" | "NumMedia"
            | "NumSegments" => {
                let digits = value.strip_prefix('-').unwrap_or(value);
                !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
            }
            _ => true,
        };
        if !ok {
            return Err(format!("field {key} is not valid"));
        }
    }
    Ok(())
}

fn twiml_response(xml: String) -> Response {
    (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        xml,
    )
        .into_response()
}

/// `POST /twilio/voice`: an incoming call, or the first webhook of a call we placed.
pub async fn voice_incoming(
    State(state): State<Arc<AppState>>,
    form: SignedForm,
) -> Result<Response, WebhookError> {
    voice(state, Route::Incoming, form).await
}

/// `POST /twilio/voice/{step}`: the call's later steps, reached through `action` URLs.
pub async fn voice_step(
    State(state): State<Arc<AppState>>,
    Path(step): Path<String>,
    form: SignedForm,
) -> Result<Response, WebhookError> {
    let route = Route::parse(&step)
        .filter(|r| *r != Route::Incoming)
        .ok_or(WebhookError::UnknownStep(step))?;
    voice(state, route, form).await
}

async fn voice(
    state: Arc<AppState>,
    route: Route,
    form: SignedForm,
) -> Result<Response, WebhookError> {
    let request = voice_request(&state, route, &form)?;
    Ok(twiml_response(
        voice::answer(&state, &Twilio, request).await,
    ))
}

/// The Twilio edge's half of the voice policy: its URLs and TwiML.
pub struct Twilio;

impl VoiceEdge for Twilio {
    fn name(&self) -> &'static str {
        "twilio"
    }

    fn render(&self, state: &AppState, _route: Route, steps: &[Step]) -> String {
        twiml::render(
            &steps
                .iter()
                .flat_map(|s| verbs(state, s))
                .collect::<Vec<_>>(),
        )
    }

    /// Recordings are fetched with the account's credentials.
    fn recording_auth(&self, state: &AppState) -> Option<(String, String)> {
        let account = state.settings.twilio_account_sid.clone()?;
        Some((account, state.settings.twilio_auth_token.clone()))
    }

    /// Media tickets are signed with the auth token that signs Twilio's webhooks.
    fn media_key(&self, state: &AppState) -> Option<Vec<u8>> {
        Some(state.settings.twilio_auth_token.as_bytes().to_vec())
    }
}

/// A Twilio voice webhook as the engine's input: the keys (`Digits`), Twilio's transcript
/// (`SpeechResult`), a recording (`RecordingSid`, or a hold's `rec`), or a dial's outcome
/// (`DialCallStatus`).
fn voice_request(
    state: &AppState,
    route: Route,
    form: &SignedForm,
) -> Result<VoiceRequest, WebhookError> {
    let sid = form
        .get("CallSid")
        .and_then(|s| CallId::parse(s).ok())
        .ok_or(WebhookError::Field("CallSid"))?;
    // On calls we place (callbacks, the doctor's leg of a bridge) the person is the callee.
    let outbound = form
        .get("Direction")
        .is_some_and(|d| d.starts_with("outbound"));
    let person = if outbound {
        form.get("To")
    } else {
        form.get("From")
    };
    let caller = match person.map(PhoneNumber::parse) {
        // Twilio sends "anonymous", "+266696687" or nothing for a withheld caller ID.
        Some(Ok(p)) if p.as_str() != "+266696687" => Caller::Number(p),
        _ => Caller::Withheld,
    };
    let digits: Option<String> = form.get("Digits").map(|d| {
        d.chars()
            .filter(|c| c.is_ascii_digit() || *c == '*' || *c == '#')
            .collect()
    });
    let input = if let Some(outcome) = form.get("DialCallStatus").and_then(DialOutcome::parse) {
        Input::DialEnded(outcome)
    } else if let Some(text) = form.get("SpeechResult") {
        Input::Utterance {
            text: clean_text(text),
            heard_by: Hearer::Carrier,
        }
    } else {
        match digits {
            Some(d) if !d.is_empty() => Input::Digits(d),
            _ => Input::Start,
        }
    };
    let mut event = CallEvent::new(
        sid,
        caller,
        form.get("To").unwrap_or("").to_owned(),
        route,
        input,
    );
    event.language_hint = form.query.get("lang").and_then(|l| state.catalog.parse(l));
    if route == Route::Incoming && outbound {
        event.intent = Intent::from_query(|k| form.query.get(k).cloned());
    }
    let recording = form
        .get("RecordingSid")
        .map(str::to_owned)
        .or_else(|| form.query.get("rec").cloned())
        .map(|id| voice::Recording {
            id: id
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .take(64)
                .collect(),
            url: form.get("RecordingUrl").map(str::to_owned),
            holds: form
                .query
                .get("hold")
                .and_then(|h| h.parse().ok())
                .unwrap_or(0),
        });
    Ok(VoiceRequest {
        event,
        step: form
            .query
            .get("n")
            .and_then(|n| n.parse().ok())
            .unwrap_or(0),
        position: voice::position_key(form.query.get("at").map(String::as_str)),
        attempt: voice::attempt(form.query.get("try").map(String::as_str)),
        recording,
        after_stream: form.query.get("via").is_some_and(|v| v == "stream"),
    })
}

fn prompts(state: &AppState, sounds: &[Sound]) -> Vec<Verb> {
    sounds.iter().map(|s| sound(state, s)).collect()
}

fn sound(state: &AppState, s: &Sound) -> Verb {
    match s {
        Sound::Play(url) => Verb::Play {
            url: url.clone(),
            loop_count: None,
        },
        Sound::Say(p) => {
            let info = state.catalog.get(p.language.code());
            Verb::Say(Say {
                text: p.text.clone(),
                language: info.map(|i| i.say_language.clone()),
                voice: info.and_then(|i| i.say_voice.clone()),
            })
        }
    }
}

/// One step as TwiML.
fn verbs(state: &AppState, step: &Step) -> Vec<Verb> {
    let verb = match step {
        Step::Speak(s) => sound(state, s),
        Step::Pause(length) => Verb::Pause { length: *length },
        Step::Ask {
            prompts: p,
            digits,
            action,
        } => Verb::Gather(Gather {
            action: action.clone(),
            input: Some("dtmf"),
            // 0: any number of keys, ended by `#` (Twilio's default finishOnKey).
            num_digits: (*digits > 0).then_some(*digits),
            finish_on_key: (*digits == 0).then(|| "#".to_owned()),
            timeout: Some(6),
            prompts: prompts(state, p),
            ..Default::default()
        }),
        // `<Record>` cannot hold prompts: they play first.
        Step::Record { prompts: p, action } => {
            let mut verbs = prompts(state, p);
            verbs.push(Verb::Record(Record {
                action: action.clone(),
                max_length: Some(30),
                play_beep: true,
                timeout: Some(3),
                finish_on_key: Some("#".into()),
            }));
            return verbs;
        }
        Step::CarrierListen {
            prompts: p,
            action,
            language,
        } => Verb::Gather(Gather {
            action: action.clone(),
            input: Some("speech"),
            timeout: Some(5),
            speech_timeout: Some("auto".into()),
            language: state
                .catalog
                .get(language.code())
                .map(|l| l.say_language.clone()),
            prompts: prompts(state, p),
            ..Default::default()
        }),
        // The stream's URL takes no query: the ticket is a `<Parameter>`. When the stream
        // closes, Twilio requests the `<Connect>`'s action.
        Step::Stream {
            prompts: p,
            url,
            ticket,
            action,
        } => {
            let mut verbs = prompts(state, p);
            verbs.push(Verb::Connect {
                stream_url: url.clone(),
                parameters: vec![("ticket".into(), ticket.clone())],
                action: Some(action.clone()),
            });
            return verbs;
        }
        Step::Redirect(url) => Verb::Redirect { url: url.clone() },
        Step::Dial { number, action } => Verb::Dial(Dial {
            timeout: Some(30),
            action: Some(action.clone()),
            targets: vec![DialTarget::Number {
                number: number.as_str().to_owned(),
                whisper_url: None,
            }],
            ..Default::default()
        }),
        // The doctor's phone rings for 20 s; the whisper leg is its own little call flow,
        // whose `<Gather>` takes the accept key.
        Step::Bridge {
            number,
            whisper,
            action,
            ..
        } => Verb::Dial(Dial {
            timeout: Some(20),
            action: Some(action.clone()),
            targets: vec![DialTarget::Number {
                number: number.as_str().to_owned(),
                whisper_url: Some(whisper.clone()),
            }],
            ..Default::default()
        }),
        Step::Reject => Verb::Reject {
            reason: Some("busy".into()),
        },
        Step::Hangup => Verb::Hangup,
    };
    vec![verb]
}

/// `POST /twilio/voice/status`: the call's lifecycle (ringing, in-progress, completed, …).
pub async fn voice_status(
    State(state): State<Arc<AppState>>,
    form: SignedForm,
) -> Result<Response, WebhookError> {
    let sid = form
        .get("CallSid")
        .and_then(|s| CallId::parse(s).ok())
        .ok_or(WebhookError::Field("CallSid"))?;
    let status = form
        .get("CallStatus")
        .ok_or(WebhookError::Field("CallStatus"))?;
    let status = voice::CallStatus {
        sid,
        from: form.get("From").and_then(|f| PhoneNumber::parse(f).ok()),
        to: form.get("To").unwrap_or("").to_owned(),
        status: status
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .take(32)
            .collect(),
        duration: form.get("CallDuration").and_then(|d| d.parse::<i64>().ok()),
        inbound: form.get("Direction").is_none_or(|d| d == "inbound"),
        placed_as: None,
    };
    // A status that can be neither stored nor spooled is not acknowledged, so Twilio's
    // retry (or its fallback URL) may bring it again.
    if !voice::call_status(&state, &status).await {
        return Ok((StatusCode::SERVICE_UNAVAILABLE, "status not stored\n").into_response());
    }
    Ok(twiml_response(twiml::render(&[])))
}

/// `POST /twilio/sms`: an inbound text, answered with messaging TwiML.
pub async fn sms(
    State(state): State<Arc<AppState>>,
    form: SignedForm,
) -> Result<Response, WebhookError> {
    let started = Instant::now();
    let sid = form
        .get("MessageSid")
        .or_else(|| form.get("SmsSid"))
        .and_then(|s| MessageSid::parse_any(s).ok())
        .ok_or(WebhookError::Field("MessageSid"))?;
    tracing::Span::current().record("sid", sid.as_str());
    let Some(from) = form.get("From").and_then(|f| PhoneNumber::parse(f).ok()) else {
        // Short codes and alphanumeric senders cannot be answered; accept and stay silent.
        tracing::info!(from = %mask(form.get("From").unwrap_or(""), 2, 2), "SMS from a non-phone sender ignored");
        record("sms", "ignored", started);
        return Ok(twiml_response(twiml::render(&[])));
    };
    let sms = InboundSms {
        id: sid,
        from,
        to: form.get("To").unwrap_or("").to_owned(),
        body: clean_text(form.get("Body").unwrap_or("")),
    };
    let (text, outcome) = super::inbound_sms::answer(&state, &sms, started).await;
    record("sms", outcome, started);
    let verbs = if text.is_empty() {
        vec![]
    } else {
        vec![Verb::Message {
            body: text,
            to: None,
        }]
    };
    Ok(twiml_response(twiml::render(&verbs)))
}
