//! The call's doctor steps: bridge with a whisper, the queue, rating, and doctors' callbacks.

use super::{Action, CallEvent, Caller, Ivr, Next, Route};
use crate::care::Care;
use crate::domain::DialOutcome;
use crate::domain::PhoneNumber;
use crate::languages::Language;
use crate::store::ConsultationStatus::{
    Accepted, Cancelled, Completed, InProgress, Queued, Requested,
};
use crate::store::{Consultation, Outgoing, StoreError};

impl Ivr<'_> {
    fn care(&self) -> Care<'_> {
        Care {
            store: self.store,
            catalog: self.catalog,
            reminders: self.reminders,
            quiet: self.callbacks,
        }
    }

    /// Menu 2 and triage's offer: the best free doctor, else the queue and a callback.
    pub(super) async fn connect_doctor(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
    ) -> Result<Vec<Action>, StoreError> {
        let Some(patient) = self.patient_for_call(ev, phone).await? else {
            return self.who_menu(phone, lang, 1).await;
        };
        let existing = self
            .store
            .open_consultation_for_call(ev.sid.as_str())
            .await?;
        let consultation = match existing {
            Some(c) => c,
            None => {
                let triage = self.store.call_triage(ev.sid.as_str()).await?;
                self.care()
                    .open(patient, Some(ev.sid.as_str()), lang, triage)
                    .await?
            }
        };
        self.bridge_or_queue(&consultation, lang, false).await
    }

    async fn consultation(&self, id: i64) -> Result<Consultation, StoreError> {
        self.store
            .consultation(id)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("consultation {id} vanished")))
    }

    /// Rings the best free doctor (who hears the whisper first), or queues the caller with
    /// an estimated wait and a promised callback (also sent by SMS).
    async fn bridge_or_queue(
        &self,
        c: &Consultation,
        lang: &Language,
        retry: bool,
    ) -> Result<Vec<Action>, StoreError> {
        let care = self.care();
        if let Some(doctor) = care.assign(c).await? {
            let assigned = self.consultation(c.id).await?;
            care.send_summary(&assigned, &doctor).await?;
            let number = crate::store::stored_phone(&doctor.phone)?;
            let message = if retry {
                "doctor-trying-next"
            } else {
                "doctor-connecting"
            };
            return Ok(vec![
                Action::Say(self.say(lang, message, &[])),
                Action::Bridge {
                    number,
                    whisper: Next::about(Route::Whisper, c.id),
                    screened: Next::about(Route::WhisperAnswer, c.id),
                    next: Next::about(Route::DoctorDone, c.id),
                },
            ]);
        }
        let position = self.store.queue_consultation(c.id).await?;
        let minutes = care.estimated_wait(c, position).await?;
        care.offer_to_free_doctor(c).await?;
        let phone = crate::store::stored_phone(&c.patient_phone)?;
        let note = self.catalog.text(
            lang,
            "sms-doctor-booked",
            &[
                ("ref", c.id.into()),
                ("emergency", self.emergency.as_str().into()),
            ],
        );
        self.store
            .enqueue_outbox(
                Outgoing::Sms,
                &phone,
                &note,
                &format!("consultation:{}:queued", c.id),
            )
            .await?;
        let mut actions = vec![Action::Say(self.say(
            lang,
            "doctor-queued",
            &[
                ("position", position.into()),
                ("minutes", minutes.into()),
                ("ref", c.id.into()),
                ("emergency", self.emergency_arg()),
            ],
        ))];
        actions.extend(self.goodbye(lang));
        Ok(actions)
    }

    /// The doctor's leg, before the bridge: the summary in the doctor's language, then
    /// "press 1 to accept". No answer hangs up this leg, and the caller's `DoctorDone` moves on.
    pub(super) async fn whisper(&self, ev: &CallEvent) -> Result<Vec<Action>, StoreError> {
        let Some(c) = self.consultation_of(ev).await? else {
            return Ok(vec![Action::Hangup]);
        };
        let doctor = match c.doctor_id {
            Some(id) if c.status == Requested => self.store.doctor(id).await?,
            _ => None,
        };
        let Some(doctor) = doctor else {
            return Ok(vec![Action::Hangup]);
        };
        let care = self.care();
        let lang = care.doctor_language(&doctor);
        self.store.set_doctor_call(c.id, ev.sid.as_str()).await?;
        let summary = care.whisper(&c, &lang).await?;
        Ok(vec![
            Action::Ask {
                prompts: vec![
                    super::Prompt {
                        text: summary,
                        language: lang.clone(),
                    },
                    self.say(&lang, "whisper-accept", &[]),
                ],
                digits: 1,
                next: Next::about(Route::WhisperAnswer, c.id),
            },
            Action::Hangup,
        ])
    }

    /// The doctor pressed a key (or the carrier reports the accept key): 1 accepts, and the
    /// empty turn lets the carrier bridge the call.
    pub(super) async fn whisper_answer(&self, ev: &CallEvent) -> Result<Vec<Action>, StoreError> {
        let Some(c) = self.consultation_of(ev).await? else {
            return Ok(vec![Action::Hangup]);
        };
        if ev.digits() != Some("1") {
            return Ok(vec![Action::Hangup]);
        }
        if !self
            .store
            .move_consultation(c.id, &[Requested], Accepted)
            .await?
        {
            // The caller hung up or another doctor took it meanwhile.
            return Ok(vec![Action::Hangup]);
        }
        // The carrier bridges the moment this answer returns.
        self.store
            .move_consultation(c.id, &[Accepted], InProgress)
            .await?;
        let actor = format!("doctor:{}", c.doctor_id.unwrap_or_default());
        self.store
            .audit(
                &actor,
                "consultation_accepted",
                &format!("consultation:{}", c.id),
                "",
            )
            .await?;
        Ok(vec![])
    }

    /// The bridge ended, on the caller's leg: a consultation that took place completes and
    /// the caller rates it; one the doctor did not take goes to the next doctor or the queue.
    pub(super) async fn doctor_done(
        &self,
        ev: &CallEvent,
        lang: &Language,
    ) -> Result<Vec<Action>, StoreError> {
        let Some(c) = self.consultation_of(ev).await? else {
            return Ok(self.goodbye(lang));
        };
        match c.status {
            Accepted | InProgress => {
                if self.store.complete_consultation(c.id, None).await? {
                    self.care().follow_up(&c).await?;
                }
                if let Some(id) = c.doctor_id {
                    if let Some(doctor) = self.store.doctor(id).await? {
                        self.care().offer_queue(&doctor).await?;
                    }
                }
                let mut actions = vec![Action::Ask {
                    prompts: vec![self.say(lang, "rate-doctor", &[])],
                    digits: 1,
                    next: Next::about(Route::Rating, c.id),
                }];
                actions.extend(self.goodbye(lang));
                Ok(actions)
            }
            Requested => {
                if let Some(id) = c.doctor_id {
                    self.store.release_doctor(id, c.id).await?;
                }
                let c = self.consultation(c.id).await?;
                if ev.dial() == Some(DialOutcome::Canceled) {
                    // The caller hung up while the doctor's phone rang: keep their place.
                    self.store.queue_consultation(c.id).await?;
                    self.care().offer_to_free_doctor(&c).await?;
                    return Ok(vec![Action::Hangup]);
                }
                self.bridge_or_queue(&c, lang, true).await
            }
            Queued | Completed | Cancelled => Ok(self.goodbye(lang)),
        }
    }

    /// The caller's rating, 1-5, of the consultation that just ended.
    pub(super) async fn rating(
        &self,
        ev: &CallEvent,
        lang: &Language,
    ) -> Result<Vec<Action>, StoreError> {
        let rating = ev
            .digits()
            .and_then(|d| d.parse::<i64>().ok())
            .filter(|r| (1..=5).contains(r));
        let mut actions = vec![];
        if let (Some(rating), Some(c)) = (rating, ev.consultation) {
            if self.store.rate_consultation(c, rating).await? {
                actions.push(Action::Say(self.say(lang, "rating-thanks", &[])));
            }
        }
        actions.extend(self.goodbye(lang));
        Ok(actions)
    }

    /// A doctor's callback to a queued patient (`CALL <id>`): on the doctor's leg, connect
    /// the patient. Only the consultation's own doctor is connected.
    pub(super) async fn doctor_call(&self, ev: &CallEvent) -> Result<Vec<Action>, StoreError> {
        let Some(c) = self.consultation_of(ev).await? else {
            return Ok(vec![Action::Hangup]);
        };
        let doctor = match c.doctor_id {
            Some(id) => self.store.doctor(id).await?,
            None => None,
        };
        let callee = match &ev.caller {
            Caller::Number(p) => p.as_str(),
            Caller::Withheld => "",
        };
        let Some(doctor) = doctor.filter(|d| d.phone == callee) else {
            return Ok(vec![Action::Hangup]);
        };
        let lang = self.care().doctor_language(&doctor);
        self.store
            .move_consultation(c.id, &[Accepted, InProgress], InProgress)
            .await?;
        let patient = crate::store::stored_phone(&c.patient_phone)?;
        Ok(vec![
            Action::Say(self.say(&lang, "doctor-call-connecting", &[("ref", c.id.into())])),
            Action::Dial {
                number: patient,
                next: Next::about(Route::DoctorCallDone, c.id),
            },
        ])
    }

    /// The doctor's callback ended: completed if the patient answered, else back to
    /// `accepted` so the doctor can try again.
    pub(super) async fn doctor_call_done(&self, ev: &CallEvent) -> Result<Vec<Action>, StoreError> {
        let Some(c) = self.consultation_of(ev).await? else {
            return Ok(vec![Action::Hangup]);
        };
        let Some(doctor) = (match c.doctor_id {
            Some(id) => self.store.doctor(id).await?,
            None => None,
        }) else {
            return Ok(vec![Action::Hangup]);
        };
        let lang = self.care().doctor_language(&doctor);
        let care = self.care();
        if ev.dial() == Some(DialOutcome::Completed) {
            if self.store.complete_consultation(c.id, None).await? {
                care.ask_patient_to_rate(&c).await?;
                care.follow_up(&c).await?;
            }
            care.offer_queue(&doctor).await?;
            return Ok(vec![
                Action::Say(self.say(&lang, "doctor-call-ended", &[("ref", c.id.into())])),
                Action::Hangup,
            ]);
        }
        self.store
            .move_consultation(c.id, &[InProgress], Accepted)
            .await?;
        Ok(vec![
            Action::Say(self.say(&lang, "doctor-call-no-answer", &[("ref", c.id.into())])),
            Action::Hangup,
        ])
    }

    async fn consultation_of(&self, ev: &CallEvent) -> Result<Option<Consultation>, StoreError> {
        match ev.consultation {
            Some(id) => self.store.consultation(id).await,
            None => Ok(None),
        }
    }
}
