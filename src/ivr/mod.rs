//! The phone tree: what a caller hears at each step and where each key press leads.
//!
//! A state machine keyed by CallSid whose state lives in the database (language, who the
//! call is for), never in memory, so any node can answer any webhook. It speaks in
//! [`Action`]s; `telephony` turns them into TwiML. It must not know Twilio's field names.

use fluent_bundle::FluentValue;

use crate::config::CallbackPolicy;
use crate::domain::{CallId, DialOutcome, PhoneNumber};
use crate::languages::{Catalog, Language};
use crate::store::{NewConversation, Outgoing, Store, StoreError};
use crate::triage::guide::{Channel, Guide};
use crate::triage::{emergency_evidence, PatientContext, Triage, Urgency};

mod care;
mod degraded;
mod interview;
mod medicine;
mod placed;
mod record;
mod spoken;

pub use spoken::Spoken;

/// Unanswered prompts are repeated this many times in all, then the call ends politely.
pub const MAX_ATTEMPTS: u32 = 3;

/// Each step of the call flow, one webhook URL each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Incoming,
    LanguageMenu,
    Language,
    Menu,
    Choice,
    Who,
    WhoChoice,
    Relation,
    Callback,
    Problem,
    Emergency,
    EmergencyDone,
    /// Connects the caller to a doctor (menu 2, or after triage).
    Doctor,
    /// The doctor's leg: the whispered summary, before the bridge.
    Whisper,
    /// The doctor's key press after the whisper (1 accepts).
    WhisperAnswer,
    /// The outcome of the bridge, on the caller's leg.
    DoctorDone,
    /// The caller's rating of the consultation.
    Rating,
    /// The medicine the caller named.
    Medicine,
    /// The pincode the caller keyed for a medicine search.
    MedicinePincode,
    /// A doctor's callback to a queued patient (`CALL <id>`), on the doctor's leg.
    DoctorCall,
    /// The outcome of the doctor's callback.
    DoctorCallDone,
    /// The caller's key press for a danger-sign question (1 yes, 2 no).
    Danger,
    /// The health-record menu's choice (main menu 5).
    Record,
    /// Which reading the caller gives.
    ReadingKind,
    /// A reading keyed (`topic`: its kind; `carry`: a blood pressure's top number).
    ReadingValue,
    /// After a reading past a threshold: any danger symptom (1 yes, 2 no)?
    ReadingSymptoms,
    /// Which kind of item the caller adds to the record.
    ItemKind,
    /// A long-term condition chosen by keypad.
    Condition,
    /// The month of a pregnancy.
    PregnancyMonth,
    /// An item spoken by the caller (`topic`: its kind), stored as said.
    ItemSpoken,
    /// The number of an item to hide from doctors or show again.
    RecordToggle,
    /// After the prescription: 1 to be reminded.
    RemindOffer,
    /// Reminders by call (1) or SMS (2).
    RemindHow,
    /// The reminder times (`topic`: the channel).
    RemindTimes,
    /// A reminder call's answer (1 taken, 2 not yet).
    DoseAnswer,
    /// A follow-up call's answer (1 better, 2 same, 3 worse).
    FollowUpAnswer,
}

impl Route {
    const ALL: [(Route, &'static str); 36] = [
        (Route::Incoming, ""),
        (Route::LanguageMenu, "language-menu"),
        (Route::Language, "language"),
        (Route::Menu, "menu"),
        (Route::Choice, "choice"),
        (Route::Who, "who"),
        (Route::WhoChoice, "who-choice"),
        (Route::Relation, "relation"),
        (Route::Callback, "callback"),
        (Route::Problem, "problem"),
        (Route::Emergency, "emergency"),
        (Route::EmergencyDone, "emergency-done"),
        (Route::Doctor, "doctor"),
        (Route::Whisper, "whisper"),
        (Route::WhisperAnswer, "whisper-answer"),
        (Route::DoctorDone, "doctor-done"),
        (Route::Rating, "rating"),
        (Route::Medicine, "medicine"),
        (Route::MedicinePincode, "medicine-pincode"),
        (Route::DoctorCall, "doctor-call"),
        (Route::DoctorCallDone, "doctor-call-done"),
        (Route::Danger, "danger"),
        (Route::Record, "record"),
        (Route::ReadingKind, "reading-kind"),
        (Route::ReadingValue, "reading-value"),
        (Route::ReadingSymptoms, "reading-symptoms"),
        (Route::ItemKind, "item-kind"),
        (Route::Condition, "condition"),
        (Route::PregnancyMonth, "pregnancy-month"),
        (Route::ItemSpoken, "item-spoken"),
        (Route::RecordToggle, "record-toggle"),
        (Route::RemindOffer, "remind-offer"),
        (Route::RemindHow, "remind-how"),
        (Route::RemindTimes, "remind-times"),
        (Route::DoseAnswer, "dose-answer"),
        (Route::FollowUpAnswer, "follow-up"),
    ];

    /// The URL segment after `/twilio/voice/`.
    pub fn segment(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(r, _)| *r == self)
            .map(|(_, s)| *s)
            .unwrap_or("")
    }

    /// The route's name for metrics and stored steps (`incoming` for the first webhook).
    pub fn name(self) -> &'static str {
        match self.segment() {
            "" => "incoming",
            s => s,
        }
    }

    /// The route a URL segment names.
    pub fn parse(segment: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(_, s)| *s == segment)
            .map(|(r, _)| *r)
    }

    /// The route [`Route::name`] names.
    pub fn parse_name(name: &str) -> Option<Self> {
        match name {
            "incoming" => Some(Route::Incoming),
            "" => None,
            s => Self::parse(s),
        }
    }

    /// Routes that work without the database (emergency must never depend on it).
    pub fn needs_store(self) -> bool {
        !matches!(self, Route::Emergency | Route::EmergencyDone)
    }

    /// Routes that take what the caller said (a recording to transcribe, or speech).
    pub fn listens(self) -> bool {
        matches!(self, Route::Problem | Route::Medicine | Route::ItemSpoken)
    }
}

/// What a call we placed is for; the edge puts it in the call's first URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Intent {
    /// A medicine reminder for dose n.
    Dose(i64),
    /// A follow-up n.
    FollowUp(i64),
    /// A missed-call callback n: the last message meant for the number is replayed first.
    Callback(i64),
    /// A doctor's callback to the patient of consultation n, on the doctor's leg.
    DoctorCall(i64),
}

impl Intent {
    const NAMES: [&'static str; 4] = ["dose", "follow_up", "callback", "doctor_call"];

    /// How the outbox stores it (`dose:12`), and how the first URL carries it (`dose=12`).
    pub fn parts(self) -> (&'static str, i64) {
        match self {
            Self::Dose(id) => ("dose", id),
            Self::FollowUp(id) => ("follow_up", id),
            Self::Callback(id) => ("callback", id),
            Self::DoctorCall(id) => ("doctor_call", id),
        }
    }

    /// The intent a name and id make.
    pub fn from_parts(name: &str, id: i64) -> Option<Self> {
        Some(match name {
            "dose" => Self::Dose(id),
            "follow_up" => Self::FollowUp(id),
            "callback" => Self::Callback(id),
            "doctor_call" => Self::DoctorCall(id),
            _ => return None,
        })
    }

    /// The intent among a URL's query parameters.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Option<Self> {
        Self::NAMES.iter().find_map(|name| {
            let id = get(name)?.parse().ok()?;
            Self::from_parts(name, id)
        })
    }

    /// The outbox's body for a call placed with this intent.
    pub fn stored(self) -> String {
        let (name, id) = self.parts();
        format!("{name}:{id}")
    }

    /// Reads [`Intent::stored`] back.
    pub fn parse_stored(body: &str) -> Option<Self> {
        let (name, id) = body.split_once(':')?;
        Self::from_parts(name, id.parse().ok()?)
    }
}

/// Who is calling: a number we can act on, or a withheld caller ID.
#[derive(Clone, Debug, PartialEq)]
pub enum Caller {
    Number(PhoneNumber),
    Withheld,
}

/// Who turned the caller's speech into words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hearer {
    /// Our own recogniser (Vosk), from a recording or a media stream.
    Us,
    /// The carrier's speech recognition (where the language has no model of ours).
    Carrier,
}

/// What the caller or the carrier did since the last turn: one typed input per webhook.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// The call began (an incoming call, or one we placed was answered), or a step was
    /// reached without anything to report (a redirect after silence).
    Start,
    /// Keys pressed at an `Ask` (only digits, `*` and `#`).
    Digits(String),
    /// What the caller said, and who heard it.
    Utterance { text: String, heard_by: Hearer },
    /// The caller said nothing we could hear (an empty recording, or its transcript failed).
    NoInput,
    /// A dial ended.
    DialEnded(DialOutcome),
    /// The screened party (a doctor hearing the whisper) answered: accepted or not.
    Screened { accepted: bool },
}

/// One webhook of a call: who, the input, and the call's position as stored for this step.
#[derive(Clone, Debug)]
pub struct CallEvent {
    pub sid: CallId,
    pub caller: Caller,
    /// The number the caller dialled (ours).
    pub to: String,
    pub route: Route,
    pub input: Input,
    /// How many times this prompt has been played, counting this one.
    pub attempt: u32,
    /// The step's topic (a callback's, a reading's kind, a reminder's channel).
    pub topic: Option<String>,
    /// The consultation a doctor-side step is about.
    pub consultation: Option<i64>,
    /// The medicine named earlier in a search, carried to the pincode step.
    pub medicine: Option<String>,
    /// The call's language as the edge was told it, for answers given without the database.
    pub language_hint: Option<Language>,
    /// A number keyed at the previous step, carried to this one (a blood pressure's top).
    pub carry: Option<String>,
    /// What a call we placed is for (its first webhook only).
    pub intent: Option<Intent>,
}

impl CallEvent {
    /// A call's event at `route` with `input`, at its first attempt and carrying nothing.
    pub fn new(sid: CallId, caller: Caller, to: String, route: Route, input: Input) -> Self {
        Self {
            sid,
            caller,
            to,
            route,
            input,
            attempt: 1,
            topic: None,
            consultation: None,
            medicine: None,
            language_hint: None,
            carry: None,
            intent: None,
        }
    }

    /// Takes the call's stored position (what the step carries).
    pub fn at(mut self, position: &Next) -> Self {
        self.attempt = position.attempt.clamp(1, 99);
        self.topic = position.topic.clone();
        self.consultation = position.consultation;
        self.medicine = position.medicine.clone();
        self.carry = position.carry.clone();
        self
    }

    /// The keys pressed, if this input is keys.
    pub fn digits(&self) -> Option<&str> {
        match &self.input {
            Input::Digits(d) => Some(d),
            // The doctor's accept key, however the carrier reported it.
            Input::Screened { accepted: true } => Some("1"),
            _ => None,
        }
    }

    /// What the caller said, if this input is words.
    pub fn speech(&self) -> Option<&str> {
        match &self.input {
            Input::Utterance { text, .. } => Some(text),
            _ => None,
        }
    }

    /// Whether our recogniser heard the words (else the carrier's).
    pub fn heard_by_us(&self) -> bool {
        matches!(
            self.input,
            Input::Utterance {
                heard_by: Hearer::Us,
                ..
            }
        )
    }

    /// How the dial ended, if this input is a dial's end.
    pub fn dial(&self) -> Option<DialOutcome> {
        match self.input {
            Input::DialEnded(o) => Some(o),
            _ => None,
        }
    }
}

/// A sentence to speak and the language it is in.
#[derive(Clone, Debug, PartialEq)]
pub struct Prompt {
    pub text: String,
    pub language: Language,
}

/// Where the call goes next and what that step needs: the call's position, stored against
/// its [`CallId`] when the turn is answered and read back at the next input.
#[derive(Clone, Debug, PartialEq)]
pub struct Next {
    pub route: Route,
    pub attempt: u32,
    pub topic: Option<String>,
    pub consultation: Option<i64>,
    pub medicine: Option<String>,
    /// A number keyed now, needed at the next step.
    pub carry: Option<String>,
}

impl Next {
    /// Whether this position carries nothing but its route and attempt: nothing about the
    /// caller, so it needs no stored row (the attempt is a count the step's URL can name).
    pub fn carries_nothing(&self) -> bool {
        self.topic.is_none()
            && self.consultation.is_none()
            && self.medicine.is_none()
            && self.carry.is_none()
    }

    fn to(route: Route) -> Self {
        Self::again(route, 1)
    }

    fn again(route: Route, attempt: u32) -> Self {
        Self {
            route,
            attempt,
            topic: None,
            consultation: None,
            medicine: None,
            carry: None,
        }
    }

    fn with_topic(route: Route, attempt: u32, topic: &str) -> Self {
        Self {
            topic: Some(topic.to_owned()),
            ..Self::again(route, attempt)
        }
    }

    /// A consultation's step (a doctor's leg, the bridge's outcome).
    pub(crate) fn about(route: Route, consultation: i64) -> Self {
        Self {
            consultation: Some(consultation),
            ..Self::to(route)
        }
    }
}

/// What the caller hears or does next; rendered to TwiML by `telephony`.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Say(Prompt),
    /// Plays the prompts while listening for `digits` keys (0: any number of keys ended by
    /// `#`), then posts them to `next`.
    Ask {
        prompts: Vec<Prompt>,
        digits: u32,
        next: Next,
    },
    /// Plays the prompts, then listens to the caller speak and posts the words to `next`.
    Listen {
        prompts: Vec<Prompt>,
        next: Next,
    },
    Redirect(Next),
    /// Connects the caller; the outcome goes to `next`.
    Dial {
        number: PhoneNumber,
        next: Next,
    },
    /// Connects the caller to a doctor, who first hears the `whisper` step and accepts with
    /// 1; a carrier that takes the accept key itself reports it to `screened`. The outcome
    /// goes to `next`.
    Bridge {
        number: PhoneNumber,
        whisper: Next,
        screened: Next,
        next: Next,
    },
    /// Refuses the call unanswered (a missed call, free for the caller).
    Reject,
    Hangup,
}

/// The call a plain incoming call's first turn opens: its language and patient, when known.
#[derive(Clone, Debug, PartialEq)]
pub struct Opening {
    pub language: Option<String>,
    pub patient: Option<i64>,
}

/// The phone tree's dependencies.
pub struct Ivr<'a> {
    pub store: &'a Store,
    pub catalog: &'a Catalog,
    pub emergency: &'a PhoneNumber,
    pub triage: &'a Triage,
    pub guide: &'a Guide,
    pub callbacks: &'a CallbackPolicy,
    /// Plausible ranges and danger thresholds of readings.
    pub thresholds: &'a crate::readings::Thresholds,
    pub reminders: &'a crate::config::ReminderPolicy,
}

/// Keypad answers in the relation menu, and the relation each picks.
const RELATIONS: [(&str, &str); 4] = [
    ("1", "child"),
    ("2", "spouse"),
    ("3", "parent"),
    ("4", "other"),
];

/// The main-menu key that says the call is for someone else.
const SOMEONE_ELSE: &str = "9";
/// The main menu's key for "describe the problem".
pub const PROBLEM_KEY: &str = "1";

impl Ivr<'_> {
    /// The first turn of a call, and the call it opens when it is a plain incoming call (not
    /// yet recorded: the caller records it with [`Store::start_call`], together with the
    /// turn's positions, so the hottest webhook commits once).
    pub async fn first_turn(
        &self,
        ev: &CallEvent,
    ) -> Result<(Vec<Action>, Option<Opening>), StoreError> {
        let phone = match &ev.caller {
            Caller::Number(p) => p,
            Caller::Withheld => return Ok((self.withheld(ev), None)),
        };
        if self.callbacks.missed_call_number.as_deref() == Some(ev.to.as_str()) {
            crate::callbacks::schedule(self.store, self.callbacks, phone, &ev.sid).await?;
            return Ok((vec![Action::Reject], None));
        }
        let actions = match ev.intent {
            None => return self.answer_incoming(phone).await,
            Some(Intent::Dose(id)) => self.dose_call(ev, phone, id).await?,
            Some(Intent::FollowUp(id)) => self.follow_up_call(ev, phone, id).await?,
            Some(Intent::Callback(_)) => return self.callback_call(phone).await,
            Some(Intent::DoctorCall(id)) => {
                let mut ev = ev.clone();
                ev.consultation = Some(id);
                self.doctor_call(&ev).await?
            }
        };
        Ok((actions, None))
    }

    /// Answers one webhook of a call.
    pub async fn handle(&self, ev: &CallEvent) -> Result<Vec<Action>, StoreError> {
        if ev.route == Route::Incoming {
            let (actions, opening) = self.first_turn(ev).await?;
            if let (Some(o), Caller::Number(phone)) = (opening, &ev.caller) {
                let language = o.language.as_deref();
                self.store
                    .start_call(&ev.sid, phone, &ev.to, language, o.patient, vec![])
                    .await?;
            }
            return Ok(actions);
        }
        let phone = match &ev.caller {
            Caller::Number(p) => p,
            Caller::Withheld => return Ok(self.withheld(ev)),
        };
        match ev.route {
            Route::Whisper => self.whisper(ev).await,
            Route::WhisperAnswer => self.whisper_answer(ev).await,
            Route::DoctorCall => self.doctor_call(ev).await,
            Route::DoctorCallDone => self.doctor_call_done(ev).await,
            Route::Emergency => Ok(self.emergency(ev)),
            Route::EmergencyDone => Ok(self.emergency_done(ev)),
            Route::LanguageMenu => Ok(self.language_menu(ev.attempt)),
            Route::Language => self.language_chosen(ev, phone).await,
            _ => {
                let lang = self.call_language(ev).await?;
                self.in_language(ev, phone, &lang).await
            }
        }
    }

    /// What a caller hears when the service cannot answer properly (storage down or slow):
    /// an apology with a way to reach the emergency number, built without the database.
    pub fn apology(&self, language: Option<&Language>) -> Vec<Action> {
        let lang = language.cloned().unwrap_or_else(|| self.default_language());
        vec![
            Action::Ask {
                prompts: vec![self.say(
                    &lang,
                    "sorry-error",
                    &[("emergency", self.emergency_arg())],
                )],
                digits: 1,
                next: Next::to(Route::Emergency),
            },
            Action::Say(self.say(&lang, "goodbye", &[])),
            Action::Hangup,
        ]
    }

    async fn in_language(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
    ) -> Result<Vec<Action>, StoreError> {
        match ev.route {
            Route::Menu => Ok(self.main_menu(lang, ev.attempt, vec![])),
            Route::Choice => self.menu_choice(ev, phone, lang).await,
            Route::Who => self.who_menu(phone, lang, ev.attempt).await,
            Route::WhoChoice => self.who_choice(ev, phone, lang).await,
            Route::Relation => self.relation_choice(ev, phone, lang).await,
            Route::Callback => self.callback(ev, phone, lang).await,
            Route::Problem => self.problem(ev, phone, lang).await,
            Route::Danger => self.danger_answer(ev, lang).await,
            Route::Record => self.record_choice(ev, phone, lang).await,
            Route::ReadingKind => Ok(self.reading_kind(ev, lang)),
            Route::ReadingValue => self.reading_value(ev, phone, lang).await,
            Route::ReadingSymptoms => self.reading_symptoms(ev, phone, lang).await,
            Route::ItemKind => Ok(self.item_kind(ev, lang)),
            Route::Condition => self.condition(ev, phone, lang).await,
            Route::PregnancyMonth => self.pregnancy_month(ev, phone, lang).await,
            Route::ItemSpoken => self.item_spoken(ev, phone, lang).await,
            Route::RecordToggle => self.record_toggle(ev, phone, lang).await,
            Route::RemindOffer => Ok(self.remind_offer(ev, lang)),
            Route::RemindHow => Ok(self.remind_how(ev, lang)),
            Route::RemindTimes => self.remind_times(ev, phone, lang).await,
            Route::DoseAnswer => self.dose_answer(ev, lang).await,
            Route::FollowUpAnswer => self.follow_up_answer(ev, phone, lang).await,
            Route::Doctor => self.connect_doctor(ev, phone, lang).await,
            Route::DoctorDone => self.doctor_done(ev, lang).await,
            Route::Rating => self.rating(ev, lang).await,
            Route::Medicine => self.medicine_named(ev, phone, lang).await,
            Route::MedicinePincode => self.medicine_pincode(ev, phone, lang).await,
            Route::Incoming
            | Route::LanguageMenu
            | Route::Language
            | Route::Emergency
            | Route::EmergencyDone
            | Route::Whisper
            | Route::WhisperAnswer
            | Route::DoctorCall
            | Route::DoctorCallDone => {
                unreachable!("routed before the language is loaded")
            }
        }
    }

    /// The first turn of an incoming call: the language menu for a new number, else the main
    /// menu (after choosing who the call is for on a shared phone).
    async fn answer_incoming(
        &self,
        phone: &PhoneNumber,
    ) -> Result<(Vec<Action>, Option<Opening>), StoreError> {
        let known = self.store.phone_with_patients(phone).await?;
        let (language, patients) = match known {
            Some((record, patients)) => (
                record.language.and_then(|c| self.catalog.parse(&c)),
                patients,
            ),
            None => (None, vec![]),
        };
        let Some(lang) = language else {
            let opening = Opening {
                language: None,
                patient: None,
            };
            return Ok((self.language_menu(1), Some(opening)));
        };
        // With exactly one patient the call is theirs; with several we ask before recording.
        let opening = Opening {
            language: Some(lang.code().to_owned()),
            patient: (patients.len() == 1).then(|| patients[0].id),
        };
        let welcome = vec![self.say(&lang, "welcome-back", &[])];
        let actions = if patients.len() > 1 {
            self.who_prompt(&patients, &lang, 1, welcome)
        } else {
            self.main_menu(&lang, 1, welcome)
        };
        Ok((actions, Some(opening)))
    }

    fn language_menu(&self, attempt: u32) -> Vec<Action> {
        if attempt > MAX_ATTEMPTS {
            return self.goodbye(&self.default_language());
        }
        let prompts = self
            .catalog
            .languages()
            .iter()
            .map(|l| {
                self.say(
                    &l.language,
                    "language-option",
                    &[("digit", l.menu_digit.into())],
                )
            })
            .collect();
        vec![
            Action::Ask {
                prompts,
                digits: 1,
                next: Next::again(Route::Language, attempt),
            },
            Action::Redirect(Next::again(Route::LanguageMenu, attempt + 1)),
        ]
    }

    async fn language_chosen(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
    ) -> Result<Vec<Action>, StoreError> {
        let chosen = ev
            .digits()
            .and_then(|d| d.parse().ok())
            .and_then(|d| self.catalog.by_digit(d));
        let Some(lang) = chosen else {
            return Ok(self.language_menu(ev.attempt + 1));
        };
        self.store.upsert_phone(phone, Some(lang.code())).await?;
        self.store.set_call_language(&ev.sid, lang.code()).await?;
        let patients = self.store.patients(phone).await?;
        let welcome = vec![self.say(&lang, "welcome", &[])];
        match patients.len() {
            0 => Ok(self.main_menu(&lang, 1, welcome)),
            1 => {
                self.store.set_call_patient(&ev.sid, patients[0].id).await?;
                Ok(self.main_menu(&lang, 1, welcome))
            }
            _ => Ok(self.who_prompt(&patients, &lang, 1, welcome)),
        }
    }

    fn main_menu(&self, lang: &Language, attempt: u32, mut before: Vec<Prompt>) -> Vec<Action> {
        if attempt > MAX_ATTEMPTS {
            return self.goodbye(lang);
        }
        if attempt > 1 && before.is_empty() {
            before.push(self.say(lang, "no-input", &[]));
        }
        before.push(self.say(lang, "main-menu", &[]));
        vec![
            Action::Ask {
                prompts: before,
                digits: 1,
                next: Next::again(Route::Choice, attempt),
            },
            Action::Redirect(Next::again(Route::Menu, attempt + 1)),
        ]
    }

    async fn menu_choice(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
    ) -> Result<Vec<Action>, StoreError> {
        match ev.digits().unwrap_or("") {
            "0" => Ok(self.connect_emergency(lang)),
            PROBLEM_KEY => self.ask_problem(ev, phone, lang, 1).await,
            "2" => self.connect_doctor(ev, phone, lang).await,
            "3" => self.ask_medicine(ev, phone, lang, 1).await,
            "4" => self.read_prescription(ev, phone, lang).await,
            "5" => self.record_menu(ev, phone, lang, 1, vec![]).await,
            SOMEONE_ELSE => {
                let patients = self.store.patients(phone).await?;
                if patients.is_empty() {
                    return Ok(self.relation_prompt(lang, 1, vec![]));
                }
                Ok(self.who_prompt(&patients, lang, 1, vec![]))
            }
            _ => Ok(self.main_menu(
                lang,
                ev.attempt + 1,
                vec![self.say(lang, "invalid-choice", &[])],
            )),
        }
    }

    fn callback_offer(
        &self,
        lang: &Language,
        message: &str,
        topic: &'static str,
        attempt: u32,
    ) -> Vec<Action> {
        if attempt > MAX_ATTEMPTS {
            return self.goodbye(lang);
        }
        let next = Next {
            topic: Some(topic.to_owned()),
            ..Next::again(Route::Callback, attempt)
        };
        let prompt = self.say(lang, message, &[]);
        vec![
            Action::Ask {
                prompts: vec![prompt],
                digits: 1,
                next,
            },
            Action::Redirect(Next::again(Route::Menu, 2)),
        ]
    }

    async fn callback(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
    ) -> Result<Vec<Action>, StoreError> {
        let topic = match ev.topic.as_deref() {
            Some("medicine") => "medicine",
            _ => "doctor",
        };
        match ev.digits() {
            Some("1") if topic == "doctor" => self.connect_doctor(ev, phone, lang).await,
            Some("1") => {
                let patient = self
                    .store
                    .call_state(&ev.sid)
                    .await?
                    .and_then(|s| s.patient_id);
                let reference = self
                    .store
                    .request_callback(phone, patient, topic, "voice")
                    .await?;
                self.store
                    .audit(
                        "caller",
                        "callback_requested",
                        &format!("callback:{reference}"),
                        topic,
                    )
                    .await?;
                // The reference in writing too, for whoever in the household reads.
                let note = self.catalog.text(
                    lang,
                    "sms-doctor-booked",
                    &[
                        ("ref", reference.into()),
                        ("emergency", self.emergency.as_str().into()),
                    ],
                );
                let key = format!("callback:{reference}:sms");
                self.store
                    .enqueue_outbox(Outgoing::Sms, phone, &note, &key)
                    .await?;
                let booked = self.say(
                    lang,
                    "callback-booked",
                    &[
                        ("ref", reference.into()),
                        ("emergency", self.emergency_arg()),
                    ],
                );
                let mut actions = vec![Action::Say(booked)];
                actions.extend(self.goodbye(lang));
                Ok(actions)
            }
            Some("2") => Ok(vec![Action::Redirect(Next::to(Route::Menu))]),
            _ => {
                let message = match topic {
                    "medicine" => "medicine-info",
                    _ => "doctor-unavailable",
                };
                let mut actions = vec![Action::Say(self.say(lang, "invalid-choice", &[]))];
                actions.extend(self.callback_offer(lang, message, topic, ev.attempt + 1));
                Ok(actions)
            }
        }
    }

    /// Asks the caller to describe the problem, once we know who it is for.
    async fn ask_problem(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
        attempt: u32,
    ) -> Result<Vec<Action>, StoreError> {
        if self.patient_for_call(ev, phone).await?.is_none() {
            return self.who_menu(phone, lang, 1).await;
        }
        Ok(self.listen_for_problem(lang, attempt, vec![]))
    }

    fn listen_for_problem(
        &self,
        lang: &Language,
        attempt: u32,
        prompts: Vec<Prompt>,
    ) -> Vec<Action> {
        let give_up = ("triage-offer-doctor", "doctor");
        self.listen(
            lang,
            "triage-describe",
            Route::Problem,
            give_up,
            attempt,
            prompts,
        )
    }

    /// Asks a question the caller answers by speaking (`ask` is the message id); the words,
    /// and the silence that falls through, come back to `route` as this attempt. After
    /// [`MAX_ATTEMPTS`] the caller is offered a callback instead (`give_up`: message, topic).
    fn listen(
        &self,
        lang: &Language,
        ask: &str,
        route: Route,
        give_up: (&str, &'static str),
        attempt: u32,
        mut prompts: Vec<Prompt>,
    ) -> Vec<Action> {
        if attempt > MAX_ATTEMPTS {
            return self.callback_offer(lang, give_up.0, give_up.1, 1);
        }
        prompts.push(self.say(lang, ask, &[]));
        let next = Next::again(route, attempt + 1);
        vec![
            Action::Listen {
                prompts,
                next: next.clone(),
            },
            Action::Redirect(next),
        ]
    }

    /// Triage of what the caller said: an emergency is connected at once; anything else
    /// gets guidance and the offer of a doctor. The conversation is recorded either way.
    async fn problem(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
    ) -> Result<Vec<Action>, StoreError> {
        let Some(text) = ev.speech().map(str::trim).filter(|t| !t.is_empty()) else {
            return Ok(self.listen_for_problem(
                lang,
                ev.attempt,
                vec![self.say(lang, "triage-not-heard", &[])],
            ));
        };
        let patient = self.patient_for_call(ev, phone).await?;
        let (age, pregnant) = self.store.patient_context(patient).await?;
        let context = PatientContext::from_record(age, pregnant);
        let assessment = self.triage.assess_async(text, &context).await;
        if assessment.unclear {
            return Ok(self.listen_for_problem(
                lang,
                ev.attempt,
                vec![self.say(lang, "triage-unclear", &[])],
            ));
        }
        let urgency = assessment.urgency.as_str();
        let note = format!("{urgency}; {}; by rules", assessment.reason);
        let emergency = (assessment.urgency == Urgency::Emergency)
            .then(|| self.emergency_turn(lang, &assessment));
        let mut messages = vec![("patient", text), ("triage", note.as_str())];
        if let Some((_, reply, _)) = &emergency {
            messages.push(("assistant", reply));
        }
        let conversation = self
            .store
            .add_conversation(&NewConversation {
                phone,
                patient_id: patient,
                channel: if ev.heard_by_us() {
                    "voice"
                } else {
                    "voice-carrier-speech"
                },
                call_sid: Some(ev.sid.as_str()),
                language: lang.code(),
                symptoms: text,
                urgency,
                red_flags: &assessment.red_flags,
                messages: &messages,
            })
            .await?;
        if let Some((actions, _, _)) = emergency {
            return Ok(actions);
        }
        if matches!(assessment.urgency, Urgency::Medium | Urgency::High) {
            self.reminder_service()
                .follow_up_after(
                    &format!("conversation:{conversation}"),
                    patient,
                    phone,
                    lang,
                    Some(conversation),
                    crate::domain::now_unix(),
                )
                .await?;
        }
        let questions = self.triage.interview(&assessment);
        if questions.is_empty() {
            let (actions, reply, _) = self.guidance_turn(lang, text, &assessment).await;
            self.store
                .add_conversation_message(conversation, "assistant", &reply)
                .await?;
            return Ok(actions);
        }
        self.start_interview(ev, phone, lang, conversation, &questions)
            .await
    }

    /// An emergency: the caller hears why, then the emergency number is dialled.
    fn emergency_turn(
        &self,
        lang: &Language,
        assessment: &crate::triage::Assessment,
    ) -> (Vec<Action>, String, String) {
        let evidence = emergency_evidence(assessment);
        // A yes to a danger-sign question has no words of the caller's to repeat.
        let said = if evidence.is_empty() {
            self.say(
                lang,
                "emergency-connecting",
                &[("number", self.emergency_arg())],
            )
        } else {
            self.say(
                lang,
                "triage-emergency",
                &[
                    ("evidence", evidence.into()),
                    ("emergency", self.emergency_arg()),
                ],
            )
        };
        let reply = said.text.clone();
        let dial = Action::Dial {
            number: self.emergency.clone(),
            next: Next::to(Route::EmergencyDone),
        };
        (vec![Action::Say(said), dial], reply, "template".to_owned())
    }

    /// Guidance for a triage that is not an emergency, then the offer of a doctor.
    async fn guidance_turn(
        &self,
        lang: &Language,
        text: &str,
        assessment: &crate::triage::Assessment,
    ) -> (Vec<Action>, String, String) {
        let spoken_number = self.spoken_emergency();
        let g = self
            .guide
            .advise(
                self.catalog,
                lang,
                text,
                assessment,
                Channel::Voice,
                &spoken_number,
            )
            .await;
        let mut actions = vec![Action::Say(Prompt {
            text: g.text.clone(),
            language: lang.clone(),
        })];
        actions.extend(self.callback_offer(lang, "triage-offer-doctor", "doctor", 1));
        (actions, g.text, g.source)
    }

    async fn read_prescription(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
    ) -> Result<Vec<Action>, StoreError> {
        let Some(patient) = self.patient_for_call(ev, phone).await? else {
            return self.who_menu(phone, lang, 1).await;
        };
        let mut actions = vec![];
        match self.store.latest_prescription(patient).await? {
            None => actions.push(Action::Say(self.say(lang, "no-prescription", &[]))),
            Some(p) => {
                actions.push(Action::Say(self.say(lang, "prescription-intro", &[])));
                for item in &p.items {
                    let args = [
                        ("medicine", FluentValue::from(item.medicine.as_str())),
                        ("dose", item.dose.as_str().into()),
                        ("frequency", item.frequency.as_str().into()),
                        ("days", item.days.into()),
                    ];
                    actions.push(Action::Say(self.say(lang, "prescription-item", &args)));
                }
                actions.push(Action::Say(self.say(lang, "prescription-end", &[])));
                actions.extend(self.remind_prompt(lang, 1));
                return Ok(actions);
            }
        }
        actions.push(Action::Redirect(Next::to(Route::Menu)));
        Ok(actions)
    }

    /// The patient this call is for: already chosen, the number's only patient, or a new
    /// "self" patient for a number with none. `None` when the caller must choose first.
    async fn patient_for_call(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
    ) -> Result<Option<i64>, StoreError> {
        if let Some(id) = self
            .store
            .call_state(&ev.sid)
            .await?
            .and_then(|s| s.patient_id)
        {
            return Ok(Some(id));
        }
        let patients = self.store.patients(phone).await?;
        let id = match patients.len() {
            0 => {
                let lang = self.call_language(ev).await?;
                self.store
                    .add_patient(phone, "self", None, Some(lang.code()))
                    .await?
                    .id
            }
            1 => patients[0].id,
            _ => return Ok(None),
        };
        self.store.set_call_patient(&ev.sid, id).await?;
        Ok(Some(id))
    }

    async fn who_menu(
        &self,
        phone: &PhoneNumber,
        lang: &Language,
        attempt: u32,
    ) -> Result<Vec<Action>, StoreError> {
        let patients = self.store.patients(phone).await?;
        Ok(self.who_prompt(&patients, lang, attempt, vec![]))
    }

    fn who_prompt(
        &self,
        patients: &[crate::store::Patient],
        lang: &Language,
        attempt: u32,
        mut prompts: Vec<Prompt>,
    ) -> Vec<Action> {
        if attempt > MAX_ATTEMPTS {
            return self.goodbye(lang);
        }
        prompts.push(self.say(lang, "who-for", &[]));
        for p in patients.iter().filter(|p| p.slot < 9) {
            let who = match &p.name {
                Some(name) => name.clone(),
                None => self
                    .catalog
                    .text(lang, &format!("relation-{}", p.relation), &[]),
            };
            prompts.push(self.say(
                lang,
                "who-option",
                &[("who", who.into()), ("digit", p.slot.into())],
            ));
        }
        prompts.push(self.say(lang, "who-someone-new", &[("digit", SOMEONE_ELSE.into())]));
        vec![
            Action::Ask {
                prompts,
                digits: 1,
                next: Next::again(Route::WhoChoice, attempt),
            },
            Action::Redirect(Next::again(Route::Who, attempt + 1)),
        ]
    }

    async fn who_choice(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
    ) -> Result<Vec<Action>, StoreError> {
        let digits = ev.digits().unwrap_or("");
        if digits == SOMEONE_ELSE {
            return Ok(self.relation_prompt(lang, 1, vec![]));
        }
        let patients = self.store.patients(phone).await?;
        let chosen = patients.iter().find(|p| p.slot.to_string() == digits);
        match chosen {
            Some(p) => {
                self.store.set_call_patient(&ev.sid, p.id).await?;
                Ok(self.main_menu(lang, 1, vec![]))
            }
            None => {
                let invalid = vec![self.say(lang, "invalid-choice", &[])];
                Ok(self.who_prompt(&patients, lang, ev.attempt + 1, invalid))
            }
        }
    }

    fn relation_prompt(
        &self,
        lang: &Language,
        attempt: u32,
        mut prompts: Vec<Prompt>,
    ) -> Vec<Action> {
        if attempt > MAX_ATTEMPTS {
            return self.goodbye(lang);
        }
        prompts.push(self.say(lang, "relation-menu", &[]));
        vec![
            Action::Ask {
                prompts,
                digits: 1,
                next: Next::again(Route::Relation, attempt),
            },
            Action::Redirect(Next::again(Route::Menu, 2)),
        ]
    }

    async fn relation_choice(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
    ) -> Result<Vec<Action>, StoreError> {
        let digits = ev.digits().unwrap_or("");
        let Some((_, relation)) = RELATIONS.iter().find(|(d, _)| *d == digits) else {
            let invalid = vec![self.say(lang, "invalid-choice", &[])];
            return Ok(self.relation_prompt(lang, ev.attempt + 1, invalid));
        };
        let patient = self
            .store
            .add_patient(phone, relation, None, Some(lang.code()))
            .await?;
        self.store.set_call_patient(&ev.sid, patient.id).await?;
        Ok(self.main_menu(lang, 1, vec![]))
    }

    /// Connects to the emergency number at once; needs no storage.
    fn emergency(&self, ev: &CallEvent) -> Vec<Action> {
        if ev.route == Route::Emergency && ev.digits().is_some_and(|d| d != "0") {
            return vec![Action::Redirect(Next::to(Route::Menu))];
        }
        let lang = ev
            .language_hint
            .clone()
            .unwrap_or_else(|| self.default_language());
        self.connect_emergency(&lang)
    }

    fn connect_emergency(&self, lang: &Language) -> Vec<Action> {
        vec![
            Action::Say(self.say(
                lang,
                "emergency-connecting",
                &[("number", self.emergency_arg())],
            )),
            Action::Dial {
                number: self.emergency.clone(),
                next: Next::to(Route::EmergencyDone),
            },
        ]
    }

    fn emergency_done(&self, ev: &CallEvent) -> Vec<Action> {
        let lang = ev
            .language_hint
            .clone()
            .unwrap_or_else(|| self.default_language());
        if ev.dial() == Some(DialOutcome::Completed) {
            return self.goodbye(&lang);
        }
        vec![
            Action::Say(self.say(
                &lang,
                "emergency-failed",
                &[("number", self.emergency_arg())],
            )),
            Action::Hangup,
        ]
    }

    /// A hidden caller ID: nothing can be stored or called back, but emergency still works.
    fn withheld(&self, ev: &CallEvent) -> Vec<Action> {
        if matches!(ev.route, Route::Emergency | Route::EmergencyDone) {
            return if ev.route == Route::Emergency {
                self.emergency(ev)
            } else {
                self.emergency_done(ev)
            };
        }
        let hi = self.default_language();
        let en = self.catalog.fallback();
        let prompts = [hi, en]
            .iter()
            .map(|l| self.say(l, "number-withheld", &[]))
            .collect();
        vec![
            Action::Ask {
                prompts,
                digits: 1,
                next: Next::to(Route::Emergency),
            },
            Action::Hangup,
        ]
    }

    fn goodbye(&self, lang: &Language) -> Vec<Action> {
        vec![Action::Say(self.say(lang, "goodbye", &[])), Action::Hangup]
    }

    async fn call_language(&self, ev: &CallEvent) -> Result<Language, StoreError> {
        let state = self.store.call_state(&ev.sid).await?;
        if let (None, Caller::Number(phone)) = (&state, &ev.caller) {
            // The first webhook's record was lost to a storage stall: the call is recorded
            // now, so its later steps (and their patients) have one.
            let hint = ev.language_hint.as_ref().map(|l| l.code());
            self.store
                .start_call(&ev.sid, phone, &ev.to, hint, None, vec![])
                .await?;
        }
        let stored = state.and_then(|s| s.language);
        Ok(stored
            .and_then(|c| self.catalog.parse(&c))
            .or_else(|| ev.language_hint.clone())
            .unwrap_or_else(|| self.default_language()))
    }

    /// Hindi is the most widely understood language among callers; used before any choice.
    fn default_language(&self) -> Language {
        self.catalog
            .languages()
            .first()
            .map(|l| l.language.clone())
            .unwrap_or_else(|| self.catalog.fallback())
    }

    fn emergency_arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.spoken_emergency())
    }

    fn spoken_emergency(&self) -> String {
        crate::text::spoken_digits(self.emergency.as_str())
    }

    fn say(&self, lang: &Language, id: &str, args: &[(&str, FluentValue)]) -> Prompt {
        Prompt {
            text: self.catalog.text(lang, id, args),
            language: lang.clone(),
        }
    }
}
