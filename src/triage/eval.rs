//! Scores triage against labelled utterances: confusion matrix, emergency recall, under- and
//! over-triage and exact accuracy, overall and per language (`doorstep eval-triage FILE`).

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Deserialize;

use super::{PatientContext, Triage, Urgency};

/// One labelled case: `{"text": …, "urgency": …}` (`id`, `lang` optional; others ignored).
#[derive(Debug, Deserialize)]
pub struct Case {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
    pub text: String,
    pub urgency: Urgency,
}

/// The figures for a set of cases.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// matrix[gold][predicted], both indexed by `Urgency as usize`.
    pub matrix: [[usize; 4]; 4],
    pub total: usize,
    /// Cases predicted less urgent than gold: (id, gold, predicted, text).
    pub under_triaged: Vec<(String, Urgency, Urgency, String)>,
    /// Cases predicted more urgent than gold.
    pub over_triaged: Vec<(String, Urgency, Urgency, String)>,
    /// The same figures for each language (`lang`, with `-Latn` kept apart).
    pub by_language: BTreeMap<String, Report>,
}

impl Report {
    pub fn exact_accuracy(&self) -> f64 {
        ratio((0..4).map(|i| self.matrix[i][i]).sum(), self.total)
    }

    pub fn emergency_recall(&self) -> f64 {
        let e = Urgency::Emergency as usize;
        ratio(self.matrix[e][e], self.matrix[e].iter().sum())
    }

    pub fn under_triage_rate(&self) -> f64 {
        ratio(self.under_triaged.len(), self.total)
    }

    pub fn over_triage_rate(&self) -> f64 {
        ratio(self.over_triaged.len(), self.total)
    }

    /// The four rates on one line.
    pub fn figures(&self) -> String {
        format!(
            "emergency recall {:.1}%, under {:.1}%, over {:.1}%, exact {:.1}%",
            100.0 * self.emergency_recall(),
            100.0 * self.under_triage_rate(),
            100.0 * self.over_triage_rate(),
            100.0 * self.exact_accuracy()
        )
    }

    fn add(&mut self, id: &str, text: &str, gold: Urgency, predicted: Urgency) {
        self.matrix[gold as usize][predicted as usize] += 1;
        self.total += 1;
        let case = (id.to_owned(), gold, predicted, text.to_owned());
        if predicted < gold {
            self.under_triaged.push(case);
        } else if predicted > gold {
            self.over_triaged.push(case);
        }
    }

    /// A plain-text rendering for the terminal and for notes.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "gold \\ predicted   low  medium    high  emergency");
        for gold in Urgency::ALL {
            let row = &self.matrix[gold as usize];
            let _ = writeln!(
                s,
                "{:<16} {:>6} {:>7} {:>7} {:>10}",
                gold.as_str(),
                row[0],
                row[1],
                row[2],
                row[3]
            );
        }
        let _ = writeln!(s, "cases: {}", self.total);
        let _ = writeln!(
            s,
            "emergency recall: {:.1}%",
            100.0 * self.emergency_recall()
        );
        let _ = writeln!(
            s,
            "under-triage rate: {:.1}%",
            100.0 * self.under_triage_rate()
        );
        let _ = writeln!(
            s,
            "over-triage rate: {:.1}%",
            100.0 * self.over_triage_rate()
        );
        let _ = writeln!(s, "exact accuracy: {:.1}%", 100.0 * self.exact_accuracy());
        for (id, gold, predicted, text) in &self.under_triaged {
            let _ = writeln!(
                s,
                "under-triaged: {id} gold {gold}, predicted {predicted}: {text}"
            );
        }
        for (id, gold, predicted, text) in &self.over_triaged {
            let _ = writeln!(
                s,
                "over-triaged: {id} gold {gold}, predicted {predicted}: {text}"
            );
        }
        s
    }

    /// One line per language: cases, emergency recall, under, over, exact.
    pub fn render_by_language(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "| language | cases | emergency recall | under-triage | over-triage | exact |"
        );
        let _ = writeln!(s, "| --- | ---: | ---: | ---: | ---: | ---: |");
        let rows = self
            .by_language
            .iter()
            .map(|(l, r)| (l.as_str(), r))
            .chain([("all", self)]);
        for (lang, r) in rows {
            let _ = writeln!(
                s,
                "| {lang} | {} | {:.1}% | {:.1}% | {:.1}% | {:.1}% |",
                r.total,
                100.0 * r.emergency_recall(),
                100.0 * r.under_triage_rate(),
                100.0 * r.over_triage_rate(),
                100.0 * r.exact_accuracy()
            );
        }
        s
    }
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 {
        1.0
    } else {
        n as f64 / d as f64
    }
}

/// The language a case counts under: romanised Tamil ("ta-Latn") counts as Tamil, but
/// romanised Hindi ("hi-Latn") and Hinglish, each a large share of callers, stay apart.
pub fn language_of(case: &Case) -> String {
    match case.lang.as_deref() {
        None => "unknown".into(),
        Some(l @ ("hi-Latn" | "hinglish")) => l.into(),
        Some(l) => l.split('-').next().unwrap_or(l).into(),
    }
}

/// Runs every case through triage as the service does (rules, and embeddings when loaded).
pub fn evaluate(triage: &Triage, cases: &[Case]) -> Report {
    let mut report = Report::default();
    for (i, case) in cases.iter().enumerate() {
        let predicted = triage
            .assess_full(&case.text, &PatientContext::default())
            .urgency;
        let id = case.id.clone().unwrap_or_else(|| format!("line {}", i + 1));
        report.add(&id, &case.text, case.urgency, predicted);
        report
            .by_language
            .entry(language_of(case))
            .or_default()
            .add(&id, &case.text, case.urgency, predicted);
    }
    report
}

/// Reads JSON Lines, naming the line of any bad record.
pub fn read_cases(jsonl: &str) -> Result<Vec<Case>, String> {
    jsonl
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}
