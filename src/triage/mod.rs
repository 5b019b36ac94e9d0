//! Triage: how urgent is what a caller said or texted, and what should they do.
//!
//! Words become clinical concepts (`lexicon`, each language's words in `languages/<code>/`;
//! with the `embeddings` feature, clauses the words did not explain are matched to the nearest
//! concept too); protocol rules over those concepts decide the level (`protocols`, the rules
//! in `languages/protocols/`, each with its public source); an LLM may then phrase guidance
//! and may raise the urgency, never lower it (`guide`). Under-triage is the worst error this
//! module can make: `low` only when self-care rules account for everything found, and
//! anything unrecognised is `medium`. This module must not know about HTTP or storage.

#[cfg(feature = "embedded-llm")]
pub mod embedded;
#[cfg(feature = "embeddings")]
pub mod embeddings;
pub mod eval;
pub mod guide;
pub mod lexicon;
pub mod protocols;

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use lexicon::{ConceptHit, Kind, Lexicon, LexiconError};
pub use protocols::{Fired, Protocols, Question};

/// Texts longer than this are read only this far (the cost of matching is linear).
pub const MAX_ANALYSED_CHARS: usize = 65_536;
/// What a caller is asked to keep within.
pub const MAX_INPUT_CHARS: usize = 2_000;
/// Danger-sign questions asked before the universal one.
pub const MAX_QUESTIONS: usize = 3;

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

    fn populations(&self) -> impl Iterator<Item = &'static str> {
        let age = self.age;
        [
            age.is_some_and(|a| a < 12).then_some("child"),
            age.is_some_and(|a| a >= 60).then_some("elderly"),
            self.pregnant.then_some("pregnant"),
        ]
        .into_iter()
        .flatten()
    }
}

/// Triage's answer.
#[derive(Clone, Debug, Serialize)]
pub struct Assessment {
    pub urgency: Urgency,
    /// Red-flag categories found (for emergencies: why).
    pub red_flags: Vec<String>,
    /// Connect a doctor now rather than only advise.
    pub connect_doctor: bool,
    /// One line for doctors and logs: what decided the urgency.
    pub reason: String,
    /// Too little to go on (empty, symbols, a word or two that mean nothing to us).
    pub unclear: bool,
    /// The rule that decided, with its source (none when nothing fired).
    pub decided_by: Option<Fired>,
    /// Every rule that fired.
    pub rules: Vec<Fired>,
    /// Every concept found, negated ones included (marked).
    pub concepts: Vec<ConceptHit>,
    /// Who the patient is, from the words and the record.
    pub populations: Vec<String>,
}

/// The rules engine, with the embedding ranker when it is built in and loaded.
pub struct Triage {
    lexicon: Lexicon,
    protocols: Protocols,
    #[cfg(feature = "embeddings")]
    ranker: Option<Ranker>,
}

#[cfg(feature = "embeddings")]
pub use embeddings::Ranker;

impl Triage {
    /// Loads the concept catalogue, every language's words and every protocol.
    pub fn load(languages_dir: &Path) -> Result<Self, LexiconError> {
        let lexicon = Lexicon::load(languages_dir)?;
        let protocols = Protocols::load(languages_dir, &lexicon)?;
        Ok(Self {
            lexicon,
            protocols,
            #[cfg(feature = "embeddings")]
            ranker: None,
        })
    }

    /// Adds the embedding ranker.
    #[cfg(feature = "embeddings")]
    pub fn with_ranker(mut self, ranker: Ranker) -> Self {
        self.ranker = Some(ranker);
        self
    }

    /// Whether paraphrases are ranked by embeddings as well as matched by the lexicons.
    pub fn has_ranker(&self) -> bool {
        #[cfg(feature = "embeddings")]
        return self.ranker.is_some();
        #[cfg(not(feature = "embeddings"))]
        false
    }

    /// Words, then (when loaded) the embedding ranker's concepts, then the rules. Blocks
    /// for the embeddings: async code calls [`Triage::assess_async`].
    pub fn assess_full(&self, text: &str, patient: &PatientContext) -> Assessment {
        self.assess_answered(text, patient, &[])
    }

    /// As [`Triage::assess_full`], with yes-answers to danger-sign questions added.
    pub fn assess_answered(
        &self,
        text: &str,
        patient: &PatientContext,
        answers: &[&str],
    ) -> Assessment {
        let (read, hits) = self.concepts(text);
        let words = self.decide(&read, hits.clone(), patient, answers);
        #[cfg(feature = "embeddings")]
        if let Some((r, clauses)) = self.to_embed(&read, &hits, &words) {
            let found = r.embed_now(clauses);
            return self.with_embedded(
                read,
                hits,
                r.hits_from(&self.lexicon, found),
                patient,
                answers,
            );
        }
        words
    }

    /// As [`Triage::assess_full`], with the embeddings on the ranker's bounded worker and
    /// under a deadline: if they are late, the words' answer stands.
    pub async fn assess_async(&self, text: &str, patient: &PatientContext) -> Assessment {
        self.assess_async_answered(text, patient, &[]).await
    }

    /// As [`Triage::assess_answered`], off the async runtime.
    pub async fn assess_async_answered(
        &self,
        text: &str,
        patient: &PatientContext,
        answers: &[&str],
    ) -> Assessment {
        let (read, hits) = self.concepts(text);
        let words = self.decide(&read, hits.clone(), patient, answers);
        #[cfg(feature = "embeddings")]
        if let Some((r, clauses)) = self.to_embed(&read, &hits, &words) {
            let found = r.embed_clauses(clauses).await;
            metrics::gauge!("doorstep_embedding_jobs_queued").set(r.queued() as f64);
            match found {
                Some(found) => {
                    let extra = r.hits_from(&self.lexicon, found);
                    return self.with_embedded(read, hits, extra, patient, answers);
                }
                None => tracing::warn!("embedding ranker busy or slow; the words' answer stands"),
            }
        }
        words
    }

    /// The ranker and the clauses to embed, when embeddings could add anything: they only
    /// add signs, so once the words say emergency (or explain every clause) they are skipped.
    #[cfg(feature = "embeddings")]
    fn to_embed(
        &self,
        read: &lexicon::Text,
        hits: &[ConceptHit],
        words: &Assessment,
    ) -> Option<(&Ranker, Vec<embeddings::Clause>)> {
        let r = self.ranker.as_ref()?;
        if words.urgency == Urgency::Emergency {
            return None;
        }
        let clauses = r.clauses_to_embed(read, hits);
        (!clauses.is_empty()).then_some((r, clauses))
    }

    /// The assessment with the embeddings' concepts added (the words' one when none came).
    #[cfg(feature = "embeddings")]
    fn with_embedded(
        &self,
        read: lexicon::Text,
        mut hits: Vec<ConceptHit>,
        extra: Vec<ConceptHit>,
        patient: &PatientContext,
        answers: &[&str],
    ) -> Assessment {
        hits.extend(extra);
        self.decide(&read, hits, patient, answers)
    }

    fn concepts(&self, text: &str) -> (lexicon::Text, Vec<ConceptHit>) {
        let analysed: String = text.chars().take(MAX_ANALYSED_CHARS).collect();
        let mut read = self.lexicon.read(&analysed);
        let mut hits = self.lexicon.find(&read);
        let derived = self.lexicon.derive(&read, &hits);
        hits.extend(derived.hits);
        // Ages and durations are not readings: "my 60 year old mother's sugar" is no 60 mg/dL.
        read.numbers
            .retain(|&(c, w, _)| !derived.consumed.contains(&(c, w)));
        (read, hits)
    }

    /// Assesses free text in any of our languages, mixed or romanised (words only).
    pub fn assess(&self, text: &str, patient: &PatientContext) -> Assessment {
        let (read, hits) = self.concepts(text);
        self.decide(&read, hits, patient, &[])
    }

    fn decide(
        &self,
        read: &lexicon::Text,
        mut hits: Vec<ConceptHit>,
        patient: &PatientContext,
        answers: &[&str],
    ) -> Assessment {
        // Each yes-answer is a clause of its own, so a question can assert signs together.
        for (i, q) in answers.iter().enumerate() {
            let clause = read.clauses.len() + i;
            if let Some(q) = self.protocols.question(q) {
                for c in &q.asks {
                    let kind = self.lexicon.concept(c).map_or(Kind::Finding, |k| k.kind);
                    hits.push(ConceptHit::known(c, kind, clause, "answer"));
                }
            }
        }
        let populations = self.populations(&hits, patient);
        let numbers: Vec<(usize, f32)> = read.numbers.iter().map(|&(c, _, n)| (c, n)).collect();
        let facts = protocols::Facts {
            hits: &hits,
            populations: &populations,
            numbers: &numbers,
        };
        let mut rules = self.protocols.fire(&facts);
        rules.sort_by_key(|r| std::cmp::Reverse(r.effective));
        for r in &mut rules {
            if let Some(words) = evidence(read, &r.spans) {
                r.evidence = words;
            }
        }
        let unclear = !read.has_words()
            || (!hits.iter().any(|h| h.active() && h.kind != Kind::Unit) && read.word_count() <= 2);
        let mut urgency = rules.first().map_or(Urgency::Medium, |r| r.effective);
        let unexplained = self.unexplained(&hits, &rules);
        if urgency == Urgency::Low && unexplained.is_some() {
            urgency = Urgency::Medium;
        }
        let mut red_flags: Vec<String> = vec![];
        for r in rules.iter().filter(|r| r.effective >= Urgency::High) {
            if !red_flags.contains(&r.rule.flag) {
                red_flags.push(r.rule.flag.clone());
            }
        }
        let decided_by = rules.first().filter(|r| r.effective == urgency).cloned();
        let mut populations: Vec<String> = populations.into_iter().collect();
        populations.sort();
        Assessment {
            urgency,
            connect_doctor: urgency >= Urgency::High || unclear,
            reason: reason(urgency, &rules, unclear, unexplained.as_deref()),
            red_flags,
            unclear,
            decided_by,
            rules,
            concepts: hits,
            populations,
        }
    }

    fn populations(&self, hits: &[ConceptHit], patient: &PatientContext) -> HashSet<String> {
        let mut out: HashSet<String> = hits
            .iter()
            .filter(|h| h.active() && h.kind == Kind::Population)
            .map(|h| h.concept.clone())
            .chain(patient.populations().map(str::to_owned))
            .collect();
        // Young infants are children too: the child protocols apply to them as well.
        if out.contains("infant") {
            out.insert("child".into());
        }
        out
    }

    /// A complaint no rule accounts for (so "low" would be a guess): its words.
    fn unexplained(&self, hits: &[ConceptHit], rules: &[Fired]) -> Option<String> {
        hits.iter()
            .filter(|h| {
                h.active() && !h.resolved && matches!(h.kind, Kind::Finding | Kind::Exposure)
            })
            .find(|h| {
                !rules
                    .iter()
                    .any(|r| r.concepts.contains(&h.concept) || r.rule.covers.contains(&h.concept))
            })
            .map(|h| {
                if h.evidence.is_empty() {
                    h.concept.clone()
                } else {
                    h.evidence.clone()
                }
            })
    }

    /// The questions to ask after `a`, by id: at most [`MAX_QUESTIONS`], then the universal.
    pub fn interview(&self, a: &Assessment) -> Vec<String> {
        let populations: HashSet<String> = a.populations.iter().cloned().collect();
        let facts = protocols::Facts {
            hits: &a.concepts,
            populations: &populations,
            numbers: &[],
        };
        self.protocols
            .interview(&facts, MAX_QUESTIONS)
            .into_iter()
            .map(|q| q.id.clone())
            .collect()
    }
}

/// The caller's words behind a rule, as said: one stretch per clause ("severe chest pain"),
/// unless the stretch is long; then the words themselves.
fn evidence(read: &lexicon::Text, spans: &[(usize, usize, usize)]) -> Option<String> {
    let mut clauses: Vec<usize> = spans.iter().map(|s| s.0).collect();
    clauses.sort_unstable();
    clauses.dedup();
    let mut parts = vec![];
    for c in clauses {
        let words = read.clauses.get(c)?;
        let here: Vec<&(usize, usize, usize)> = spans.iter().filter(|s| s.0 == c).collect();
        let lo = here.iter().map(|s| s.1).min()?;
        let hi = here.iter().map(|s| s.1 + s.2).max()?.min(words.len());
        if hi - lo <= 6 {
            parts.push(words[lo..hi].join(" "));
        } else {
            parts.extend(
                here.iter()
                    .map(|s| words[s.1..(s.1 + s.2).min(words.len())].join(" ")),
            );
        }
    }
    (!parts.is_empty()).then(|| parts.join(" … "))
}

/// The caller's own words that made this an emergency, to say back to them.
pub fn emergency_evidence(a: &Assessment) -> String {
    a.rules
        .iter()
        .find(|r| r.effective == Urgency::Emergency && !r.evidence.is_empty())
        .map(|r| r.evidence.clone())
        .unwrap_or_default()
}

fn reason(urgency: Urgency, rules: &[Fired], unclear: bool, unexplained: Option<&str>) -> String {
    if unclear {
        return "too little to assess; asked to describe again and offered a doctor".into();
    }
    let deciding: Vec<String> = rules
        .iter()
        .filter(|r| r.effective == urgency)
        .map(|r| {
            let state = if r.resolved {
                ", said to have resolved"
            } else {
                ""
            };
            format!("{} (\"{}\"{state}; {})", r.rule.id, r.evidence, r.rule.sign)
        })
        .collect();
    if deciding.is_empty() {
        return match unexplained {
            Some(w) => format!(
                "medium: \"{w}\" is not covered by a protocol; a doctor should see it within days"
            ),
            None => {
                "no protocol sign or known complaint matched; a doctor should see it within days"
                    .into()
            }
        };
    }
    format!("{}: {}", urgency, deciding.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn triage() -> Triage {
        Triage::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("languages"))
            .expect("concepts and protocols load")
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
    fn negated_red_flags_count_as_absent_and_a_mild_complaint_is_low() {
        assert_eq!(urgency("no chest pain, just a runny nose"), Urgency::Low);
        assert_eq!(
            urgency("seene mein koi dard nahi hai, bas zukaam hai"),
            Urgency::Low
        );
        assert_eq!(urgency("सीने में दर्द नहीं है, बस जुकाम है"), Urgency::Low);
    }

    #[test]
    fn a_past_event_in_the_next_clause_does_not_make_the_complaint_past() {
        assert_eq!(
            urgency("पेट में बहुत तेज़ दर्द है, दो दिन पहले बाहर का खाना खाया था"),
            urgency("पेट में बहुत तेज़ दर्द है")
        );
        assert_eq!(
            urgency("jachcha ko tez bukhar hai, 5 din pehle delivery hui"),
            Urgency::Emergency
        );
    }

    #[test]
    fn alternatives_share_a_negation() {
        // "Dizziness or chest pain, neither": palpitations alone, not with chest pain.
        assert_eq!(
            urgency("heart kabhi kabhi bahut fast dhadakta hai, chakkar ya chest pain nahi hota"),
            Urgency::High
        );
        assert_eq!(urgency("bukhar ya ulti nahi, sirf sardi"), Urgency::Low);
        // Alternatives said, not denied, stay what they are; not knowing which is no denial.
        assert_eq!(
            urgency("seene mein dard ya saans phoolna hai"),
            Urgency::Emergency
        );
        assert_eq!(
            urgency("saanp ya bichhu pata nahi kisne kata"),
            Urgency::Emergency
        );
    }

    #[test]
    fn a_sign_said_to_have_passed_reaches_back_over_a_clause_naming_none() {
        assert_ne!(
            urgency("I fainted for a few seconds at the wedding in the heat yesterday, I'm 30, fine since then"),
            Urgency::Emergency
        );
        assert_eq!(
            urgency("I fainted in the heat, I'm 30, it was terrible"),
            Urgency::Emergency
        );
        // A clause about someone else is no bridge: the pesticide is not what got better.
        assert_eq!(
            urgency("beti ne keetnashak pi liya, bhai bhi saath tha, woh ab theek hai"),
            Urgency::Emergency
        );
    }

    #[test]
    fn spoken_temperatures_are_read_as_one_number() {
        assert_eq!(urgency("ನೂರಾ ಮೂರು ಜ್ವರ, ನಡುಕ ಬರ್ತಿದೆ"), Urgency::High);
        assert_eq!(
            urgency("fever is one hundred three since morning"),
            Urgency::High
        );
        assert_eq!(urgency("bukhar ek sau ek hai"), Urgency::Medium);
        // A unit after them: a count and a duration, as before numbers were joined.
        assert_ne!(urgency("bukhar sau teen din se"), urgency("bukhar 103 hai"));
    }

    #[test]
    fn a_raised_reading_beside_a_food_word_is_not_a_question_about_food() {
        assert_eq!(urgency("sugar 250 after food"), Urgency::Medium);
        assert_eq!(urgency("sugar 350 after lunch today"), Urgency::High);
        assert_eq!(urgency("can a diabetic eat bananas"), Urgency::Low);
    }

    #[test]
    fn a_word_inside_a_longer_complaint_is_not_read_on_its_own() {
        // "blood" in "blood pressure" is no bleeding, its "pressure" no chest pressure.
        assert!(urgency("diabetes and high blood pressure") < Urgency::Emergency);
        assert!(urgency("I have high blood pressure") < Urgency::Emergency);
        assert_eq!(urgency("heavy bleeding after delivery"), Urgency::Emergency);
        assert_eq!(
            urgency("crushing pressure in the chest"),
            Urgency::Emergency
        );
    }

    #[test]
    fn a_negation_does_not_reach_past_the_next_complaint() {
        // "nahi" negates the breathing, not the chest pain before it.
        assert_eq!(
            urgency("seene mein dard hai saans nahi aa rahi"),
            Urgency::Emergency
        );
    }

    #[test]
    fn words_that_carry_their_own_negation_still_count() {
        assert_eq!(urgency("the baby is not feeding"), Urgency::Emergency);
        assert_eq!(urgency("वह होश में नहीं है"), Urgency::Emergency);
        assert_eq!(
            urgency("sir se khoon aa raha hai aur ruk nahi raha"),
            Urgency::Emergency
        );
    }

    #[test]
    fn a_resolved_emergency_still_needs_review_but_a_stopped_bleed_from_a_cut_does_not() {
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
    fn burns_are_graded_by_size_and_site() {
        assert_eq!(
            urgency("a small blister on my finger from the stove"),
            Urgency::Low
        );
        assert_eq!(urgency("boiling oil burnt her face"), Urgency::Emergency);
        assert_eq!(urgency("acid burn on his arm"), Urgency::Emergency);
    }

    #[test]
    fn rabies_exposure_is_graded_by_site() {
        assert_eq!(urgency("a street dog bit my leg"), Urgency::High);
        assert_eq!(urgency("a dog bit my son on the face"), Urgency::Emergency);
    }

    #[test]
    fn ages_in_numbers_make_a_population() {
        assert_eq!(urgency("my 20 days old baby has fever"), Urgency::Emergency);
        assert_eq!(
            urgency("20 din ke bachche ko bukhar hai"),
            Urgency::Emergency
        );
        assert_eq!(urgency("my 4 year old son has fever"), Urgency::High);
    }

    #[test]
    fn signs_that_passed_are_graded_as_their_protocols_say() {
        // A stroke's signs that pass are a TIA: still an emergency; chest pressure with a
        // sweat that has gone is still a possible heart attack.
        assert_eq!(
            urgency("his face went crooked and he could not lift his arm, now it is better"),
            Urgency::Emergency
        );
        assert_eq!(
            urgency("chest pain with sweating this morning, it went away after twenty minutes"),
            Urgency::Emergency
        );
        // A deep cut of the hand whose bleeding stopped under pressure: stitches today.
        assert_eq!(
            urgency(
                "I cut my palm with the sickle, it is deep, bleeding stopped after tying cloth"
            ),
            Urgency::High
        );
        assert_eq!(
            urgency("he was stabbed in the belly, the bleeding has stopped"),
            Urgency::Emergency
        );
        // One sting's own swelling is its local reaction; many stings are an emergency.
        assert_eq!(
            urgency("a bee stung my hand, a little swelling"),
            Urgency::Medium
        );
        assert_eq!(
            urgency("bees stung him many times all over the body"),
            Urgency::Emergency
        );
    }

    #[test]
    fn a_number_after_an_adult_relative_is_their_age_not_a_reading() {
        let populations = |text: &str| {
            triage()
                .assess(text, &PatientContext::default())
                .populations
        };
        assert!(populations("my father is 72, fever since morning").contains(&"elderly".to_owned()));
        assert!(populations("అమ్మకి 70, నిన్నటి నుంచి జ్వరం").contains(&"elderly".to_owned()));
        assert_eq!(
            urgency("my father is 72, fever since morning"),
            Urgency::High
        );
        // In a clause with a finding the number stays a reading; a child's age needs its unit.
        assert!(populations("maa ko 103 bukhar hai").is_empty());
        assert!(populations("my father is 8 and has a cough").is_empty());
        // The relative is a plain word inside another term's words: still a time in the past.
        assert_eq!(
            urgency("ಹೋದ ವಾರ ಅಪ್ಪ ಒಂದ್ಸಲ ತಲೆ ತಿರುಗಿ ಬಿದ್ರು, ಆಮೇಲಿಂದ ಸರಿ ಇದ್ದಾರೆ"),
            Urgency::Medium
        );
        // The age alone between commas, just after the relative.
        assert!(populations("my father, 65, fainted in the field").contains(&"elderly".to_owned()));
        assert!(populations("sugar, 65, I am shaking").is_empty());
    }

    #[test]
    fn where_a_denied_complaint_is_is_denied_with_it() {
        // Fever and body aches, "no vomiting, no belly pain": the belly is not where it hurts.
        let text = "రెండు రోజులుగా జ్వరం, ఒళ్ళు నొప్పులు. వాంతులు లేవు, కడుపు నొప్పి లేదు";
        assert_eq!(urgency(text), Urgency::Medium);
        let a = triage().assess_full(
            "seene mein dard nahi, pet mein dard hai",
            &PatientContext::default(),
        );
        let site = |name: &str| a.concepts.iter().find(|c| c.concept == name).unwrap();
        assert!(site("site_chest").negated && !site("site_abdomen").negated);
    }

    #[test]
    fn the_rules_of_the_sixteenth_batch_read_as_their_protocols() {
        assert_eq!(
            urgency("there is an insect in his ear, he is crying"),
            Urgency::High
        );
        assert_eq!(
            urgency("the wound on his leg has pus and he has fever"),
            Urgency::High
        );
        assert_eq!(
            urgency("something bit him in the dark, now his eyelids are drooping"),
            Urgency::Emergency
        );
    }

    #[test]
    fn the_rules_of_the_seventeenth_batch_read_as_their_protocols() {
        let cases = [
            // A button battery burns through within hours, symptoms or not.
            (
                "my son swallowed the round battery from the remote, he is playing fine",
                Urgency::Emergency,
            ),
            (
                "my daughter swallowed a coin, she is breathing fine",
                Urgency::High,
            ),
            (
                "papa ko achanak ek aankh se dikhna band ho gaya",
                Urgency::Emergency,
            ),
            (
                "my eye is red and I cannot bear light since the welding",
                Urgency::High,
            ),
            (
                "he stopped drinking alcohol three days ago, now he is shaking and seeing things",
                Urgency::Emergency,
            ),
            (
                "he cut his chin on the stone, the wound is gaping, the bleeding has stopped",
                Urgency::High,
            ),
            (
                "the baby is ten days old and a little pus comes from the cord",
                Urgency::High,
            ),
            (
                "my tooth hurt and now my cheek is swollen and I have fever",
                Urgency::High,
            ),
            // Water seeping from an ear is not the waters breaking.
            ("पीला पानी कान से रिस रहा है, दर्द नहीं है", Urgency::Medium),
        ];
        for (text, want) in cases {
            assert_eq!(urgency(text), want, "{text}");
        }
    }

    #[test]
    fn a_list_denied_through_an_any_word_is_denied_whole() {
        let denied = |text: &str, concepts: &[&str]| {
            let a = triage().assess_full(text, &PatientContext::default());
            for c in concepts {
                assert!(
                    a.concepts
                        .iter()
                        .filter(|h| h.concept == *c)
                        .all(|h| h.negated)
                        && a.concepts.iter().any(|h| h.concept == *c),
                    "{text}: {c} in {:?}",
                    a.concepts
                );
            }
        };
        // "Vomiting or sweating, nothing happened": neither.
        denied("বমি বা ঘাম কিছু হয়নি", &["vomiting", "sweating"]);
        // "Fever or swelling, nothing": neither.
        denied("તાવ કે સોજો કંઈ નથી", &["fever", "swelling"]);
        // A sign said before the list stands: "chest pain, no fever at all".
        for text in [
            "நெஞ்சு வலி, காய்ச்சல் எதுவும் இல்ல",
            "நெஞ்சு வலி காய்ச்சல் எதுவும் இல்ல",
            "ఛాతీ నొప్పి, జ్వరం ఏమీ లేదు",
        ] {
            assert_eq!(urgency(text), Urgency::Emergency, "{text}");
        }
        // A cue that belongs to a sign of its own ("nothing stays down") denies nothing.
        let a = triage().assess_full("तेज बुखार उल्टी कुछ नहीं टिक रहा", &PatientContext::default());
        assert!(
            a.concepts
                .iter()
                .any(|h| h.concept == "fever" && !h.negated),
            "{:?}",
            a.concepts
        );
        // An "any" word with no negation after it denies nothing.
        assert_eq!(urgency("bukhar hai, kuch nahi kha raha"), Urgency::Medium);
    }

    #[test]
    fn months_of_a_pregnancy_are_no_duration() {
        let a = triage().assess_full(
            "my wife is four months pregnant and vomiting for two days",
            &PatientContext::default(),
        );
        assert!(
            !a.concepts.iter().any(|c| c.concept == "over_week"),
            "{:?}",
            a.concepts
        );
    }

    #[test]
    fn alternatives_glued_on_as_endings_share_their_negation() {
        // "For a month my left shoulder hurts; no chest pain or panting."
        let text = "ഒരു മാസമായി ഇടത്തെ തോളിന് വേദന, നെഞ്ചുവേദനയോ കിതപ്പോ ഇല്ല";
        assert!(urgency(text) < Urgency::Emergency);
        let a = triage().assess_full(text, &PatientContext::default());
        assert!(
            a.concepts
                .iter()
                .filter(|c| c.evidence.starts_with("നെഞ്ചുവേദന"))
                .all(|c| c.negated),
            "{:?}",
            a.concepts
        );
        // Without the ending each stands as said: chest pain, and no panting.
        assert_eq!(
            urgency("നെഞ്ചുവേദന ഉണ്ട്, കിതപ്പ് ഇല്ല, വിയർക്കുന്നു"),
            Urgency::Emergency
        );
    }

    #[test]
    fn readings_are_graded_by_their_numbers() {
        assert_eq!(urgency("my sugar is 450"), Urgency::Emergency);
        assert_eq!(urgency("sugar 55 and I am shaking"), Urgency::Emergency);
        assert_eq!(urgency("fever 104 since morning"), Urgency::High);
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
    fn a_decision_names_its_rule_and_source() {
        let a = triage().assess("a cobra bit my father", &PatientContext::default());
        let rule = a.decided_by.expect("a rule decided");
        assert_eq!(rule.rule.id, "tox.snake");
        assert!(
            rule.rule.source.contains("Snakebite"),
            "{}",
            rule.rule.source
        );
        assert!(a.concepts.iter().any(|c| c.concept == "snake_bite"));
    }

    #[test]
    fn the_interview_asks_a_child_s_danger_signs_then_the_universal_question() {
        let t = triage();
        let a = t.assess(
            "my daughter has fever and cough",
            &PatientContext::default(),
        );
        let questions = t.interview(&a);
        assert!(questions.len() <= MAX_QUESTIONS + 1);
        assert_eq!(questions.last().map(String::as_str), Some("universal"));
        assert_eq!(questions[0], "child_drink");
        let yes = t.assess_answered(
            "my daughter has fever and cough",
            &PatientContext::default(),
            &["child_drink"],
        );
        assert_eq!(yes.urgency, Urgency::Emergency);
        let universal =
            t.assess_answered("my knee hurts", &PatientContext::default(), &["universal"]);
        assert_eq!(universal.urgency, Urgency::Emergency);
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
