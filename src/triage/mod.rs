//! Triage: how urgent is what a caller said or texted, and what should they do.
//!
//! Red-flag rules decide first and alone decide `emergency` (`lexicon`, words in
//! `languages/`); an LLM may then phrase guidance and may raise the urgency, never lower it
//! (`guide`). Under-triage is the worst error this module can make, so anything unmatched is
//! `medium` (see a doctor within days), never `low`. This module must not know about HTTP.

#[cfg(feature = "embedded-llm")]
pub mod embedded;
#[cfg(feature = "embeddings")]
pub mod embeddings;
pub mod eval;
pub mod guide;
pub mod lexicon;

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use lexicon::{Hit, Lexicon, LexiconError};

/// Texts longer than this are read only this far (the cost of matching is linear).
pub const MAX_ANALYSED_CHARS: usize = 65_536;
/// What a caller is asked to keep within.
pub const MAX_INPUT_CHARS: usize = 2_000;

/// How soon the patient needs care.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Urgency {
    /// Self-care at home; see a doctor if it gets worse.
    Low,
    /// See a doctor within days.
    Medium,
    /// See a doctor today.
    High,
    /// Ambulance or hospital now.
    Emergency,
}

impl Urgency {
    /// Every level, least urgent first.
    pub const ALL: [Urgency; 4] = [
        Urgency::Low,
        Urgency::Medium,
        Urgency::High,
        Urgency::Emergency,
    ];

    /// The lower-case name used in JSON, storage and message ids.
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Low => "low",
            Urgency::Medium => "medium",
            Urgency::High => "high",
            Urgency::Emergency => "emergency",
        }
    }

    /// Parses a stored or typed level.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|u| u.as_str() == s.trim().to_lowercase())
    }
}

impl fmt::Display for Urgency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What we know of the patient beyond the words.
#[derive(Clone, Debug, Default)]
pub struct PatientContext {
    pub age: Option<u32>,
    pub pregnant: bool,
}

impl PatientContext {
    /// From the stored record: age in years (if known) and pregnancy.
    pub fn from_record(age: Option<i64>, pregnant: bool) -> Self {
        Self {
            age: age.and_then(|a| u32::try_from(a).ok()),
            pregnant,
        }
    }
}

/// Triage's answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Assessment {
    pub urgency: Urgency,
    /// Red-flag categories found (for emergencies: why).
    pub red_flags: Vec<String>,
    /// Every rule that fired, with the words that made it fire.
    #[serde(skip)]
    pub hits: Vec<Hit>,
    /// Connect a doctor now rather than only advise.
    pub connect_doctor: bool,
    /// One line for doctors and logs: what decided the urgency.
    pub reason: String,
    /// Too little to go on (empty, symbols, a word or two that mean nothing to us).
    pub unclear: bool,
}

/// The rules engine, with the embedding ranker when it is built in and loaded.
pub struct Triage {
    lexicon: Lexicon,
    #[cfg(feature = "embeddings")]
    ranker: Option<std::sync::Arc<Ranker>>,
}

/// Sentence embeddings plus the embedded examples they are ranked against.
#[cfg(feature = "embeddings")]
pub struct Ranker {
    embedder: embeddings::Embedder,
    examples: embeddings::Examples,
}

#[cfg(feature = "embeddings")]
impl Ranker {
    /// Loads the model and embeds every example (a second or two at start-up).
    pub fn load(model: &Path, languages_dir: &Path) -> Result<Self, embeddings::EmbedError> {
        let embedder = embeddings::Embedder::load(model)?;
        let examples = embeddings::Examples::load(&embedder, languages_dir)?;
        Ok(Self { embedder, examples })
    }

    /// Number of example sentences.
    pub fn examples(&self) -> usize {
        self.examples.len()
    }

    fn nearest(&self, text: &str) -> Option<embeddings::Nearest> {
        let e = self.embedder.embed(text).ok()?;
        self.examples.nearest(&e)
    }
}

impl Triage {
    /// Loads the rule catalogue and every language's words.
    pub fn load(languages_dir: &Path) -> Result<Self, LexiconError> {
        Ok(Self {
            lexicon: Lexicon::load(languages_dir)?,
            #[cfg(feature = "embeddings")]
            ranker: None,
        })
    }

    /// Adds the embedding ranker.
    #[cfg(feature = "embeddings")]
    pub fn with_ranker(mut self, ranker: Ranker) -> Self {
        self.ranker = Some(std::sync::Arc::new(ranker));
        self
    }

    /// Whether paraphrases are ranked by embeddings as well as matched by the lexicons.
    pub fn has_ranker(&self) -> bool {
        #[cfg(feature = "embeddings")]
        return self.ranker.is_some();
        #[cfg(not(feature = "embeddings"))]
        false
    }

    /// Rules, then (when loaded) the embedding ranker. Blocks for the embedding (~20-40 ms):
    /// async code calls [`Triage::assess_async`].
    pub fn assess_full(&self, text: &str, patient: &PatientContext) -> Assessment {
        #[allow(unused_mut)]
        let mut a = self.assess(text, patient);
        #[cfg(feature = "embeddings")]
        if let Some(r) = &self.ranker {
            if may_raise(&a) {
                if let Some(n) = r.nearest(text) {
                    self.raise(&mut a, &n);
                }
            }
        }
        a
    }

    /// As [`Triage::assess_full`], with the embedding off the async runtime and under a
    /// deadline: if it is late, the rules' answer stands.
    pub async fn assess_async(&self, text: &str, patient: &PatientContext) -> Assessment {
        #[allow(unused_mut)]
        let mut a = self.assess(text, patient);
        #[cfg(feature = "embeddings")]
        if let (Some(r), true) = (&self.ranker, may_raise(&a)) {
            let (r, t) = (r.clone(), text.to_owned());
            let job = tokio::task::spawn_blocking(move || r.nearest(&t));
            match tokio::time::timeout(std::time::Duration::from_millis(300), job).await {
                Ok(Ok(Some(n))) => self.raise(&mut a, &n),
                Ok(_) => {}
                Err(_) => tracing::warn!("embedding ranker too slow; the rules' answer stands"),
            }
        }
        a
    }

    #[cfg(feature = "embeddings")]
    fn raise(&self, a: &mut Assessment, n: &embeddings::Nearest) {
        let Some(meaning) = self.lexicon.meaning(&n.rule) else {
            return;
        };
        if meaning.urgency < Urgency::High {
            return;
        }
        a.urgency = Urgency::High;
        a.connect_doctor = true;
        a.red_flags.push(format!("possible_{}", meaning.flag));
        a.reason = format!(
            "high: close to a {} example (\"{}\", similarity {:.2}, margin {:.2}); rules said: {}",
            meaning.flag, n.example, n.similarity, n.margin, a.reason
        );
    }

    /// Assesses free text in any of our languages, mixed or romanised.
    pub fn assess(&self, text: &str, patient: &PatientContext) -> Assessment {
        let analysed: String = text.chars().take(MAX_ANALYSED_CHARS).collect();
        let read = self.lexicon.read(&analysed);
        let child = patient.age.is_some_and(|a| a < 12) || self.lexicon.mentions_child(&read);
        let pregnant = patient.pregnant || self.lexicon.mentions_pregnancy(&read);
        let hits = self.lexicon.hits(&read, child, pregnant);
        let unclear = !read.has_words() || (hits.is_empty() && read.word_count() <= 2);
        let urgency = hits
            .iter()
            .map(effective_urgency)
            .max()
            .unwrap_or(Urgency::Medium);
        let mut red_flags: Vec<String> = vec![];
        for h in hits
            .iter()
            .filter(|h| !h.resolved && effective_urgency(h) >= Urgency::High)
        {
            if !red_flags.contains(&h.meaning.flag) {
                red_flags.push(h.meaning.flag.clone());
            }
        }
        Assessment {
            urgency,
            connect_doctor: urgency >= Urgency::High || unclear,
            reason: reason(urgency, &hits, unclear),
            red_flags,
            hits,
            unclear,
        }
    }
}

/// The ranker only ever raises, and only below `high` on a text we could read.
#[cfg(feature = "embeddings")]
fn may_raise(a: &Assessment) -> bool {
    a.urgency < Urgency::High && !a.unclear
}

/// The caller's own words that made this an emergency, to say back to them.
pub fn emergency_evidence(a: &Assessment) -> String {
    a.hits
        .iter()
        .find(|h| !h.resolved && h.meaning.urgency == Urgency::Emergency)
        .map(|h| h.evidence.clone())
        .unwrap_or_default()
}

/// A resolved emergency ("the chest pain is gone") still needs a prompt review; a resolved
/// lesser problem no longer counts.
fn effective_urgency(hit: &Hit) -> Urgency {
    match (hit.resolved, hit.meaning.urgency) {
        (false, u) => u,
        (true, Urgency::Emergency) => Urgency::Medium,
        (true, _) => Urgency::Low,
    }
}

fn reason(urgency: Urgency, hits: &[Hit], unclear: bool) -> String {
    if unclear {
        return "too little to assess; asked to describe again and offered a doctor".into();
    }
    let deciding: Vec<String> = hits
        .iter()
        .filter(|h| effective_urgency(h) == urgency)
        .map(|h| {
            let state = if h.resolved {
                ", said to have resolved"
            } else {
                ""
            };
            format!("{} (\"{}\"{state})", h.meaning.flag, h.evidence)
        })
        .collect();
    if deciding.is_empty() {
        return "no red flag or known complaint matched; a doctor should see it within days".into();
    }
    format!("{}: {}", urgency, deciding.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn triage() -> Triage {
        Triage::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("languages"))
            .expect("lexicons load")
    }

    fn urgency(text: &str) -> Urgency {
        triage().assess(text, &PatientContext::default()).urgency
    }

    #[test]
    fn red_flags_in_any_language_are_emergencies() {
        assert_eq!(
            urgency("My father suddenly cannot move his right arm"),
            Urgency::Emergency
        );
        assert_eq!(
            urgency("mere pati ke seene mein bahut tez dard ho raha hai"),
            Urgency::Emergency
        );
        assert_eq!(urgency("बच्चे को झटके आ रहे हैं"), Urgency::Emergency);
        assert_eq!(urgency("বুকে খুব ব্যথা হচ্ছে"), Urgency::Emergency);
        assert_eq!(urgency("పాము కాటు వేసింది"), Urgency::Emergency);
    }

    #[test]
    fn negated_red_flags_do_not_count() {
        assert_eq!(urgency("no chest pain, just a runny nose"), Urgency::Low);
        assert_eq!(
            urgency("seene mein koi dard nahi hai, bas zukaam hai"),
            Urgency::Low
        );
        assert_eq!(urgency("सीने में दर्द नहीं है, बस जुकाम है"), Urgency::Low);
    }

    #[test]
    fn words_that_carry_their_own_negation_still_count() {
        // "not feeding", "होश में नहीं" (not conscious), "ruk nahi raha" (won't stop).
        assert_eq!(urgency("the baby is not feeding"), Urgency::Emergency);
        assert_eq!(urgency("वह होश में नहीं है"), Urgency::Emergency);
        assert_eq!(
            urgency("sir se khoon aa raha hai aur ruk nahi raha"),
            Urgency::Emergency
        );
    }

    #[test]
    fn a_resolved_emergency_still_needs_review_but_a_resolved_bleed_from_a_cut_does_not() {
        assert_eq!(
            urgency("my chest pain from last week is gone but I want a check-up"),
            Urgency::Medium
        );
        assert_eq!(
            urgency("small cut on my finger, the bleeding has stopped"),
            Urgency::Low
        );
    }

    #[test]
    fn the_patient_record_can_make_a_symptom_a_danger_sign() {
        let t = triage();
        let pregnant = PatientContext {
            pregnant: true,
            ..Default::default()
        };
        assert_eq!(
            t.assess("I have some bleeding", &pregnant).urgency,
            Urgency::Emergency
        );
        let toddler = PatientContext {
            age: Some(2),
            ..Default::default()
        };
        assert_eq!(
            t.assess("fever since yesterday", &toddler).urgency,
            Urgency::High
        );
        assert_eq!(
            t.assess("fever since yesterday", &PatientContext::default())
                .urgency,
            Urgency::Medium
        );
    }

    #[test]
    fn nothing_recognised_is_medium_never_low() {
        let a = triage().assess(
            "my elbow feels strange when I lift buckets",
            &PatientContext::default(),
        );
        assert_eq!(a.urgency, Urgency::Medium);
        assert!(!a.unclear);
    }

    #[test]
    fn bad_input_is_unclear_and_offers_a_doctor() {
        let t = triage();
        for text in ["", "   ", "🙂🙂🙂", "???", "hmm"] {
            let a = t.assess(text, &PatientContext::default());
            assert!(a.unclear, "{text:?}");
            assert!(a.connect_doctor);
            assert_eq!(a.urgency, Urgency::Medium);
        }
        let long = format!("{} snake bite", "blah ".repeat(3000));
        assert_eq!(
            t.assess(&long, &PatientContext::default()).urgency,
            Urgency::Emergency
        );
    }
}
