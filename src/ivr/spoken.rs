//! What a caller's own words answer at a keypad question, for a conversation over a media
//! stream: the engine's menus by intent ("doctor se baat karni hai" is the main menu's 2), its
//! yes/no questions by a spoken yes or no (the per-language `yes`/`no` lists), and the main
//! menu's problem in the caller's words. Keys still work everywhere; words that mean nothing
//! here leave the question to its keys.

use super::{Ivr, Next, Route};
use crate::languages::{content_words, Catalog, Keyword, Language};
use crate::triage::{PatientContext, Triage};

/// What the caller's words stand for at a question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Spoken {
    /// The key the words stand for.
    Key(&'static str),
    /// The words describe the problem: the main menu's 1, and they are its first turn.
    Problem,
}

impl Ivr<'_> {
    /// What `text`, said at the question that posts to `next`, answers; `None` when the
    /// words mean nothing there.
    pub fn spoken(&self, next: &Next, lang: &Language, text: &str) -> Option<Spoken> {
        spoken(self.catalog, self.triage, next.route, lang, text)
    }
}

fn spoken(
    catalog: &Catalog,
    triage: &Triage,
    route: Route,
    lang: &Language,
    text: &str,
) -> Option<Spoken> {
    match route {
        Route::Choice if !only_acknowledges(catalog, lang, text) => {
            spoken_choice(catalog, triage, text)
        }
        Route::Danger
        | Route::ReadingSymptoms
        | Route::Callback
        | Route::RemindOffer
        | Route::DoseAnswer => yes_or_no(catalog, lang, text).map(Spoken::Key),
        _ => None,
    }
}

/// At the main menu: a problem (anything triage recognises, an emergency above all) is menu
/// 1 with its words; otherwise asking for a doctor, a medicine or the record is that menu's
/// key; anything else that says something is taken as the problem, told in the caller's
/// words (a word or two that mean nothing here choose nothing).
fn spoken_choice(catalog: &Catalog, triage: &Triage, text: &str) -> Option<Spoken> {
    let assessment = triage.assess(text, &PatientContext::default());
    if !assessment.unclear && !assessment.concepts.is_empty() {
        return Some(Spoken::Problem);
    }
    let asked =
        text.split_whitespace()
            .find_map(|word| match catalog.keyword(word).map(|(k, _)| k) {
                Some(Keyword::Doctor) => Some("2"),
                Some(Keyword::Med | Keyword::Order) => Some("3"),
                Some(Keyword::Profile | Keyword::Readings) => Some("5"),
                _ => None,
            });
    match asked {
        Some(key) => Some(Spoken::Key(key)),
        None => (!assessment.unclear).then_some(Spoken::Problem),
    }
}

/// Whether the words are only acknowledgements ("hmm", "theek hai"), which choose nothing (at
/// a yes/no question "haan" is a yes, read before this).
fn only_acknowledges(catalog: &Catalog, lang: &Language, text: &str) -> bool {
    let acknowledgements = catalog
        .get(lang.code())
        .map(|l| l.acknowledgements.as_slice())
        .unwrap_or_default();
    content_words(text, acknowledgements) == 0
}

/// The key a spoken yes (1) or no (2) stands for, in the call's language: only when every
/// word is a yes, a no or an acknowledgement ("haan ji", "nahi nahi"). Danger questions are
/// often asked in the negative ("is the child unable to drink?"), so a sentence with a
/// negation in it ("he is not waking up") may mean yes: it answers nothing, and the key is
/// waited for.
fn yes_or_no(catalog: &Catalog, lang: &Language, text: &str) -> Option<&'static str> {
    let info = catalog.get(lang.code())?;
    let said = text.to_lowercase();
    let words: Vec<&str> = said.split_whitespace().collect();
    let is = |list: &[String], w: &str| list.iter().any(|x| x == w);
    let (mut yes, mut no) = (false, false);
    for w in &words {
        let y = is(&info.yes, w);
        let n = is(&info.no, w);
        if !y && !n && !is(&info.acknowledgements, w) {
            return None;
        }
        yes |= y && !n;
        no |= n;
    }
    match (yes, no) {
        (true, false) => Some("1"),
        (false, true) => Some("2"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn engine() -> (Catalog, Triage) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("languages");
        (Catalog::load(&dir).unwrap(), Triage::load(&dir).unwrap())
    }

    fn at(route: Route, lang: &str, text: &str) -> Option<Spoken> {
        let (catalog, triage) = engine();
        let lang = catalog.get(lang).unwrap().language.clone();
        spoken(&catalog, &triage, route, &lang, text)
    }

    #[test]
    fn the_main_menu_takes_a_request_or_the_problem_in_the_callers_words() {
        assert_eq!(
            at(Route::Choice, "hi", "mujhe doctor se baat karni hai"),
            Some(Spoken::Key("2"))
        );
        assert_eq!(
            at(Route::Choice, "hi", "दवाई मंगानी है"),
            Some(Spoken::Key("3"))
        );
        assert_eq!(
            at(Route::Choice, "hi", "बच्चे को तेज़ बुखार है"),
            Some(Spoken::Problem)
        );
        // A danger sign is the problem, even when a doctor is asked for.
        assert_eq!(
            at(Route::Choice, "hi", "saans nahi aa rahi doctor bulao"),
            Some(Spoken::Problem)
        );
        assert_eq!(at(Route::Choice, "hi", "hmm"), None);
        assert_eq!(at(Route::Choice, "en", "no"), None);
        assert_eq!(at(Route::Choice, "hi", "  "), None);
    }

    #[test]
    fn a_yes_no_question_takes_a_spoken_yes_or_no_and_nothing_else_does() {
        assert_eq!(at(Route::Danger, "hi", "हाँ"), Some(Spoken::Key("1")));
        assert_eq!(at(Route::Danger, "hi", "haan ji"), Some(Spoken::Key("1")));
        assert_eq!(at(Route::Danger, "hi", "नहीं"), Some(Spoken::Key("2")));
        assert_eq!(at(Route::Danger, "hi", "haan nahi pata"), None);
        // A negation inside a sentence may be the danger sign itself: no answer.
        assert_eq!(at(Route::Danger, "hi", "बच्चा कुछ पी नहीं पा रहा"), None);
        assert_eq!(at(Route::Danger, "en", "he is not waking up"), None);
        assert_eq!(at(Route::Callback, "en", "yes yes"), Some(Spoken::Key("1")));
        assert_eq!(at(Route::Callback, "en", "no"), Some(Spoken::Key("2")));
        assert_eq!(at(Route::Rating, "hi", "haan"), None);
    }
}
