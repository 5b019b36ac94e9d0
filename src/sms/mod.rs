//! Text messages: commands typed in any menu language, and replies sized for feature phones.
//!
//! Parses what a sender typed into a [`Command`], answers it from the domain modules, and
//! keeps replies within two segments (GSM-7: 160/153 characters; UCS-2, which one Indic
//! character forces: 70/67). It must not know Twilio's field names or TwiML.

use fluent_bundle::FluentValue;

use crate::care::Care;
use crate::config::{CallbackPolicy, ReminderPolicy};
use crate::domain::{now_unix, PhoneNumber, Pincode};
use crate::languages::{Catalog, Keyword, Language};
use crate::pharmacy::Pharmacy;
use crate::readings::{Kind, Thresholds};
use crate::store::{Answer, ItemKind, NewConversation, Store, StoreError};
use crate::text::{fit, MAX_SEGMENTS};
use crate::triage::guide::{Channel, Guide};
use crate::triage::{emergency_evidence, PatientContext, Triage, Urgency};

mod record;

pub use record::ItemChange;

/// What a sender asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Help,
    /// `LANG` alone lists the languages; with an argument it picks one.
    Lang(Option<String>),
    Doctor,
    Med {
        medicine: Option<String>,
        pincode: Option<Pincode>,
    },
    Status,
    Stop,
    Start,
    /// `ORDER <n> <qty>`: result n of the last `MED` search (no numbers: usage).
    Order(Option<(i64, i64)>),
    /// A lone digit 1-5: the rating of the last consultation.
    Rate(i64),
    /// `BP 140/90`, `SUGAR 180 fasting`…: what followed the keyword.
    Reading {
        kind: Kind,
        rest: String,
    },
    /// `READINGS`: the last five.
    Readings,
    /// `ALLERGY …`, `CONDITION …`, `MEDS …`: an item for the record.
    AddItem {
        kind: ItemKind,
        text: String,
    },
    /// `PROFILE`: the record, numbered.
    Profile,
    /// `REMOVE n`, `HIDE n`, `SHOW n`.
    ChangeItem {
        change: ItemChange,
        n: Option<usize>,
    },
    /// `FOR n` (alone: the household's list); `FOR n <command>` runs it for patient n.
    For {
        slot: Option<i64>,
        rest: Option<String>,
    },
    /// `REMIND 1 4 CALL`: what followed the keyword.
    Remind(String),
    /// Anything that is not a command: symptoms, questions, greetings.
    FreeText,
}

/// Reads the command in a message body; the first word names it, in any language.
pub fn parse(catalog: &Catalog, body: &str) -> (Command, Option<Language>) {
    let mut words = body.split_whitespace();
    let Some(first) = words.next() else {
        return (Command::Help, None);
    };
    if let Ok(n @ 1..=5) = body.trim().parse::<i64>() {
        return (Command::Rate(n), None);
    }
    let Some((keyword, language)) = catalog.keyword(first) else {
        return (Command::FreeText, None);
    };
    let rest: Vec<&str> = words.collect();
    let tail = rest.join(" ");
    let number = rest.first().and_then(|w| w.parse::<usize>().ok());
    let reading = |kind| {
        // "bp badh gaya, chakkar" names no number: it is symptoms, to be triaged.
        if !tail.is_empty()
            && !crate::text::ascii_digits(&tail).contains(|c: char| c.is_ascii_digit())
        {
            Command::FreeText
        } else {
            Command::Reading {
                kind,
                rest: tail.clone(),
            }
        }
    };
    let change = |change| Command::ChangeItem { change, n: number };
    let command = match keyword {
        Keyword::Bp => reading(Kind::Bp),
        Keyword::Sugar => reading(Kind::Sugar),
        Keyword::Weight => reading(Kind::Weight),
        Keyword::Temp => reading(Kind::Temp),
        Keyword::Pulse => reading(Kind::Pulse),
        Keyword::Readings => Command::Readings,
        Keyword::Allergy => Command::AddItem {
            kind: ItemKind::Allergy,
            text: tail.clone(),
        },
        Keyword::Condition => Command::AddItem {
            kind: ItemKind::Condition,
            text: tail.clone(),
        },
        // A medicine and a pincode is a search, whichever medicine word came first.
        Keyword::Meds if rest.last().is_some_and(|w| Pincode::parse(w).is_ok()) => parse_med(&rest),
        Keyword::Meds => Command::AddItem {
            kind: ItemKind::Medicine,
            text: tail.clone(),
        },
        Keyword::Profile => Command::Profile,
        Keyword::Remove => change(ItemChange::Remove),
        Keyword::Hide => change(ItemChange::Hide),
        Keyword::Show => change(ItemChange::Show),
        Keyword::For => match rest.first().map(|w| w.parse::<i64>()) {
            None => Command::For {
                slot: None,
                rest: None,
            },
            Some(Ok(slot @ 1..=9)) => Command::For {
                slot: Some(slot),
                rest: (rest.len() > 1).then(|| rest[1..].join(" ")),
            },
            // "for two days I have fever": words, not a command.
            Some(_) => Command::FreeText,
        },
        Keyword::Remind => Command::Remind(tail.clone()),
        Keyword::Help => Command::Help,
        Keyword::Lang => Command::Lang(rest.first().map(|s| s.to_string())),
        Keyword::Doctor => Command::Doctor,
        Keyword::Status => Command::Status,
        Keyword::Stop => Command::Stop,
        Keyword::Start => Command::Start,
        Keyword::Med => parse_med(&rest),
        Keyword::Order => {
            let numbers: Vec<i64> = rest.iter().filter_map(|w| w.parse().ok()).collect();
            Command::Order(match numbers.as_slice() {
                [choice, quantity] => Some((*choice, *quantity)),
                [choice] => Some((*choice, 1)),
                _ => None,
            })
        }
    };
    (command, Some(language))
}

fn parse_med(rest: &[&str]) -> Command {
    let (pincode, name_words) = match rest.split_last() {
        Some((last, init)) => match Pincode::parse(last) {
            Ok(p) => (Some(p), init),
            Err(_) => (None, rest),
        },
        None => (None, rest),
    };
    let medicine = (!name_words.is_empty()).then(|| name_words.join(" "));
    Command::Med { medicine, pincode }
}

/// An SMS reply; empty `text` means "send nothing" (e.g. to an opted-out number).
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    pub text: String,
    pub language: Language,
}

/// One inbound text, as the telephony edge parsed it.
#[derive(Clone, Debug)]
pub struct SmsEvent {
    pub from: PhoneNumber,
    pub body: String,
}

/// The SMS service's dependencies.
pub struct Sms<'a> {
    pub store: &'a Store,
    pub catalog: &'a Catalog,
    pub emergency: &'a PhoneNumber,
    pub triage: &'a Triage,
    pub guide: &'a Guide,
    /// Plausible ranges and danger thresholds of readings.
    pub thresholds: &'a Thresholds,
    pub reminder_policy: &'a ReminderPolicy,
    /// Quiet hours (no reminder goes out in them).
    pub quiet: &'a CallbackPolicy,
}

/// A consultation asked for by SMS uses the sender's triage of this recent past.
const SMS_TRIAGE_WINDOW_SECS: i64 = 24 * 60 * 60;
/// The safety question of an SMS triage takes a lone 1 or 2 for this long.
const SAFETY_QUESTION_SECS: i64 = 60 * 60;
/// A rating by SMS applies to a consultation completed this recently.
const RATING_WINDOW_SECS: i64 = 7 * 24 * 60 * 60;

impl Sms<'_> {
    /// Answers one inbound message.
    pub async fn handle(&self, ev: &SmsEvent) -> Result<Reply, StoreError> {
        // Registered doctors and pharmacies have their own commands (answered in English).
        if let Some(doctor) = self.store.doctor_by_phone(&ev.from).await? {
            let text = self.care().doctor_sms(&doctor, &ev.body).await?;
            return Ok(Reply {
                text,
                language: self.catalog.fallback(),
            });
        }
        if let Some((pharmacy_id, _)) = self.store.pharmacy_by_phone(&ev.from).await? {
            let text = self
                .pharmacy()
                .pharmacist_sms(pharmacy_id, &ev.body)
                .await?;
            return Ok(Reply {
                text,
                language: self.catalog.fallback(),
            });
        }
        let (mut command, keyword_lang) = parse(self.catalog, &ev.body);
        let phone = self.store.phone(&ev.from).await?.unwrap_or_default();
        let stored = phone
            .language
            .as_deref()
            .and_then(|c| self.catalog.parse(c));
        let lang = self.reply_language(&ev.body, stored.clone(), keyword_lang);
        if stored.is_none() {
            self.store.upsert_phone(&ev.from, Some(lang.code())).await?;
        }
        if phone.sms_opted_out && !matches!(command, Command::Start | Command::Help | Command::Stop)
        {
            return Ok(Reply {
                text: String::new(),
                language: lang,
            });
        }
        let mut asked_safety = false;
        // A reading past a threshold keeps its advice and the emergency number whole.
        let mut alert = false;
        let mut prefix = None;
        if let Command::For { slot, rest } = &command {
            let then = rest.as_deref().map(|r| parse(self.catalog, r).0);
            // Words after `FOR n` that are no command ("for 2 days I have had a cough")
            // are symptoms, answered as symptoms (of the whole message).
            if let Some(Command::FreeText | Command::For { .. }) = then {
                command = Command::FreeText;
            } else {
                let (reply, exists) = self.for_patient(&ev.from, *slot, &lang).await?;
                match then {
                    Some(c) if exists => {
                        command = c;
                        prefix = Some(reply);
                    }
                    _ => {
                        return Ok(Reply {
                            text: fit(&reply, MAX_SEGMENTS),
                            language: lang,
                        })
                    }
                }
            }
        }
        let text = match command {
            Command::Help => self.text(&lang, "sms-help", &[]),
            Command::FreeText => {
                asked_safety = true;
                self.symptoms(&ev.from, &ev.body, &lang).await?
            }
            Command::Lang(choice) => self.lang(&ev.from, choice.as_deref(), &lang).await?,
            Command::Doctor => self.doctor(&ev.from, &lang).await?,
            Command::Med { medicine, pincode } => {
                self.med(&ev.from, medicine, pincode, &lang).await?
            }
            Command::Status => self.status(&ev.from, &lang).await?,
            Command::Order(args) => self.order(&ev.from, args, &lang).await?,
            // An open safety question wins, then a reminder just sent, then the rating.
            Command::Rate(n) => match self.safety_answer(&ev.from, n, &lang).await? {
                Some(text) => text,
                None => match self.dose_answer(&ev.from, n, &lang).await? {
                    Some(text) => text,
                    None => self.rate(&ev.from, n, &lang).await?,
                },
            },
            Command::Stop => {
                self.store.set_sms_opt_out(&ev.from, true).await?;
                let cancelled = self.store.stop_reminders(&ev.from).await?;
                tracing::info!(cancelled, "STOP: reminders and follow-ups ended");
                self.text(&lang, "sms-stopped", &[])
            }
            Command::Reading { kind, rest } => {
                alert = true;
                match self.reading(&ev.from, kind, &rest, &ev.body, &lang).await? {
                    Some(reply) => reply,
                    // Symptoms written with the reading are answered as symptoms.
                    None => {
                        asked_safety = true;
                        self.symptoms(&ev.from, &ev.body, &lang).await?
                    }
                }
            }
            Command::Readings => self.readings_list(&ev.from, &lang).await?,
            Command::AddItem { kind, text } => {
                alert = true;
                self.add_item(&ev.from, kind, &text, &lang).await?
            }
            Command::Profile => self.profile(&ev.from, &lang).await?,
            Command::ChangeItem { change, n } => {
                self.change_item(&ev.from, change, n, &lang).await?
            }
            Command::Remind(args) => self.remind(&ev.from, &args, &lang).await?,
            Command::For { .. } => unreachable!("answered above"),
            Command::Start => {
                self.store.set_sms_opt_out(&ev.from, false).await?;
                self.text(&lang, "sms-started", &[])
            }
        };
        let text = match prefix {
            Some(p) => format!("{p} {text}"),
            None => text,
        };
        // Search results keep a third segment rather than lose a pharmacy's phone number;
        // a triage reply that leads with the safety question keeps the advice after it.
        let max = if text.contains('\n') {
            MAX_SEGMENTS + 1 + usize::from(asked_safety)
        } else {
            MAX_SEGMENTS + usize::from(alert)
        };
        Ok(Reply {
            text: fit(&text, max),
            language: lang,
        })
    }

    /// The sender's patient: the number's first, or a new "self" patient.
    async fn sender_patient(&self, from: &PhoneNumber, lang: &Language) -> Result<i64, StoreError> {
        Ok(self.record_patient(from, lang).await?.id)
    }

    fn care(&self) -> Care<'_> {
        Care {
            store: self.store,
            catalog: self.catalog,
            reminders: self.reminder_policy,
            quiet: self.quiet,
        }
    }

    fn pharmacy(&self) -> Pharmacy<'_> {
        Pharmacy {
            store: self.store,
            catalog: self.catalog,
        }
    }

    /// The reply when storage fails or stalls, needing no database: an emergency described
    /// in the text still gets the emergency reply (triage needs no database); anything else
    /// the apology. In the sender's script, else Hindi/English as the apology chooses.
    pub fn without_store(&self, body: &str) -> Reply {
        let apology = self.apology(body);
        let a = self.triage.assess(body, &PatientContext::default());
        if a.unclear || a.urgency != Urgency::Emergency {
            return apology;
        }
        let evidence = emergency_evidence(&a);
        let text = self.text(
            &apology.language,
            "triage-emergency-sms",
            &[("evidence", evidence.into())],
        );
        Reply {
            text: fit(&text, MAX_SEGMENTS),
            language: apology.language,
        }
    }

    /// The apology sent when the service cannot answer properly; needs no storage.
    pub fn apology(&self, body: &str) -> Reply {
        let lang = self
            .catalog
            .detect_script(body)
            .unwrap_or_else(|| self.catalog.fallback());
        Reply {
            text: fit(&self.text(&lang, "sms-error", &[]), MAX_SEGMENTS),
            language: lang,
        }
    }

    /// The script they wrote in, else their stored language, else the keyword's, else English.
    fn reply_language(
        &self,
        body: &str,
        stored: Option<Language>,
        keyword: Option<Language>,
    ) -> Language {
        if let Some(s) = &stored {
            if self.catalog.uses_script_of(s, body) {
                return s.clone();
            }
        }
        self.catalog
            .detect_script(body)
            .or(stored)
            .or(keyword)
            .unwrap_or_else(|| self.catalog.fallback())
    }

    /// Free text is taken as symptoms: triaged, answered, and recorded as a conversation.
    async fn symptoms(
        &self,
        from: &PhoneNumber,
        body: &str,
        lang: &Language,
    ) -> Result<String, StoreError> {
        let patients = self.store.patients(from).await?;
        let chosen = self.store.speaking_for(from).await?;
        let patient = patients
            .iter()
            .find(|p| Some(p.id) == chosen)
            .or(patients.first())
            .map(|p| p.id);
        let (age, pregnant) = self.store.patient_context(patient).await?;
        let context = PatientContext::from_record(age, pregnant);
        let assessment = self.triage.assess_async(body, &context).await;
        let emergency = self.emergency.as_str();
        let ask_safety =
            !assessment.unclear && matches!(assessment.urgency, Urgency::Medium | Urgency::High);
        let (reply, source) = if assessment.unclear {
            (
                self.text(lang, "triage-unclear-sms", &[]),
                "template".to_owned(),
            )
        } else if assessment.urgency == Urgency::Emergency {
            let evidence = emergency_evidence(&assessment);
            (
                self.text(
                    lang,
                    "triage-emergency-sms",
                    &[("evidence", evidence.into())],
                ),
                "template".to_owned(),
            )
        } else {
            let g = self
                .guide
                .advise(
                    self.catalog,
                    lang,
                    body,
                    &assessment,
                    Channel::Sms,
                    emergency,
                )
                .await;
            let offer = self.text(lang, "triage-sms-offer-doctor", &[]);
            let advice = format!("{} {offer}", g.text);
            // The safety question leads: if the reply is cut to fit, advice is what is lost.
            let reply = if ask_safety {
                format!("{}\n{advice}", self.text(lang, "danger-sms-question", &[]))
            } else {
                advice
            };
            (reply, g.source)
        };
        let urgency = assessment.urgency.as_str();
        let triage_note = format!("{urgency}; {}; by {source}", assessment.reason);
        let messages = [
            ("patient", body),
            ("triage", triage_note.as_str()),
            ("assistant", reply.as_str()),
        ];
        let conversation = self
            .store
            .add_conversation(&NewConversation {
                phone: from,
                patient_id: patient,
                channel: "sms",
                call_sid: None,
                language: lang.code(),
                symptoms: body,
                urgency,
                red_flags: &assessment.red_flags,
                messages: &messages,
            })
            .await?;
        if ask_safety {
            self.store
                .start_interview(conversation, None, from, &["universal".to_owned()])
                .await?;
        }
        if !assessment.unclear && matches!(assessment.urgency, Urgency::Medium | Urgency::High) {
            self.reminders()
                .follow_up_after(
                    &format!("conversation:{conversation}"),
                    patient,
                    from,
                    lang,
                    Some(conversation),
                    now_unix(),
                )
                .await?;
        }
        Ok(reply)
    }

    /// A lone 1 or 2 answers the safety question of a recent SMS triage while it is open
    /// (before it could be a rating): 1 is an emergency. `None` when no question is open.
    async fn safety_answer(
        &self,
        from: &PhoneNumber,
        digit: i64,
        lang: &Language,
    ) -> Result<Option<String>, StoreError> {
        let answer = match digit {
            1 => Answer::Yes,
            2 => Answer::No,
            _ => return Ok(None),
        };
        let since = now_unix() - SAFETY_QUESTION_SECS;
        let Some(interview) = self.store.open_sms_interview(from, since).await? else {
            return Ok(None);
        };
        let Some(question) = interview.current().map(str::to_owned) else {
            return Ok(None);
        };
        self.store
            .answer_interview(&interview, answer, true)
            .await?;
        let id = interview.conversation_id;
        let said = format!("{question}: {}", answer.as_str());
        self.store
            .add_conversation_message(id, "interview", &said)
            .await?;
        let reply = if answer == Answer::Yes {
            let (text, patient) = self
                .store
                .conversation_symptoms(id)
                .await?
                .unwrap_or_default();
            let (age, pregnant) = self.store.patient_context(patient).await?;
            let context = PatientContext::from_record(age, pregnant);
            let a = self
                .triage
                .assess_async_answered(&text, &context, &[question.as_str()])
                .await;
            self.store
                .set_conversation_triage(id, a.urgency.as_str(), &a.red_flags)
                .await?;
            let note = format!("{}; {}; by rules", a.urgency, a.reason);
            self.store
                .add_conversation_message(id, "triage", &note)
                .await?;
            format!(
                "{} {}",
                self.text(lang, "triage-actions-emergency", &[]),
                self.text(lang, "triage-sms-offer-doctor", &[])
            )
        } else {
            self.text(lang, "danger-sms-no", &[])
        };
        self.store
            .add_conversation_message(id, "assistant", &reply)
            .await?;
        Ok(Some(reply))
    }

    async fn lang(
        &self,
        from: &PhoneNumber,
        choice: Option<&str>,
        current: &Language,
    ) -> Result<String, StoreError> {
        let Some(chosen) = choice.and_then(|c| self.catalog.find(c)) else {
            let list: Vec<String> = self
                .catalog
                .languages()
                .iter()
                .map(|l| format!("{} {}", l.menu_digit, l.name))
                .collect();
            return Ok(format!(
                "{} {}",
                self.text(current, "sms-lang-list", &[]),
                list.join(", ")
            ));
        };
        self.store.upsert_phone(from, Some(chosen.code())).await?;
        Ok(self.text(&chosen, "sms-lang-set", &[]))
    }

    /// A doctor asked for by SMS: a consultation queued for the first free doctor who
    /// speaks the language, who is told by SMS and calls back (`CALL <id>`).
    async fn doctor(&self, from: &PhoneNumber, lang: &Language) -> Result<String, StoreError> {
        let patient = self.sender_patient(from, lang).await?;
        let triage = self
            .store
            .latest_sms_triage(from, now_unix() - SMS_TRIAGE_WINDOW_SECS)
            .await?;
        let care = self.care();
        let c = care.open(patient, None, lang, triage).await?;
        self.store.queue_consultation(c.id).await?;
        care.offer_to_free_doctor(&c).await?;
        let id = c.id;
        Ok(self.text(
            lang,
            "sms-doctor-booked",
            &[
                ("ref", id.into()),
                ("emergency", self.emergency.as_str().into()),
            ],
        ))
    }

    async fn med(
        &self,
        from: &PhoneNumber,
        medicine: Option<String>,
        pincode: Option<Pincode>,
        lang: &Language,
    ) -> Result<String, StoreError> {
        let patients = self.store.patients(from).await?;
        if let (Some(p), Some(first)) = (&pincode, patients.first()) {
            // Remembered as the sender's own, so next time MED needs no pincode.
            if first.pincode.is_none() {
                self.store
                    .set_patient_details(first.id, None, None, Some(p.as_str()))
                    .await?;
            }
        }
        let pincode = match pincode {
            Some(p) => Some(p.as_str().to_owned()),
            None => patients.into_iter().find_map(|p| p.pincode),
        };
        let (Some(medicine), Some(pincode)) = (medicine, pincode) else {
            return Ok(self.text(lang, "sms-med-usage", &[]));
        };
        self.pharmacy()
            .search_sms(from, &medicine, &pincode, lang)
            .await
    }

    async fn order(
        &self,
        from: &PhoneNumber,
        args: Option<(i64, i64)>,
        lang: &Language,
    ) -> Result<String, StoreError> {
        let Some((choice, quantity)) = args else {
            return Ok(self.text(lang, "sms-order-usage", &[]));
        };
        let patient = self.sender_patient(from, lang).await?;
        self.pharmacy()
            .order(from, patient, choice, quantity, lang)
            .await
    }

    async fn rate(
        &self,
        from: &PhoneNumber,
        rating: i64,
        lang: &Language,
    ) -> Result<String, StoreError> {
        let since = now_unix() - RATING_WINDOW_SECS;
        match self.store.unrated_consultation(from, since).await? {
            Some(id) if self.store.rate_consultation(id, rating).await? => {
                Ok(self.text(lang, "sms-rated", &[("ref", id.into())]))
            }
            _ => Ok(self.text(lang, "sms-help", &[])),
        }
    }

    async fn status(&self, from: &PhoneNumber, lang: &Language) -> Result<String, StoreError> {
        let mut refs: Vec<String> = self
            .store
            .open_callbacks(from)
            .await?
            .iter()
            .map(|(id, _)| id.to_string())
            .collect();
        refs.extend(
            self.store
                .open_consultations(from)
                .await?
                .iter()
                .map(i64::to_string),
        );
        let orders = self.pharmacy().open_orders_text(from, lang).await?;
        let mut parts = vec![];
        if !refs.is_empty() {
            parts.push(self.text(
                lang,
                "sms-status-callbacks",
                &[("refs", refs.join(", ").into())],
            ));
        }
        parts.extend(orders);
        if parts.is_empty() {
            return Ok(self.text(lang, "sms-status-none", &[]));
        }
        Ok(parts.join("\n"))
    }

    fn text(&self, lang: &Language, id: &str, args: &[(&str, FluentValue)]) -> String {
        let mut full: Vec<(&str, FluentValue)> = args.to_vec();
        if !args.iter().any(|(k, _)| *k == "emergency") {
            full.push(("emergency", self.emergency.as_str().into()));
        }
        self.catalog.text(lang, id, &full)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::segments;
    use proptest::prelude::*;
    use std::path::Path;

    fn catalog() -> Catalog {
        Catalog::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("languages")).unwrap()
    }

    #[test]
    fn commands_are_read_in_any_language() {
        let c = catalog();
        assert_eq!(parse(&c, "HELP").0, Command::Help);
        assert_eq!(parse(&c, "madad").0, Command::Help);
        assert_eq!(parse(&c, "मदद").0, Command::Help);
        assert_eq!(parse(&c, "lang 3").0, Command::Lang(Some("3".into())));
        assert_eq!(parse(&c, "stop").0, Command::Stop);
        assert_eq!(parse(&c, "mujhe bukhar hai").0, Command::FreeText);
        assert_eq!(parse(&c, "   ").0, Command::Help);
        match parse(&c, "MED paracetamol 500 110 001").0 {
            Command::Med { medicine, pincode } => {
                assert_eq!(medicine.as_deref(), Some("paracetamol 500 110 001"));
                assert_eq!(pincode, None);
            }
            other => panic!("{other:?}"),
        }
        match parse(&c, "दवा paracetamol 110001").0 {
            Command::Med { medicine, pincode } => {
                assert_eq!(medicine.as_deref(), Some("paracetamol"));
                assert_eq!(pincode.unwrap().as_str(), "110001");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn reading_alerts_fit_three_segments_in_every_language() {
        let c = catalog();
        for l in c.languages() {
            let lang = &l.language;
            let args = [
                ("reading", "BP 190/125".into()),
                ("emergency", "108".into()),
            ];
            for id in ["sms-reading-high", "sms-reading-emergency"] {
                let text = format!(
                    "{} {}",
                    c.text(lang, id, &args),
                    c.text(lang, "sms-reading-low-sugar", &[])
                );
                assert!(
                    segments(&text) <= 3,
                    "{lang} {id}: {} segments",
                    segments(&text)
                );
                assert!(segments(&c.text(lang, id, &args)) <= 2, "{lang} {id}");
            }
            let set = c.text(
                lang,
                "sms-remind-set",
                &[
                    ("ref", 12.into()),
                    ("channel", "SMS".into()),
                    ("times", "morning, night".into()),
                    ("until", "24/11".into()),
                ],
            );
            assert!(segments(&set) <= 2, "{lang} sms-remind-set");
        }
    }

    #[test]
    fn record_commands_are_read_and_symptoms_stay_symptoms() {
        let c = catalog();
        let reading = |body: &str| match parse(&c, body).0 {
            Command::Reading { kind, rest } => Some((kind, rest)),
            _ => None,
        };
        assert_eq!(reading("BP 140/90"), Some((Kind::Bp, "140/90".into())));
        assert_eq!(
            reading("sugar 180 fasting"),
            Some((Kind::Sugar, "180 fasting".into()))
        );
        // A reading word without a number is somebody describing their health.
        assert_eq!(parse(&c, "bp badh gaya hai chakkar").0, Command::FreeText);
        assert_eq!(parse(&c, "for two days fever").0, Command::FreeText);
        assert_eq!(
            parse(&c, "FOR 2 BP 120/80").0,
            Command::For {
                slot: Some(2),
                rest: Some("BP 120/80".into())
            }
        );
        assert_eq!(
            parse(&c, "HIDE 3").0,
            Command::ChangeItem {
                change: ItemChange::Hide,
                n: Some(3)
            }
        );
        assert!(matches!(
            parse(&c, "MEDS paracetamol 110001").0,
            Command::Med { .. }
        ));
        assert!(matches!(
            parse(&c, "MEDS metformin twice a day").0,
            Command::AddItem {
                kind: ItemKind::Medicine,
                ..
            }
        ));
    }

    #[test]
    fn every_help_text_fits_two_segments() {
        let c = catalog();
        for l in c.languages() {
            let text = c.text(&l.language, "sms-help", &[("emergency", "108".into())]);
            assert!(
                segments(&text) <= 2,
                "{}: {} segments: {text}",
                l.language,
                segments(&text)
            );
        }
    }

    proptest! {
        #[test]
        fn fit_never_exceeds_the_limit_or_panics(s in any::<String>()) {
            let cut = fit(&s, 2);
            prop_assert!(segments(&cut) <= 2);
            let c = catalog();
            let _ = parse(&c, &s);
        }
    }
}
