//! The health record by keypad (main menu 5): readings keyed ("enter the top number, then
//! #"), allergies, conditions and medicines (common conditions by key, others spoken and
//! stored as said), the record read out with a key to hide an item from doctors; and the
//! reminder choice after the prescription (main menu 4).

use super::{Action, CallEvent, Ivr, Next, Prompt, Route, MAX_ATTEMPTS};
use crate::domain::{now_unix, PhoneNumber};
use crate::languages::Language;
use crate::readings::{self, Context, Kind, Reading};
use crate::reminders::{slots_in, Channel, Reminders};
use crate::store::{ItemKind, NewConversation, StoreError, StoredReading};
use crate::triage::{PatientContext, Urgency};

/// Conditions by key in the condition menu (6 is pregnancy, 7 another, spoken).
const CONDITIONS: [(&str, &str); 5] = [
    ("1", "condition-diabetes"),
    ("2", "condition-hypertension"),
    ("3", "condition-asthma"),
    ("4", "condition-tb"),
    ("5", "condition-heart"),
];

/// The key that goes back from a record menu.
const BACK: &str = "*";

impl Ivr<'_> {
    pub(super) fn reminder_service(&self) -> Reminders<'_> {
        Reminders {
            store: self.store,
            catalog: self.catalog,
            policy: self.reminders,
            quiet: self.callbacks,
        }
    }

    /// Main menu 5, once we know who the call is for.
    pub(super) async fn record_menu(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
        attempt: u32,
        before: Vec<Prompt>,
    ) -> Result<Vec<Action>, StoreError> {
        if self.patient_for_call(ev, phone).await?.is_none() {
            return self.who_menu(phone, lang, 1).await;
        }
        Ok(self.menu(lang, "record-menu", Route::Record, None, attempt, before))
    }

    /// A one-key menu that is asked again on silence, then goes back to the main menu.
    fn menu(
        &self,
        lang: &Language,
        message: &str,
        route: Route,
        topic: Option<&'static str>,
        attempt: u32,
        mut before: Vec<Prompt>,
    ) -> Vec<Action> {
        if attempt > MAX_ATTEMPTS {
            return vec![Action::Redirect(Next::to(Route::Menu))];
        }
        if attempt > 1 && before.is_empty() {
            before.push(self.say(lang, "no-input", &[]));
        }
        before.push(self.say(lang, message, &[]));
        let next = Next {
            topic: topic.map(str::to_owned),
            ..Next::to(route)
        };
        let again = Next {
            topic: next.topic.clone(),
            ..Next::again(route, attempt + 1)
        };
        vec![
            Action::Ask {
                prompts: before,
                digits: 1,
                next: Next { attempt, ..next },
            },
            Action::Redirect(again),
        ]
    }

    pub(super) async fn record_choice(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
    ) -> Result<Vec<Action>, StoreError> {
        match ev.digits() {
            Some("1") => Ok(self.menu(lang, "reading-menu", Route::ReadingKind, None, 1, vec![])),
            Some("2") => Ok(self.menu(lang, "item-menu", Route::ItemKind, None, 1, vec![])),
            Some("3") => self.read_record(ev, phone, lang).await,
            Some("0") => Ok(self.connect_emergency(lang)),
            Some(BACK) => Ok(self.main_menu(lang, 1, vec![])),
            None => {
                self.record_menu(ev, phone, lang, ev.attempt + 1, vec![])
                    .await
            }
            Some(_) => {
                let invalid = vec![self.say(lang, "invalid-choice", &[])];
                self.record_menu(ev, phone, lang, ev.attempt + 1, invalid)
                    .await
            }
        }
    }

    /// The reading menu's key: 1 blood pressure … 5 pulse.
    pub(super) fn reading_kind(&self, ev: &CallEvent, lang: &Language) -> Vec<Action> {
        let kind = ev
            .digits()
            .and_then(|d| d.parse::<usize>().ok())
            .and_then(|d| Kind::ALL.get(d.checked_sub(1)?).copied());
        match kind {
            Some(kind) => self.ask_reading(lang, kind, None, 1, vec![]),
            None if ev.attempt < MAX_ATTEMPTS => {
                let before = vec![self.say(lang, "invalid-choice", &[])];
                self.menu(
                    lang,
                    "reading-menu",
                    Route::ReadingKind,
                    None,
                    ev.attempt + 1,
                    before,
                )
            }
            None => vec![Action::Redirect(Next::to(Route::Menu))],
        }
    }

    /// Asks for a reading's number, ended by `#` (`top`: a blood pressure's, already keyed).
    fn ask_reading(
        &self,
        lang: &Language,
        kind: Kind,
        top: Option<String>,
        attempt: u32,
        mut before: Vec<Prompt>,
    ) -> Vec<Action> {
        if attempt > MAX_ATTEMPTS {
            return vec![Action::Redirect(Next::to(Route::Menu))];
        }
        let message = match (kind, &top) {
            (Kind::Bp, None) => "reading-bp-top",
            (Kind::Bp, Some(_)) => "reading-bp-bottom",
            (Kind::Sugar, _) => "reading-sugar-ask",
            (Kind::Weight, _) => "reading-weight-ask",
            (Kind::Temp, _) => "reading-temp-ask",
            (Kind::Pulse, _) => "reading-pulse-ask",
        };
        before.push(self.say(lang, message, &[]));
        let next = Next {
            carry: top,
            ..Next::with_topic(Route::ReadingValue, attempt, kind.as_str())
        };
        vec![
            Action::Ask {
                prompts: before,
                digits: 0,
                next,
            },
            Action::Redirect(Next::to(Route::Record)),
        ]
    }

    /// A reading keyed: a blood pressure's top number asks for the bottom; a plausible
    /// reading is stored; one past a danger threshold is triaged at once.
    pub(super) async fn reading_value(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
    ) -> Result<Vec<Action>, StoreError> {
        let Some(kind) = ev.topic.as_deref().and_then(Kind::parse) else {
            return Ok(self.menu(lang, "reading-menu", Route::ReadingKind, None, 1, vec![]));
        };
        let keyed = ev
            .digits()
            .map(|d| d.replace('*', "."))
            .and_then(|d| d.parse::<f64>().ok());
        let Some(value) = keyed else {
            let before = vec![self.say(lang, "no-input", &[])];
            return Ok(self.ask_reading(lang, kind, ev.carry.clone(), ev.attempt + 1, before));
        };
        let top = ev.carry.as_deref().and_then(|t| t.parse::<f64>().ok());
        if kind == Kind::Bp && top.is_none() {
            return Ok(self.ask_reading(lang, kind, Some(readings::number(value)), 1, vec![]));
        }
        // A temperature keyed in Celsius (up to 45) is stored in Fahrenheit, as typed ones are.
        let value = match kind {
            Kind::Temp if value <= 45.0 => (value * 18.0 + 320.0).round() / 10.0,
            _ => value,
        };
        let reading = Reading {
            kind,
            value: top.unwrap_or(value),
            second: top.map(|_| value),
            context: Context::Unspecified,
        };
        let Ok(reading) = self.thresholds.check(reading) else {
            let before = vec![self.say(lang, "reading-check", &[])];
            return Ok(self.ask_reading(lang, kind, None, ev.attempt + 1, before));
        };
        let Some(patient) = self.patient_for_call(ev, phone).await? else {
            return self.who_menu(phone, lang, 1).await;
        };
        self.store
            .add_reading(
                patient,
                &StoredReading {
                    kind: kind.as_str().to_owned(),
                    value: reading.value,
                    second_value: reading.second,
                    unit: self.thresholds.unit(kind).to_owned(),
                    context: String::new(),
                    recorded_at: now_unix(),
                },
            )
            .await?;
        let described = readings::describe(self.catalog, lang, &reading);
        let saved = self.say(
            lang,
            "reading-saved",
            &[("reading", described.clone().into())],
        );
        let Some(alert) = self.thresholds.alert(&reading) else {
            return self.record_menu(ev, phone, lang, 1, vec![saved]).await;
        };
        self.record_reading_alert(
            ev,
            phone,
            lang,
            patient,
            &described,
            alert.urgency,
            &alert.source,
        )
        .await?;
        let mut prompts = vec![saved];
        if alert.advice.as_deref() == Some("low-sugar") {
            prompts.push(self.say(lang, "reading-low-sugar", &[]));
        }
        if alert.urgency == Urgency::Emergency {
            prompts.push(self.say(lang, "reading-emergency", &[]));
            let mut actions: Vec<Action> = prompts.into_iter().map(Action::Say).collect();
            actions.extend(self.connect_emergency(lang));
            return Ok(actions);
        }
        prompts.push(self.say(lang, "reading-high", &[]));
        prompts.push(self.say(lang, "reading-symptoms-ask", &[]));
        let with = match alert.with_symptoms {
            Urgency::Emergency => "emergency",
            _ => "doctor",
        };
        Ok(vec![
            Action::Ask {
                prompts,
                digits: 1,
                next: Next::with_topic(Route::ReadingSymptoms, 1, with),
            },
            // Silence is no answer, never a "no": a doctor is offered.
            Action::Redirect(Next::with_topic(Route::ReadingSymptoms, 2, with)),
        ])
    }

    /// A reading past a threshold is a conversation, so the doctor's queue and summary see it.
    #[allow(clippy::too_many_arguments)]
    async fn record_reading_alert(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
        patient: i64,
        described: &str,
        urgency: Urgency,
        source: &str,
    ) -> Result<i64, StoreError> {
        let note = format!("{}; reading past a threshold: {source}", urgency.as_str());
        let said = format!("keyed reading: {described}");
        self.store
            .add_conversation(&NewConversation {
                phone,
                patient_id: Some(patient),
                channel: "voice-keypad",
                call_sid: Some(ev.sid.as_str()),
                language: lang.code(),
                symptoms: &said,
                urgency: urgency.as_str(),
                red_flags: &["reading".to_owned()],
                messages: &[("patient", said.as_str()), ("triage", note.as_str())],
            })
            .await
    }

    /// After a high reading: a danger symptom (1) is an emergency; otherwise, and on
    /// silence, a doctor is offered.
    pub(super) async fn reading_symptoms(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
    ) -> Result<Vec<Action>, StoreError> {
        let _ = phone;
        // The question asks for emergency signs: a yes dials, whatever the reading.
        if ev.digits() == Some("1") {
            return Ok(self.connect_emergency(lang));
        }
        Ok(self.callback_offer(lang, "triage-offer-doctor", "doctor", 1))
    }

    /// The item menu's key: 1 allergy (spoken), 2 condition (menu), 3 medicine (spoken).
    pub(super) fn item_kind(&self, ev: &CallEvent, lang: &Language) -> Vec<Action> {
        match ev.digits() {
            Some("1") => self.listen_for_item(lang, ItemKind::Allergy, 1, vec![]),
            Some("2") => self.menu(lang, "condition-menu", Route::Condition, None, 1, vec![]),
            Some("3") => self.listen_for_item(lang, ItemKind::Medicine, 1, vec![]),
            _ if ev.attempt < MAX_ATTEMPTS => {
                let before = vec![self.say(lang, "invalid-choice", &[])];
                self.menu(
                    lang,
                    "item-menu",
                    Route::ItemKind,
                    None,
                    ev.attempt + 1,
                    before,
                )
            }
            _ => vec![Action::Redirect(Next::to(Route::Menu))],
        }
    }

    fn listen_for_item(
        &self,
        lang: &Language,
        kind: ItemKind,
        attempt: u32,
        mut prompts: Vec<Prompt>,
    ) -> Vec<Action> {
        if attempt > MAX_ATTEMPTS {
            return vec![Action::Redirect(Next::to(Route::Record))];
        }
        prompts.push(self.say(lang, &format!("item-say-{}", kind.as_str()), &[]));
        let next = Next::with_topic(Route::ItemSpoken, attempt + 1, kind.as_str());
        vec![
            Action::Listen {
                prompts,
                next: next.clone(),
            },
            Action::Redirect(next),
        ]
    }

    /// A condition by key: stored in the caller's language; 6 asks the pregnancy's month,
    /// 7 asks them to say it.
    pub(super) async fn condition(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
    ) -> Result<Vec<Action>, StoreError> {
        let digits = ev.digits().unwrap_or("");
        if let Some((_, message)) = CONDITIONS.iter().find(|(d, _)| *d == digits) {
            let text = self.catalog.text(lang, message, &[]);
            return self
                .save_item(ev, phone, lang, ItemKind::Condition, &text)
                .await;
        }
        match digits {
            "6" => Ok(self.ask_month(lang, 1, vec![])),
            "7" => Ok(self.listen_for_item(lang, ItemKind::Condition, 1, vec![])),
            _ if ev.attempt < MAX_ATTEMPTS => {
                let before = vec![self.say(lang, "invalid-choice", &[])];
                Ok(self.menu(
                    lang,
                    "condition-menu",
                    Route::Condition,
                    None,
                    ev.attempt + 1,
                    before,
                ))
            }
            _ => Ok(vec![Action::Redirect(Next::to(Route::Menu))]),
        }
    }

    fn ask_month(&self, lang: &Language, attempt: u32, before: Vec<Prompt>) -> Vec<Action> {
        self.menu(
            lang,
            "pregnancy-month-ask",
            Route::PregnancyMonth,
            None,
            attempt,
            before,
        )
    }

    /// The month of a pregnancy: the patient is recorded as pregnant (triage reads it).
    pub(super) async fn pregnancy_month(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
    ) -> Result<Vec<Action>, StoreError> {
        let month = ev.digits().and_then(|d| d.parse::<i64>().ok());
        let Some(month @ 1..=9) = month else {
            let before = vec![self.say(lang, "invalid-choice", &[])];
            return Ok(self.ask_month(lang, ev.attempt + 1, before));
        };
        let Some(patient) = self.patient_for_call(ev, phone).await? else {
            return self.who_menu(phone, lang, 1).await;
        };
        let text = self
            .catalog
            .text(lang, "condition-pregnancy", &[("month", month.into())]);
        self.store
            .add_pregnancy_item(patient, &text, now_unix())
            .await?;
        let saved = self.say(lang, "item-saved", &[("item", text.as_str().into())]);
        self.record_menu(ev, phone, lang, 1, vec![saved]).await
    }

    /// What the caller said for an item: stored as said; words that triage takes as high or
    /// worse may be happening now, so the caller is told that 0 reaches the emergency number.
    pub(super) async fn item_spoken(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
    ) -> Result<Vec<Action>, StoreError> {
        let kind = ev
            .topic
            .as_deref()
            .and_then(ItemKind::parse)
            .unwrap_or(ItemKind::Condition);
        let said = ev
            .speech()
            .map(|s| s.trim().trim_end_matches(['.', '?', '!', '।']).trim())
            .filter(|s| !s.is_empty());
        let Some(said) = said else {
            let not_heard = vec![self.say(lang, "triage-not-heard", &[])];
            return Ok(self.listen_for_item(lang, kind, ev.attempt, not_heard));
        };
        let patient = self.patient_for_call(ev, phone).await?;
        let (age, pregnant) = self.store.patient_context(patient).await?;
        let a = self
            .triage
            .assess_async(said, &PatientContext::from_record(age, pregnant))
            .await;
        let mut actions = self.save_item(ev, phone, lang, kind, said).await?;
        if !a.unclear && a.urgency >= Urgency::High {
            if let Some(Action::Ask { prompts, .. }) = actions.first_mut() {
                let now = self.say(lang, "item-if-now", &[("emergency", self.emergency_arg())]);
                prompts.insert(1.min(prompts.len()), now);
            }
        }
        Ok(actions)
    }

    async fn save_item(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
        kind: ItemKind,
        text: &str,
    ) -> Result<Vec<Action>, StoreError> {
        let Some(patient) = self.patient_for_call(ev, phone).await? else {
            return self.who_menu(phone, lang, 1).await;
        };
        self.store
            .add_profile_item(patient, kind, text, now_unix())
            .await?;
        let saved = self.say(lang, "item-saved", &[("item", text.into())]);
        self.record_menu(ev, phone, lang, 1, vec![saved]).await
    }

    /// The record read out, numbered; a key hides an item from doctors or shows it again.
    async fn read_record(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
    ) -> Result<Vec<Action>, StoreError> {
        let Some(patient) = self.patient_for_call(ev, phone).await? else {
            return self.who_menu(phone, lang, 1).await;
        };
        let items = self.store.profile_items(patient).await?;
        if items.is_empty() {
            let empty = vec![self.say(lang, "record-empty", &[])];
            return self.record_menu(ev, phone, lang, 1, empty).await;
        }
        let mut prompts: Vec<Prompt> = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let message = if item.hidden {
                    "record-item-hidden"
                } else {
                    "record-item"
                };
                let args = [
                    ("n", (i as i64 + 1).into()),
                    ("item", item.text.as_str().into()),
                ];
                self.say(lang, message, &args)
            })
            .collect();
        prompts.push(self.say(lang, "record-toggle", &[]));
        Ok(vec![
            Action::Ask {
                prompts,
                digits: 1,
                next: Next::to(Route::RecordToggle),
            },
            Action::Redirect(Next::to(Route::Record)),
        ])
    }

    /// An item's number: hidden from doctors if shown, shown if hidden.
    pub(super) async fn record_toggle(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
    ) -> Result<Vec<Action>, StoreError> {
        let Some(patient) = self.patient_for_call(ev, phone).await? else {
            return self.who_menu(phone, lang, 1).await;
        };
        let n = ev.digits().and_then(|d| d.parse::<usize>().ok());
        let items = self.store.profile_items(patient).await?;
        let Some(item) = n.and_then(|n| items.get(n.checked_sub(1)?)) else {
            return self.record_menu(ev, phone, lang, 1, vec![]).await;
        };
        let hide = !item.hidden;
        self.store
            .set_profile_item_hidden(patient, item.id, hide)
            .await?;
        let action = if hide {
            "profile_item_hidden"
        } else {
            "profile_item_shown"
        };
        self.store
            .audit("caller", action, &format!("patient:{patient}"), "")
            .await?;
        let message = if hide {
            "record-now-hidden"
        } else {
            "record-now-shown"
        };
        let number = n.unwrap_or(0) as i64;
        let done = self.say(lang, message, &[("n", number.into())]);
        let which = if hide {
            "record-item-hidden"
        } else {
            "record-item"
        };
        let named = self.say(
            lang,
            which,
            &[("n", number.into()), ("item", item.text.as_str().into())],
        );
        self.record_menu(ev, phone, lang, 1, vec![done, named])
            .await
    }

    /// After the prescription is read: the offer of reminders.
    pub(super) fn remind_prompt(&self, lang: &Language, attempt: u32) -> Vec<Action> {
        let mut actions = self.menu(
            lang,
            "remind-offer",
            Route::RemindOffer,
            None,
            attempt,
            vec![],
        );
        // Silence after the offer goes back to the main menu, as before.
        if let Some(last) = actions.last_mut() {
            *last = Action::Redirect(Next::to(Route::Menu));
        }
        actions
    }

    pub(super) fn remind_offer(&self, ev: &CallEvent, lang: &Language) -> Vec<Action> {
        match ev.digits() {
            Some("1") => self.menu(lang, "remind-how", Route::RemindHow, None, 1, vec![]),
            _ => vec![Action::Redirect(Next::to(Route::Menu))],
        }
    }

    pub(super) fn remind_how(&self, ev: &CallEvent, lang: &Language) -> Vec<Action> {
        let channel = match ev.digits() {
            Some("1") => Channel::Call,
            Some("2") => Channel::Sms,
            _ if ev.attempt < MAX_ATTEMPTS => {
                let before = vec![self.say(lang, "invalid-choice", &[])];
                return self.menu(
                    lang,
                    "remind-how",
                    Route::RemindHow,
                    None,
                    ev.attempt + 1,
                    before,
                );
            }
            _ => return vec![Action::Redirect(Next::to(Route::Menu))],
        };
        vec![
            Action::Ask {
                prompts: vec![self.say(lang, "remind-times", &[])],
                digits: 0,
                next: Next::with_topic(Route::RemindTimes, 1, channel.as_str()),
            },
            Action::Redirect(Next::to(Route::Menu)),
        ]
    }

    /// The reminder times keyed: the plan is set for the latest prescription.
    pub(super) async fn remind_times(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
    ) -> Result<Vec<Action>, StoreError> {
        let slots = slots_in(ev.digits().unwrap_or(""));
        let channel = match ev.topic.as_deref() {
            Some("sms") => Channel::Sms,
            _ => Channel::Call,
        };
        if slots.is_empty() {
            if ev.attempt >= MAX_ATTEMPTS {
                return Ok(vec![Action::Redirect(Next::to(Route::Menu))]);
            }
            return Ok(vec![
                Action::Ask {
                    prompts: vec![
                        self.say(lang, "invalid-choice", &[]),
                        self.say(lang, "remind-times", &[]),
                    ],
                    digits: 0,
                    next: Next::with_topic(Route::RemindTimes, ev.attempt + 1, channel.as_str()),
                },
                Action::Redirect(Next::to(Route::Menu)),
            ]);
        }
        let Some(patient) = self.patient_for_call(ev, phone).await? else {
            return self.who_menu(phone, lang, 1).await;
        };
        let Some(prescription) = self.store.latest_prescription(patient).await? else {
            let none = vec![self.say(lang, "no-prescription", &[])];
            return Ok(self.main_menu(lang, 1, none));
        };
        let reminders = self.reminder_service();
        let who = reminders.who(patient, lang).await?;
        let set = reminders
            .set_plan(
                &prescription,
                patient,
                phone,
                lang,
                &who,
                &slots,
                channel,
                now_unix(),
            )
            .await?;
        let times: Vec<String> = slots
            .iter()
            .map(|s| {
                self.catalog
                    .text(lang, &format!("remind-slot-{}", s.as_str()), &[])
            })
            .collect();
        let until = crate::domain::india_date(set.ends_at);
        let done = self.say(
            lang,
            "remind-set",
            &[("times", times.join(", ").into()), ("until", until.into())],
        );
        Ok(self.main_menu(lang, 1, vec![done]))
    }
}
