//! The voice policy every carrier edge shares: an edge parses its carrier's webhook into a
//! [`VoiceRequest`] and renders [`Step`]s as its XML; everything between lives here, once.
//!
//! - **The call's position** is stored against its [`CallId`]: each turn stores where each of
//!   its next inputs leads (`store::positions`) under a random key, and the carrier's URLs
//!   carry only that key (`at`), the step number (`n`, which keys replays) and a language
//!   hint (`lang`, for answers given while the database cannot be read).
//! - **The webhook budget**: an answer within `DOORSTEP_WEBHOOK_BUDGET_MS`, else the answer
//!   that needs no database (the menus, an emergency in the caller's words), else the
//!   apology with the emergency number. What the caller said is spooled.
//! - **Replays**: a step is claimed before any work; a retried or concurrent duplicate gets
//!   the stored answer.
//! - **The hold loop**: a recording is transcribed once (by whichever node got it first);
//!   the caller hears "one moment, please" and is brought back until the words are ready.
//! - **Speech**: Piper audio where the language has a voice and the audio is ready in time,
//!   the carrier's own text-to-speech otherwise.
//! - **Hang-ups**: statuses are recorded; a caller who hung up before choosing anything is
//!   called back; an unanswered reminder or follow-up is called again.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{record, wait_for_claim, STALE_CLAIM_SECS};
use crate::app::AppState;
use crate::domain::{now_unix, CallId, PhoneNumber};
use crate::ivr::{self, Action, CallEvent, Caller, Hearer, Input, Next, Route};
use crate::languages::Language;
use crate::store::NewPosition;

/// A carrier's half of a voice call: its name in URLs and how its XML reads.
pub trait VoiceEdge: Sync {
    /// The edge's name: its URLs are `/{name}/voice…`.
    fn name(&self) -> &'static str;
    /// A turn as the carrier's XML; `route` is the step being answered.
    fn render(&self, state: &AppState, route: Route, steps: &[Step]) -> String;
    /// The credentials that fetch a recording the carrier made, if it needs any.
    fn recording_auth(&self, state: &AppState) -> Option<(String, String)>;
    /// The key that signs this carrier's media-stream tickets; `None` where the edge does
    /// not connect media streams.
    fn media_key(&self, _state: &AppState) -> Option<Vec<u8>> {
        None
    }
}

/// Something the caller hears: our audio, or text for the carrier to speak.
#[derive(Clone, Debug, PartialEq)]
pub enum Sound {
    /// A WAV file we serve (Piper's voice).
    Play(String),
    /// Text in a language, for the carrier's text-to-speech.
    Say(ivr::Prompt),
}

/// A turn's step with its URLs made: what an edge renders.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Speak(Sound),
    /// Silence, in seconds.
    Pause(u32),
    /// Plays the prompts while listening for `digits` keys (0: any number, ended by `#`);
    /// keys go to `action`; silence falls through to the next step.
    Ask {
        prompts: Vec<Sound>,
        digits: u32,
        action: String,
    },
    /// Plays the prompts, records the caller (ended by 3 s of silence or `#`) and posts the
    /// recording to `action`, for our recogniser.
    Record {
        prompts: Vec<Sound>,
        action: String,
    },
    /// Plays the prompts, then connects the call's media stream at `url`, which carries the
    /// conversation from here with `ticket`; when the stream ends the carrier requests
    /// `action` (its answer stored by the stream, or made from the stored position).
    Stream {
        prompts: Vec<Sound>,
        url: String,
        ticket: String,
        action: String,
    },
    /// Plays the prompts and lets the carrier turn the caller's speech into words (languages
    /// without a recogniser of ours); silence falls through.
    CarrierListen {
        prompts: Vec<Sound>,
        action: String,
        language: Language,
    },
    Redirect(String),
    /// Connects the caller; the outcome goes to `action`.
    Dial {
        number: PhoneNumber,
        action: String,
    },
    /// Connects the caller to a doctor who first hears `whisper` and accepts with 1; a carrier
    /// that takes the key itself reports the acceptance to `screened`.
    Bridge {
        number: PhoneNumber,
        whisper: String,
        screened: String,
        action: String,
    },
    /// Refuses the call unanswered (a missed call, free for the caller).
    Reject,
    Hangup,
}

/// A recording the carrier made for a listening step, or the hold that waits for its words.
#[derive(Clone, Debug)]
pub struct Recording {
    /// The carrier's id for it (only letters and digits kept).
    pub id: String,
    /// Where to fetch it (the first webhook only; holds carry just the id).
    pub url: Option<String>,
    /// How many holds the caller has heard already.
    pub holds: u32,
}

/// One voice webhook, as an edge parsed it.
#[derive(Clone, Debug)]
pub struct VoiceRequest {
    /// The call, the route and the input; the position is read from the store.
    pub event: CallEvent,
    /// The step number this webhook answers (`n`).
    pub step: i64,
    /// The stored position's key (`at`).
    pub position: Option<String>,
    /// The attempt a position carrying nothing else is at (`try`; 1 when absent).
    pub attempt: u32,
    pub recording: Option<Recording>,
    /// The webhook follows a media stream (`via=stream`): if the stream stored nothing, the
    /// call goes on here by webhooks, without connecting another stream.
    pub after_stream: bool,
}

/// A call's lifecycle event (its status callback or hang-up URL), in neutral words.
#[derive(Clone, Debug)]
pub struct CallStatus {
    pub sid: CallId,
    pub from: Option<PhoneNumber>,
    pub to: String,
    /// `ringing`, `in-progress`, `completed`, `busy`, `no-answer`, `failed`, `canceled`.
    pub status: String,
    pub duration: Option<i64>,
    pub inbound: bool,
    /// The id the carrier's REST API gave the call when we placed it, if not `sid`.
    pub placed_as: Option<String>,
}

/// Answers one voice webhook within the budget, whatever fails.
pub async fn answer(state: &Arc<AppState>, edge: &impl VoiceEdge, req: VoiceRequest) -> String {
    let started = Instant::now();
    let mut req = req;
    let route = req.event.route;
    tracing::Span::current().record("sid", req.event.sid.as_str());
    if let Caller::Number(p) = &req.event.caller {
        tracing::debug!(caller = %p, step = route.segment(), input = ?input_kind(&req.event.input), "voice webhook");
    }
    if let Some(hold) = resolve_recording(state, edge, &mut req, started).await {
        record(route.name(), "hold", started);
        return hold;
    }
    let budget = Duration::from_millis(state.settings.webhook_budget_ms);
    let remaining = budget.saturating_sub(started.elapsed());
    let answered = tokio::time::timeout(remaining, answer_call(state, edge, &req, started)).await;
    let (xml, outcome) = match answered {
        Ok(Ok(xml)) => (xml, "ok"),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "voice step failed; answering without storage");
            (without_store(state, edge, &req).await, "fallback")
        }
        Err(_) => {
            tracing::error!(
                budget_ms = budget.as_millis() as u64,
                "voice step too slow; answering without storage"
            );
            (without_store(state, edge, &req).await, "timeout")
        }
    };
    record(route.name(), outcome, started);
    xml
}

/// The answer for a carrier's fallback URL (its answer URL failed): what needs no database.
pub async fn fallback(state: &AppState, edge: &impl VoiceEdge, req: VoiceRequest) -> String {
    let started = Instant::now();
    let xml = without_store(state, edge, &req).await;
    record("fallback", "fallback", started);
    xml
}

/// The input's kind, for logs (never its content: keys and words are the caller's).
fn input_kind(input: &Input) -> &'static str {
    match input {
        Input::Start => "start",
        Input::Digits(_) => "digits",
        Input::Utterance { .. } => "utterance",
        Input::NoInput => "no-input",
        Input::DialEnded(_) => "dial-ended",
        Input::Screened { .. } => "screened",
    }
}

/// The routes answered on another leg than the one whose turn stored their position (the
/// doctor's leg of a bridge), so their position's call is not the request's.
fn other_leg(route: Route) -> bool {
    matches!(route, Route::Whisper | Route::WhisperAnswer)
}

/// The event with its stored position applied (a missing or foreign one leaves the first
/// attempt and nothing carried).
async fn positioned(
    state: &AppState,
    req: &VoiceRequest,
) -> Result<CallEvent, crate::store::StoreError> {
    let mut ev = req.event.clone();
    let Some(token) = &req.position else {
        ev.attempt = req.attempt;
        return Ok(ev);
    };
    let Some(row) = state.store.position(token).await? else {
        tracing::warn!("a voice step names a position that is not stored");
        return Ok(ev);
    };
    let route = Route::parse_name(&row.route);
    let same_call = row.call_sid == ev.sid.as_str() || other_leg(ev.route);
    if route != Some(ev.route) || !same_call {
        tracing::warn!("a voice step names another call's or step's position: ignored");
        return Ok(ev);
    }
    let position = Next {
        route: ev.route,
        attempt: row.attempt.clamp(1, 99) as u32,
        topic: row.topic,
        consultation: row.consultation,
        medicine: row.medicine,
        carry: row.carry,
    };
    Ok(ev.at(&position))
}

/// Replays a stored answer for a retried step, or computes, renders and stores a new one.
/// Each turn's positions go in with its one write: the call's row for a first turn, the
/// stored answer for a later one.
async fn answer_call(
    state: &AppState,
    edge: &impl VoiceEdge,
    req: &VoiceRequest,
    started: Instant,
) -> Result<String, crate::store::StoreError> {
    let speak_until = Some(started + speech_budget(state));
    let step = req.step;
    let ivr = state.ivr();
    if !req.event.route.needs_store() {
        let actions = ivr.handle(&req.event).await?;
        let (xml, _) = render(state, edge, &req.event, step, actions, speak_until, false).await;
        return Ok(xml);
    }
    let ev = positioned(state, req).await?;
    match ev.route {
        // The first turn only records the call (idempotently) and reads, so a retry simply
        // recomputes it; not storing its answer saves a write on the hottest webhook, and
        // the call's row and the turn's positions share one commit.
        Route::Incoming => {
            let (actions, opening) = ivr.first_turn(&ev).await?;
            remember_language(state, &ev, &actions);
            let (xml, positions) = render(state, edge, &ev, step, actions, speak_until, true).await;
            match (opening, &ev.caller) {
                (Some(o), Caller::Number(phone)) => {
                    let language = o.language.as_deref();
                    state
                        .store
                        .start_call(&ev.sid, phone, &ev.to, language, o.patient, positions)
                        .await?
                }
                _ => state.store.save_positions(&ev.sid, &positions).await?,
            }
            return Ok(xml);
        }
        // The doctor's whisper and acceptance are idempotent (acceptance moves a
        // consultation only from `requested`), and a carrier may post them with the same
        // step number as the bridge's outcome (Plivo's `confirmSound` and `callbackUrl`
        // belong to the `Dial`), so they claim nothing.
        Route::Whisper | Route::WhisperAnswer => {
            let actions = ivr.handle(&ev).await?;
            let (xml, positions) = render(state, edge, &ev, step, actions, speak_until, true).await;
            state.store.save_positions(&ev.sid, &positions).await?;
            return Ok(xml);
        }
        _ => {}
    }
    // Later steps act (book callbacks), so they are claimed before any work: a concurrent
    // duplicate waits for this answer and replays it instead of booking twice.
    let route = ev.route.name();
    let claim = || async {
        state
            .store
            .claim_step(&ev.sid, step, route, now_unix(), STALE_CLAIM_SECS)
            .await
    };
    if let Some(previous) = wait_for_claim(claim, started, state).await? {
        metrics::counter!("doorstep_webhook_replays_total").increment(1);
        return Ok(previous);
    }
    let actions = match ivr.handle(&ev).await {
        Ok(actions) => {
            remember_language(state, &ev, &actions);
            actions
        }
        Err(e) => {
            let _ = state.store.release_step(&ev.sid, step).await;
            return Err(e);
        }
    };
    let may_stream = !req.after_stream;
    let (xml, positions) = render_with(
        state,
        edge,
        &ev,
        step,
        actions,
        speak_until,
        true,
        may_stream,
    )
    .await;
    state
        .store
        .answer_step(&ev.sid, step, &xml, &positions)
        .await?;
    Ok(xml)
}

/// Stores the turn a media stream hands back (a bridge, a dial, a hang-up, or what the
/// stream could not say) as the answer of the carrier's webhook after the stream, step
/// `step`; if that webhook came first (the socket dropped), its answer stands.
pub async fn store_resume(
    state: &AppState,
    edge: &impl VoiceEdge,
    ev: &CallEvent,
    step: i64,
    actions: Vec<Action>,
) -> Result<(), crate::store::StoreError> {
    let claim = state
        .store
        .claim_step(&ev.sid, step, ev.route.name(), now_unix(), STALE_CLAIM_SECS)
        .await?;
    if !matches!(claim, crate::store::Claim::Mine) {
        return Ok(());
    }
    let speak_until = Some(Instant::now() + speech_budget(state));
    let (xml, positions) = render(state, edge, ev, step, actions, speak_until, true).await;
    state
        .store
        .answer_step(&ev.sid, step, &xml, &positions)
        .await
}

/// The position a media stream's ticket names: its route and attempt, and what its stored
/// row carries.
pub async fn ticket_position(
    state: &AppState,
    sid: &CallId,
    ticket: &crate::media::Ticket,
) -> Result<Option<Next>, crate::store::StoreError> {
    let Some(route) = Route::parse_name(&ticket.route) else {
        return Ok(None);
    };
    let mut next = Next {
        route,
        attempt: ticket.attempt.clamp(1, 99),
        topic: None,
        consultation: None,
        medicine: None,
        carry: None,
    };
    if let Some(token) = &ticket.position {
        let Some(row) = state.store.position(token).await? else {
            return Ok(None);
        };
        if row.call_sid != sid.as_str() {
            return Ok(None);
        }
        next.topic = row.topic;
        next.consultation = row.consultation;
        next.medicine = row.medicine;
        next.carry = row.carry;
    }
    Ok(Some(next))
}

/// The answer when storage failed or stalled: what needs no database (an emergency in the
/// caller's words is still connected; the menus still work), else the apology. What the
/// caller said is spooled, to be stored when storage is back. Its URLs name no stored
/// position, so the next step starts from its first attempt.
async fn without_store(state: &AppState, edge: &impl VoiceEdge, req: &VoiceRequest) -> String {
    let mut ev = req.event.clone();
    if ev.language_hint.is_none() {
        ev.language_hint = hinted_language(state, &ev);
    }
    // A caller's words about their problem are kept (an item for the record or a
    // medicine's name is asked again when storage is back).
    if let (Route::Problem, Some(text), Caller::Number(from)) = (ev.route, ev.speech(), &ev.caller)
    {
        let entry = crate::spool::Spooled::Speech {
            call_sid: ev.sid.as_str().to_owned(),
            from: from.as_str().to_owned(),
            language: ev
                .language_hint
                .as_ref()
                .map(|l| l.code().to_owned())
                .unwrap_or_default(),
            text: text.to_owned(),
            at: now_unix(),
        };
        state
            .spool
            .push_within(entry, crate::spool::PUSH_WITHIN)
            .await;
    }
    let ivr = state.ivr();
    let actions = ivr
        .without_store(&ev)
        .unwrap_or_else(|| ivr.apology(ev.language_hint.as_ref()));
    render(state, edge, &ev, req.step, actions, None, false)
        .await
        .0
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

fn action_language(a: &Action) -> Option<Language> {
    match a {
        Action::Say(p) => Some(p.language.clone()),
        Action::Ask { prompts, .. } | Action::Listen { prompts, .. } => {
            prompts.first().map(|p| p.language.clone())
        }
        _ => None,
    }
}

/// A step's URL on `edge`: the route's path, the step number, the stored position's key and
/// the language hint.
fn step_url(
    state: &AppState,
    edge: &impl VoiceEdge,
    route: Route,
    query: &[(&str, String)],
) -> String {
    let qs = serde_urlencoded::to_string(query).unwrap_or_default();
    let segment = route.segment();
    let path = if segment.is_empty() {
        format!("/{}/voice", edge.name())
    } else {
        format!("/{}/voice/{segment}", edge.name())
    };
    format!("{}{}?{}", state.settings.public_url, path, qs)
}

/// A URL's `at` as a position key, if it is one as we make them (hex), so nothing else is
/// ever looked up.
pub fn position_key(raw: Option<&str>) -> Option<String> {
    raw.filter(|t| (8..=64).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_owned)
}

/// A URL's `try` as an attempt: 1 unless it is a small count (anything else starts over).
pub fn attempt(raw: Option<&str>) -> u32 {
    raw.and_then(|t| t.parse().ok())
        .filter(|a| (1..=99).contains(a))
        .unwrap_or(1)
}

/// The first URL of a call we place, on `edge`, naming what it is for.
pub fn placed_call_url(public_url: &str, edge: &str, intent: ivr::Intent) -> String {
    let (name, id) = intent.parts();
    format!("{public_url}/{edge}/voice?{name}={id}")
}

/// Turns the engine's actions into steps with URLs for step `step + 1` and renders them;
/// with `positioned`, each URL whose step carries anything beyond its attempt names a new
/// position, returned for the caller to store with the turn's write (without, while the
/// database cannot be written, the next step keeps only its attempt). An attempt past the
/// first is the URL's `try`. Prompts are Piper audio where the language has a voice and the
/// audio is cached or can be made before `speak_until` (`None`: cached audio only); the
/// carrier's speech otherwise.
async fn render(
    state: &AppState,
    edge: &impl VoiceEdge,
    ev: &CallEvent,
    step: i64,
    actions: Vec<Action>,
    speak_until: Option<Instant>,
    positioned: bool,
) -> (String, Vec<NewPosition>) {
    render_with(
        state,
        edge,
        ev,
        step,
        actions,
        speak_until,
        positioned,
        true,
    )
    .await
}

/// [`render`], choosing whether a listening step may connect a media stream.
#[allow(clippy::too_many_arguments)]
async fn render_with(
    state: &AppState,
    edge: &impl VoiceEdge,
    ev: &CallEvent,
    step: i64,
    actions: Vec<Action>,
    speak_until: Option<Instant>,
    positioned: bool,
    may_stream: bool,
) -> (String, Vec<NewPosition>) {
    let lang = actions
        .iter()
        .find_map(action_language)
        .or_else(|| ev.language_hint.clone());
    let mut positions: Vec<NewPosition> = vec![];
    let mut url = |next: &Next| {
        let mut query: Vec<(&str, String)> = vec![("n", (step + 1).to_string())];
        // A position carrying nothing but its attempt (a menu asked again after silence or
        // a wrong key) is named by the URL itself; only the others are stored.
        let mut token_made = None;
        if next.carries_nothing() || !positioned {
            if next.attempt > 1 {
                query.push(("try", next.attempt.to_string()));
            }
        } else {
            let token = crate::store::new_position_token();
            query.push(("at", token.clone()));
            positions.push(NewPosition {
                token,
                route: next.route.name(),
                attempt: i64::from(next.attempt),
                topic: next.topic.clone(),
                consultation: next.consultation,
                medicine: next.medicine.clone(),
                carry: next.carry.clone(),
            });
            token_made = positions.last().map(|p| p.token.clone());
        }
        if let Some(l) = &lang {
            query.push(("lang", l.code().to_owned()));
        }
        (step_url(state, edge, next.route, &query), token_made)
    };
    let mut steps: Vec<Step> = vec![];
    for a in actions {
        match a {
            Action::Say(p) => steps.extend(
                speak(state, &p, speak_until)
                    .await
                    .into_iter()
                    .map(Step::Speak),
            ),
            Action::Ask {
                prompts,
                digits,
                next,
            } => steps.push(Step::Ask {
                prompts: speak_all(state, &prompts, speak_until).await,
                digits,
                action: url(&next).0,
            }),
            // A conversation over the call's media stream where we can hear and speak the
            // language and the carrier streams: the webhook plays the question and connects.
            Action::Listen { prompts, next }
                if may_stream
                    && state.settings.media
                    && prompts
                        .first()
                        .is_some_and(|p| state.speech.can_converse(p.language.code()))
                    && edge.media_key(state).is_some() =>
            {
                let (action, position) = url(&next);
                let language = prompts[0].language.code().to_owned();
                let ticket = crate::media::Ticket {
                    call: ev.sid.as_str().to_owned(),
                    route: next.route.name().to_owned(),
                    attempt: next.attempt,
                    position,
                    step: step + 1,
                    language,
                    expires: now_unix() + crate::media::TICKET_SECS,
                };
                let key = edge.media_key(state).unwrap_or_default();
                steps.push(Step::Stream {
                    prompts: speak_all(state, &prompts, speak_until).await,
                    url: crate::media::stream_url(&state.settings.public_url, edge.name()),
                    ticket: ticket.sign(&key),
                    action: format!("{action}&via=stream"),
                })
            }
            // Our own recogniser where the language has one: the caller is recorded and the
            // recording transcribed by Vosk (conversations say `voice`).
            Action::Listen { prompts, next }
                if prompts
                    .first()
                    .is_some_and(|p| state.speech.has_recogniser(p.language.code())) =>
            {
                steps.push(Step::Record {
                    prompts: speak_all(state, &prompts, speak_until).await,
                    action: url(&next).0,
                })
            }
            // Otherwise the carrier transcribes (conversations say `voice-carrier-speech`).
            Action::Listen { prompts, next } => {
                let language = prompts
                    .first()
                    .map(|p| p.language.clone())
                    .unwrap_or_else(|| state.catalog.fallback());
                steps.push(Step::CarrierListen {
                    prompts: speak_all(state, &prompts, speak_until).await,
                    action: url(&next).0,
                    language,
                })
            }
            Action::Redirect(next) => steps.push(Step::Redirect(url(&next).0)),
            Action::Dial { number, next } => steps.push(Step::Dial {
                number,
                action: url(&next).0,
            }),
            Action::Bridge {
                number,
                whisper,
                screened,
                next,
            } => steps.push(Step::Bridge {
                number,
                whisper: url(&whisper).0,
                screened: url(&screened).0,
                action: url(&next).0,
            }),
            Action::Reject => steps.push(Step::Reject),
            Action::Hangup => steps.push(Step::Hangup),
        }
    }
    (edge.render(state, ev.route, &steps), positions)
}

/// How long a webhook may spend making speech: what the budget leaves after the database
/// and triage work, capped so a slow voice never eats the fallback's time.
fn speech_budget(state: &AppState) -> Duration {
    Duration::from_millis((state.settings.webhook_budget_ms / 2).min(800))
}

async fn speak_all(
    state: &AppState,
    prompts: &[ivr::Prompt],
    until: Option<Instant>,
) -> Vec<Sound> {
    let mut sounds = vec![];
    for p in prompts {
        sounds.extend(speak(state, p, until).await);
    }
    sounds
}

/// One prompt as Piper audio, one file per sentence; or as text for the carrier when the
/// language has no voice or any sentence is not ready in time (then it is made in the
/// background, so the next caller hears the voice).
pub async fn speak(state: &AppState, p: &ivr::Prompt, until: Option<Instant>) -> Vec<Sound> {
    let lang = p.language.code();
    if !state.speech.has_voice(lang) {
        return vec![carrier_speech(p)];
    }
    let sentences = crate::text::sentences(&p.text);
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
            Some(id) => plays.push(Sound::Play(format!(
                "{}/audio/{id}.wav",
                state.settings.public_url
            ))),
            None => {
                let rest = sentences[i..].to_vec();
                let speech = state.speech.clone();
                let lang = lang.to_owned();
                state.spawn(async move {
                    speech
                        .prepare(&lang, &rest, crate::speech::Keep::Reply)
                        .await;
                });
                return vec![carrier_speech(p)];
            }
        }
    }
    plays
}

fn carrier_speech(p: &ivr::Prompt) -> Sound {
    metrics::counter!("doorstep_prompts_total", "as" => "say").increment(1);
    Sound::Say(p.clone())
}

/// Longest a webhook waits for a transcript before holding the caller.
const TRANSCRIPT_WAIT: Duration = Duration::from_millis(500);
/// How long a caller is held for a transcript before being asked again.
const MAX_TRANSCRIPT_SECS: i64 = 20;

/// For a step that carries a recording (or is a hold waiting for one): starts its
/// transcription once, waits briefly, and either fills in what the caller said or answers
/// with a short hold and a redirect back here. `Some(xml)`: answer with that hold.
async fn resolve_recording(
    state: &Arc<AppState>,
    edge: &impl VoiceEdge,
    req: &mut VoiceRequest,
    started: Instant,
) -> Option<String> {
    let ev = &mut req.event;
    if !ev.route.listens() {
        return None;
    }
    let recording = req.recording.clone()?;
    let lang = ev
        .language_hint
        .clone()
        .unwrap_or_else(|| state.catalog.fallback());
    if let Some(url) = &recording.url {
        match state
            .store
            .start_transcript(&recording.id, ev.sid.as_str())
            .await
        {
            Ok(true) => {
                let code = lang.code().to_owned();
                let auth = edge.recording_auth(state);
                let job = transcribe_recording(
                    state.clone(),
                    recording.id.clone(),
                    url.clone(),
                    auth,
                    code,
                );
                state.spawn(job);
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
        let at = match state.store.transcript(&recording.id).await {
            Ok(Some(crate::store::Transcript::Done(text))) => {
                ev.input = Input::Utterance {
                    text,
                    heard_by: Hearer::Us,
                };
                return None;
            }
            Ok(Some(crate::store::Transcript::Failed(_))) | Ok(None) | Err(_) => {
                ev.input = Input::NoInput;
                return None;
            }
            Ok(Some(crate::store::Transcript::Pending(at))) => at,
        };
        if Instant::now() >= until {
            break at;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    if now_unix() - since > MAX_TRANSCRIPT_SECS {
        tracing::warn!(recording = %recording.id, "transcript not ready after holding: asking again");
        ev.input = Input::NoInput;
        return None;
    }
    let prompt = ivr::Prompt {
        text: state.catalog.text(&lang, "please-hold", &[]),
        language: lang.clone(),
    };
    let mut steps: Vec<Step> = speak(state, &prompt, None)
        .await
        .into_iter()
        .map(Step::Speak)
        .collect();
    steps.push(Step::Pause(1));
    // Back to the step that listened, at the same position.
    let mut query: Vec<(&str, String)> = vec![
        ("n", req.step.to_string()),
        ("rec", recording.id.clone()),
        ("hold", (recording.holds + 1).to_string()),
        ("lang", lang.code().to_owned()),
    ];
    if let Some(at) = &req.position {
        query.push(("at", at.clone()));
    } else if req.attempt > 1 {
        query.push(("try", req.attempt.to_string()));
    }
    steps.push(Step::Redirect(step_url(state, edge, ev.route, &query)));
    Some(edge.render(state, ev.route, &steps))
}

/// Fetches a recording from the carrier (with its credentials, if it needs them),
/// transcribes it with the language's recogniser, and stores the outcome for whichever node
/// asks.
async fn transcribe_recording(
    state: Arc<AppState>,
    recording: String,
    url: String,
    auth: Option<(String, String)>,
    lang: String,
) {
    let outcome: Result<String, String> = async {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .build()
            .map_err(|e| e.to_string())?;
        let mut request = client.get(&url);
        if let Some((user, password)) = &auth {
            request = request.basic_auth(user, Some(password));
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

/// Records a call's status within the budget; a status that cannot be stored is spooled.
/// `false`: neither stored nor spooled (the edge answers 503, so the carrier retries).
pub async fn call_status(state: &AppState, s: &CallStatus) -> bool {
    let started = Instant::now();
    tracing::Span::current().record("sid", s.sid.as_str());
    let work = async {
        let Some(from) = &s.from else {
            return Ok(());
        };
        state
            .store
            .record_call_status(&s.sid, from, &s.to, &s.status, s.duration)
            .await?;
        // A reminder or follow-up we placed that was not answered is called again.
        if !s.inbound {
            let placed = s.placed_as.as_deref().unwrap_or(s.sid.as_str());
            state
                .reminders()
                .call_ended(placed, &s.status, now_unix())
                .await?;
        }
        // A caller who hung up before choosing anything is called back (rate-limited).
        let missed_number = state.settings.callbacks.missed_call_number.as_deref();
        if s.inbound
            && s.status == "completed"
            && missed_number != Some(s.to.as_str())
            && state.store.answered_steps(&s.sid).await? == 0
        {
            crate::callbacks::schedule(&state.store, &state.settings.callbacks, from, &s.sid)
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
    if outcome == "ok" {
        return true;
    }
    match &s.from {
        Some(from) => {
            let entry = crate::spool::Spooled::Status {
                call_sid: s.sid.as_str().to_owned(),
                from: from.as_str().to_owned(),
                to: s.to.clone(),
                status: s.status.clone(),
                duration: s.duration,
                inbound: s.inbound,
                at: now_unix(),
            };
            state
                .spool
                .push_within(entry, crate::spool::PUSH_WITHIN)
                .await
        }
        None => false,
    }
}
