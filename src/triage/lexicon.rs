//! Clinical concepts in any words: the catalogue `languages/protocols/concepts.toml` and each
//! language's words for it (`languages/<code>/concepts.toml`), compiled into one matcher with
//! negation ("no chest pain", "dard nahi hai", Malayalam "വേദനയില്ല") and resolution ("the pain
//! is gone").
//!
//! Every language's words are matched against every text: callers mix languages ("sugar 380
//! aa rahi hai"), and a word of one language rarely means something else in another. This
//! module finds concepts, numbers and ages; `protocols` decides what they mean.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::text::ascii_digit;

/// How far (in words) a negation cue reaches.
const NEGATION_WINDOW: usize = 3;

/// What sort of thing a concept is; findings and exposures are what rules must explain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Finding,
    Exposure,
    Site,
    Modifier,
    Population,
    Benign,
    Unit,
}

impl Kind {
    /// Findings and exposures end a negation's reach ("no fever cough" negates only fever).
    fn is_complaint(self) -> bool {
        matches!(self, Kind::Finding | Kind::Exposure)
    }
}

/// `languages/protocols/concepts.toml`.
#[derive(Debug, Deserialize)]
struct Catalogue {
    concept: HashMap<String, ConceptInfo>,
}

/// One concept of the catalogue.
#[derive(Clone, Debug, Deserialize)]
pub struct ConceptInfo {
    pub kind: Kind,
    /// What it means, for translators and clinicians.
    #[serde(default)]
    pub gloss: String,
    /// Set by the reader from numbers and units, never by words.
    #[serde(default)]
    pub derived: bool,
    /// A name whose words mean nothing apart ("blood pressure", "blood sugar"): a complaint
    /// read from one of its words alone (bleeding from "blood") gives way to it.
    #[serde(default)]
    pub absorbs: bool,
    /// A word that may still stand inside another term's words, as any plain word may (a
    /// relative: Kannada "ಹೋದ ವಾರ ಅಪ್ಪ ಒಂದ್ಸಲ", last week father once, is a time in the past).
    #[serde(default)]
    pub filler: bool,
}

/// `languages/<code>/concepts.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageWords {
    #[serde(default)]
    negation_before: Vec<String>,
    #[serde(default)]
    negation_after: Vec<String>,
    #[serde(default)]
    negation_suffix: Vec<String>,
    #[serde(default)]
    resolved: Vec<String>,
    #[serde(default)]
    clause_breaks: Vec<String>,
    /// Words that join alternatives ("ya", "अथवा"): "chakkar ya chest pain nahi" denies both.
    #[serde(default)]
    alternatives: Vec<String>,
    /// Endings that join alternatives where the language glues them on ("പനിയോ ചുമയോ
    /// ഇല്ല", "ಜ್ವರವೋ ಕೆಮ್ಮೋ ಇಲ್ಲ": neither fever nor cough).
    #[serde(default)]
    alternative_suffix: Vec<String>,
    /// "Any" words that stand between a list of complaints and its negation ("বমি বা ঘাম
    /// কিছু হয়নি", "ಜ್ವರ ವಾಂತಿ ಏನೂ ಇಲ್ಲ": no vomiting or sweating, no fever or vomiting).
    #[serde(default)]
    any_words: Vec<String>,
    /// Number words ("das" = 10, "పది" = 10), read as numbers for ages and durations.
    #[serde(default)]
    numbers: HashMap<String, f32>,
    #[serde(default)]
    concept: HashMap<String, Vec<String>>,
}

/// A term as words; each word matches the start of a text word.
type Term = Vec<String>;

/// Why the concept words failed to load.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("cannot read {0}: {1}")]
    Io(String, std::io::Error),
    #[error("{0}: {1}")]
    Invalid(String, String),
}

/// Every language's words for every concept, ready to match.
#[derive(Debug)]
pub struct Lexicon {
    concepts: HashMap<String, ConceptInfo>,
    /// Terms indexed by the first two characters of their first word (one for a
    /// one-character word): a text word looks up only the terms that can start it.
    terms: HashMap<String, Vec<(Term, usize)>>,
    /// Concept ids by index (terms refer to them by index).
    ids: Vec<String>,
    negation_before: Vec<Term>,
    negation_after: Vec<Term>,
    negation_suffix: Vec<String>,
    resolved: Vec<Term>,
    clause_breaks: HashSet<String>,
    /// Words joining alternatives, which share a negation ("X ya Y nahi": neither).
    alternatives: Vec<Term>,
    alternative_suffix: Vec<String>,
    any_words: HashSet<String>,
    number_words: HashMap<String, f32>,
}

/// A number where it was read: (clause, word index, value).
type NumberAt = (usize, usize, f32);

/// A text split into clauses of normalised words, with the numbers it gives.
#[derive(Debug)]
pub struct Text {
    pub clauses: Vec<Vec<String>>,
    /// (clause, word index, value) of every number ("101.2", "190/120" gives two).
    pub numbers: Vec<(usize, usize, f32)>,
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

/// A concept found in a text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConceptHit {
    pub concept: String,
    #[serde(skip)]
    pub kind: Kind,
    /// The clause it was found in.
    pub clause: usize,
    /// The words that matched, as normalised.
    pub evidence: String,
    /// A negation cue stands beside it ("no chest pain"): the concept is absent.
    pub negated: bool,
    /// The clause says the problem has gone ("the pain is gone").
    pub resolved: bool,
    /// The clause puts it in the past ("last month", "three days ago").
    pub past: bool,
    /// How it was found: `words`, `number`, `embedding`, `answer`.
    pub via: &'static str,
    /// Where in its clause: first word and number of words (0 when not from words).
    #[serde(skip)]
    pub(crate) start: usize,
    #[serde(skip)]
    pub(crate) len: usize,
    /// Characters of the term that matched (to prefer the fuller reading of a word).
    #[serde(skip)]
    chars: usize,
}

impl ConceptHit {
    /// A concept known without words: from an answer, a number or an embedding.
    pub fn known(concept: &str, kind: Kind, clause: usize, via: &'static str) -> Self {
        Self {
            concept: concept.to_owned(),
            kind,
            clause,
            evidence: String::new(),
            negated: false,
            resolved: false,
            past: false,
            via,
            start: 0,
            len: 0,
            chars: 0,
        }
    }

    /// Present: neither negated.
    pub fn active(&self) -> bool {
        !self.negated
    }
}

impl Lexicon {
    /// Loads the catalogue and every `<code>/concepts.toml` under `languages_dir`.
    pub fn load(languages_dir: &Path) -> Result<Self, LexiconError> {
        let catalogue: Catalogue = read_toml(&languages_dir.join("protocols/concepts.toml"))?;
        let mut ids: Vec<String> = catalogue.concept.keys().cloned().collect();
        ids.sort();
        let mut lexicon = Self {
            concepts: catalogue.concept,
            terms: HashMap::new(),
            ids,
            negation_before: vec![],
            negation_after: vec![],
            negation_suffix: vec![],
            resolved: vec![],
            clause_breaks: HashSet::new(),
            alternatives: vec![],
            alternative_suffix: vec![],
            any_words: HashSet::new(),
            number_words: HashMap::new(),
        };
        let mut dirs: Vec<_> = std::fs::read_dir(languages_dir)
            .map_err(|e| LexiconError::Io(languages_dir.display().to_string(), e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.file_name().is_some_and(|n| n != "protocols"))
            .filter(|p| p.join("concepts.toml").is_file())
            .collect();
        dirs.sort();
        for dir in dirs {
            let path = dir.join("concepts.toml");
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
        self.alternatives.extend(terms(&w.alternatives));
        self.any_words
            .extend(w.any_words.iter().flat_map(|b| words(b)));
        let endings = |list: &[String]| {
            list.iter()
                .map(|s| words(s).concat())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
        };
        self.alternative_suffix
            .extend(endings(&w.alternative_suffix));
        self.negation_suffix.extend(endings(&w.negation_suffix));
        self.clause_breaks
            .extend(w.clause_breaks.iter().flat_map(|b| words(b)));
        for (word, n) in w.numbers {
            if let [one] = &words(&word)[..] {
                self.number_words.insert(one.clone(), n);
            }
        }
        for (concept, list) in w.concept {
            let Ok(index) = self.ids.binary_search(&concept) else {
                return Err(LexiconError::Invalid(
                    path.to_owned(),
                    format!("concept '{concept}' is not in protocols/concepts.toml"),
                ));
            };
            for t in terms(&list) {
                self.terms
                    .entry(index_key(&t[0]))
                    .or_default()
                    .push((t, index));
            }
        }
        Ok(())
    }

    /// The catalogue entry of a concept.
    pub fn concept(&self, id: &str) -> Option<&ConceptInfo> {
        self.concepts.get(id)
    }

    /// Splits and normalises a text for matching.
    pub fn read(&self, text: &str) -> Text {
        let mut clauses: Vec<Vec<String>> = vec![];
        let mut numbers = vec![];
        // A full stop ends a clause unless it sits inside a number ("101.2"). Indic digits
        // ("১০০", "१०४") are read as the same numbers.
        let chars: Vec<char> = text.chars().map(ascii_digit).collect();
        let prepared: String = chars
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                let in_number = c == '.'
                    && i > 0
                    && chars[i - 1].is_ascii_digit()
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit);
                if c == '.' && !in_number {
                    '\n'
                } else {
                    c
                }
            })
            .collect();
        // Joined spoken numbers, with the parts they were joined from.
        let mut joins: Vec<(usize, Vec<NumberAt>)> = vec![];
        for chunk in prepared.split(is_clause_punctuation) {
            let mut clause: Vec<String> = vec![];
            // The spoken number just read, to join the next number word to ("ek sau teen").
            let mut spoken: Option<usize> = None;
            for (raw, w) in words_with_numbers(chunk) {
                if self.clause_breaks.contains(&w) && !clause.is_empty() {
                    clauses.push(std::mem::take(&mut clause));
                    spoken = None;
                    continue;
                }
                let word = raw.is_none().then(|| self.number_words.get(&w).copied());
                match (raw, word.flatten()) {
                    (Some(n), _) => {
                        numbers.push((clauses.len(), clause.len(), n));
                        spoken = None;
                    }
                    (None, Some(n)) => {
                        let here = (clauses.len(), clause.len());
                        let joined = spoken.and_then(|k| {
                            let (c, at, before) = numbers[k];
                            let gap = here.1.checked_sub(at + 1).filter(|_| c == here.0)?;
                            let connector =
                                gap == 1 && NUMBER_CONNECTORS.contains(&clause[at + 1].as_str());
                            (gap == 0 || connector)
                                .then(|| spoken_compound(before, n, gap == 0))
                                .flatten()
                                .map(|v| (k, v))
                        });
                        match joined {
                            // The number's position is its last word, where a unit follows.
                            Some((k, v)) => {
                                match joins.iter_mut().find(|(j, _)| *j == k) {
                                    Some((_, parts)) => parts.push((here.0, here.1, n)),
                                    None => joins.push((k, vec![numbers[k], (here.0, here.1, n)])),
                                }
                                numbers[k] = (here.0, here.1, v);
                            }
                            None => {
                                numbers.push((here.0, here.1, n));
                                spoken = Some(numbers.len() - 1);
                            }
                        }
                    }
                    (None, None) => {
                        if !NUMBER_CONNECTORS.contains(&w.as_str()) {
                            spoken = None;
                        }
                    }
                }
                clause.push(w);
            }
            clauses.push(clause);
            if clauses.last().is_some_and(Vec::is_empty) {
                clauses.pop();
                // Numbers were recorded against this clause index; none can be left in it.
            }
        }
        // A unit after the words makes them a count and a duration more likely than one
        // number ("sau teen din": a hundred, for three days; "sattar teen din": seventy,
        // three days): the parts stand, as they were read before numbers were joined.
        for (k, parts) in joins.into_iter().rev() {
            let (c, w, _) = numbers[k];
            if clauses[c]
                .get(w + 1)
                .is_some_and(|next| self.is_unit_word(next))
            {
                numbers.splice(k..=k, parts);
            }
        }
        Text { clauses, numbers }
    }

    /// Every concept the words of the text name, negated or not, in clause order.
    pub fn find(&self, text: &Text) -> Vec<ConceptHit> {
        let mut out = vec![];
        for (ci, clause) in text.clauses.iter().enumerate() {
            let mut found: Vec<ConceptHit> = vec![];
            for i in 0..clause.len() {
                for (term, index) in self.candidates(&clause[i]) {
                    // A negation is never a filler: "saans nahi phool rahi" is no "saans phool".
                    let content = |w: &String| self.starts_a_term(w) || self.is_cue(w);
                    let Some(span) = match_span(clause, i, term, &content) else {
                        continue;
                    };
                    let id = &self.ids[*index];
                    let chars: usize = term.iter().map(|w| w.chars().count()).sum();
                    // One hit per concept and position: the longest term wins.
                    if let Some(h) = found.iter_mut().find(|h| h.concept == *id && h.start == i) {
                        if span > h.len {
                            h.len = span;
                            h.evidence = clause[i..i + span].join(" ");
                        }
                        h.chars = h.chars.max(chars);
                        continue;
                    }
                    found.push(ConceptHit {
                        concept: id.clone(),
                        kind: self.concepts[id].kind,
                        clause: ci,
                        evidence: clause[i..i + span].join(" "),
                        negated: false,
                        resolved: false,
                        past: false,
                        via: "words",
                        start: i,
                        len: span,
                        chars,
                    });
                }
            }
            // "romba naala" (for a long time) is a duration, not the "romba" (very) inside it:
            // a modifier inside a longer modifier's words gives way.
            let modifiers: Vec<(usize, usize)> = found
                .iter()
                .filter(|h| h.kind == Kind::Modifier)
                .map(|h| (h.start, h.len))
                .collect();
            found.retain(|h| {
                h.kind != Kind::Modifier
                    || !modifiers
                        .iter()
                        .any(|&(s, l)| l > h.len && s <= h.start && h.start + h.len <= s + l)
            });
            // "high blood pressure" is blood pressure, not the bleeding of its "blood" nor the
            // chest pressure of its "pressure": a complaint read from one word inside the
            // words of a name that absorbs them gives way to it (`absorbs` in the catalogue).
            let complaints: Vec<(usize, usize)> = found
                .iter()
                .filter(|h| h.len > 1 && self.concepts[&h.concept].absorbs)
                .map(|h| (h.start, h.len))
                .collect();
            found.retain(|h| {
                !h.kind.is_complaint()
                    || h.len != 1
                    || !complaints
                        .iter()
                        .any(|&(s, l)| s <= h.start && h.start < s + l)
            });
            // "acidity" is acidity, not the "acid" that starts it: of two one-word matches
            // on the same word, the one that reads more of it wins.
            let snapshot: Vec<(usize, usize, usize)> =
                found.iter().map(|h| (h.start, h.len, h.chars)).collect();
            found.retain(|h| {
                h.len != 1
                    || clause[h.start].chars().count() == h.chars
                    || !snapshot
                        .iter()
                        .any(|&(s, l, c)| s == h.start && l == 1 && c > h.chars)
            });
            let resolved = contains_exact(clause, &self.resolved);
            let past = found.iter().any(|h| h.concept == "past_event");
            let spans: Vec<(usize, usize, Kind)> =
                found.iter().map(|h| (h.start, h.len, h.kind)).collect();
            for h in &mut found {
                h.negated = self.negated(clause, h.start, h.len, &spans);
                h.resolved = resolved;
                h.past = past;
            }
            self.share_negation(clause, &mut found);
            // "Chest pain last week, it went away": a clause that only says something has
            // gone resolves the complaint of the clause before it.
            // So does one that names it again ("chest pain yesterday, now the pain is gone").
            // The clause before, or the one before that when the clause between names no
            // complaint ("fainted in the heat yesterday, I'm 30, fine since then").
            let complains = |c: usize| {
                out.iter()
                    .any(|h: &ConceptHit| h.clause == c && h.kind.is_complaint())
            };
            // Only a short clause with a number between ("I'm 30"): one about someone or
            // something else ("her brother was with her") keeps the sign where it was.
            let only_an_age = |c: usize| {
                text.clauses[c].len() <= 3 && text.numbers.iter().any(|&(n, _, _)| n == c)
            };
            let target = match ci {
                0 => None,
                1 => Some(0),
                _ if complains(ci - 1) || !only_an_age(ci - 1) => Some(ci - 1),
                _ => Some(ci - 2),
            };
            let before: Vec<&str> = out
                .iter()
                .filter(|h: &&ConceptHit| Some(h.clause) == target)
                .map(|h| h.concept.as_str())
                .collect();
            let again: Vec<&ConceptHit> = found
                .iter()
                .filter(|h| h.kind.is_complaint() && !h.negated)
                .collect();
            let only_again = again.iter().all(|h| before.contains(&h.concept.as_str()));
            // A time in the past reaches back only when it names the complaint again: "pet
            // mein bahut dard hai, do din pehle khana khaya tha" is pain now (a meal then).
            // Erring this way over-triages at worst.
            let past_again = past && only_again && !again.is_empty();
            if (resolved && only_again) || past_again {
                for h in out
                    .iter_mut()
                    .filter(|h: &&mut ConceptHit| Some(h.clause) == target)
                {
                    h.resolved |= resolved;
                    h.past |= past;
                }
            }
            // A concept found twice in a clause counts once, preferring the non-negated.
            found.sort_by_key(|h| (h.concept.clone(), h.negated, h.start));
            found.dedup_by(|b, a| a.concept == b.concept);
            found.sort_by_key(|h| h.start);
            out.extend(found);
        }
        out
    }

    /// Whether a negation cue stands beside the term at `start..start+len`. The cue's reach
    /// stops at another complaint, so "seene mein dard hai saans nahi aa rahi" keeps the pain.
    fn negated(
        &self,
        clause: &[String],
        start: usize,
        len: usize,
        spans: &[(usize, usize, Kind)],
    ) -> bool {
        let end = start + len;
        let complaint_at = |j: usize| {
            spans.iter().any(|&(s, l, k)| {
                k.is_complaint() && s <= j && j < s + l && (s + l <= start || end <= s)
            })
        };
        // Who the patient is is negated only by a cue right beside it ("not pregnant"):
        // "nanaji ko samajh nahi aa raha" says nothing against the grandfather.
        let own = spans.iter().find(|&&(s, l, _)| (s, l) == (start, len));
        let window = match own {
            Some(&(_, _, Kind::Population)) => 1,
            _ => NEGATION_WINDOW,
        };
        let mut lo = start;
        while lo > 0 && start - lo < window && !complaint_at(lo - 1) {
            lo -= 1;
        }
        let mut hi = end;
        while hi < clause.len() && hi - end < window && !complaint_at(hi) {
            hi += 1;
        }
        // A cue that belongs to another term ("kadalatam ledu", not moving) negates only
        // that term, not its neighbours ("biddaa", the baby).
        let free_cue = |from: usize, to: usize, cues: &[Term]| {
            cues.iter().any(|t| {
                (from..to).any(|p| {
                    p + t.len() <= to
                        && clause[p..p + t.len()] == t[..]
                        && !spans.iter().any(|&(s, l, _)| {
                            (s, l) != (start, len) && s <= p && p + t.len() <= s + l
                        })
                })
            })
        };
        if free_cue(lo, start, &self.negation_before) || free_cue(end, hi, &self.negation_after) {
            return true;
        }
        // A negation glued to the last word ("വേദനയില്ല"), unless the term spells it out.
        let last = &clause[end - 1];
        glued(last, &self.negation_suffix) && !self.term_ends_with_suffix(clause, start, len)
    }

    /// Complaints joined as alternatives share a negation: "chakkar ya chest pain nahi hota"
    /// (neither dizziness nor chest pain), "ಜ್ವರ ಅಥವಾ ಕೆಮ್ಮು ಇಲ್ಲ". Only two complaints with just
    /// the joining word between them: anything more is read as it stands.
    fn share_negation(&self, clause: &[String], found: &mut [ConceptHit]) {
        // One pass: the negation must stand at the pair itself, so none passes further on.
        let mut deny = vec![false; found.len()];
        for (a, x) in found.iter().enumerate() {
            for (b, y) in found.iter().enumerate() {
                // The second may open with where it is ("chakkar ya chest pain"). The
                // negation must stand right at the pair: after the second ("X ya Y nahi")
                // or before the first ("no X nor Y"); "saanp ya bichhu pata nahi kisne kata"
                // denies neither.
                let cue_after_y = y.negated && self.cue_after(clause, y.start + y.len).is_some();
                let cue_before_x = x.negated
                    && self
                        .negation_before
                        .iter()
                        .any(|t| x.start >= t.len() && clause[x.start - t.len()..x.start] == t[..]);
                let joined = x.kind.is_complaint()
                    && (y.kind.is_complaint() || y.kind == Kind::Site)
                    && x.negated != y.negated
                    && (cue_after_y || cue_before_x)
                    && self.joined(clause, x.start + x.len, y.start);
                if joined {
                    deny[a] = true;
                    deny[b] = true;
                }
            }
        }
        // Alternatives glued on as endings form a list that one negation at its end denies
        // ("നെഞ്ചുവേദനയോ കിതപ്പോ ഇല്ല": no chest pain, no panting): from a denied complaint
        // that ends so, back over the complaints and sites just before it that end so too.
        let joins = |w: &String| glued(w, &self.alternative_suffix);
        let listed = |h: &ConceptHit| h.kind.is_complaint() || h.kind == Kind::Site;
        for y in found.iter().filter(|y| y.negated && listed(y)) {
            if !joins(&clause[y.start + y.len - 1]) {
                continue;
            }
            deny_back(
                found,
                &mut deny,
                y.start,
                |at| at > 0 && joins(&clause[at - 1]),
                |k, at| listed(k) && k.start + k.len == at,
            );
        }
        // Complaints joined by alternatives before an "any" word and its negation are all
        // denied: "বমি বা ঘাম কিছু হয়নি" (no vomiting, no sweating).
        let inside_a_term = |p: usize| found.iter().any(|h| h.start <= p && p < h.start + h.len);
        for y in found.iter().filter(|y| y.negated && listed(y)) {
            let after = y.start + y.len;
            // The "any" word and its cue must be free: "उल्टी कुछ नहीं टिक रहा" (nothing stays
            // down) is a sign of its own, no denial of what comes before it.
            if !clause
                .get(after)
                .is_some_and(|w| self.any_words.contains(w))
                || inside_a_term(after)
                || self
                    .cue_after(clause, after)
                    .is_none_or(|n| inside_a_term(after + n - 1))
            {
                continue;
            }
            deny_back(
                found,
                &mut deny,
                y.start,
                |_| true,
                // Only items joined by an alternative ("X ya Y kuch nahi"): two complaints
                // side by side ("seene mein dard ulti kuch nahi") may be a sign and a denial.
                |k, at| listed(k) && k.start < at && self.joined(clause, k.start + k.len, at),
            );
        }
        for (h, deny) in found.iter_mut().zip(deny) {
            h.negated |= deny;
        }
        // Where a denied complaint is, is denied with it: "కడుపు నొప్పి లేదు" (no belly
        // pain) says nothing hurts in the belly, so the belly is no site of the body ache
        // named before it. A site just before the complaint (a postposition between: "seene
        // mein dard nahi"), or in its very word.
        let denied: Vec<(usize, usize)> = found
            .iter()
            .filter(|h| h.negated && h.kind.is_complaint())
            .map(|h| (h.start, h.len))
            .collect();
        // A site followed by a complaint that stands is that complaint's ("நெஞ்சு வலி
        // காய்ச்சல் எதுவும் இல்ல": chest pain, no fever).
        let standing: Vec<usize> = found
            .iter()
            .filter(|h| !h.negated && h.kind.is_complaint())
            .map(|h| h.start)
            .collect();
        for h in found.iter_mut().filter(|h| h.kind == Kind::Site) {
            let end = h.start + h.len;
            if standing.contains(&end) {
                continue;
            }
            h.negated |= denied
                .iter()
                .any(|&(s, l)| (end..=end + 1).contains(&s) || (s <= h.start && h.start < s + l));
        }
    }

    /// Whether a word is a unit of time ("din", "years", "ನಿಮಿಷ").
    fn is_unit_word(&self, w: &str) -> bool {
        self.candidates(w).any(|(t, index)| {
            self.ids[*index].starts_with("unit_") && t.len() == 1 && word_ok(&t[0], w)
        })
    }

    /// The terms whose first word could match `w`.
    fn candidates<'a>(&'a self, w: &str) -> impl Iterator<Item = &'a (Term, usize)> + 'a {
        let one: String = w.chars().take(1).collect();
        let two: String = w.chars().take(2).collect();
        let short = (two != one).then(|| self.terms.get(&one)).flatten();
        self.terms.get(&two).into_iter().chain(short).flatten()
    }

    /// Whether a word is a term by itself (so it is no filler to skip inside another term:
    /// "a dog bit" is not "a bit").
    fn starts_a_term(&self, w: &str) -> bool {
        self.candidates(w).any(|(t, index)| {
            t.len() == 1 && word_ok(&t[0], w) && !self.concepts[&self.ids[*index]].filler
        })
    }

    /// Whether the words `from..to` are exactly a word joining alternatives ("ya", "বা").
    fn joined(&self, clause: &[String], from: usize, to: usize) -> bool {
        self.alternatives
            .iter()
            .any(|t| clause.get(from..to) == Some(&t[..]))
    }

    /// The length of a negation cue at `at`, or just after an "any" word there. A negation
    /// glued to a verb after the "any" word is not one: "జ్వరం ఏం తగ్గలేదు" is a fever that
    /// has not come down at all.
    fn cue_after(&self, clause: &[String], at: usize) -> Option<usize> {
        let skip = usize::from(clause.get(at).is_some_and(|w| self.any_words.contains(w)));
        let from = at + skip;
        self.negation_after
            .iter()
            .find(|t| clause.get(from..from + t.len()) == Some(&t[..]))
            .map(|t| skip + t.len())
    }

    fn is_cue(&self, w: &str) -> bool {
        self.negation_before
            .iter()
            .chain(&self.negation_after)
            .any(|t| t.first().is_some_and(|c| c == w))
    }

    fn term_ends_with_suffix(&self, clause: &[String], start: usize, len: usize) -> bool {
        // The matched term word is a prefix of the text word; if the term itself already
        // ends in the suffix (a sign phrased as a negation), the negation is the sign.
        self.candidates(&clause[start]).any(|(t, _)| {
            // The span may hold a filler word ("haalu sari kudiyuttilla"): compare spans.
            match_span(clause, start, t, &|w| {
                self.starts_a_term(w) || self.is_cue(w)
            }) == Some(len)
                && t.last().is_some_and(|last| {
                    self.negation_suffix
                        .iter()
                        .any(|s| last.ends_with(s.as_str()))
                })
        })
    }
}

impl Lexicon {
    /// Concepts that numbers give: ages ("20 din ka", "10 days old", "age 70") make
    /// populations, durations ("for 3 weeks") make `over_week` and `long_duration`.
    pub fn derive(&self, text: &Text, hits: &[ConceptHit]) -> Derived {
        let at = |clause: usize, start: usize, concept: &str| {
            hits.iter().find(|h| {
                h.clause == clause && h.start == start && h.concept == concept && h.via == "words"
            })
        };
        let near = |clause: usize, from: usize, to: usize, concepts: &[&str]| {
            hits.iter().any(|h| {
                h.clause == clause
                    && concepts.contains(&h.concept.as_str())
                    && h.start >= from
                    && h.start <= to
            })
        };
        const WHO: [&str; 4] = ["infant", "child", "elderly", "age_marker"];
        let mut out = Derived::default();
        for &(ci, wi, n) in &text.numbers {
            let unit = [
                "unit_day",
                "unit_week",
                "unit_month",
                "unit_year",
                "unit_hour",
            ]
            .into_iter()
            .find_map(|u| at(ci, wi + 1, u).map(|h| (u, h.len)));
            let before = |k: usize| (wi.saturating_sub(k), wi.saturating_sub(1));
            let Some((unit, len)) = unit else {
                let (lo, hi) = before(2);
                if wi > 0 && n >= 1.0 && near(ci, lo, hi, &["age_marker"])
                    || self.kin_age(text, hits, ci, wi, n)
                {
                    out.hits
                        .extend(age_population(n * 365.0).map(|p| self.derived(p, ci)));
                    out.consumed.push((ci, wi));
                }
                continue;
            };
            out.consumed.push((ci, wi));
            let days = n * match unit {
                "unit_day" => 1.0,
                "unit_week" => 7.0,
                "unit_month" => 30.0,
                "unit_year" => 365.0,
                _ => 1.0 / 24.0,
            };
            let end = wi + 1 + len;
            // "8 months pregnant" is how far the pregnancy is: neither an age nor a duration.
            if near(ci, wi + 1, end + 2, &["pregnant"]) {
                continue;
            }
            let (lo, hi) = before(4);
            // "10 days old", "3 mahine ka"; "age 70 years"; "my son is 2 years"; "70 saal".
            // The marker may be glued to the unit itself ("১০ দিনের", "10 दिवसांचा").
            // A person named before the number makes it an age only in years ("my son is 2
            // years"): "bachche ko teen din se bukhar" is three days of fever, not a baby.
            let is_age = near(ci, wi + 1, end + 1, &["age_marker"])
                || (wi > 0 && near(ci, lo, hi, &WHO) && unit == "unit_year")
                || (near(ci, end, end, &WHO) && unit != "unit_hour")
                || (unit == "unit_year" && n >= 55.0);
            // "Diabetes for 5 years" is a duration; a bare "3 years" with nobody named is
            // taken as neither, so a child's age never reads as a long fever.
            if unit == "unit_year" && !is_age {
                out.hits.push(self.derived("long_duration", ci));
                continue;
            }
            if is_age {
                out.hits
                    .extend(age_population(days).map(|p| self.derived(p, ci)));
            } else {
                if days >= 7.0 {
                    out.hits.push(self.derived("over_week", ci));
                }
                if days >= 14.0 {
                    out.hits.push(self.derived("long_duration", ci));
                }
            }
        }
        out
    }

    /// "My father is 72", "papa 65 ke hain", "అమ్మకి 70": a bare whole number just after an
    /// adult relative (at most two plain words between) is their age, in a clause that names
    /// no finding nor reading (so "maa ko 103 bukhar" stays a temperature). Only adult ages
    /// (12 to 99): a kinship word says nothing of a child's, and a 100-plus number is a reading.
    fn kin_age(&self, text: &Text, hits: &[ConceptHit], ci: usize, wi: usize, n: f32) -> bool {
        if !(12.0..=99.0).contains(&n) || n.fract() != 0.0 {
            return false;
        }
        let in_clause = |c: usize| {
            hits.iter()
                .filter(move |h| h.clause == c && h.via == "words")
        };
        let names_a_finding = in_clause(ci).any(|h| {
            h.kind == Kind::Finding || self.concepts.get(&h.concept).is_some_and(|c| c.absorbs)
        });
        if names_a_finding {
            return false;
        }
        // "My father, 65, fainted": the number alone between commas, just after the relative.
        if wi == 0 && ci > 0 && text.clauses[ci].len() == 1 {
            let last = text.clauses[ci - 1].len();
            return in_clause(ci - 1).any(|h| h.concept == "adult_kin" && h.start + h.len == last);
        }
        let kin_end = in_clause(ci)
            .filter(|h| h.concept == "adult_kin")
            .map(|h| h.start + h.len)
            .find(|&end| end <= wi && wi - end <= 2);
        let Some(end) = kin_end else {
            return false;
        };
        !in_clause(ci).any(|h| end <= h.start && h.start < wi)
    }

    fn derived(&self, concept: &str, clause: usize) -> ConceptHit {
        let kind = self.concepts.get(concept).map_or(Kind::Unit, |c| c.kind);
        ConceptHit::known(concept, kind, clause, "number")
    }
}

/// What numbers and units say.
#[derive(Debug, Default)]
pub struct Derived {
    /// Populations from ages, and durations.
    pub hits: Vec<ConceptHit>,
    /// Numbers that were an age or a duration (clause, word): not readings.
    pub consumed: Vec<(usize, usize)>,
}

/// The population an age in days belongs to, where it matters to the protocols.
fn age_population(days: f32) -> Option<&'static str> {
    if days < 60.0 {
        Some("infant")
    } else if days < 12.0 * 365.0 {
        Some("child")
    } else if days >= 60.0 * 365.0 {
        Some("elderly")
    } else {
        None
    }
}

/// Whether `t` matches at word `i`, and over how many text words: each of its words starts
/// the corresponding text word, and one short filler word may stand between two of them
/// ("has not passed any urine"). A short Latin word must match whole (or as a plural): "bee"
/// is not "been", "cut" is not "cutting".
fn match_span(
    clause: &[String],
    i: usize,
    t: &Term,
    content: &dyn Fn(&String) -> bool,
) -> Option<usize> {
    let mut at = i;
    for (k, tw) in t.iter().enumerate() {
        let cw = clause.get(at)?;
        if word_ok(tw, cw) {
            at += 1;
            continue;
        }
        // A number may stand inside a term too ("took 20 tablets"); it is still read apart.
        let filler = k > 0 && cw.chars().count() <= 4 && !content(cw);
        if filler && clause.get(at + 1).is_some_and(|next| word_ok(tw, next)) {
            at += 2;
            continue;
        }
        return None;
    }
    Some(at - i)
}

/// Denies, from word `at` back, every hit just before it (`before(hit, at)`) while `more(at)`
/// holds, moving `at` to the earliest of them each time.
fn deny_back(
    found: &[ConceptHit],
    deny: &mut [bool],
    mut at: usize,
    more: impl Fn(usize) -> bool,
    before: impl Fn(&ConceptHit, usize) -> bool,
) {
    while more(at) {
        let these: Vec<usize> = (0..found.len())
            .filter(|&k| before(&found[k], at))
            .collect();
        let Some(from) = these.iter().map(|&k| found[k].start).min() else {
            break;
        };
        for k in these {
            deny[k] = true;
        }
        at = from;
    }
}

/// Whether `word` ends in one of `endings` glued on to a stem of at least two letters.
fn glued(word: &str, endings: &[String]) -> bool {
    endings
        .iter()
        .any(|s| word.ends_with(s.as_str()) && word.chars().count() > s.chars().count() + 1)
}

/// Words that may join the parts of a spoken number (Marathi "शंभर आणि तीन", romanised:
/// "and" and "aur" end a clause, so a number never spans them).
const NUMBER_CONNECTORS: [&str; 2] = ["ani", "aani"];

/// The number two spoken number words make together, if they make one: a count of hundreds
/// ("ek sau": 1 × 100), hundreds and the rest ("sau teen", "ನೂರಾ ಮೂರು": 103, also across
/// a connector), tens and units ("sixty five"). Anything else is two numbers ("do teen din": two
/// or three days).
fn spoken_compound(before: f32, next: f32, adjacent: bool) -> Option<f32> {
    let whole = |n: f32| n.fract() == 0.0 && n >= 1.0;
    if !whole(before) || !whole(next) {
        return None;
    }
    if adjacent && (next == 100.0 || next == 1000.0) && before < next && before < 10.0 {
        return Some(before * next);
    }
    if before >= 100.0 && before % 100.0 == 0.0 && next < 100.0 {
        return Some(before + next);
    }
    if adjacent && (20.0..100.0).contains(&before) && before % 10.0 == 0.0 && next < 10.0 {
        return Some(before + next);
    }
    None
}

/// The index key of a term's first word: its first two characters (one if it has one).
fn index_key(word: &str) -> String {
    word.chars().take(2).collect()
}

/// Whether a text word reads as a term word (see [`match_span`]).
fn word_ok(tw: &str, cw: &str) -> bool {
    if !tw.is_ascii() {
        return cw.starts_with(tw);
    }
    if tw.len() <= 3 {
        return cw == tw || cw.strip_suffix('s') == Some(tw);
    }
    cw.strip_prefix(tw).is_some_and(latin_ending)
}

/// What may follow a Latin term word in the text: an English ending ("bleed-ing") or a
/// short vowel ending of romanised Indic spellings ("bukhar-a"). Anything else is another
/// word: romanised Hindi "sitti" (a whistling breath) must not read "sitting".
fn latin_ending(rest: &str) -> bool {
    const ENDINGS: [&str; 46] = [
        // English
        "s", "es", "ed", "d", "ing", "ings", "er", "ers", "ly", "y", "ies", "ied", "ness", "ful",
        "less", "ion", "ions", "ive", "al", "ic", "ish", "ment", "ity", "ily", "ying",
        // romanised Hindi and Marathi verb and case endings ("phool-ti", "gir-kar", "hil-ta")
        "ta", "ti", "te", "to", "kar", "ke", "ka", "ki", "na", "ne", "ni", "ya", "yi", "ye", "ga",
        "gi", "ge", "la", "li", "le", "lu",
    ];
    rest.is_empty()
        || ENDINGS.contains(&rest)
        || (rest.len() <= 2 && rest.chars().all(|c| "aeiouyhn".contains(c)))
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
        ',' | ';' | ':' | '!' | '?' | '।' | '॥' | '\n' | '(' | ')'
    )
}

/// Words of a clause, with numbers read whole ("101.2", "190/120" as two numbers).
fn words_with_numbers(chunk: &str) -> Vec<(Option<f32>, String)> {
    let mut out = vec![];
    for token in chunk.split_whitespace() {
        for part in token.split('/') {
            let trimmed = part.trim_matches(|c: char| !c.is_ascii_digit() && c != '.');
            let digits_only = !trimmed.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || !c.is_alphanumeric());
            if digits_only {
                if let Ok(n) = trimmed.parse::<f32>() {
                    out.push((Some(n), trimmed.to_owned()));
                    continue;
                }
            }
            // Units glued to numbers ("104f", "39.5c", "3din") keep the number.
            let lead: String = part.chars().take_while(char::is_ascii_digit).collect();
            let rest = &part[lead.len()..];
            if !lead.is_empty() && !rest.is_empty() && rest.chars().all(char::is_alphabetic) {
                if let Ok(n) = lead.parse::<f32>() {
                    out.push((Some(n), lead));
                }
                out.extend(words(rest).into_iter().map(|w| (None, w)));
                continue;
            }
            out.extend(words(part).into_iter().map(|w| (None, w)));
        }
    }
    out
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

pub(crate) fn read_toml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, LexiconError> {
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

    #[test]
    fn spoken_numbers_join_as_they_are_said() {
        assert_eq!(spoken_compound(1.0, 100.0, true), Some(100.0));
        assert_eq!(spoken_compound(100.0, 3.0, true), Some(103.0));
        assert_eq!(spoken_compound(100.0, 3.0, false), Some(103.0));
        assert_eq!(spoken_compound(60.0, 5.0, true), Some(65.0));
        assert_eq!(spoken_compound(2.0, 3.0, true), None, "two or three");
        assert_eq!(
            spoken_compound(20.0, 25.0, true),
            None,
            "twenty or twenty-five"
        );
        assert_eq!(spoken_compound(60.0, 5.0, false), None, "sixty and five");
        assert_eq!(spoken_compound(0.5, 100.0, true), None);
    }

    #[test]
    fn numbers_are_read_whole() {
        let n: Vec<f32> = words_with_numbers("temp 101.2 and bp 190/120, 104F 3din")
            .into_iter()
            .filter_map(|(n, _)| n)
            .collect();
        assert_eq!(n, [101.2, 190.0, 120.0, 104.0, 3.0]);
    }
}
