//! The call's danger-sign interview: after a triage that was not an emergency, up to three
//! yes/no questions chosen by the protocols, then the universal one, answered by keypad
//! (1 yes, 2 no). A yes that makes an emergency dials at once; silence is never a "no".

use super::{Action, CallEvent, Ivr, Next, Prompt, Route, MAX_ATTEMPTS};
use crate::domain::PhoneNumber;
use crate::languages::Language;
use crate::store::{Answer, Interview, StoreError};
use crate::triage::{Assessment, PatientContext, Urgency};

/// Times a question is asked before silence counts as no answer.
const ASKS: u32 = 2;

impl Ivr<'_> {
    /// Starts the interview of a conversation and asks its first question.
    pub(super) async fn start_interview(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
        conversation_id: i64,
        questions: &[String],
    ) -> Result<Vec<Action>, StoreError> {
        self.store
            .start_interview(conversation_id, Some(ev.sid.as_str()), phone, questions)
            .await?;
        let intro = vec![self.say(lang, "danger-intro", &[])];
        Ok(self.ask_danger(lang, &questions[0], 1, intro))
    }

    fn ask_danger(
        &self,
        lang: &Language,
        question: &str,
        attempt: u32,
        mut prompts: Vec<Prompt>,
    ) -> Vec<Action> {
        prompts.push(self.say(lang, &format!("danger-q-{question}"), &[]));
        prompts.push(self.say(lang, "danger-keys", &[]));
        vec![
            Action::Ask {
                prompts,
                digits: 1,
                next: Next::again(Route::Danger, attempt),
            },
            Action::Redirect(Next::again(Route::Danger, attempt + 1)),
        ]
    }

    /// A key press (or the silence after a question).
    pub(super) async fn danger_answer(
        &self,
        ev: &CallEvent,
        lang: &Language,
    ) -> Result<Vec<Action>, StoreError> {
        let interview = self.store.call_interview(ev.sid.as_str()).await?;
        let Some((interview, question)) = interview
            .as_ref()
            .and_then(|i| i.current().map(|q| (i, q.to_owned())))
        else {
            return Ok(self.main_menu(lang, 1, vec![]));
        };
        let answer = match ev.digits() {
            Some("1") => Answer::Yes,
            Some("2") => Answer::No,
            Some(_) if ev.attempt < MAX_ATTEMPTS => {
                let again = vec![self.say(lang, "danger-invalid", &[])];
                return Ok(self.ask_danger(lang, &question, ev.attempt + 1, again));
            }
            None if ev.attempt <= ASKS => {
                let again = vec![self.say(lang, "no-input", &[])];
                return Ok(self.ask_danger(lang, &question, ev.attempt, again));
            }
            _ => Answer::Unanswered,
        };
        let mut answered = interview.clone();
        answered.answers.push(answer);
        let last = answered.answers.len() >= answered.questions.len();
        // Before the last answer only a yes can change the level; the last needs it anyway.
        let reassessed = if answer == Answer::Yes || last {
            Some(
                self.reassess(interview.conversation_id, &answered.yes())
                    .await?,
            )
        } else {
            None
        };
        let emergency = reassessed
            .as_ref()
            .is_some_and(|(_, a)| a.urgency == Urgency::Emergency);
        if !self
            .store
            .answer_interview(interview, answer, emergency)
            .await?
        {
            // Another node took this answer first; its turn stands.
            return Ok(vec![Action::Redirect(Next::to(Route::Menu))]);
        }
        self.store
            .add_conversation_message(
                interview.conversation_id,
                "interview",
                &format!("{question}: {}", answer.as_str()),
            )
            .await?;
        let Some((text, mut a)) = reassessed.filter(|_| emergency || last) else {
            let next = &answered.questions[answered.answers.len()];
            return Ok(self.ask_danger(lang, next, 1, vec![]));
        };
        if answered.any_unanswered() && a.urgency < Urgency::High {
            a.urgency = Urgency::High;
            a.connect_doctor = true;
            a.reason = format!("high: a danger-sign question went unanswered; {}", a.reason);
        }
        self.finish_interview(lang, &answered, &text, &a).await
    }

    /// What the caller said, triaged again with the questions answered yes.
    async fn reassess(
        &self,
        conversation_id: i64,
        yes: &[&str],
    ) -> Result<(String, Assessment), StoreError> {
        let (text, patient) = self
            .store
            .conversation_symptoms(conversation_id)
            .await?
            .unwrap_or_default();
        let (age, pregnant) = self.store.patient_context(patient).await?;
        let context = PatientContext::from_record(age, pregnant);
        let a = self
            .triage
            .assess_async_answered(&text, &context, yes)
            .await;
        Ok((text, a))
    }

    async fn finish_interview(
        &self,
        lang: &Language,
        interview: &Interview,
        text: &str,
        a: &Assessment,
    ) -> Result<Vec<Action>, StoreError> {
        let id = interview.conversation_id;
        self.store
            .set_conversation_triage(id, a.urgency.as_str(), &a.red_flags)
            .await?;
        let (actions, reply, source) = if a.urgency == Urgency::Emergency {
            self.emergency_turn(lang, a)
        } else {
            self.guidance_turn(lang, text, a).await
        };
        let note = format!("{}; {}; by {source}", a.urgency, a.reason);
        self.store
            .add_conversation_message(id, "triage", &note)
            .await?;
        self.store
            .add_conversation_message(id, "assistant", &reply)
            .await?;
        Ok(actions)
    }
}
