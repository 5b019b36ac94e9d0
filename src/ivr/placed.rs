//! Calls the line places on its own: a medicine reminder ("press 1 if you have taken it"),
//! a follow-up ("1 better, 2 the same, 3 worse"), and a missed-call callback, which first
//! replays the last message meant for the number (as mMitra does).

use super::{Action, CallEvent, Ivr, Next, Route, MAX_ATTEMPTS};
use crate::domain::{now_unix, PhoneNumber};
use crate::languages::Language;
use crate::store::{DoseStatus, FollowUpStatus, NewConversation, StoreError};

impl Ivr<'_> {
    fn language_of(&self, code: &str) -> Language {
        self.catalog
            .parse(code)
            .unwrap_or_else(|| self.default_language())
    }

    /// A reminder call answered: names the medicines as the doctor wrote them.
    pub(super) async fn dose_call(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        id: i64,
    ) -> Result<Vec<Action>, StoreError> {
        let Some(dose) = self.store.dose(id).await? else {
            return Ok(self.goodbye(&self.default_language()));
        };
        let lang = self.language_of(&dose.language);
        self.store
            .start_call(
                &ev.sid,
                phone,
                &ev.to,
                Some(lang.code()),
                Some(dose.patient_id),
                vec![],
            )
            .await?;
        self.store.dose_answered(id, ev.sid.as_str()).await?;
        let who = self.reminder_service().who(dose.patient_id, &lang).await?;
        Ok(self.ask_dose(&lang, &who, &dose.medicines, 1))
    }

    fn ask_dose(&self, lang: &Language, who: &str, medicines: &str, attempt: u32) -> Vec<Action> {
        let prompt = self.say(
            lang,
            "remind-call",
            &[("who", who.into()), ("medicines", medicines.into())],
        );
        vec![
            Action::Ask {
                prompts: vec![prompt],
                digits: 1,
                next: Next::again(Route::DoseAnswer, attempt),
            },
            Action::Redirect(Next::again(Route::DoseAnswer, attempt + 1)),
        ]
    }

    /// 1: taken; 2: not yet. Silence asks once more, then the call ends (the dose was heard).
    pub(super) async fn dose_answer(
        &self,
        ev: &CallEvent,
        lang: &Language,
    ) -> Result<Vec<Action>, StoreError> {
        let Some(dose) = self.store.dose_of_call(ev.sid.as_str()).await? else {
            return Ok(self.goodbye(lang));
        };
        let (status, message) = match ev.digits() {
            Some("1") => (DoseStatus::Taken, "remind-call-taken"),
            Some("2") => (DoseStatus::NotTaken, "remind-call-not-taken"),
            _ if ev.attempt < MAX_ATTEMPTS - 1 => {
                let who = self.reminder_service().who(dose.patient_id, lang).await?;
                let mut actions = vec![Action::Say(self.say(lang, "no-input", &[]))];
                actions.extend(self.ask_dose(lang, &who, &dose.medicines, ev.attempt + 1));
                return Ok(actions);
            }
            _ => return Ok(self.goodbye(lang)),
        };
        self.store
            .set_dose_status(dose.id, status, now_unix())
            .await?;
        Ok(vec![
            Action::Say(self.say(lang, message, &[])),
            Action::Hangup,
        ])
    }

    /// A follow-up call answered.
    pub(super) async fn follow_up_call(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        id: i64,
    ) -> Result<Vec<Action>, StoreError> {
        let Some(f) = self.store.follow_up(id).await? else {
            return Ok(self.goodbye(&self.default_language()));
        };
        let lang = self.language_of(&f.language);
        self.store
            .start_call(
                &ev.sid,
                phone,
                &ev.to,
                Some(lang.code()),
                f.patient_id,
                vec![],
            )
            .await?;
        self.store.follow_up_answered(id, ev.sid.as_str()).await?;
        let who = match f.patient_id {
            Some(p) => self.reminder_service().who(p, &lang).await?,
            None => self.catalog.text(&lang, "relation-self", &[]),
        };
        Ok(self.ask_follow_up(&lang, &who, 1))
    }

    fn ask_follow_up(&self, lang: &Language, who: &str, attempt: u32) -> Vec<Action> {
        vec![
            Action::Ask {
                prompts: vec![self.say(lang, "follow-up-call", &[("who", who.into())])],
                digits: 1,
                next: Next::again(Route::FollowUpAnswer, attempt),
            },
            Action::Redirect(Next::again(Route::FollowUpAnswer, attempt + 1)),
        ]
    }

    /// 1 better: thanks. 2 the same: a doctor is offered. 3 worse: the danger-sign question,
    /// then guidance and a doctor (a yes dials the emergency number).
    pub(super) async fn follow_up_answer(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
    ) -> Result<Vec<Action>, StoreError> {
        let Some(f) = self.store.follow_up_of_call(ev.sid.as_str()).await? else {
            return Ok(self.main_menu(lang, 1, vec![]));
        };
        let now = now_unix();
        match ev.digits() {
            Some("1") => {
                self.store
                    .set_follow_up_status(f.id, FollowUpStatus::Better, now)
                    .await?;
                let mut actions = vec![Action::Say(self.say(lang, "follow-up-better", &[]))];
                actions.push(Action::Hangup);
                Ok(actions)
            }
            Some("2") => {
                self.store
                    .set_follow_up_status(f.id, FollowUpStatus::Same, now)
                    .await?;
                Ok(self.callback_offer(lang, "follow-up-offer-doctor", "doctor", 1))
            }
            Some("3") => {
                self.store
                    .set_follow_up_status(f.id, FollowUpStatus::Worse, now)
                    .await?;
                let earlier = match f.conversation_id {
                    Some(c) => self.store.conversation_symptoms(c).await?.map(|(t, _)| t),
                    None => None,
                };
                let said = earlier.unwrap_or_default();
                let worse = format!("follow-up: worse. {said}");
                let conversation = self
                    .store
                    .add_conversation(&NewConversation {
                        phone,
                        patient_id: f.patient_id,
                        channel: "voice-keypad",
                        call_sid: Some(ev.sid.as_str()),
                        language: lang.code(),
                        symptoms: &said,
                        urgency: "high",
                        red_flags: &["worse at follow-up".to_owned()],
                        messages: &[("patient", worse.as_str())],
                    })
                    .await?;
                self.start_interview(ev, phone, lang, conversation, &["universal".to_owned()])
                    .await
            }
            _ if ev.attempt < MAX_ATTEMPTS - 1 => {
                let who = match f.patient_id {
                    Some(p) => self.reminder_service().who(p, lang).await?,
                    None => self.catalog.text(lang, "relation-self", &[]),
                };
                let mut actions = vec![Action::Say(self.say(lang, "no-input", &[]))];
                actions.extend(self.ask_follow_up(lang, &who, ev.attempt + 1));
                Ok(actions)
            }
            _ => Ok(self.goodbye(lang)),
        }
    }

    /// A missed-call callback answered: the last message meant for the number, then the
    /// usual first turn (and the call it opens).
    pub(super) async fn callback_call(
        &self,
        phone: &PhoneNumber,
    ) -> Result<(Vec<Action>, Option<super::Opening>), StoreError> {
        let mut actions = vec![];
        if let Some((text, code)) = self.store.last_message(phone).await? {
            let lang = self.language_of(&code);
            actions.push(Action::Say(self.say(&lang, "replay-intro", &[])));
            actions.push(Action::Say(super::Prompt {
                text,
                language: lang,
            }));
        }
        let (first, opening) = self.answer_incoming(phone).await?;
        actions.extend(first);
        Ok((actions, opening))
    }
}
