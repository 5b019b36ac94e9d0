//! Doctors: who takes a consultation, what they are told, and what they can do by SMS.
//!
//! A consultation goes requested → accepted (the doctor pressed 1 after the whisper, or
//! took it by SMS) → in_progress (bridged) → completed, or waits `queued` for a callback.
//! A doctor is engaged with one consultation at a time (a conditional update in `store`),
//! and sees a patient's records only through a consultation assigned to them.

use fluent_bundle::FluentValue;

use crate::domain::{india_day_start, minute_in_india, now_unix};
use crate::languages::{Catalog, Language};
use crate::store::{
    stored_phone, Consultation, ConsultationStatus, Doctor, NewConsultation, Outgoing,
    PatientSummary, PrescriptionItem, Store, StoreError, TriageSummary,
};
use crate::text::{fit, MAX_SEGMENTS};

/// A doctor engaged this long without a word from Twilio is free again (a lost webhook).
pub const STALE_ENGAGEMENT_SECS: i64 = 2 * 60 * 60;
/// At most this many doctors are rung for one call before the caller is queued.
pub const MAX_DOCTORS_TRIED: usize = 3;
/// Minutes a consultation takes, for the queue's wait estimate.
pub const AVERAGE_CONSULTATION_MINUTES: i64 = 10;
/// Words of the complaint the whisper reads (it must stay under 15 seconds).
const WHISPER_COMPLAINT_WORDS: usize = 12;

/// The specialisation a consultation should go to, from what is known of the patient.
pub fn specialization_for(age: Option<i64>, pregnant: bool, red_flags: &[String]) -> &'static str {
    if pregnant || red_flags.iter().any(|f| f.contains("pregnan")) {
        "obstetrics"
    } else if age.is_some_and(|a| a < 14) {
        "paediatrics"
    } else {
        "general"
    }
}

/// Orders free doctors for a consultation: must speak its language and not have been tried;
/// the matching specialisation first, then the least busy today, then the best rated.
pub fn rank_doctors<'a>(
    consultation: &Consultation,
    free: &'a [crate::store::FreeDoctor],
) -> Vec<&'a Doctor> {
    let language = consultation.language.as_deref().unwrap_or("");
    let mut eligible: Vec<_> = free
        .iter()
        .filter(|f| f.doctor.languages.iter().any(|l| l == language))
        .filter(|f| !consultation.tried_doctors.contains(&f.doctor.id))
        .collect();
    eligible.sort_by(|a, b| {
        let matches = |f: &crate::store::FreeDoctor| {
            f.doctor
                .specializations
                .contains(&consultation.specialization)
        };
        matches(b)
            .cmp(&matches(a))
            .then(a.load_today.cmp(&b.load_today))
            .then(b.doctor.rating.total_cmp(&a.doctor.rating))
            .then(a.doctor.id.cmp(&b.doctor.id))
    });
    eligible.into_iter().map(|f| &f.doctor).collect()
}

/// The doctors' side of the service.
pub struct Care<'a> {
    pub store: &'a Store,
    pub catalog: &'a Catalog,
    /// Where Twilio reaches us, for the URLs of outbound calls.
    /// When the follow-up call after a consultation goes out.
    pub reminders: &'a crate::config::ReminderPolicy,
    /// Quiet hours.
    pub quiet: &'a crate::config::CallbackPolicy,
}

/// A doctor's SMS command.
#[derive(Clone, Debug, PartialEq)]
pub enum DoctorCommand {
    Available,
    Busy,
    Done {
        id: i64,
        notes: String,
    },
    Rx {
        id: i64,
        items: Vec<PrescriptionItem>,
    },
    Call {
        id: i64,
    },
    Help,
}

/// Why a doctor's message could not be read.
#[derive(Clone, Debug, PartialEq)]
pub enum CommandError {
    /// Which command was meant, so the answer can show its form.
    Usage(&'static str),
    /// A prescription line that is not `medicine; dose; frequency; days`, by its number.
    RxLine(usize),
}

/// Reads a doctor's message: `AVAILABLE`, `BUSY`, `DONE <id> <notes>`, `RX <id>` followed by
/// lines `medicine; dose; frequency; days`, `CALL <id>`; anything else is `HELP`.
pub fn parse_doctor_command(body: &str) -> Result<DoctorCommand, CommandError> {
    let mut lines = body.lines();
    let first = lines.next().unwrap_or("").trim();
    let mut words = first.split_whitespace();
    let keyword = words.next().unwrap_or("").to_uppercase();
    let id = |w: Option<&str>, usage| {
        w.and_then(|w| w.trim_start_matches('#').parse::<i64>().ok())
            .ok_or(CommandError::Usage(usage))
    };
    match keyword.as_str() {
        "AVAILABLE" | "ONLINE" => Ok(DoctorCommand::Available),
        "BUSY" | "OFFLINE" => Ok(DoctorCommand::Busy),
        "DONE" => {
            let id = id(words.next(), "done")?;
            let mut notes: Vec<String> = vec![words.collect::<Vec<_>>().join(" ")];
            notes.extend(lines.map(|l| l.trim().to_owned()));
            let notes = notes
                .into_iter()
                .filter(|n| !n.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            Ok(DoctorCommand::Done { id, notes })
        }
        "RX" => {
            let id = id(words.next(), "rx")?;
            // Lines may also follow the id on the first line, separated by '|' or newlines.
            let rest: Vec<String> = std::iter::once(words.collect::<Vec<_>>().join(" "))
                .chain(lines.map(str::to_owned))
                .flat_map(|l| {
                    l.split('|')
                        .map(|p| p.trim().to_owned())
                        .collect::<Vec<_>>()
                })
                .filter(|l| !l.is_empty())
                .collect();
            if rest.is_empty() {
                return Err(CommandError::Usage("rx"));
            }
            let items = rest
                .iter()
                .enumerate()
                .map(|(i, line)| parse_rx_line(line).ok_or(CommandError::RxLine(i + 1)))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(DoctorCommand::Rx { id, items })
        }
        "CALL" => Ok(DoctorCommand::Call {
            id: id(words.next(), "call")?,
        }),
        _ => Ok(DoctorCommand::Help),
    }
}

fn parse_rx_line(line: &str) -> Option<PrescriptionItem> {
    let parts: Vec<&str> = line.split(';').map(str::trim).collect();
    let [medicine, dose, frequency, days] = parts.as_slice() else {
        return None;
    };
    let days: i64 = days
        .trim_end_matches(|c: char| c.is_alphabetic() || c.is_whitespace())
        .parse()
        .ok()
        .filter(|d| (1..=365).contains(d))?;
    if medicine.is_empty() || dose.is_empty() || frequency.is_empty() {
        return None;
    }
    Some(PrescriptionItem {
        medicine: medicine.to_string(),
        dose: dose.to_string(),
        frequency: frequency.to_string(),
        days,
    })
}

impl Care<'_> {
    /// Engages the best free doctor for a consultation, or `None` when nobody suitable is
    /// free (or enough doctors were tried).
    pub async fn assign(&self, c: &Consultation) -> Result<Option<Doctor>, StoreError> {
        if c.tried_doctors.len() >= MAX_DOCTORS_TRIED {
            return Ok(None);
        }
        let now = now_unix();
        let stale = now - STALE_ENGAGEMENT_SECS;
        let free = self
            .store
            .free_doctors(minute_in_india(now), india_day_start(now), stale)
            .await?;
        for doctor in rank_doctors(c, &free) {
            if self.store.claim_doctor(doctor.id, c.id, stale).await? {
                return Ok(Some(doctor.clone()));
            }
        }
        Ok(None)
    }

    /// Opens a consultation for a patient from what triage found (the call's, or the
    /// sender's recent SMS triage), with the specialisation that fits; returns it.
    pub async fn open(
        &self,
        patient_id: i64,
        call_sid: Option<&str>,
        language: &Language,
        triage: Option<TriageSummary>,
    ) -> Result<Consultation, StoreError> {
        let t = triage.unwrap_or_default();
        let (age, pregnant) = self.store.patient_context(Some(patient_id)).await?;
        let id = self
            .store
            .open_consultation(&NewConsultation {
                patient_id,
                call_sid,
                conversation_id: t.conversation_id,
                language: language.code(),
                urgency: t.urgency.as_deref(),
                specialization: specialization_for(age, pregnant, &t.red_flags),
                complaint: &t.symptoms,
                red_flags: &t.red_flags,
            })
            .await?;
        let channel = if call_sid.is_some() { "voice" } else { "sms" };
        self.store
            .audit(
                "patient",
                "consultation_requested",
                &format!("consultation:{id}"),
                channel,
            )
            .await?;
        self.store
            .consultation(id)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("consultation {id} vanished")))
    }

    /// Minutes a queued caller at `position` can expect to wait.
    pub async fn estimated_wait(&self, c: &Consultation, position: i64) -> Result<i64, StoreError> {
        let language = c.language.as_deref().unwrap_or("");
        let doctors = self
            .store
            .doctors_on_duty(minute_in_india(now_unix()), language)
            .await?
            .max(1);
        Ok((position * AVERAGE_CONSULTATION_MINUTES + doctors - 1) / doctors)
    }

    /// The language a doctor is spoken to in: their first one the catalog knows.
    pub fn doctor_language(&self, doctor: &Doctor) -> Language {
        doctor
            .languages
            .iter()
            .find_map(|l| self.catalog.parse(l))
            .unwrap_or_else(|| self.catalog.fallback())
    }

    /// What the doctor hears before accepting: age, sex, language, complaint, urgency and
    /// red flags, in the doctor's language, short enough for 15 seconds.
    pub async fn whisper(&self, c: &Consultation, lang: &Language) -> Result<String, StoreError> {
        let patient = self.store.patient_summary(c.patient_id).await?;
        let language_name = c
            .language
            .as_deref()
            .and_then(|l| self.catalog.get(l))
            .map(|l| l.english_name().to_owned())
            .unwrap_or_default();
        let complaint: Vec<&str> = c.complaint.split_whitespace().collect();
        let mut complaint = complaint[..complaint.len().min(WHISPER_COMPLAINT_WORDS)].join(" ");
        if complaint.is_empty() {
            complaint = self.catalog.text(lang, "whisper-no-complaint", &[]);
        }
        let urgency = c.urgency.as_deref().unwrap_or("unknown");
        let args = [
            (
                "age",
                patient
                    .age
                    .map(FluentValue::from)
                    .unwrap_or_else(|| "unknown".into()),
            ),
            ("sex", patient.sex.clone().unwrap_or_default().into()),
            ("language", language_name.into()),
            ("complaint", complaint.into()),
            (
                "urgency",
                self.catalog
                    .text(lang, &format!("urgency-{urgency}"), &[])
                    .into(),
            ),
        ];
        let mut text = self.catalog.text(lang, "whisper-summary", &args);
        if !c.red_flags.is_empty() {
            text.push(' ');
            text.push_str(&self.catalog.text(
                lang,
                "whisper-red-flags",
                &[("flags", c.red_flags.join(", ").into())],
            ));
        }
        Ok(text)
    }

    /// The SMS summary a doctor gets with a consultation: the patient's profile and latest
    /// health metrics, minus what the patient hid, and how to answer.
    pub async fn summary_sms(&self, c: &Consultation) -> Result<String, StoreError> {
        let p = self.store.patient_summary(c.patient_id).await?;
        Ok(summary_text(c, &p))
    }

    /// Queues the doctor's SMS summary of a consultation (once per doctor).
    pub async fn send_summary(&self, c: &Consultation, doctor: &Doctor) -> Result<(), StoreError> {
        let text = self.summary_sms(c).await?;
        let to = stored_phone(&doctor.phone)?;
        let key = format!("consultation:{}:summary:{}", c.id, doctor.id);
        self.store
            .enqueue_outbox(Outgoing::Sms, &to, &text, &key)
            .await?;
        Ok(())
    }

    /// Offers the oldest queued consultation in the doctor's languages to a doctor who has
    /// just become free, by SMS (they answer `CALL <id>`).
    pub async fn offer_queue(&self, doctor: &Doctor) -> Result<Option<i64>, StoreError> {
        if !doctor.available {
            return Ok(None);
        }
        let Some(c) = self.store.next_queued(&doctor.languages).await? else {
            return Ok(None);
        };
        let p = self.store.patient_summary(c.patient_id).await?;
        let text = format!(
            "{}\n{}",
            self.staff("staff-queue-offer", &[("id", c.id.into())]),
            summary_text(&c, &p)
        );
        let to = stored_phone(&doctor.phone)?;
        let key = format!("consultation:{}:offer:{}", c.id, doctor.id);
        self.store
            .enqueue_outbox(Outgoing::Sms, &to, &text, &key)
            .await?;
        Ok(Some(c.id))
    }

    /// Offers a just-queued consultation to the best free doctor, if any, by SMS.
    pub async fn offer_to_free_doctor(&self, c: &Consultation) -> Result<(), StoreError> {
        let now = now_unix();
        let free = self
            .store
            .free_doctors(
                minute_in_india(now),
                india_day_start(now),
                now - STALE_ENGAGEMENT_SECS,
            )
            .await?;
        if let Some(doctor) = rank_doctors(c, &free).first() {
            self.offer_queue(doctor).await?;
        }
        Ok(())
    }

    /// Answers a registered doctor's SMS.
    pub async fn doctor_sms(&self, doctor: &Doctor, body: &str) -> Result<String, StoreError> {
        let command = match parse_doctor_command(body) {
            Ok(c) => c,
            Err(CommandError::Usage(which)) => {
                return Ok(self.staff(&format!("staff-usage-{which}"), &[]))
            }
            Err(CommandError::RxLine(n)) => {
                return Ok(self.staff("staff-rx-bad-line", &[("line", (n as i64).into())]))
            }
        };
        let id = match &command {
            DoctorCommand::Done { id, .. }
            | DoctorCommand::Rx { id, .. }
            | DoctorCommand::Call { id } => Some(*id),
            _ => None,
        };
        let consultation = match id {
            Some(id) => self.store.consultation(id).await?,
            None => None,
        };
        // A doctor acts only on consultations assigned to them (CALL may also take a queued
        // one); anything else is answered as if it did not exist.
        let mine: Option<&Consultation> = consultation.as_ref().filter(|c| {
            c.doctor_id == Some(doctor.id)
                || (matches!(command, DoctorCommand::Call { .. })
                    && c.status == ConsultationStatus::Queued
                    && c.language
                        .as_ref()
                        .is_some_and(|l| doctor.languages.contains(l)))
        });
        let not_found = |id: i64| self.staff("staff-not-found", &[("id", id.into())]);
        match &command {
            DoctorCommand::Help => Ok(self.staff("staff-doctor-help", &[])),
            DoctorCommand::Available => {
                let offered = self.set_available(doctor, true).await?;
                let mut text = self.staff("staff-available", &[]);
                if let Some(id) = offered {
                    text.push(' ');
                    text.push_str(&self.staff("staff-queue-offer", &[("id", id.into())]));
                }
                Ok(text)
            }
            DoctorCommand::Busy => {
                self.set_available(doctor, false).await?;
                Ok(self.staff("staff-busy", &[]))
            }
            DoctorCommand::Done { id, notes } => {
                let Some(c) = mine else {
                    return Ok(not_found(*id));
                };
                self.complete(doctor, c, notes).await?;
                Ok(self.staff("staff-done", &[("id", c.id.into())]))
            }
            DoctorCommand::Rx { id, items } => {
                let Some(c) = mine else {
                    return Ok(not_found(*id));
                };
                let rx = self.prescribe(doctor, c, items).await?;
                Ok(self.staff(
                    "staff-rx-sent",
                    &[
                        ("id", c.id.into()),
                        ("rx", rx.into()),
                        ("lines", (items.len() as i64).into()),
                    ],
                ))
            }
            DoctorCommand::Call { id } => {
                let Some(c) = mine else {
                    return Ok(not_found(*id));
                };
                if !self.call_patient(doctor, c).await? {
                    return Ok(not_found(*id));
                }
                Ok(self.staff("staff-calling", &[("id", c.id.into())]))
            }
        }
    }

    /// A doctor becomes available (then is offered the queue's next patient, whose
    /// consultation id is returned) or busy.
    pub async fn set_available(
        &self,
        doctor: &Doctor,
        available: bool,
    ) -> Result<Option<i64>, StoreError> {
        self.store
            .set_doctor_available(doctor.id, available)
            .await?;
        if !available {
            return Ok(None);
        }
        let mut doctor = doctor.clone();
        doctor.available = true;
        self.offer_queue(&doctor).await
    }

    /// A doctor completes their consultation with notes: the patient is asked to rate it
    /// and called back later; the doctor is offered the queue. False if it was complete.
    pub async fn complete(
        &self,
        doctor: &Doctor,
        c: &Consultation,
        notes: &str,
    ) -> Result<bool, StoreError> {
        let completed = self.store.complete_consultation(c.id, Some(notes)).await?;
        if completed {
            self.ask_patient_to_rate(c).await?;
            self.follow_up(c).await?;
        }
        self.store
            .audit(
                &format!("doctor:{}", doctor.id),
                "consultation_done",
                &format!("consultation:{}", c.id),
                "",
            )
            .await?;
        if let Some(fresh) = self.store.doctor(doctor.id).await? {
            self.offer_queue(&fresh).await?;
        }
        Ok(completed)
    }

    /// Stores a prescription of a doctor's consultation and texts it to the patient in the
    /// patient's language; returns its reference.
    pub async fn prescribe(
        &self,
        doctor: &Doctor,
        c: &Consultation,
        items: &[PrescriptionItem],
    ) -> Result<i64, StoreError> {
        // The prescription and the patient's SMS are stored together: never one without the
        // other (a doctor retrying after a failure would otherwise be told it was sent).
        let to = stored_phone(&c.patient_phone)?;
        let texted = crate::store::Texted {
            to: &to,
            text: &|rx| self.prescription_text(c, doctor, rx, items),
        };
        let (rx, text) = self
            .store
            .add_prescription_texted(c.patient_id, Some(doctor.id), Some(c.id), items, texted)
            .await?;
        let lang = self.patient_language(c);
        self.store.set_last_message(&to, &text, lang.code()).await?;
        self.store
            .audit(
                &format!("doctor:{}", doctor.id),
                "prescribed",
                &format!("prescription:{rx}"),
                &format!("consultation:{}", c.id),
            )
            .await?;
        Ok(rx)
    }

    /// Takes a consultation (queued, or the doctor's own) and has the outbox ring the doctor,
    /// then bridge the patient. False if the doctor may not take it.
    pub async fn call_patient(
        &self,
        doctor: &Doctor,
        c: &Consultation,
    ) -> Result<bool, StoreError> {
        if !self.store.take_consultation(c.id, doctor.id).await? {
            return Ok(false);
        }
        let to = stored_phone(&doctor.phone)?;
        let url = crate::ivr::Intent::DoctorCall(c.id).stored();
        let key = format!("consultation:{}:call:{}:{}", c.id, doctor.id, now_unix());
        self.store
            .enqueue_outbox(Outgoing::Call, &to, &url, &key)
            .await?;
        Ok(true)
    }

    /// The SMS that tells the patient a prescription, in the patient's language (whole:
    /// never cut), for the prescription numbered `rx`.
    pub fn prescription_text(
        &self,
        c: &Consultation,
        doctor: &Doctor,
        rx: i64,
        items: &[PrescriptionItem],
    ) -> String {
        let lang = self.patient_language(c);
        let mut text = self.catalog.text(
            &lang,
            "sms-prescription",
            &[("doctor", doctor.name.as_str().into()), ("ref", rx.into())],
        );
        for (i, item) in items.iter().enumerate() {
            let line = self.catalog.text(
                &lang,
                "prescription-item",
                &[
                    ("medicine", item.medicine.as_str().into()),
                    ("dose", item.dose.as_str().into()),
                    ("frequency", item.frequency.as_str().into()),
                    ("days", item.days.into()),
                ],
            );
            text.push_str(&format!("\n{}. {line}", i + 1));
        }
        text.push('\n');
        text.push_str(&self.catalog.text(&lang, "sms-prescription-remind", &[]));
        text
    }

    /// After a completed consultation: the follow-up call, some time later.
    pub async fn follow_up(&self, c: &Consultation) -> Result<(), StoreError> {
        let to = stored_phone(&c.patient_phone)?;
        let reminders = crate::reminders::Reminders {
            store: self.store,
            catalog: self.catalog,
            policy: self.reminders,
            quiet: self.quiet,
        };
        let lang = self.patient_language(c);
        reminders
            .follow_up_after(
                &format!("consultation:{}", c.id),
                Some(c.patient_id),
                &to,
                &lang,
                None,
                now_unix(),
            )
            .await?;
        Ok(())
    }

    /// Asks the patient by SMS to rate a completed consultation.
    pub async fn ask_patient_to_rate(&self, c: &Consultation) -> Result<(), StoreError> {
        let lang = self.patient_language(c);
        let text = fit(
            &self
                .catalog
                .text(&lang, "sms-consultation-done", &[("ref", c.id.into())]),
            MAX_SEGMENTS,
        );
        let to = stored_phone(&c.patient_phone)?;
        self.store
            .enqueue_outbox(
                Outgoing::Sms,
                &to,
                &text,
                &format!("consultation:{}:rate", c.id),
            )
            .await?;
        Ok(())
    }

    fn patient_language(&self, c: &Consultation) -> Language {
        c.language
            .as_deref()
            .and_then(|l| self.catalog.parse(l))
            .unwrap_or_else(|| self.catalog.fallback())
    }

    fn staff(&self, id: &str, args: &[(&str, FluentValue)]) -> String {
        self.catalog.text(&self.catalog.fallback(), id, args)
    }
}

/// The doctor's summary: who, what, how urgent, and what the patient lets them see.
fn summary_text(c: &Consultation, p: &PatientSummary) -> String {
    let mut lines = vec![format!(
        "DoorStepDoctor consultation {}: {}, age {}, {}, lang {}.",
        c.id,
        p.name.clone().unwrap_or_else(|| p.relation.clone()),
        p.age.map(|a| a.to_string()).unwrap_or_else(|| "?".into()),
        p.sex.clone().unwrap_or_else(|| "?".into()),
        c.language.clone().unwrap_or_default(),
    )];
    if p.pregnant {
        lines.push("Pregnant.".into());
    }
    if !c.complaint.is_empty() {
        lines.push(format!("Complaint: {}", c.complaint));
    }
    lines.push(format!(
        "Urgency: {}{}",
        c.urgency.as_deref().unwrap_or("not triaged"),
        if c.red_flags.is_empty() {
            String::new()
        } else {
            format!("; red flags: {}", c.red_flags.join(", "))
        }
    ));
    for (field, text) in &p.profile {
        lines.push(format!("{}: {text}", field.replace('_', " ")));
    }
    for (kind, value, unit) in &p.metrics {
        lines.push(format!("{kind}: {value} {unit}"));
    }
    let a = &p.adherence;
    if a.taken + a.not_taken + a.missed > 0 {
        lines.push(format!(
            "Reminders: {} taken, {} not taken, {} unanswered.",
            a.taken, a.not_taken, a.missed
        ));
    }
    lines.push(format!(
        "Reply RX {} then lines medicine; dose; frequency; days. DONE {} notes when finished.",
        c.id, c.id
    ));
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doctor_commands_are_read_with_their_arguments() {
        assert_eq!(
            parse_doctor_command("available"),
            Ok(DoctorCommand::Available)
        );
        assert_eq!(parse_doctor_command("BUSY"), Ok(DoctorCommand::Busy));
        assert_eq!(
            parse_doctor_command("DONE 1001 advised rest\nreview in 3 days"),
            Ok(DoctorCommand::Done {
                id: 1001,
                notes: "advised rest\nreview in 3 days".into()
            })
        );
        assert_eq!(
            parse_doctor_command("CALL #1002"),
            Ok(DoctorCommand::Call { id: 1002 })
        );
        assert_eq!(
            parse_doctor_command("DONE"),
            Err(CommandError::Usage("done"))
        );
        assert_eq!(parse_doctor_command("hello"), Ok(DoctorCommand::Help));
        let rx = parse_doctor_command(
            "RX 1001\nParacetamol 500; 1 tablet; twice a day; 3\nORS; 1 sachet; after each loose stool; 2 days",
        )
        .unwrap();
        let DoctorCommand::Rx { id, items } = rx else {
            panic!("{rx:?}")
        };
        assert_eq!(id, 1001);
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].days, 2);
        assert_eq!(items[0].frequency, "twice a day");
        assert_eq!(
            parse_doctor_command(
                "RX 1001 Paracetamol 500; 1 tablet; twice a day; 3 | ORS; 1; daily; 2"
            )
            .map(|c| matches!(c, DoctorCommand::Rx { items, .. } if items.len() == 2)),
            Ok(true)
        );
        assert_eq!(
            parse_doctor_command("RX 1001\nParacetamol 500; 1 tablet; 3"),
            Err(CommandError::RxLine(1))
        );
        assert_eq!(
            parse_doctor_command("RX 1001"),
            Err(CommandError::Usage("rx"))
        );
    }

    #[test]
    fn specialisation_follows_pregnancy_and_age() {
        assert_eq!(specialization_for(Some(25), true, &[]), "obstetrics");
        assert_eq!(specialization_for(Some(5), false, &[]), "paediatrics");
        assert_eq!(specialization_for(None, false, &[]), "general");
    }
}
