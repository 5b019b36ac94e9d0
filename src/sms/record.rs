//! The patient's own record by SMS: readings (`BP 140/90`, `READINGS`), profile items
//! (`ALLERGY …`, `CONDITION …`, `MEDS …`, `PROFILE`, `REMOVE n`, `HIDE n`, `SHOW n`), the
//! household member a phone writes for (`FOR n`), and medicine reminders (`REMIND 1 4 CALL`).
//! Every command applies to the patient the phone last spoke for.

use super::Sms;
use crate::domain::{now_unix, PhoneNumber};
use crate::languages::Language;
use crate::readings::{self, Kind, Refused};
use crate::reminders::{slots_in, Channel, Reminders};
use crate::store::{DoseStatus, ItemKind, NewConversation, Patient, StoreError, StoredReading};
use crate::triage::{PatientContext, Urgency};

/// `READINGS` lists this many.
const READINGS_LISTED: i64 = 5;

/// What `REMOVE`, `HIDE` and `SHOW` do to an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemChange {
    Remove,
    Hide,
    Show,
}

impl Sms<'_> {
    /// The patient a command is for: the one the phone last spoke for, else its first,
    /// else a new "self" patient.
    pub(super) async fn record_patient(
        &self,
        from: &PhoneNumber,
        lang: &Language,
    ) -> Result<Patient, StoreError> {
        let patients = self.store.patients(from).await?;
        let chosen = self.store.speaking_for(from).await?;
        if let Some(p) = patients.iter().find(|p| Some(p.id) == chosen) {
            return Ok(p.clone());
        }
        if let Some(p) = patients.into_iter().next() {
            return Ok(p);
        }
        self.store
            .add_patient(from, "self", None, Some(lang.code()))
            .await
    }

    /// How a reply names the patient: their name, else who they are to the phone's owner.
    pub(super) fn who(&self, p: &Patient, lang: &Language) -> String {
        match &p.name {
            Some(name) if !name.trim().is_empty() => name.clone(),
            _ => self.text(lang, &format!("relation-{}", p.relation), &[]),
        }
    }

    /// `BP 140/90 headache`: stored when plausible; past a danger threshold, triaged at once
    /// (with any symptoms written after it) and recorded as a conversation for the doctor.
    pub(super) async fn reading(
        &self,
        from: &PhoneNumber,
        kind: Kind,
        rest: &str,
        body: &str,
        lang: &Language,
    ) -> Result<Option<String>, StoreError> {
        let words = self.catalog.command_words();
        let parsed = readings::parse(kind, rest, &words.fasting, &words.after_food)
            .and_then(|(r, left)| Ok((self.thresholds.check(r)?, left)));
        let (reading, symptoms) = match parsed {
            Ok(ok) => ok,
            Err(Refused::Unreadable | Refused::Implausible) => {
                // "BP 200 chest pain": a reading we cannot take, but words that may matter.
                if rest.chars().any(char::is_alphabetic) && self.worth_triage(body).await? {
                    return Ok(None);
                }
                let example = self.thresholds.example(kind);
                return Ok(Some(self.text(
                    lang,
                    "sms-reading-check",
                    &[("example", example.into())],
                )));
            }
        };
        let patient = self.record_patient(from, lang).await?;
        let now = now_unix();
        self.store
            .add_reading(
                patient.id,
                &StoredReading {
                    kind: kind.as_str().to_owned(),
                    value: reading.value,
                    second_value: reading.second,
                    unit: self.thresholds.unit(kind).to_owned(),
                    context: reading.context.as_str().to_owned(),
                    recorded_at: now,
                },
            )
            .await?;
        let described = readings::describe(self.catalog, lang, &reading);
        let Some(alert) = self.thresholds.alert(&reading) else {
            // "BP 150/95 chest pain sweating": stored, and the words answered as symptoms.
            if !symptoms.trim().is_empty() && self.worth_triage(&symptoms).await? {
                return Ok(None);
            }
            let who = self.who(&patient, lang);
            return Ok(Some(self.text(
                lang,
                "sms-reading-saved",
                &[("who", who.into()), ("reading", described.into())],
            )));
        };
        let (age, pregnant) = self.store.patient_context(Some(patient.id)).await?;
        let context = PatientContext::from_record(age, pregnant);
        let mut urgency = alert.urgency;
        let mut red_flags = vec![format!("reading:{}", kind.as_str())];
        if !symptoms.trim().is_empty() {
            let a = self.triage.assess_async(&symptoms, &context).await;
            if !a.unclear && a.urgency >= Urgency::Medium {
                urgency = urgency.max(alert.with_symptoms).max(a.urgency);
                red_flags.extend(a.red_flags);
            }
        }
        let mut reply = match urgency {
            Urgency::Emergency => self.text(
                lang,
                "sms-reading-emergency",
                &[("reading", described.clone().into())],
            ),
            _ => self.text(
                lang,
                "sms-reading-high",
                &[("reading", described.clone().into())],
            ),
        };
        if alert.advice.as_deref() == Some("low-sugar") {
            reply = format!("{reply} {}", self.text(lang, "sms-reading-low-sugar", &[]));
        }
        let note = format!(
            "{}; reading past a threshold: {}",
            urgency.as_str(),
            alert.source
        );
        let messages = [
            ("patient", body),
            ("triage", note.as_str()),
            ("assistant", reply.as_str()),
        ];
        self.store
            .add_conversation(&NewConversation {
                phone: from,
                patient_id: Some(patient.id),
                channel: "sms",
                call_sid: None,
                language: lang.code(),
                symptoms: body,
                urgency: urgency.as_str(),
                red_flags: &red_flags,
                messages: &messages,
            })
            .await?;
        Ok(Some(reply))
    }

    /// Whether words sent with a command describe something triage takes as medium or
    /// worse (then they are answered as symptoms).
    async fn worth_triage(&self, words: &str) -> Result<bool, StoreError> {
        let a = self
            .triage
            .assess_async(words, &PatientContext::default())
            .await;
        Ok(!a.unclear && a.urgency >= Urgency::Medium)
    }

    /// `READINGS`: the last five, newest first.
    pub(super) async fn readings_list(
        &self,
        from: &PhoneNumber,
        lang: &Language,
    ) -> Result<String, StoreError> {
        let patient = self.record_patient(from, lang).await?;
        let who = self.who(&patient, lang);
        let stored = self.store.readings(patient.id, READINGS_LISTED).await?;
        if stored.is_empty() {
            return Ok(self.text(lang, "sms-readings-none", &[("who", who.into())]));
        }
        let mut lines = vec![self.text(lang, "sms-readings-list", &[("who", who.into())])];
        for r in &stored {
            let Some(kind) = Kind::parse(&r.kind) else {
                continue;
            };
            let reading = readings::Reading {
                kind,
                value: r.value,
                second: r.second_value,
                context: match r.context.as_str() {
                    "fasting" => readings::Context::Fasting,
                    "after-food" => readings::Context::AfterFood,
                    _ => readings::Context::Unspecified,
                },
            };
            let day = crate::domain::india_date(r.recorded_at);
            lines.push(format!(
                "{day} {}",
                readings::describe(self.catalog, lang, &reading)
            ));
        }
        Ok(lines.join("\n"))
    }

    /// `ALLERGY penicillin`: added to the record, as the patient asked. Words that triage
    /// would take as high or worse ("asthma", "my face is swelling") may be happening now:
    /// the reply then also says to call the emergency number or send DOCTOR.
    pub(super) async fn add_item(
        &self,
        from: &PhoneNumber,
        kind: ItemKind,
        text: &str,
        lang: &Language,
    ) -> Result<String, StoreError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(self.text(lang, "sms-profile-usage", &[]));
        }
        let patient = self.record_patient(from, lang).await?;
        self.store
            .add_profile_item(patient.id, kind, text, now_unix())
            .await?;
        let item = self.item_label(lang, kind, text);
        let who = self.who(&patient, lang);
        let mut reply = self.text(
            lang,
            "sms-profile-added",
            &[("who", who.into()), ("item", item.into())],
        );
        let (age, pregnant) = self.store.patient_context(Some(patient.id)).await?;
        let a = self
            .triage
            .assess_async(text, &PatientContext::from_record(age, pregnant))
            .await;
        if !a.unclear && a.urgency >= Urgency::High {
            reply = format!("{} {reply}", self.text(lang, "sms-profile-if-now", &[]));
        }
        Ok(reply)
    }

    /// An item as the patient reads it: "Allergy: penicillin".
    fn item_label(&self, lang: &Language, kind: ItemKind, text: &str) -> String {
        self.text(
            lang,
            &format!("profile-{}", kind.as_str()),
            &[("text", text.into())],
        )
    }

    /// `PROFILE`: the items numbered, hidden ones marked, and how to change them.
    pub(super) async fn profile(
        &self,
        from: &PhoneNumber,
        lang: &Language,
    ) -> Result<String, StoreError> {
        let patient = self.record_patient(from, lang).await?;
        let who = self.who(&patient, lang);
        let items = self.store.profile_items(patient.id).await?;
        if items.is_empty() {
            return Ok(self.text(lang, "sms-profile-none", &[("who", who.into())]));
        }
        let mut lines = vec![self.text(lang, "sms-profile-list", &[("who", who.into())])];
        for (i, item) in items.iter().enumerate() {
            let mut line = format!(
                "{}. {}",
                i + 1,
                self.item_label(lang, item.kind, &item.text)
            );
            if item.hidden {
                line.push(' ');
                line.push_str(&self.text(lang, "profile-hidden-mark", &[]));
            }
            lines.push(line);
        }
        lines.push(self.text(lang, "sms-profile-hint", &[]));
        Ok(lines.join("\n"))
    }

    /// `REMOVE n`, `HIDE n`, `SHOW n`: n as `PROFILE` numbers the items.
    pub(super) async fn change_item(
        &self,
        from: &PhoneNumber,
        change: ItemChange,
        n: Option<usize>,
        lang: &Language,
    ) -> Result<String, StoreError> {
        let patient = self.record_patient(from, lang).await?;
        let items = self.store.profile_items(patient.id).await?;
        let Some(item) = n.and_then(|n| items.get(n.checked_sub(1)?)) else {
            let n = n.unwrap_or(0) as i64;
            return Ok(self.text(lang, "sms-profile-no-item", &[("n", n.into())]));
        };
        let n = n.unwrap_or(0) as i64;
        let (done, message) = match change {
            ItemChange::Remove => (
                self.store.remove_profile_item(patient.id, item.id).await?,
                "sms-profile-removed",
            ),
            ItemChange::Hide => (
                self.store
                    .set_profile_item_hidden(patient.id, item.id, true)
                    .await?,
                "sms-profile-hidden",
            ),
            ItemChange::Show => (
                self.store
                    .set_profile_item_hidden(patient.id, item.id, false)
                    .await?,
                "sms-profile-shown",
            ),
        };
        let action = match change {
            ItemChange::Remove => "profile_item_removed",
            ItemChange::Hide => "profile_item_hidden",
            ItemChange::Show => "profile_item_shown",
        };
        if done {
            self.store
                .audit("patient", action, &format!("patient:{}", patient.id), "")
                .await?;
        }
        // The item is named, so a patient whose numbers moved sees which one changed.
        let named = self.item_label(lang, item.kind, &item.text);
        Ok(format!(
            "{} {named}",
            self.text(lang, message, &[("n", n.into())])
        ))
    }

    /// `FOR n`: later commands are for the household's patient n; `FOR` alone lists them.
    /// Returns the reply, and whether patient n exists.
    pub(super) async fn for_patient(
        &self,
        from: &PhoneNumber,
        slot: Option<i64>,
        lang: &Language,
    ) -> Result<(String, bool), StoreError> {
        let patients = self.store.patients(from).await?;
        let Some(slot) = slot else {
            let list: Vec<String> = patients
                .iter()
                .map(|p| format!("{} {}", p.slot, self.who(p, lang)))
                .collect();
            let list = if list.is_empty() {
                format!("1 {}", self.text(lang, "relation-self", &[]))
            } else {
                list.join(", ")
            };
            return Ok((
                self.text(lang, "sms-for-list", &[("list", list.into())]),
                false,
            ));
        };
        let Some(p) = patients.iter().find(|p| p.slot == slot) else {
            return Ok((
                self.text(lang, "sms-for-unknown", &[("n", slot.into())]),
                false,
            ));
        };
        self.store.set_speaking_for(from, p.id).await?;
        let who = self.who(p, lang);
        Ok((self.text(lang, "sms-for-set", &[("who", who.into())]), true))
    }

    /// `REMIND 1 4 CALL`: reminders of the patient's latest prescription at those times.
    pub(super) async fn remind(
        &self,
        from: &PhoneNumber,
        args: &str,
        lang: &Language,
    ) -> Result<String, StoreError> {
        let slots = slots_in(args);
        if slots.is_empty() {
            return Ok(self.text(lang, "sms-remind-usage", &[]));
        }
        let lower = args.to_lowercase();
        let by_call = self
            .catalog
            .command_words()
            .call
            .iter()
            .any(|w| lower.split_whitespace().any(|t| t == w));
        let channel = if by_call { Channel::Call } else { Channel::Sms };
        let patient = self.record_patient(from, lang).await?;
        let Some(prescription) = self.store.latest_prescription(patient.id).await? else {
            return Ok(self.text(lang, "sms-remind-none", &[]));
        };
        let who = self.who(&patient, lang);
        let now = now_unix();
        let set = self
            .reminders()
            .set_plan(
                &prescription,
                patient.id,
                from,
                lang,
                &who,
                &slots,
                channel,
                now,
            )
            .await?;
        let times: Vec<String> = slots
            .iter()
            .map(|s| self.text(lang, &format!("remind-slot-{}", s.as_str()), &[]))
            .collect();
        let channel_name = self.text(lang, &format!("remind-channel-{}", channel.as_str()), &[]);
        let until = crate::domain::india_date(set.ends_at);
        Ok(self.text(
            lang,
            "sms-remind-set",
            &[
                ("ref", prescription.id.into()),
                ("channel", channel_name.into()),
                ("times", times.join(", ").into()),
                ("until", until.into()),
            ],
        ))
    }

    /// A lone 1 answering a reminder SMS (the last SMS we sent): the dose is taken.
    pub(super) async fn dose_answer(
        &self,
        from: &PhoneNumber,
        digit: i64,
        lang: &Language,
    ) -> Result<Option<String>, StoreError> {
        if digit != 1 {
            return Ok(None);
        }
        let Some(dose) = self.store.last_reminded_dose(from).await? else {
            return Ok(None);
        };
        self.store
            .set_dose_status(dose.id, DoseStatus::Taken, now_unix())
            .await?;
        Ok(Some(self.text(lang, "sms-remind-taken", &[])))
    }

    pub(super) fn reminders(&self) -> Reminders<'_> {
        Reminders {
            store: self.store,
            catalog: self.catalog,
            policy: self.reminder_policy,
            quiet: self.quiet,
        }
    }
}
