//! Red-flag lexicons: the words of `languages/<code>/triage.toml` compiled into one matcher,
//! with negation ("no chest pain", "dard nahi hai") and resolution ("the pain is gone").
//!
//! Every language's words are matched against every text: callers mix languages ("sugar 380
//! aa rahi hai"), and a word of one language rarely means something else in another. This
//! module finds matches; `triage` decides what they mean.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use super::Urgency;

/// How far (in words) a negation cue reaches.
const NEGATION_WINDOW: usize = 3;

/// `languages/red_flags.toml`: the clinical meaning of each rule id.
#[derive(Debug, Deserialize)]
struct Catalogue {
    rule: HashMap<String, RuleMeaning>,
}

/// What a rule means, whatever the language of its words.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct RuleMeaning {
    /// The red-flag category reported to callers and doctors.
    pub flag: String,
    pub urgency: Urgency,
    /// Applies only to children (said in the text, or the patient is under 12).
    #[serde(default)]
    pub child: bool,
    /// Applies only in pregnancy (said in the text, or recorded).
    #[serde(default)]
    pub pregnant: bool,
}

/// `languages/<code>/triage.toml`.
#[derive(Debug, Deserialize)]
struct LanguageWords {
    #[serde(default)]
    negation_before: Vec<String>,
    #[serde(default)]
    negation_after: Vec<String>,
    #[serde(default)]
    resolved: Vec<String>,
    #[serde(default)]
    clause_breaks: Vec<String>,
    #[serde(default)]
    child: Vec<String>,
    #[serde(default)]
    pregnant: Vec<String>,
    #[serde(default)]
    rule: Vec<RuleWords>,
}

#[derive(Debug, Deserialize)]
struct RuleWords {
    id: String,
    #[serde(default)]
    terms: Vec<String>,
    #[serde(default)]
    with: Vec<Vec<String>>,
    #[serde(default)]
    with_scope: Option<String>,
    /// Inclusive range one number in the text must fall in (e.g. a blood sugar of 300+).
    #[serde(default)]
    number: Option<[u32; 2]>,
}

/// A term as words; each word matches the start of a text word.
type Term = Vec<String>;

/// One rule's words, from one language.
#[derive(Debug)]
struct CompiledRule {
    id: String,
    terms: Vec<Term>,
    with: Vec<Vec<Term>>,
    with_in_clause: bool,
    number: Option<(u32, u32)>,
}

/// Why a lexicon failed to load.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("cannot read {0}: {1}")]
    Io(String, std::io::Error),
    #[error("{0}: {1}")]
    Invalid(String, String),
}

/// Every language's red-flag words, ready to match.
#[derive(Debug)]
pub struct Lexicon {
    meanings: HashMap<String, RuleMeaning>,
    rules: Vec<CompiledRule>,
    negation_before: Vec<Term>,
    negation_after: Vec<Term>,
    resolved: Vec<Term>,
    clause_breaks: HashSet<String>,
    child: Vec<Term>,
    pregnant: Vec<Term>,
}

/// A text split into clauses of normalised words.
#[derive(Debug)]
pub struct Text {
    clauses: Vec<Vec<String>>,
    numbers: Vec<u32>,
}

impl Text {
    /// Whether there is anything to read (letters, not only digits or symbols).
    pub fn has_words(&self) -> bool {
        self.clauses
            .iter()
            .flatten()
            .any(|w| w.chars().any(char::is_alphabetic))
    }

    /// Number of words.
    pub fn word_count(&self) -> usize {
        self.clauses.iter().map(Vec::len).sum()
    }
}

/// A rule that fired, and how.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub rule: String,
    pub meaning: RuleMeaning,
    /// The words that matched, as they appear in the normalised text.
    pub evidence: String,
    /// The clause says the problem has gone ("the pain is gone").
    pub resolved: bool,
}

impl Lexicon {
    /// Loads `red_flags.toml` and every `<code>/triage.toml` under `languages_dir`.
    pub fn load(languages_dir: &Path) -> Result<Self, LexiconError> {
        let catalogue_path = languages_dir.join("red_flags.toml");
        let catalogue: Catalogue = read_toml(&catalogue_path)?;
        let mut lexicon = Self {
            meanings: catalogue.rule,
            rules: vec![],
            negation_before: vec![],
            negation_after: vec![],
            resolved: vec![],
            clause_breaks: HashSet::new(),
            child: vec![],
            pregnant: vec![],
        };
        let mut dirs: Vec<_> = std::fs::read_dir(languages_dir)
            .map_err(|e| LexiconError::Io(languages_dir.display().to_string(), e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.join("triage.toml").is_file())
            .collect();
        dirs.sort();
        for dir in dirs {
            let path = dir.join("triage.toml");
            let words: LanguageWords = read_toml(&path)?;
            lexicon.add(words, &path.display().to_string())?;
        }
        Ok(lexicon)
    }

    fn add(&mut self, w: LanguageWords, path: &str) -> Result<(), LexiconError> {
        let terms = |list: &[String]| {
            list.iter()
                .map(|t| words(t))
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
        };
        self.negation_before.extend(terms(&w.negation_before));
        self.negation_after.extend(terms(&w.negation_after));
        self.resolved.extend(terms(&w.resolved));
        self.child.extend(terms(&w.child));
        self.pregnant.extend(terms(&w.pregnant));
        self.clause_breaks
            .extend(w.clause_breaks.iter().flat_map(|b| words(b)));
        for r in w.rule {
            if !self.meanings.contains_key(&r.id) {
                return Err(LexiconError::Invalid(
                    path.to_owned(),
                    format!("rule '{}' is not in red_flags.toml", r.id),
                ));
            }
            if r.terms.is_empty() && r.with.is_empty() {
                return Err(LexiconError::Invalid(
                    path.to_owned(),
                    format!("rule '{}' has no words", r.id),
                ));
            }
            self.rules.push(CompiledRule {
                id: r.id,
                terms: terms(&r.terms),
                with: r.with.iter().map(|g| terms(g)).collect(),
                with_in_clause: r.with_scope.as_deref() == Some("clause"),
                number: r.number.map(|[lo, hi]| (lo, hi)),
            });
        }
        Ok(())
    }

    /// What a rule id means.
    pub fn meaning(&self, rule: &str) -> Option<&RuleMeaning> {
        self.meanings.get(rule)
    }

    /// Splits and normalises a text for matching.
    pub fn read(&self, text: &str) -> Text {
        let mut clauses = vec![];
        let mut numbers = vec![];
        for chunk in text.split(is_clause_punctuation) {
            let mut clause = vec![];
            for w in words(chunk) {
                if let Ok(n) = w.parse::<u32>() {
                    numbers.push(n);
                }
                if self.clause_breaks.contains(&w) {
                    clauses.push(std::mem::take(&mut clause));
                } else {
                    clause.push(w);
                }
            }
            clauses.push(clause);
        }
        clauses.retain(|c: &Vec<String>| !c.is_empty());
        Text { clauses, numbers }
    }

    /// Whether the text says the patient is a child.
    pub fn mentions_child(&self, text: &Text) -> bool {
        self.any_term(text, &self.child)
    }

    /// Whether the text says the patient is pregnant.
    pub fn mentions_pregnancy(&self, text: &Text) -> bool {
        self.any_term(text, &self.pregnant)
    }

    fn any_term(&self, text: &Text, terms: &[Term]) -> bool {
        text.clauses.iter().any(|c| {
            terms
                .iter()
                .any(|t| (0..c.len()).any(|i| matches_at(c, i, t)))
        })
    }

    /// Every rule that fires on the text, given whether it concerns a child or a pregnancy.
    pub fn hits(&self, text: &Text, child: bool, pregnant: bool) -> Vec<Hit> {
        let mut out: Vec<Hit> = vec![];
        for rule in &self.rules {
            let meaning = &self.meanings[&rule.id];
            if (meaning.child && !child) || (meaning.pregnant && !pregnant) {
                continue;
            }
            if let Some(hit) = self.rule_hit(rule, meaning, text) {
                // Keep one hit per rule id, preferring an active one over a resolved one.
                match out.iter_mut().find(|h| h.rule == hit.rule) {
                    Some(existing) if existing.resolved && !hit.resolved => *existing = hit,
                    Some(_) => {}
                    None => out.push(hit),
                }
            }
        }
        out
    }

    fn rule_hit(&self, rule: &CompiledRule, meaning: &RuleMeaning, text: &Text) -> Option<Hit> {
        if let Some((lo, hi)) = rule.number {
            if !text.numbers.iter().any(|n| (lo..=hi).contains(n)) {
                return None;
            }
        }
        let hit = |evidence: String, resolved: bool| Hit {
            rule: rule.id.clone(),
            meaning: meaning.clone(),
            evidence,
            resolved,
        };
        if rule.terms.is_empty() {
            let all = rule
                .with
                .iter()
                .all(|g| text.clauses.iter().any(|c| self.find(c, g).is_some()));
            return all.then(|| {
                hit(
                    rule.with
                        .iter()
                        .flatten()
                        .next()
                        .map(|t| t.join(" "))
                        .unwrap_or_default(),
                    false,
                )
            });
        }
        let mut resolved_hit = None;
        for clause in &text.clauses {
            let Some((start, len)) = self.find(clause, &rule.terms) else {
                continue;
            };
            let with_ok = rule.with.iter().all(|g| {
                if rule.with_in_clause {
                    self.find(clause, g).is_some()
                } else {
                    text.clauses.iter().any(|c| self.find(c, g).is_some())
                }
            });
            if !with_ok {
                continue;
            }
            let evidence = self.evidence(clause, (start, len), rule, text);
            if self.any_in(clause, &self.resolved) {
                resolved_hit.get_or_insert_with(|| hit(evidence, true));
                continue;
            }
            return Some(hit(evidence, false));
        }
        resolved_hit
    }

    /// The caller's words behind a hit: the term with its context words ("chest … pain").
    fn evidence(
        &self,
        clause: &[String],
        (start, len): (usize, usize),
        rule: &CompiledRule,
        text: &Text,
    ) -> String {
        let (mut lo, mut hi) = (start, start + len);
        let mut elsewhere = vec![];
        for group in &rule.with {
            match self.find(clause, group) {
                Some((s, l)) => {
                    lo = lo.min(s);
                    hi = hi.max(s + l);
                }
                None => {
                    let found = text
                        .clauses
                        .iter()
                        .find_map(|c| self.find(c, group).map(|(s, l)| c[s..s + l].join(" ")));
                    elsewhere.extend(found);
                }
            }
        }
        // A long span is not worth repeating to the caller: keep the term itself then.
        if hi - lo > 6 {
            (lo, hi) = (start, start + len);
        }
        elsewhere.push(clause[lo..hi].join(" "));
        elsewhere.join(" … ")
    }

    /// The first non-negated occurrence of any of `terms` in a clause: (start, length).
    fn find(&self, clause: &[String], terms: &[Term]) -> Option<(usize, usize)> {
        for i in 0..clause.len() {
            for t in terms {
                if matches_at(clause, i, t) && !self.negated(clause, i, t.len()) {
                    return Some((i, t.len()));
                }
            }
        }
        None
    }

    fn negated(&self, clause: &[String], start: usize, len: usize) -> bool {
        let before = &clause[start.saturating_sub(NEGATION_WINDOW)..start];
        let after_end = (start + len + NEGATION_WINDOW).min(clause.len());
        let after = &clause[start + len..after_end];
        contains_exact(before, &self.negation_before) || contains_exact(after, &self.negation_after)
    }

    fn any_in(&self, clause: &[String], terms: &[Term]) -> bool {
        contains_exact(clause, terms)
    }
}

/// Whether `t` matches at word `i`: each of its words starts the corresponding text word.
fn matches_at(clause: &[String], i: usize, t: &Term) -> bool {
    i + t.len() <= clause.len()
        && t.iter()
            .zip(&clause[i..])
            .all(|(tw, cw)| cw.starts_with(tw.as_str()))
}

/// Whether any of `terms` occurs word for word in `words` (cues must match whole words:
/// "no" must not match "nose").
fn contains_exact(words: &[String], terms: &[Term]) -> bool {
    terms.iter().any(|t| {
        (0..words.len()).any(|i| i + t.len() <= words.len() && words[i..i + t.len()] == t[..])
    })
}

fn is_clause_punctuation(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | '।' | '॥' | '\n' | '(' | ')'
    )
}

/// Lower-cased words with Indic spelling variants folded: nukta dropped (ज़ = ज), chandrabindu
/// as anusvara (साँप = सांप), zero-width joiners removed.
pub fn words(text: &str) -> Vec<String> {
    let folded: String = text
        .nfc()
        .filter(|c| {
            !matches!(
                c,
                '\u{093C}' | '\u{09BC}' | '\u{0A3C}' | '\u{0ABC}' | '\u{200C}' | '\u{200D}'
            )
        })
        .map(|c| match c {
            '\u{0901}' => '\u{0902}',
            '\u{0981}' => '\u{0982}',
            '’' | '`' => '\'',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    folded
        .split(|c: char| !(c.is_alphanumeric() || is_mark(c) || c == '\''))
        .map(|w| w.trim_matches('\'').to_owned())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Combining marks (vowel signs, viramas) are part of Indic words.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0900..=0x0DFF) && !c.is_alphanumeric() && !matches!(c, '।' | '॥')
}

fn read_toml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, LexiconError> {
    let shown = path.display().to_string();
    let raw = std::fs::read_to_string(path).map_err(|e| LexiconError::Io(shown.clone(), e))?;
    toml::from_str(&raw).map_err(|e| LexiconError::Invalid(shown, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indic_spellings_fold_together() {
        assert_eq!(words("तेज़ बुखार"), words("तेज बुखार"));
        assert_eq!(words("साँप"), words("सांप"));
        assert_eq!(words("My BP is 185/115!"), ["my", "bp", "is", "185", "115"]);
        assert_eq!(words("बच्चे को झटके"), ["बच्चे", "को", "झटके"]);
    }
}
