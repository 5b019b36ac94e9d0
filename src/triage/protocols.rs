//! Clinical protocols as data: `languages/protocols/*.toml`, each file one public protocol
//! (WHO IMCI, ETAT, pregnancy danger signs, FAST…) with its source, its rules over concepts
//! and the danger-sign questions it asks.
//!
//! A rule reads like the protocol: concept groups that must all be present (each group any
//! of its concepts), in one clause or anywhere, for whom (infant, child, pregnant,
//! postpartum, elderly), unless some concept is present, optionally with a number in range.
//! This module decides which rules fire; it knows no words of any language.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::lexicon::{read_toml, ConceptHit, Kind, Lexicon, LexiconError};
use super::Urgency;

/// One protocol file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProtocolFile {
    protocol: ProtocolInfo,
    #[serde(default)]
    rule: Vec<RuleSpec>,
    #[serde(default)]
    question: Vec<QuestionSpec>,
}

#[derive(Debug, Deserialize)]
struct ProtocolInfo {
    name: String,
    source: String,
}

/// A concept, or any one of several.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Group {
    One(String),
    Any(Vec<String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    id: String,
    flag: String,
    urgency: Urgency,
    #[serde(default)]
    sign: String,
    #[serde(default)]
    source: Option<String>,
    all: Vec<Group>,
    #[serde(default)]
    who: Vec<String>,
    #[serde(default)]
    not_who: Vec<String>,
    #[serde(default)]
    none: Vec<String>,
    #[serde(default)]
    clause: bool,
    #[serde(default)]
    numbers: Vec<[f32; 2]>,
    #[serde(default)]
    resolved: Option<Urgency>,
    #[serde(default)]
    past: Option<Urgency>,
    #[serde(default)]
    covers: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionSpec {
    id: String,
    asks: Vec<String>,
    #[serde(default)]
    who: Vec<String>,
    #[serde(default)]
    not_who: Vec<String>,
    #[serde(default)]
    after: Vec<String>,
    #[serde(default)]
    universal: bool,
}

/// The populations a rule can be for.
pub const POPULATIONS: [&str; 5] = ["infant", "child", "pregnant", "postpartum", "elderly"];

/// A rule of a protocol.
#[derive(Clone, Debug, Serialize)]
pub struct Rule {
    pub id: String,
    /// The red-flag category reported to callers and doctors.
    pub flag: String,
    pub urgency: Urgency,
    /// The sign as the protocol names it.
    pub sign: String,
    /// The public source: the protocol and where in it.
    pub source: String,
    #[serde(skip)]
    all: Vec<Vec<String>>,
    #[serde(skip)]
    who: Vec<String>,
    #[serde(skip)]
    not_who: Vec<String>,
    #[serde(skip)]
    none: Vec<String>,
    #[serde(skip)]
    clause: bool,
    #[serde(skip)]
    numbers: Vec<(f32, f32)>,
    /// What the rule is worth when its signs are said to have gone.
    #[serde(skip)]
    resolved: Urgency,
    /// What it is worth when the event is in the past ("bitten by a dog last week").
    #[serde(skip)]
    past: Urgency,
    /// Mild findings a self-care rule accounts for (a mosquito bite itches and swells).
    #[serde(skip)]
    pub covers: Vec<String>,
}

/// A yes/no danger-sign question; yes means its concepts are present.
#[derive(Clone, Debug, Serialize)]
pub struct Question {
    /// Its message is `danger-q-<id>` in each language's `triage.ftl`.
    pub id: String,
    pub asks: Vec<String>,
    #[serde(skip)]
    who: Vec<String>,
    #[serde(skip)]
    not_who: Vec<String>,
    #[serde(skip)]
    after: Vec<String>,
    /// The closing question asked of everyone.
    pub universal: bool,
}

/// A rule that fired on a text.
#[derive(Clone, Debug, Serialize)]
pub struct Fired {
    #[serde(flatten)]
    pub rule: Rule,
    /// The caller's words behind it.
    pub evidence: String,
    /// Its signs were said to have gone.
    pub resolved: bool,
    /// The urgency it stands for, resolution counted.
    pub effective: Urgency,
    /// The concepts it used.
    pub concepts: Vec<String>,
    /// Where its words are: (clause, first word, words).
    #[serde(skip)]
    pub spans: Vec<(usize, usize, usize)>,
    /// A concept it used came from an embedding, not from words.
    pub by_embedding: bool,
}

/// What a text (and the record) establishes, for the rules to read.
pub struct Facts<'a> {
    pub hits: &'a [ConceptHit],
    pub populations: &'a HashSet<String>,
    /// (clause, value) of every number.
    pub numbers: &'a [(usize, f32)],
}

/// Every protocol's rules and questions.
#[derive(Debug)]
pub struct Protocols {
    rules: Vec<Rule>,
    questions: Vec<Question>,
}

impl Protocols {
    /// Loads every `*.toml` under `languages/protocols/` but the concept catalogue, checking
    /// that each concept a rule or question names exists.
    pub fn load(languages_dir: &Path, lexicon: &Lexicon) -> Result<Self, LexiconError> {
        let dir = languages_dir.join("protocols");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map_err(|e| LexiconError::Io(dir.display().to_string(), e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .filter(|p| p.file_name().is_some_and(|n| n != "concepts.toml"))
            .collect();
        files.sort();
        let mut out = Self {
            rules: vec![],
            questions: vec![],
        };
        for path in files {
            let shown = path.display().to_string();
            let file: ProtocolFile = read_toml(&path)?;
            let check = |c: &str| -> Result<(), LexiconError> {
                if lexicon.concept(c).is_none() && !POPULATIONS.contains(&c) {
                    return Err(LexiconError::Invalid(
                        shown.clone(),
                        format!("unknown concept '{c}'"),
                    ));
                }
                Ok(())
            };
            for r in file.rule {
                let all: Vec<Vec<String>> = r
                    .all
                    .into_iter()
                    .map(|g| match g {
                        Group::One(c) => vec![c],
                        Group::Any(cs) => cs,
                    })
                    .collect();
                if all.is_empty() || all.iter().any(Vec::is_empty) {
                    return Err(LexiconError::Invalid(
                        shown.clone(),
                        format!("rule '{}' needs concepts in `all`", r.id),
                    ));
                }
                for c in all.iter().flatten().chain(&r.none).chain(&r.covers) {
                    check(c)?;
                }
                for p in r.who.iter().chain(&r.not_who) {
                    if !POPULATIONS.contains(&p.as_str()) {
                        return Err(LexiconError::Invalid(
                            shown.clone(),
                            format!("rule '{}': unknown population '{p}'", r.id),
                        ));
                    }
                }
                let resolved = r.resolved.unwrap_or(match r.urgency {
                    Urgency::Emergency => Urgency::Medium,
                    _ => Urgency::Low,
                });
                out.rules.push(Rule {
                    id: r.id,
                    flag: r.flag,
                    urgency: r.urgency,
                    sign: r.sign,
                    source: r.source.unwrap_or_else(|| {
                        format!("{}: {}", file.protocol.name, file.protocol.source)
                    }),
                    all,
                    who: r.who,
                    not_who: r.not_who,
                    none: r.none,
                    clause: r.clause,
                    numbers: r.numbers.into_iter().map(|[a, b]| (a, b)).collect(),
                    resolved: resolved.min(r.urgency),
                    past: r
                        .past
                        .unwrap_or(resolved.min(Urgency::Medium))
                        .min(r.urgency),
                    covers: r.covers,
                });
            }
            for q in file.question {
                for c in q.asks.iter().chain(&q.after) {
                    check(c)?;
                }
                out.questions.push(Question {
                    id: q.id,
                    asks: q.asks,
                    who: q.who,
                    not_who: q.not_who,
                    after: q.after,
                    universal: q.universal,
                });
            }
        }
        let ids: HashSet<&str> = out.rules.iter().map(|r| r.id.as_str()).collect();
        if ids.len() != out.rules.len() {
            return Err(LexiconError::Invalid(
                dir.display().to_string(),
                "two rules share an id".into(),
            ));
        }
        Ok(out)
    }

    /// A question by id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Every rule that fires on the facts. A self-care rule that fired accounts for the mild
    /// findings it covers, so a `medium` rule that fired on those alone is dropped; nothing
    /// above `medium` is ever dropped, nor a rule that fired on a reading in its range
    /// ("sugar 250 after food" is a raised sugar, not a question about food).
    pub fn fire(&self, facts: &Facts) -> Vec<Fired> {
        let mut fired: Vec<Fired> = self.rules.iter().filter_map(|r| r.fire(facts)).collect();
        let covered: Vec<&String> = fired
            .iter()
            .filter(|f| f.effective == Urgency::Low && !f.resolved && !f.by_embedding)
            .flat_map(|f| f.rule.covers.iter().chain(&f.concepts))
            .collect();
        if covered.is_empty() {
            return fired;
        }
        let covered: Vec<String> = covered.into_iter().cloned().collect();
        fired.retain(|f| {
            f.effective > Urgency::Medium
                || f.effective == Urgency::Low
                || !f.rule.numbers.is_empty()
                || !f.concepts.iter().all(|c| covered.contains(c))
        });
        fired
    }

    /// Up to `max` questions for what was found and who the patient is, most important
    /// first, never asking what the caller already said or denied; then the universal one.
    pub fn interview(&self, facts: &Facts, max: usize) -> Vec<&Question> {
        let said: HashSet<&str> = facts.hits.iter().map(|h| h.concept.as_str()).collect();
        let present = |c: &String| {
            facts.hits.iter().any(|h| h.active() && h.concept == *c)
                || facts.populations.contains(c)
        };
        // Questions for who the patient is come first (a child's danger signs before an
        // adult's), then in file order.
        let mut ordered: Vec<&Question> = self.questions.iter().collect();
        ordered.sort_by_key(|q| q.who.is_empty());
        let mut chosen: Vec<&Question> = ordered
            .into_iter()
            .filter(|q| !q.universal)
            .filter(|q| q.who.is_empty() || q.who.iter().any(|p| facts.populations.contains(p)))
            .filter(|q| !q.not_who.iter().any(|p| facts.populations.contains(p)))
            .filter(|q| q.after.is_empty() || q.after.iter().any(present))
            .filter(|q| !q.asks.iter().all(|c| said.contains(c.as_str())))
            .take(max)
            .collect();
        chosen.extend(self.questions.iter().filter(|q| q.universal).take(1));
        chosen
    }
}

impl Rule {
    fn fire(&self, facts: &Facts) -> Option<Fired> {
        if !self.who.is_empty() && !self.who.iter().any(|p| facts.populations.contains(p)) {
            return None;
        }
        if self.not_who.iter().any(|p| facts.populations.contains(p)) {
            return None;
        }
        // Only words can rule a rule out: an embedding may add a sign, never take one away.
        let present = |c: &String| {
            facts
                .hits
                .iter()
                .any(|h| h.active() && h.concept == *c && h.via != "embedding")
        };
        if self.none.iter().any(present) {
            return None;
        }
        let chosen = if self.clause {
            self.in_one_clause(facts)?
        } else {
            self.anywhere(facts)?
        };
        let resolved = chosen
            .iter()
            .any(|h| h.resolved && h.kind != Kind::Population);
        // An event put in the past ("a fit last month, none since") is history to review,
        // not a sign now, whatever the rule keeps for a sign that has just stopped.
        let past = chosen.iter().any(|h| h.past && h.kind != Kind::Population);
        let evidence: Vec<&str> = chosen
            .iter()
            .filter(|h| !h.evidence.is_empty())
            .map(|h| h.evidence.as_str())
            .collect();
        let mut evidence = evidence.join(" … ");
        evidence.truncate(
            (0..=evidence.len().min(120))
                .rev()
                .find(|i| evidence.is_char_boundary(*i))
                .unwrap_or(0),
        );
        Some(Fired {
            rule: self.clone(),
            evidence,
            resolved: resolved || past,
            effective: match (past, resolved) {
                (true, _) => self.past,
                (false, true) => self.resolved,
                (false, false) => self.urgency,
            },
            concepts: chosen.iter().map(|h| h.concept.clone()).collect(),
            by_embedding: chosen.iter().any(|h| h.via == "embedding"),
            spans: chosen
                .iter()
                .filter(|h| h.len > 0)
                .map(|h| (h.clause, h.start, h.len))
                .collect(),
        })
    }

    /// Each group's best hit (an unresolved one if there is one) in one clause.
    fn in_one_clause<'a>(&self, facts: &'a Facts) -> Option<Vec<&'a ConceptHit>> {
        let clauses: HashSet<usize> = facts.hits.iter().map(|h| h.clause).collect();
        let mut best: Option<Vec<&ConceptHit>> = None;
        let mut sorted: Vec<usize> = clauses.into_iter().collect();
        sorted.sort_unstable();
        for c in sorted {
            let picks: Option<Vec<&ConceptHit>> = self
                .all
                .iter()
                .map(|g| pick(facts.hits.iter().filter(|h| h.clause == c), g, facts))
                .collect();
            let Some(picks) = picks else { continue };
            if !self.number_ok(facts, &[c]) {
                continue;
            }
            let resolved = picks.iter().any(|h| h.resolved);
            if !resolved {
                return Some(picks);
            }
            best.get_or_insert(picks);
        }
        best
    }

    fn anywhere<'a>(&self, facts: &'a Facts) -> Option<Vec<&'a ConceptHit>> {
        let picks: Vec<&ConceptHit> = self
            .all
            .iter()
            .map(|g| pick(facts.hits.iter(), g, facts))
            .collect::<Option<_>>()?;
        // A reading may follow in the next clause ("BP checked today, 190/115").
        let clauses: Vec<usize> = picks
            .iter()
            .flat_map(|h| [h.clause, h.clause + 1])
            .collect();
        self.number_ok(facts, &clauses).then_some(picks)
    }

    fn number_ok(&self, facts: &Facts, clauses: &[usize]) -> bool {
        self.numbers.is_empty()
            || facts.numbers.iter().any(|(c, n)| {
                clauses.contains(c) && self.numbers.iter().any(|(lo, hi)| lo <= n && n <= hi)
            })
    }
}

/// The best active hit among `hits` for any concept of the group: unresolved first. A
/// population in a group is satisfied by the record too (as a hit with no words).
fn pick<'a>(
    hits: impl Iterator<Item = &'a ConceptHit>,
    group: &[String],
    facts: &'a Facts,
) -> Option<&'a ConceptHit> {
    let mut resolved = None;
    for h in hits {
        if h.active() && group.contains(&h.concept) {
            if !h.resolved {
                return Some(h);
            }
            resolved.get_or_insert(h);
        }
    }
    resolved.or_else(|| {
        group
            .iter()
            .any(|c| facts.populations.contains(c))
            .then(|| {
                POPULATION_HIT.get_or_init(|| {
                    ConceptHit::known("population", Kind::Population, usize::MAX, "record")
                })
            })
    })
}

/// A population known only from the record stands in a rule as a hit with no words.
static POPULATION_HIT: std::sync::OnceLock<ConceptHit> = std::sync::OnceLock::new();
