//! What a call hears while storage is slow or down: the steps that need no database still
//! work. An emergency described in words is recognised (triage needs no database) and
//! connected to the emergency number; the language and main menus answer from the keys and
//! the language carried in the (signed) URL; everything else gets the apology, whose 0 is
//! the emergency number. What the caller said is spooled by the edge and stored later.

use super::{Action, CallEvent, Ivr, Route};
use crate::triage::{PatientContext, Urgency};

impl Ivr<'_> {
    /// The answer to `ev` that needs no database, where there is one worth more than the
    /// apology.
    pub fn without_store(&self, ev: &CallEvent) -> Option<Vec<Action>> {
        let lang = ev
            .language_hint
            .clone()
            .unwrap_or_else(|| self.default_language());
        match ev.route {
            Route::Problem | Route::ItemSpoken => {
                let said = ev.speech().map(str::trim).filter(|s| !s.is_empty())?;
                let a = self.triage.assess(said, &PatientContext::default());
                (a.urgency == Urgency::Emergency).then(|| self.emergency_turn(&lang, &a).0)
            }
            Route::Language => {
                let digit = ev.digits()?.parse().ok()?;
                let chosen = self.catalog.by_digit(digit)?;
                let welcome = vec![self.say(&chosen, "welcome", &[])];
                Some(self.main_menu(&chosen, 1, welcome))
            }
            Route::LanguageMenu => Some(self.language_menu(ev.attempt)),
            Route::Menu => Some(self.main_menu(&lang, ev.attempt, vec![])),
            Route::Choice => match ev.digits() {
                Some("0") => Some(self.connect_emergency(&lang)),
                Some("1") => Some(self.listen_for_problem(&lang, 1, vec![])),
                _ => None,
            },
            _ => None,
        }
    }
}
