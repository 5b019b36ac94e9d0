//! A conversation over a media stream, carrier-neutral: it runs the same engine as the
//! webhooks ([`crate::ivr::Ivr::handle`]), hears the caller through the [`listener`], and
//! speaks each prompt sentence by sentence in 20 ms frames while the rest is made. A turn
//! that ends the stream (a bridge to a doctor, a dial to the emergency number, a hang-up) is
//! stored as the answer of the webhook the carrier makes next, rendered by the carrier's
//! edge; a stream that fails leaves that webhook to answer from the stored position.
//!
//! [`listener`]: super::listener

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc;

use super::codec::FRAME;
use super::listener::{Feed, Heard};
use crate::app::AppState;
use crate::domain::CallId;
use crate::ivr::{Action, CallEvent, Caller, Hearer, Input, Next, Spoken};
use crate::languages::{content_words, Language};
use crate::speech::Keep;
use crate::telephony::voice::{self, VoiceEdge};

/// Audio sent ahead of real time: enough to ride out a scheduling hiccup, little enough that
/// a `clear` at barge-in leaves almost nothing queued at the carrier.
const LEAD: Duration = Duration::from_millis(200);
/// How long a caller may stay silent after a question before it is asked again.
const NO_SPEECH: Duration = Duration::from_secs(8);
/// How long after the last key (or the prompt) keys are waited for.
const KEY_WAIT: Duration = Duration::from_secs(5);
/// Speech this long (past the ear's minimum) stops the line: the recogniser gives no words
/// this early (Vosk's first partial comes about half a second in), so the words decide
/// afterwards whether the caller interrupted or only acknowledged (then the sentence plays
/// again), as LiveKit's false-interruption recovery does.
const BARGE_AFTER: f32 = 0.1;
/// Turns the engine may take within one stream before it is handed back to webhooks (a loop
/// guard: a conversation is a handful of turns).
const MAX_TURNS: usize = 40;

/// What the carrier sent, in neutral words.
#[derive(Debug)]
pub enum Inbound {
    /// Caller audio, 8 kHz.
    Audio(Vec<i16>),
    /// A key pressed.
    Digit(char),
    /// A mark we sent was reached: what came before it was played.
    Mark(String),
    /// The stream ended (the caller hung up, or the carrier stopped it).
    Stop,
}

/// What the session sends the carrier.
#[derive(Debug)]
pub enum Outbound {
    /// 20 ms of audio, 8 kHz.
    Audio(Vec<i16>),
    /// A mark, echoed back once what was sent before it has played.
    Mark(String),
    /// Drops audio queued at the carrier (barge-in).
    Clear,
}

/// The call a stream belongs to and where its first words go.
#[derive(Clone, Debug)]
pub struct Call {
    pub sid: CallId,
    pub caller: Caller,
    pub to: String,
    pub language: Language,
    /// The listening step whose words the stream takes (or, for a call that begins on the
    /// stream, its first step).
    pub next: Next,
    /// How the conversation opens.
    pub opening: Opening,
    /// Where the call goes when the stream ends.
    pub resume: Resume,
}

/// What the carrier asks when a stream ends, and so where a turn that leaves it is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resume {
    /// The webhook with this step number (Twilio's `<Connect>` action, Plivo's `<Redirect>`).
    Webhook(i64),
    /// Exotel's Connect applet after the Voicebot, asking whom to dial.
    ExotelConnect,
}

/// How a stream's conversation opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opening {
    /// The webhook asked the question: the stream listens for the answer.
    Listen,
    /// The whole call is on the stream (Exotel's Voicebot): the engine's first turn.
    Start,
}

/// How a stream ended.
#[derive(Debug, PartialEq)]
pub enum Ending {
    /// The turn that leaves the stream was stored for the carrier's next webhook.
    HandedOff,
    /// The caller or carrier ended the stream.
    Gone,
}

/// One stream's session: the engine, the ear and the mouth.
pub struct Session<E> {
    state: Arc<AppState>,
    edge: E,
    call: Call,
    inbound: mpsc::Receiver<Inbound>,
    out: mpsc::Sender<Outbound>,
    ear: std::sync::mpsc::SyncSender<Feed>,
    heard: mpsc::Receiver<Heard>,
    /// Marks sent and not yet echoed, oldest first.
    pending_marks: VecDeque<String>,
    marks_sent: u64,
    /// When the caller's last turn ended, until the first reply frame is sent.
    turn_ended: Option<Instant>,
    /// Keys pressed while nothing asked for them (a key during a prompt), oldest first.
    keys: VecDeque<char>,
    /// A turn the caller finished while a prompt played, for the question that follows in
    /// the same turn of the engine; dropped at the next turn if none took it.
    early_turn: Option<String>,
    /// Words that chose the main menu's "describe the problem": the problem itself, for the
    /// question the engine's next turn asks.
    carried_turn: Option<String>,
    /// The language of the prompt last played (a language chosen over the stream changes it).
    speaking: Language,
    /// The prompt playing: its sentences, and the marks sent after those sent so far.
    playing: Vec<String>,
    played_marks: Vec<(String, usize)>,
    /// How far the caller heard the prompt the line last stopped (by `clear`).
    cut: Option<Cut>,
    /// The turn that leaves the stream is stored (an emergency's dial is stored before its
    /// message plays).
    handed_off: bool,
    gone: bool,
}

/// How far the caller heard a prompt they cut short: the sentences whose end was played,
/// of all it had.
#[derive(Debug)]
struct Cut {
    heard: Vec<String>,
    total: usize,
}

/// What happened while waiting.
enum Event {
    Heard(Heard),
    Digit(char),
    Timeout,
    Gone,
}

/// How a prompt's playback ended.
enum Played {
    Done,
    /// The caller spoke over it.
    BargedIn,
    /// The caller pressed a key over it.
    Keyed,
    /// Audio could not be made: the turn goes back to webhooks.
    NoAudio,
    Gone,
}

/// What may interrupt a prompt.
#[derive(Clone, Copy, PartialEq)]
enum Interrupt {
    Nothing,
    SpeechAndKeys,
}

impl<E: VoiceEdge + Send + Sync> Session<E> {
    /// A session over the carrier's channels and the ear's.
    pub fn new(
        state: Arc<AppState>,
        edge: E,
        call: Call,
        channels: (mpsc::Receiver<Inbound>, mpsc::Sender<Outbound>),
        ear: (std::sync::mpsc::SyncSender<Feed>, mpsc::Receiver<Heard>),
    ) -> Self {
        let speaking = call.language.clone();
        Self {
            state,
            edge,
            call,
            inbound: channels.0,
            out: channels.1,
            ear: ear.0,
            heard: ear.1,
            pending_marks: VecDeque::new(),
            marks_sent: 0,
            turn_ended: None,
            keys: VecDeque::new(),
            early_turn: None,
            carried_turn: None,
            speaking,
            playing: vec![],
            played_marks: vec![],
            cut: None,
            handed_off: false,
            gone: false,
        }
    }

    /// Runs the conversation from the caller's first words to the turn that leaves the
    /// stream.
    pub async fn run(mut self) -> Ending {
        let first = self.call.next.clone();
        let mut actions = match self.call.opening {
            Opening::Start => self.engine(&first, Input::Start).await,
            Opening::Listen => match self.listen().await {
                Some(text) => self.engine(&first, utterance(text)).await,
                None if self.gone => return Ending::Gone,
                None => self.engine(&first, Input::NoInput).await,
            },
        };
        for _ in 0..MAX_TURNS {
            match self.perform(actions).await {
                Step::Engine(next, input) => actions = self.engine(&next, input).await,
                Step::Leave(rest) => return self.hand_off(rest).await,
                Step::Gone => return Ending::Gone,
            }
        }
        tracing::warn!("a media conversation ran past its turns: back to webhooks");
        let rest = vec![Action::Redirect(self.call.next.clone())];
        self.hand_off(rest).await
    }

    /// Plays and listens through a turn's actions until the engine is needed again or the
    /// stream must end.
    async fn perform(&mut self, actions: Vec<Action>) -> Step {
        let urgent = actions.iter().any(|a| {
            matches!(a, Action::Dial { number, .. } if number == &self.state.settings.emergency_number)
        });
        if urgent {
            // The emergency number is stored before its message plays: a stream that drops
            // during the message still leaves the carrier dialling it.
            if let Some(at) = actions
                .iter()
                .position(|a| matches!(a, Action::Dial { .. }))
            {
                self.store_leaving(actions[at..].to_vec()).await;
            }
        }
        // Words heard over the last turn's prompts were for its questions.
        self.early_turn = self.carried_turn.take();
        let mut queue: VecDeque<Action> = actions.into();
        while let Some(action) = queue.pop_front() {
            tracing::debug!(action = action_name(&action), "a media turn's action");
            match action {
                Action::Say(p) => {
                    let interrupt = if urgent {
                        Interrupt::Nothing
                    } else {
                        Interrupt::SpeechAndKeys
                    };
                    match self.play(std::slice::from_ref(&p), interrupt).await {
                        Played::Done => {}
                        played @ (Played::BargedIn | Played::Keyed) => {
                            // What the caller said or keyed goes to the next question.
                            if let Some(step) = self.answer_to_next(&mut queue, &played).await {
                                return step;
                            }
                        }
                        Played::NoAudio => {
                            queue.push_front(Action::Say(p));
                            return Step::Leave(queue.into());
                        }
                        Played::Gone => return Step::Gone,
                    }
                }
                Action::Ask {
                    prompts,
                    digits,
                    next,
                } => {
                    let interrupt = if urgent {
                        Interrupt::Nothing
                    } else {
                        Interrupt::SpeechAndKeys
                    };
                    match self.play_through(&prompts, interrupt).await {
                        Played::Gone => return Step::Gone,
                        Played::NoAudio => {
                            queue.push_front(Action::Ask {
                                prompts,
                                digits,
                                next,
                            });
                            return Step::Leave(queue.into());
                        }
                        // Words that answer the question (a yes, "doctor") are its key;
                        // others fall through to the question asked again.
                        Played::BargedIn => {
                            if let Some(text) = self.listen().await {
                                if let Some(key) = self.spoken_key(&next, text) {
                                    return Step::Engine(next, Input::Digits(key));
                                }
                            }
                            if self.gone {
                                return Step::Gone;
                            }
                            continue;
                        }
                        Played::Done | Played::Keyed => {}
                    }
                    if let Some(keys) = self.keys(digits, &next).await {
                        return Step::Engine(next, Input::Digits(keys));
                    }
                    if self.gone {
                        return Step::Gone;
                    }
                }
                Action::Listen { prompts, next } => {
                    // Words the caller already said (their problem, at the main menu) are
                    // this turn's: its question is not asked.
                    let played = if self.early_turn.is_some() {
                        Played::Done
                    } else {
                        self.play_through(&prompts, Interrupt::SpeechAndKeys).await
                    };
                    match played {
                        Played::Gone => return Step::Gone,
                        Played::NoAudio => {
                            queue.push_front(Action::Listen { prompts, next });
                            return Step::Leave(queue.into());
                        }
                        Played::Keyed => {
                            let keys = self.keys(1, &next).await.unwrap_or_default();
                            return Step::Engine(next, Input::Digits(keys));
                        }
                        Played::Done | Played::BargedIn => {}
                    }
                    match self.listen().await {
                        Some(text) => return Step::Engine(next, utterance(text)),
                        None if self.gone => return Step::Gone,
                        None => {}
                    }
                }
                Action::Redirect(next) => return Step::Engine(next, Input::Start),
                other => {
                    queue.push_front(other);
                    return Step::Leave(queue.into());
                }
            }
        }
        Step::Leave(vec![Action::Hangup])
    }

    /// After a barge-in over a statement: keys pressed over it answer the next question in
    /// the turn, and words answer a question that needs no hearing ("doctor" at the main
    /// menu, or the problem itself where the turn listens next). A question the words do not
    /// answer is asked: the caller has not heard it.
    async fn answer_to_next(
        &mut self,
        queue: &mut VecDeque<Action>,
        played: &Played,
    ) -> Option<Step> {
        let position = queue
            .iter()
            .position(|a| matches!(a, Action::Ask { .. } | Action::Listen { .. }))?;
        let asked = queue.remove(position)?;
        queue.drain(..position);
        match asked {
            Action::Ask { digits, next, .. } if matches!(played, Played::Keyed) => {
                let keys = self.keys(digits, &next).await?;
                Some(Step::Engine(next, Input::Digits(keys)))
            }
            Action::Ask {
                prompts,
                digits,
                next,
            } => {
                if next.route == crate::ivr::Route::Choice && digits == 1 {
                    if let Some(text) = self.early_turn.take() {
                        if let Some(key) = self.spoken_key(&next, text) {
                            return Some(Step::Engine(next, Input::Digits(key)));
                        }
                    }
                }
                queue.push_front(Action::Ask {
                    prompts,
                    digits,
                    next,
                });
                None
            }
            Action::Listen { next, .. } => match self.listen().await {
                Some(text) => Some(Step::Engine(next, utterance(text))),
                None if self.gone => Some(Step::Gone),
                None => Some(Step::Engine(next, Input::NoInput)),
            },
            _ => None,
        }
    }

    /// The engine's answer to an input at a position; an apology turn if storage fails.
    async fn engine(&mut self, next: &Next, input: Input) -> Vec<Action> {
        tracing::debug!(route = next.route.name(), "a media turn");
        let ev = CallEvent::new(
            self.call.sid.clone(),
            self.call.caller.clone(),
            self.call.to.clone(),
            next.route,
            input,
        )
        .at(next);
        let ivr = self.state.ivr();
        match ivr.handle(&ev).await {
            Ok(actions) => actions,
            Err(e) => {
                tracing::error!(error = %e, "a media turn failed: the apology, then webhooks");
                ivr.apology(Some(&self.call.language))
            }
        }
    }

    /// Stores the turn that leaves the stream as the answer of the carrier's next webhook,
    /// after what was sent has played.
    async fn hand_off(&mut self, rest: Vec<Action>) -> Ending {
        tracing::debug!(leaving = ?rest.first().map(action_name), "a turn leaves the stream");
        self.drain_marks(Duration::from_secs(30)).await;
        self.store_leaving(rest).await;
        Ending::HandedOff
    }

    /// Stores the actions that leave the stream, once per stream.
    async fn store_leaving(&mut self, rest: Vec<Action>) {
        if self.handed_off {
            return;
        }
        let ev = CallEvent::new(
            self.call.sid.clone(),
            self.call.caller.clone(),
            self.call.to.clone(),
            self.call.next.route,
            Input::Start,
        );
        let stored = match self.call.resume {
            Resume::Webhook(step) => {
                voice::store_resume(&self.state, &self.edge, &ev, step, rest).await
            }
            Resume::ExotelConnect => {
                crate::telephony::exotel::store_handoff(&self.state, &ev, &rest).await
            }
        };
        match stored {
            Ok(()) => self.handed_off = true,
            // The carrier's next request then answers from the stored position.
            Err(e) => tracing::error!(error = %e, "a media hand-off could not be stored"),
        }
    }

    /// Waits (up to `limit`) until every mark sent has come back: the carrier drops audio it
    /// has not played when the stream ends.
    async fn drain_marks(&mut self, limit: Duration) {
        let until = Instant::now() + limit;
        while !self.pending_marks.is_empty() && !self.gone {
            match self.next_event(Some(until)).await {
                Event::Timeout | Event::Gone => return,
                _ => {}
            }
        }
    }

    /// Waits for the caller's turn; `None` after [`NO_SPEECH`] of silence or when the
    /// stream ends.
    async fn listen(&mut self) -> Option<String> {
        if let Some(text) = self.early_turn.take() {
            return Some(text);
        }
        let mut until = Instant::now() + NO_SPEECH;
        loop {
            match self.next_event(Some(until)).await {
                Event::Heard(Heard::Turn { text, speech_ended }) => {
                    self.turn_ended = Some(speech_ended);
                    return Some(text);
                }
                Event::Heard(Heard::Started) | Event::Heard(Heard::Speaking { .. }) => {
                    until = Instant::now() + NO_SPEECH;
                }
                Event::Heard(Heard::Failed(e)) => {
                    tracing::warn!(error = %e, "the stream's ear failed");
                    return None;
                }
                Event::Heard(Heard::Nothing) => {}
                Event::Digit(d) => self.keys.push_back(d),
                Event::Timeout => return None,
                Event::Gone => return None,
            }
        }
    }

    /// Keys for an `Ask` that posts to `next`: `digits` of them (0: up to `#`), each within
    /// [`KEY_WAIT`]; for a one-key question, words that answer it stand for its key.
    async fn keys(&mut self, digits: u32, next: &Next) -> Option<String> {
        let mut keys = String::new();
        loop {
            if let Some(d) = self.keys.pop_front() {
                if digits == 0 && d == '#' {
                    return Some(keys);
                }
                keys.push(d);
                if digits > 0 && keys.len() >= digits as usize {
                    return Some(keys);
                }
                continue;
            }
            match self.next_event(Some(Instant::now() + KEY_WAIT)).await {
                Event::Digit(d) => self.keys.push_back(d),
                Event::Timeout | Event::Gone => {
                    return (!keys.is_empty()).then_some(keys);
                }
                // "Haan" after a yes/no question, "doctor" at the menu, is its key.
                Event::Heard(Heard::Turn { text, .. }) if digits == 1 && keys.is_empty() => {
                    if let Some(key) = self.spoken_key(next, text) {
                        return Some(key);
                    }
                }
                Event::Heard(_) => {}
            }
        }
    }

    /// Plays a statement (see [`Self::play_through`]): the advice, once a call has been
    /// triaged. Speech that cut it short is noted in the call's conversation, with how far the
    /// caller heard it. A question or a menu talked over is not noted: it is answered, or
    /// asked again.
    async fn play(&mut self, prompts: &[crate::ivr::Prompt], interrupt: Interrupt) -> Played {
        let played = self.play_through(prompts, interrupt).await;
        if matches!(played, Played::BargedIn) {
            self.note_interruption().await;
        }
        played
    }

    /// Plays prompts sentence by sentence: each sentence's audio is made (or read from the
    /// cache) while the one before plays, and sent as 20 ms frames a little ahead of real
    /// time, with a mark after it.
    async fn play_through(
        &mut self,
        prompts: &[crate::ivr::Prompt],
        interrupt: Interrupt,
    ) -> Played {
        let sentences: Vec<(Language, String)> = prompts
            .iter()
            .flat_map(|p| {
                crate::text::sentences(&p.text)
                    .into_iter()
                    .map(|s| (p.language.clone(), s))
                    .collect::<Vec<_>>()
            })
            .collect();
        // A stream carries no carrier speech: a sentence in a language without a voice (a
        // language menu names every language in its own) is left out, and only a prompt with
        // nothing to say goes back to webhooks.
        let speech = self.state.speech.clone();
        let mut sentences: Vec<(Language, String)> = sentences
            .into_iter()
            .filter(|(lang, _)| speech.has_voice(lang.code()))
            .collect();
        // The first clause first: a long first sentence yet to be made is made in two, so
        // the caller hears its start while the rest is made.
        if let Some((lang, first)) = sentences.first().cloned() {
            if !speech.is_cached(lang.code(), &first) {
                if let Some((head, tail)) = crate::text::first_clause(&first) {
                    sentences.splice(0..1, [(lang.clone(), head), (lang, tail)]);
                }
            }
        }
        if sentences.is_empty() && !prompts.is_empty() {
            return Played::NoAudio;
        }
        if let Some(p) = prompts.last() {
            self.speaking = p.language.clone();
        }
        self.playing = sentences.iter().map(|(_, s)| s.clone()).collect();
        self.played_marks.clear();
        self.cut = None;
        let (tx, mut rx) = mpsc::channel::<Option<Vec<i16>>>(2);
        let maker = tokio::spawn(async move {
            for (lang, s) in sentences {
                let audio = sentence_samples(&speech, lang.code(), &s).await;
                let failed = audio.is_none();
                if tx.send(audio).await.is_err() || failed {
                    return;
                }
            }
        });
        let _stop_maker = AbortOnDrop(maker);
        self.keys.clear();
        let mut clock: Option<(Instant, Duration)> = None;
        // Sentences received from the maker: the one being sent is the last (a sentence
        // played again keeps its number).
        let mut received = 0usize;
        loop {
            let next = tokio::select! {
                next = rx.recv() => next,
                event = self.next_event(None), if !self.gone => {
                    match self.interrupted(event, interrupt).await {
                        // Between sentences: nothing was cut, the next one plays.
                        None | Some(Played::Done) => continue,
                        Some(p) => return p,
                    }
                }
            };
            let samples = match next {
                None => return Played::Done,
                Some(None) => return Played::NoAudio,
                Some(Some(s)) => s,
            };
            received += 1;
            let mut at = 0;
            while at < samples.len() {
                let (start, sent) = clock.get_or_insert((Instant::now(), Duration::ZERO));
                let due = *start + sent.saturating_sub(LEAD);
                let mut frame = samples[at..(at + FRAME).min(samples.len())].to_vec();
                frame.resize(FRAME, 0);
                let mut resumed = false;
                loop {
                    tokio::select! {
                        _ = tokio::time::sleep_until(due.into()) => break,
                        event = self.next_event(None), if !self.gone => {
                            match self.interrupted(event, interrupt).await {
                                None => {}
                                // Only an acknowledgement or noise: the sentence again.
                                Some(Played::Done) => {
                                    resumed = true;
                                    break;
                                }
                                Some(p) => return p,
                            }
                        }
                    }
                }
                if resumed {
                    at = 0;
                    clock = None;
                    continue;
                }
                if self.out.send(Outbound::Audio(frame)).await.is_err() {
                    self.gone = true;
                    return Played::Gone;
                }
                at += FRAME;
                *sent += Duration::from_millis(20);
                if let Some(ended) = self.turn_ended.take() {
                    metrics::histogram!("doorstep_media_reply_latency_seconds")
                        .record(ended.elapsed().as_secs_f64());
                }
            }
            self.marks_sent += 1;
            let name = format!("s{}", self.marks_sent);
            self.pending_marks.push_back(name.clone());
            self.played_marks.push((name.clone(), received - 1));
            if self.out.send(Outbound::Mark(name)).await.is_err() {
                self.gone = true;
                return Played::Gone;
            }
        }
    }

    /// Whether an event during playback stops it.
    async fn interrupted(&mut self, event: Event, interrupt: Interrupt) -> Option<Played> {
        match event {
            Event::Gone => Some(Played::Gone),
            Event::Digit(d) => {
                self.keys.push_back(d);
                if interrupt == Interrupt::Nothing {
                    return None;
                }
                self.clear_sync();
                Some(Played::Keyed)
            }
            // Speech over the line stops it at once (a caller must not wait to be heard);
            // what the speech was decides whether the line goes on.
            Event::Heard(Heard::Speaking { seconds }) if interrupt == Interrupt::SpeechAndKeys => {
                // Too short yet to be more than a click: the ear goes on listening.
                if seconds < BARGE_AFTER {
                    return None;
                }
                self.clear_sync();
                Some(self.after_barge_in().await)
            }
            Event::Heard(Heard::Turn { text, .. }) if interrupt == Interrupt::SpeechAndKeys => {
                // A whole turn spoken over the prompt: an acknowledgement is forgotten,
                // anything else interrupts and is the caller's answer.
                if content_words(&text, &self.acknowledgements()) == 0 {
                    return None;
                }
                self.clear_sync();
                self.early_turn = Some(text);
                Some(Played::BargedIn)
            }
            Event::Heard(Heard::Turn { .. }) | Event::Heard(Heard::Speaking { .. }) => {
                // Heard while the line may not be interrupted: not an answer.
                let _ = self.ear.try_send(Feed::Discard);
                None
            }
            Event::Heard(_) | Event::Timeout => None,
        }
    }

    /// After a barge-in, waits for the speech to end: words are the caller's turn
    /// ([`Played::BargedIn`]); an acknowledgement or noise lets the prompt go on
    /// ([`Played::Done`], which the player reads as "resume").
    async fn after_barge_in(&mut self) -> Played {
        let until = Instant::now() + NO_SPEECH;
        loop {
            match self.next_event(Some(until)).await {
                Event::Heard(Heard::Turn { text, speech_ended }) => {
                    if content_words(&text, &self.acknowledgements()) == 0 {
                        metrics::counter!("doorstep_media_false_barge_ins_total").increment(1);
                        return Played::Done;
                    }
                    metrics::counter!("doorstep_media_barge_ins_total").increment(1);
                    self.turn_ended = Some(speech_ended);
                    self.early_turn = Some(text);
                    return Played::BargedIn;
                }
                Event::Heard(Heard::Nothing) | Event::Timeout => {
                    metrics::counter!("doorstep_media_false_barge_ins_total").increment(1);
                    return Played::Done;
                }
                Event::Heard(Heard::Failed(_)) => return Played::Done,
                Event::Heard(_) => {}
                Event::Digit(d) => {
                    self.keys.push_back(d);
                    return Played::Keyed;
                }
                Event::Gone => return Played::Gone,
            }
        }
    }

    /// Tells the carrier to drop what it holds, and forgets the marks it will not echo; what
    /// the caller heard of the prompt is kept for the record.
    fn clear_sync(&mut self) {
        let _ = self.out.try_send(Outbound::Clear);
        // A sentence whose mark had not come back was cut before its end, even if the line
        // then goes on (after an acknowledgement): it does not count as heard.
        let pending = std::mem::take(&mut self.pending_marks);
        self.played_marks.retain(|(m, _)| !pending.contains(m));
        // Heard: the sentences from the first whose ends all played.
        let heard = (0..self.playing.len())
            .take_while(|i| self.played_marks.iter().any(|(_, k)| k == i))
            .count();
        self.cut = Some(Cut {
            heard: self.playing.iter().take(heard).cloned().collect(),
            total: self.playing.len(),
        });
    }

    /// Notes in the call's conversation, when it has one, how far the caller heard the
    /// reply they interrupted, so whoever reads it (a doctor) knows what advice they heard.
    async fn note_interruption(&mut self) {
        let Some(cut) = self.cut.take() else { return };
        let store = &self.state.store;
        let conversation = match store.call_triage(self.call.sid.as_str()).await {
            Ok(Some(t)) => t.conversation_id,
            Ok(None) => None,
            Err(e) => {
                tracing::warn!(error = %e, "an interruption could not be noted");
                None
            }
        };
        let Some(id) = conversation else { return };
        let note = format!(
            "The caller spoke over the reply after {} of its {} sentences{}",
            cut.heard.len(),
            cut.total,
            match cut.heard.last() {
                Some(last) => format!(" (the last heard: \"{last}\")."),
                None => ".".into(),
            }
        );
        if let Err(e) = store
            .add_conversation_message(id, "interrupted", &note)
            .await
        {
            tracing::warn!(error = %e, "an interruption could not be noted");
        }
    }

    /// The key the caller's words stand for at the question posting to `next`, as the
    /// engine reads them; words that tell the problem at the main menu become the turn of
    /// the question they lead to.
    fn spoken_key(&mut self, next: &Next, text: String) -> Option<String> {
        let language = self.speaking.clone();
        match self.state.ivr().spoken(next, &language, &text)? {
            Spoken::Key(key) => Some(key.to_owned()),
            Spoken::Problem => {
                self.carried_turn = Some(text);
                Some(crate::ivr::PROBLEM_KEY.to_owned())
            }
        }
    }

    fn acknowledgements(&self) -> Vec<String> {
        self.state
            .catalog
            .get(self.speaking.code())
            .map(|l| l.acknowledgements.clone())
            .unwrap_or_default()
    }

    /// The next thing that happened: caller audio is passed to the ear as it comes.
    async fn next_event(&mut self, until: Option<Instant>) -> Event {
        if self.gone {
            return Event::Gone;
        }
        let sleep = async {
            match until {
                Some(t) => tokio::time::sleep_until(t.into()).await,
                None => std::future::pending().await,
            }
        };
        tokio::pin!(sleep);
        loop {
            tokio::select! {
                inbound = self.inbound.recv() => match inbound {
                    Some(Inbound::Audio(samples)) => {
                        if self.ear.try_send(Feed::Audio(samples)).is_err() {
                            metrics::counter!("doorstep_media_frames_dropped_total").increment(1);
                        }
                    }
                    Some(Inbound::Digit(d)) => return Event::Digit(d),
                    Some(Inbound::Mark(name)) => {
                        if let Some(i) = self.pending_marks.iter().position(|m| *m == name) {
                            self.pending_marks.drain(..=i);
                        }
                    }
                    Some(Inbound::Stop) | None => {
                        self.gone = true;
                        return Event::Gone;
                    }
                },
                heard = self.heard.recv() => match heard {
                    Some(h) => return Event::Heard(h),
                    None => return Event::Heard(Heard::Failed("the ear stopped".into())),
                },
                _ = &mut sleep => return Event::Timeout,
            }
        }
    }
}

/// Where a turn goes next.
enum Step {
    /// The engine answers this input at this position.
    Engine(Next, Input),
    /// These actions leave the stream (bridge, dial, hang-up, or audio we cannot make).
    Leave(Vec<Action>),
    Gone,
}

/// An action's kind, for logs (its prompts may carry what the caller said).
fn action_name(action: &Action) -> &'static str {
    match action {
        Action::Say(_) => "say",
        Action::Ask { .. } => "ask",
        Action::Listen { .. } => "listen",
        Action::Redirect(_) => "redirect",
        Action::Dial { .. } => "dial",
        Action::Bridge { .. } => "bridge",
        Action::Reject => "reject",
        Action::Hangup => "hangup",
    }
}

fn utterance(text: String) -> Input {
    Input::Utterance {
        text,
        heard_by: Hearer::Us,
    }
}

/// A sentence as 8 kHz samples: the cached prompt, or made now into the cache.
async fn sentence_samples(
    speech: &crate::speech::Speech,
    lang: &str,
    sentence: &str,
) -> Option<Vec<i16>> {
    let id = speech
        .sentence_audio(lang, sentence, Duration::from_secs(10), Keep::Reply)
        .await?;
    let path = speech.audio_path(&id)?;
    let bytes = tokio::fs::read(path).await.ok()?;
    let audio = crate::speech::audio::read_wav(&bytes).ok()?;
    Some(audio.resampled(crate::speech::TELEPHONE_RATE).to_i16())
}

/// Aborts a task when dropped (a prompt cut short stops its synthesis).
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acknowledgements_are_not_content() {
        let acks: Vec<String> = ["hmm", "haan", "theek hai", "ok"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(content_words("Hmm", &acks), 0);
        assert_eq!(content_words("haan  theek hai", &acks), 0);
        assert_eq!(content_words("haan mujhe bukhar hai", &acks), 3);
        assert_eq!(content_words("", &acks), 0);
    }
}
