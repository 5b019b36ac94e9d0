//! Twilio webhooks: signed form posts to `/twilio/voice…` and `/twilio/sms`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::inbound_sms::InboundSms;
use super::{clean_text, parse_form, record, wait_for_claim, STALE_CLAIM_SECS};
use crate::app::AppState;
use crate::domain::{mask, CallSid, MessageSid, PhoneNumber};
use crate::ivr::{self, Action, CallEvent, Caller, Intent, Ivr, Next, Route};
use crate::languages::Language;
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
        let query = uri
            .query()
            .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
            .unwrap_or_default()
            .into_iter()
            .collect();
        Ok(Self { params, query })
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

/// `POST /twilio/voice`: an incoming call.
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
    let started = Instant::now();
    let ev = call_event(&state, route, &form)?;
    tracing::Span::current().record("sid", ev.sid.as_str());
    if let Caller::Number(p) = &ev.caller {
        tracing::debug!(caller = %p, step = route.segment(), digits = ev.digits.is_some(), "voice webhook");
    }
    let step: i64 = form
        .query
        .get("n")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let budget = Duration::from_millis(state.settings.webhook_budget_ms);
    let mut ev = ev;
    if let Some(hold) = resolve_recording(&state, &mut ev, &form, step, started).await {
        record(route.name(), "hold", started);
        return Ok(twiml_response(hold));
    }
    let remaining = budget.saturating_sub(started.elapsed());
    let answered = tokio::time::timeout(remaining, answer_call(&state, &ev, step, started)).await;
    let (xml, outcome) = match answered {
        Ok(Ok(xml)) => (xml, "ok"),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "voice step failed; answering without storage");
            (without_store(&state, &ev, step).await, "fallback")
        }
        Err(_) => {
            tracing::error!(
                budget_ms = budget.as_millis() as u64,
                "voice step too slow; answering without storage"
            );
            (without_store(&state, &ev, step).await, "timeout")
        }
    };
    record(route.name(), outcome, started);
    Ok(twiml_response(xml))
}

/// The answer when storage failed or stalled: what needs no database (an emergency in the
/// caller's words is still connected; the menus still work), else the apology. What the
/// caller said is spooled, to be stored when storage is back.
async fn without_store(state: &AppState, ev: &CallEvent, step: i64) -> String {
    let mut ev = ev.clone();
    if ev.language_hint.is_none() {
        ev.language_hint = hinted_language(state, &ev);
    }
    let ev = &ev;
    // A caller's words about their problem are kept (an item for the record or a
    // medicine's name is asked again when storage is back).
    if let (Route::Problem, Some(text), Caller::Number(from)) = (ev.route, &ev.speech, &ev.caller) {
        let entry = crate::spool::Spooled::Speech {
            call_sid: ev.sid.as_str().to_owned(),
            from: from.as_str().to_owned(),
            language: ev
                .language_hint
                .as_ref()
                .map(|l| l.code().to_owned())
                .unwrap_or_default(),
            text: text.clone(),
            at: crate::domain::now_unix(),
        };
        state
            .spool
            .push_within(entry, crate::spool::PUSH_WITHIN)
            .await;
    }
    let actions = ivr(state)
        .without_store(ev)
        .unwrap_or_else(|| apology(state, ev));
    render_call(state, ev, step, actions, None).await
}

fn apology(state: &AppState, ev: &CallEvent) -> Vec<Action> {
    ivr(state).apology(ev.language_hint.as_ref())
}

fn ivr(state: &AppState) -> Ivr<'_> {
    Ivr {
        store: &state.store,
        catalog: &state.catalog,
        emergency: &state.settings.emergency_number,
        triage: &state.triage,
        guide: &state.guide,
        callbacks: &state.settings.callbacks,
        public_url: &state.settings.public_url,
        thresholds: &state.thresholds,
        reminders: &state.settings.reminders,
    }
}

/// Replays a stored answer for a retried step, or computes, renders and stores a new one.
async fn answer_call(
    state: &AppState,
    ev: &CallEvent,
    step: i64,
    started: Instant,
) -> Result<String, crate::store::StoreError> {
    let speak_until = Some(started + speech_budget(state));
    if !ev.route.needs_store() {
        let actions = ivr(state).handle(ev).await?;
        return Ok(render_call(state, ev, step, actions, speak_until).await);
    }
    // The incoming step only records the call (idempotently) and reads, so a retry simply
    // recomputes it; not storing it saves a write on the hottest webhook. Later steps act
    // (book callbacks), so their answers are stored and replayed.
    if ev.route == Route::Incoming {
        let actions = ivr(state).handle(ev).await?;
        remember_language(state, ev, &actions);
        return Ok(render_call(state, ev, step, actions, speak_until).await);
    }
    // The step is claimed before any work, so a concurrent duplicate waits for this answer
    // and replays it instead of booking twice.
    let route = ev.route.name();
    let claim = || async {
        state
            .store
            .claim_step(
                &ev.sid,
                step,
                route,
                crate::domain::now_unix(),
                STALE_CLAIM_SECS,
            )
            .await
    };
    if let Some(previous) = wait_for_claim(claim, started, state).await? {
        metrics::counter!("doorstep_webhook_replays_total").increment(1);
        return Ok(previous);
    }
    let actions = match ivr(state).handle(ev).await {
        Ok(actions) => {
            remember_language(state, ev, &actions);
            actions
        }
        Err(e) => {
            let _ = state.store.release_step(&ev.sid, step).await;
            return Err(e);
        }
    };
    let xml = render_call(state, ev, step, actions, speak_until).await;
    state.store.answer_step(&ev.sid, step, &xml).await?;
    Ok(xml)
}

/// Callers whose language this node has last heard, so that a fallback given while the
/// database cannot be read (the first webhook of a call has no language in its URL) speaks
/// it. A hint only: bounded, per node, and never the call's state.
const LANGUAGE_HINTS: usize = 50_000;

fn remember_language(state: &AppState, ev: &CallEvent, actions: &[Action]) {
    let (Caller::Number(phone), Some(lang)) =
        (&ev.caller, actions.iter().find_map(action_language))
    else {
        return;
    };
    let mut hints = state
        .language_hints
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if hints.len() >= LANGUAGE_HINTS {
        hints.clear();
    }
    hints.insert(phone.as_str().to_owned(), lang);
}

fn hinted_language(state: &AppState, ev: &CallEvent) -> Option<Language> {
    let Caller::Number(phone) = &ev.caller else {
        return None;
    };
    let hints = state
        .language_hints
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    hints.get(phone.as_str()).cloned()
}

fn call_event(
    state: &AppState,
    route: Route,
    form: &SignedForm,
) -> Result<CallEvent, WebhookError> {
    let sid = form
        .get("CallSid")
        .and_then(|s| CallSid::parse(s).ok())
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
        Some(Ok(p)) => Caller::Number(p),
        // Twilio sends "anonymous", "+266696687" or nothing for a withheld caller ID.
        _ => Caller::Withheld,
    };
    let caller = match &caller {
        Caller::Number(p) if p.as_str() == "+266696687" => Caller::Withheld,
        _ => caller,
    };
    let digits = form.get("Digits").map(|d| {
        d.chars()
            .filter(|c| c.is_ascii_digit() || *c == '*' || *c == '#')
            .collect()
    });
    Ok(CallEvent {
        sid,
        caller,
        to: form.get("To").unwrap_or("").to_owned(),
        route,
        digits,
        attempt: form
            .query
            .get("attempt")
            .and_then(|a| a.parse().ok())
            .unwrap_or(1)
            .clamp(1, 99),
        topic: form.query.get("topic").cloned(),
        dial_status: form.get("DialCallStatus").map(str::to_owned),
        consultation: form.query.get("c").and_then(|c| c.parse().ok()),
        medicine: form
            .query
            .get("m")
            .map(|m| clean_text(m).chars().take(60).collect()),
        speech: form.get("SpeechResult").map(clean_text),
        heard_by_us: false,
        language_hint: form.query.get("lang").and_then(|l| state.catalog.parse(l)),
        carry: form
            .query
            .get("v")
            .filter(|v| {
                !v.is_empty() && v.len() <= 8 && v.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            })
            .cloned(),
        intent: intent(form, route, outbound),
    })
}

/// What a call we placed is for: its first URL names the dose, follow-up or callback.
fn intent(form: &SignedForm, route: Route, outbound: bool) -> Option<Intent> {
    if route != Route::Incoming || !outbound {
        return None;
    }
    let id = |name: &str| form.query.get(name).and_then(|v| v.parse::<i64>().ok());
    id("dose")
        .map(Intent::Dose)
        .or_else(|| id("follow_up").map(Intent::FollowUp))
        .or_else(|| id("callback").map(Intent::Callback))
}

/// Renders the domain's actions as TwiML, with absolute `action` URLs for step `step + 1`.
/// Prompts are Piper audio where the language has a voice and the audio is cached or can be
/// made before `speak_until` (`None`: cached audio only); `<Say>` otherwise.
async fn render_call(
    state: &AppState,
    ev: &CallEvent,
    step: i64,
    actions: Vec<Action>,
    speak_until: Option<Instant>,
) -> String {
    let lang = actions
        .iter()
        .find_map(action_language)
        .or_else(|| ev.language_hint.clone());
    let url = |next: &Next| next_url(state, next, step + 1, lang.as_ref());
    let mut verbs: Vec<Verb> = vec![];
    for a in actions {
        match a {
            Action::Say(p) => verbs.extend(speak(state, &p, speak_until).await),
            Action::Ask {
                prompts,
                digits,
                next,
            } => verbs.push(Verb::Gather(Gather {
                action: url(&next),
                input: Some("dtmf"),
                // 0: any number of keys, ended by `#` (Twilio's default finishOnKey).
                num_digits: (digits > 0).then_some(digits),
                finish_on_key: (digits == 0).then(|| "#".to_owned()),
                timeout: Some(6),
                prompts: speak_all(state, &prompts, speak_until).await,
                ..Default::default()
            })),
            // Our own recogniser where the language has one: the caller is recorded and the
            // recording transcribed by Vosk (conversations say `voice`).
            Action::Listen { prompts, next }
                if prompts
                    .first()
                    .is_some_and(|p| state.speech.has_recogniser(p.language.code())) =>
            {
                verbs.extend(speak_all(state, &prompts, speak_until).await);
                verbs.push(Verb::Record(Record {
                    action: url(&next),
                    max_length: Some(30),
                    play_beep: true,
                    timeout: Some(3),
                    finish_on_key: Some("#".into()),
                }));
            }
            // Otherwise Twilio transcribes (conversations say `voice-twilio-speech`).
            Action::Listen { prompts, next } => verbs.push(Verb::Gather(Gather {
                action: url(&next),
                input: Some("speech"),
                timeout: Some(5),
                speech_timeout: Some("auto".into()),
                language: prompts
                    .first()
                    .and_then(|p| state.catalog.get(p.language.code()))
                    .map(|l| l.say_language.clone()),
                prompts: speak_all(state, &prompts, speak_until).await,
                ..Default::default()
            })),
            Action::Redirect(next) => verbs.push(Verb::Redirect { url: url(&next) }),
            Action::Dial { number, next } => verbs.push(Verb::Dial(Dial {
                timeout: Some(30),
                action: Some(url(&next)),
                targets: vec![DialTarget::Number {
                    number: number.as_str().to_owned(),
                    whisper_url: None,
                }],
                ..Default::default()
            })),
            // The doctor's phone rings for 20 s; the whisper leg is its own little call flow.
            Action::Bridge {
                number,
                whisper,
                next,
            } => verbs.push(Verb::Dial(Dial {
                timeout: Some(20),
                action: Some(url(&next)),
                targets: vec![DialTarget::Number {
                    number: number.as_str().to_owned(),
                    whisper_url: Some(url(&whisper)),
                }],
                ..Default::default()
            })),
            Action::Reject => verbs.push(Verb::Reject {
                reason: Some("busy".into()),
            }),
            Action::Hangup => verbs.push(Verb::Hangup),
        }
    }
    twiml::render(&verbs)
}

/// How long a webhook may spend making speech: what the budget leaves after the database
/// and triage work, capped so a slow voice never eats the fallback's time.
fn speech_budget(state: &AppState) -> Duration {
    Duration::from_millis((state.settings.webhook_budget_ms / 2).min(800))
}

async fn speak_all(state: &AppState, prompts: &[ivr::Prompt], until: Option<Instant>) -> Vec<Verb> {
    let mut verbs = vec![];
    for p in prompts {
        verbs.extend(speak(state, p, until).await);
    }
    verbs
}

/// One prompt as Piper audio, a `<Play>` per sentence; or as `<Say>` when the language has
/// no voice or any sentence is not ready in time (then it is made in the background, so the
/// next caller hears the voice).
async fn speak(state: &AppState, p: &ivr::Prompt, until: Option<Instant>) -> Vec<Verb> {
    let lang = p.language.code();
    if !state.speech.has_voice(lang) {
        return vec![say(state, p)];
    }
    let sentences = crate::triage::guide::sentences(&p.text);
    let mut plays = vec![];
    for (i, sentence) in sentences.iter().enumerate() {
        let left = until
            .map(|u| u.saturating_duration_since(Instant::now()))
            .unwrap_or_default();
        match state
            .speech
            .sentence_audio(lang, sentence, left, crate::speech::Keep::Reply)
            .await
        {
            Some(id) => plays.push(Verb::Play {
                url: format!("{}/audio/{id}.wav", state.settings.public_url),
                loop_count: None,
            }),
            None => {
                let rest = sentences[i..].to_vec();
                let speech = state.speech.clone();
                let lang = lang.to_owned();
                tokio::spawn(async move {
                    speech
                        .prepare(&lang, &rest, crate::speech::Keep::Reply)
                        .await
                });
                return vec![say(state, p)];
            }
        }
    }
    plays
}

/// Longest a webhook waits for a transcript before holding the caller.
const TRANSCRIPT_WAIT: Duration = Duration::from_millis(500);
/// How long a caller is held for a transcript before being asked again.
const MAX_TRANSCRIPT_SECS: i64 = 20;

/// For a step that carries a recording (or is a hold waiting for one): starts its
/// transcription once, waits briefly, and either fills in what the caller said or answers
/// with a short hold and a `<Redirect>` back here. `Some(xml)`: answer with that hold.
async fn resolve_recording(
    state: &Arc<AppState>,
    ev: &mut CallEvent,
    form: &SignedForm,
    step: i64,
    started: Instant,
) -> Option<String> {
    if !ev.route.listens() {
        return None;
    }
    let recording = form
        .get("RecordingSid")
        .map(str::to_owned)
        .or_else(|| form.query.get("rec").cloned())?;
    let recording: String = recording
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(64)
        .collect();
    let lang = ev
        .language_hint
        .clone()
        .unwrap_or_else(|| state.catalog.fallback());
    if let Some(url) = form.get("RecordingUrl") {
        match state
            .store
            .start_transcript(&recording, ev.sid.as_str())
            .await
        {
            Ok(true) => {
                let state = state.clone();
                let url = url.to_owned();
                let code = lang.code().to_owned();
                let rec = recording.clone();
                tokio::spawn(async move { transcribe_recording(state, rec, url, code).await });
            }
            Ok(false) => {}
            Err(e) => {
                tracing::error!(error = %e, "cannot record the transcription job");
                return None;
            }
        }
    }
    let until = started + TRANSCRIPT_WAIT;
    let since = loop {
        let at = match state.store.transcript(&recording).await {
            Ok(Some(crate::store::Transcript::Done(text))) => {
                ev.speech = Some(text);
                ev.heard_by_us = true;
                return None;
            }
            Ok(Some(crate::store::Transcript::Failed(_))) | Ok(None) | Err(_) => {
                ev.speech = None;
                return None;
            }
            Ok(Some(crate::store::Transcript::Pending(at))) => at,
        };
        if Instant::now() >= until {
            break at;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let holds: u32 = form
        .query
        .get("hold")
        .and_then(|h| h.parse().ok())
        .unwrap_or(0);
    if crate::domain::now_unix() - since > MAX_TRANSCRIPT_SECS {
        tracing::warn!(recording = %recording, "transcript not ready after holding: asking again");
        ev.speech = None;
        return None;
    }
    let prompt = ivr::Prompt {
        text: state.catalog.text(&lang, "please-hold", &[]),
        language: lang.clone(),
    };
    let mut verbs = speak(state, &prompt, None).await;
    verbs.push(Verb::Pause { length: 1 });
    let mut query: Vec<(&str, String)> = vec![
        ("n", step.to_string()),
        ("rec", recording),
        ("hold", (holds + 1).to_string()),
        ("lang", lang.code().to_owned()),
    ];
    if ev.attempt > 1 {
        query.push(("attempt", ev.attempt.to_string()));
    }
    // Back to the step that listened (a problem, a medicine, an item for the record), with
    // what it carried.
    if let Some(topic) = &ev.topic {
        query.push(("topic", topic.clone()));
    }
    if let Some(m) = &ev.medicine {
        query.push(("m", m.clone()));
    }
    let qs = serde_urlencoded::to_string(&query).unwrap_or_default();
    verbs.push(Verb::Redirect {
        url: format!(
            "{}/twilio/voice/{}?{qs}",
            state.settings.public_url,
            ev.route.segment()
        ),
    });
    Some(twiml::render(&verbs))
}

/// Fetches a recording from Twilio (basic auth with the account's credentials), transcribes
/// it with the language's recogniser, and stores the outcome for whichever node asks.
async fn transcribe_recording(state: Arc<AppState>, recording: String, url: String, lang: String) {
    let outcome: Result<String, String> = async {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .build()
            .map_err(|e| e.to_string())?;
        let mut request = client.get(&url);
        if let Some(account) = &state.settings.twilio_account_sid {
            request = request.basic_auth(account, Some(&state.settings.twilio_auth_token));
        }
        let response = request
            .send()
            .await
            .map_err(|e| format!("cannot fetch the recording: {e}"))?;
        if !response.status().is_success() {
            return Err(format!("the recording answered {}", response.status()));
        }
        let bytes = response.bytes().await.map_err(|e| e.to_string())?;
        let audio = crate::speech::audio::read_wav(&bytes).map_err(|e| e.to_string())?;
        state
            .speech
            .transcribe(&lang, audio, Duration::from_secs(30))
            .await
            .map_err(|e| e.to_string())
    }
    .await;
    let result = match &outcome {
        Ok(text) => Ok(text.as_str()),
        Err(e) => {
            tracing::warn!(error = %e, "transcription failed");
            Err(e.as_str())
        }
    };
    metrics::counter!("doorstep_transcriptions_total", "outcome" => if result.is_ok() { "ok" } else { "failed" }).increment(1);
    if let Err(e) = state
        .store
        .finish_transcript(&recording, result, "vosk")
        .await
    {
        tracing::error!(error = %e, "cannot store the transcript");
    }
}

fn action_language(a: &Action) -> Option<Language> {
    match a {
        Action::Say(p) => Some(p.language.clone()),
        Action::Ask { prompts, .. } | Action::Listen { prompts, .. } => {
            prompts.first().map(|p| p.language.clone())
        }
        _ => None,
    }
}

fn say(state: &AppState, p: &ivr::Prompt) -> Verb {
    metrics::counter!("doorstep_prompts_total", "as" => "say").increment(1);
    let info = state.catalog.get(p.language.code());
    Verb::Say(Say {
        text: p.text.clone(),
        language: info.map(|i| i.say_language.clone()),
        voice: info.and_then(|i| i.say_voice.clone()),
    })
}

fn next_url(state: &AppState, next: &Next, step: i64, lang: Option<&Language>) -> String {
    let mut query: Vec<(&str, String)> = vec![("n", step.to_string())];
    if next.attempt > 1 {
        query.push(("attempt", next.attempt.to_string()));
    }
    if let Some(topic) = next.topic {
        query.push(("topic", topic.to_owned()));
    }
    if let Some(c) = next.consultation {
        query.push(("c", c.to_string()));
    }
    if let Some(m) = &next.medicine {
        query.push(("m", m.clone()));
    }
    if let Some(v) = &next.carry {
        query.push(("v", v.clone()));
    }
    if let Some(l) = lang {
        query.push(("lang", l.code().to_owned()));
    }
    let qs = serde_urlencoded::to_string(&query).unwrap_or_default();
    let segment = next.route.segment();
    let path = if segment.is_empty() {
        "/twilio/voice".to_owned()
    } else {
        format!("/twilio/voice/{segment}")
    };
    format!("{}{}?{}", state.settings.public_url, path, qs)
}

/// `POST /twilio/voice/status`: the call's lifecycle (ringing, in-progress, completed, …).
pub async fn voice_status(
    State(state): State<Arc<AppState>>,
    form: SignedForm,
) -> Result<Response, WebhookError> {
    let started = Instant::now();
    let sid = form
        .get("CallSid")
        .and_then(|s| CallSid::parse(s).ok())
        .ok_or(WebhookError::Field("CallSid"))?;
    tracing::Span::current().record("sid", sid.as_str());
    let status = form
        .get("CallStatus")
        .ok_or(WebhookError::Field("CallStatus"))?;
    let status: String = status
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(32)
        .collect();
    let from = form.get("From").and_then(|f| PhoneNumber::parse(f).ok());
    let duration = form.get("CallDuration").and_then(|d| d.parse::<i64>().ok());
    let to = form.get("To").unwrap_or("");
    let inbound = form.get("Direction").is_none_or(|d| d == "inbound");
    let work = async {
        let Some(from) = &from else {
            return Ok(());
        };
        state
            .store
            .record_call_status(&sid, from, to, &status, duration)
            .await?;
        // A reminder or follow-up we placed that was not answered is called again.
        if !inbound {
            state
                .reminders()
                .call_ended(sid.as_str(), &status, crate::domain::now_unix())
                .await?;
        }
        // A caller who hung up before choosing anything is called back (rate-limited).
        let missed_number = state.settings.callbacks.missed_call_number.as_deref();
        if inbound
            && status == "completed"
            && missed_number != Some(to)
            && state.store.answered_steps(&sid).await? == 0
        {
            crate::callbacks::schedule(
                &state.store,
                &state.settings.callbacks,
                &state.settings.public_url,
                from,
                &sid,
            )
            .await?;
        }
        Ok::<(), crate::store::StoreError>(())
    };
    let outcome = match tokio::time::timeout(
        Duration::from_millis(state.settings.webhook_budget_ms),
        work,
    )
    .await
    {
        Ok(Ok(())) => "ok",
        Ok(Err(e)) => {
            tracing::error!(error = %e, "could not record call status: spooling it");
            "fallback"
        }
        Err(_) => "timeout",
    };
    record("status", outcome, started);
    // A status that cannot be stored is spooled; one that cannot be spooled either is not
    // acknowledged, so Twilio's retry (or its fallback URL) may bring it again.
    if outcome != "ok" {
        let kept = match &from {
            Some(from) => {
                let entry = crate::spool::Spooled::Status {
                    call_sid: sid.as_str().to_owned(),
                    from: from.as_str().to_owned(),
                    to: to.to_owned(),
                    status: status.clone(),
                    duration,
                    inbound,
                    at: crate::domain::now_unix(),
                };
                state
                    .spool
                    .push_within(entry, crate::spool::PUSH_WITHIN)
                    .await
            }
            None => false,
        };
        if !kept {
            return Ok((StatusCode::SERVICE_UNAVAILABLE, "status not stored\n").into_response());
        }
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
