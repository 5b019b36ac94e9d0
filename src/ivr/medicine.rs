//! The call's medicine steps: name a medicine, key a pincode if we have none, hear the
//! nearest pharmacy that has it, and get the list by SMS to order from.

use super::{Action, CallEvent, Ivr, Next, Route, MAX_ATTEMPTS};
use crate::domain::PhoneNumber;
use crate::languages::Language;
use crate::pharmacy::{kilometres, pincode_of, rupees, Pharmacy, Search};
use crate::store::{Outgoing, StoreError};

impl Ivr<'_> {
    fn pharmacy(&self) -> Pharmacy<'_> {
        Pharmacy {
            store: self.store,
            catalog: self.catalog,
        }
    }

    /// Menu 3: asks for the medicine's name, once we know who the call is for.
    pub(super) async fn ask_medicine(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
        attempt: u32,
    ) -> Result<Vec<Action>, StoreError> {
        if self.patient_for_call(ev, phone).await?.is_none() {
            return self.who_menu(phone, lang, 1).await;
        }
        Ok(self.listen_for_medicine(lang, attempt, vec![]))
    }

    fn listen_for_medicine(
        &self,
        lang: &Language,
        attempt: u32,
        prompts: Vec<super::Prompt>,
    ) -> Vec<Action> {
        let give_up = ("medicine-info", "medicine");
        self.listen(
            lang,
            "medicine-ask",
            Route::Medicine,
            give_up,
            attempt,
            prompts,
        )
    }

    /// The caller named a medicine: search near their pincode, or ask for one.
    pub(super) async fn medicine_named(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
    ) -> Result<Vec<Action>, StoreError> {
        let name = ev
            .speech()
            .map(|s| s.trim().trim_end_matches(['.', '?', '!', '।']).trim())
            .filter(|s| !s.is_empty());
        let Some(name) = name else {
            let not_heard = vec![self.say(lang, "triage-not-heard", &[])];
            return Ok(self.listen_for_medicine(lang, ev.attempt, not_heard));
        };
        let Some(patient) = self.patient_for_call(ev, phone).await? else {
            return self.who_menu(phone, lang, 1).await;
        };
        let pincode = self
            .store
            .patients(phone)
            .await?
            .into_iter()
            .find(|p| p.id == patient)
            .and_then(|p| p.pincode);
        match pincode {
            Some(pincode) => self.read_search(ev, phone, name, &pincode, lang).await,
            None => Ok(self.ask_pincode(name, lang, 1, vec![])),
        }
    }

    fn ask_pincode(
        &self,
        medicine: &str,
        lang: &Language,
        attempt: u32,
        mut prompts: Vec<super::Prompt>,
    ) -> Vec<Action> {
        if attempt > MAX_ATTEMPTS {
            return self.goodbye(lang);
        }
        prompts.push(self.say(lang, "medicine-pincode", &[]));
        vec![
            Action::Ask {
                prompts,
                digits: 6,
                next: Next {
                    medicine: Some(medicine.to_owned()),
                    ..Next::again(Route::MedicinePincode, attempt)
                },
            },
            Action::Redirect(Next::to(Route::Menu)),
        ]
    }

    /// The caller keyed a pincode: remember it as the patient's, then search.
    pub(super) async fn medicine_pincode(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        lang: &Language,
    ) -> Result<Vec<Action>, StoreError> {
        let medicine = ev.medicine.clone().unwrap_or_default();
        let pincode = ev.digits().and_then(pincode_of);
        let (Some(pincode), false) = (pincode, medicine.is_empty()) else {
            let invalid = vec![self.say(lang, "invalid-choice", &[])];
            return Ok(self.ask_pincode(&medicine, lang, ev.attempt + 1, invalid));
        };
        if let Some(patient) = self.patient_for_call(ev, phone).await? {
            self.store
                .set_patient_details(patient, None, None, Some(&pincode))
                .await?;
        }
        self.read_search(ev, phone, &medicine, &pincode, lang).await
    }

    /// Reads the nearest pharmacy with the medicine, and texts the list (for `ORDER`).
    async fn read_search(
        &self,
        ev: &CallEvent,
        phone: &PhoneNumber,
        medicine: &str,
        pincode: &str,
        lang: &Language,
    ) -> Result<Vec<Action>, StoreError> {
        let pharmacy = self.pharmacy();
        let found = pharmacy.search(medicine, pincode).await?;
        let mut actions = vec![];
        match &found {
            Search::UnknownPincode => actions.push(Action::Say(self.say(
                lang,
                "medicine-unknown-pincode",
                &[("pincode", crate::text::spoken_digits(pincode).into())],
            ))),
            Search::NoneNearby => actions.push(Action::Say(self.say(
                lang,
                "medicine-none",
                &[("medicine", medicine.into())],
            ))),
            Search::Found { offers, .. } => {
                let nearest = &offers[0];
                actions.push(Action::Say(self.say(
                    lang,
                    "medicine-found",
                    &[
                        ("pharmacy", nearest.pharmacy.as_str().into()),
                        ("distance", kilometres(nearest.distance_m).into()),
                        ("medicine", nearest.medicine.as_str().into()),
                        ("price", rupees(nearest.price_paise).into()),
                        ("phone", crate::text::spoken_digits(&nearest.phone).into()),
                    ],
                )));
                let text = pharmacy
                    .results_sms(phone, &found, medicine, pincode, lang)
                    .await?;
                let key = format!(
                    "call:{}:medicine:{}",
                    ev.sid.as_str(),
                    medicine.to_lowercase()
                );
                self.store
                    .enqueue_outbox(Outgoing::Sms, phone, &text, &key)
                    .await?;
                actions.push(Action::Say(self.say(
                    lang,
                    "medicine-sms-sent",
                    &[("count", (offers.len() as i64).into())],
                )));
            }
        }
        actions.push(Action::Redirect(Next::again(Route::Menu, 1)));
        Ok(actions)
    }
}
