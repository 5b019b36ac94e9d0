//! Scores triage against labelled utterances: confusion matrix, emergency recall,
//! under-triage rate and exact accuracy (`doorstep eval-triage FILE`).

use std::fmt::Write;

use serde::Deserialize;

use super::{PatientContext, Triage, Urgency};

/// One labelled case: `{"text": …, "urgency": …}` (other fields ignored).
#[derive(Debug, Deserialize)]
pub struct Case {
    #[serde(default)]
    pub id: Option<String>,
    pub text: String,
    pub urgency: Urgency,
}

/// The figures.
#[derive(Debug, Default)]
pub struct Report {
    /// matrix[gold][predicted], both indexed by `Urgency as usize`.
    pub matrix: [[usize; 4]; 4],
    pub total: usize,
    /// Cases predicted less urgent than gold, with what was predicted.
    pub under_triaged: Vec<(String, Urgency, Urgency)>,
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
        let _ = writeln!(s, "exact accuracy: {:.1}%", 100.0 * self.exact_accuracy());
        for (id, gold, predicted) in &self.under_triaged {
            let _ = writeln!(s, "under-triaged: {id} gold {gold}, predicted {predicted}");
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

/// Runs every case through the rules.
pub fn evaluate(triage: &Triage, cases: &[Case]) -> Report {
    let mut report = Report::default();
    for (i, case) in cases.iter().enumerate() {
        let predicted = triage
            .assess_full(&case.text, &PatientContext::default())
            .urgency;
        report.matrix[case.urgency as usize][predicted as usize] += 1;
        report.total += 1;
        if predicted < case.urgency {
            let id = case.id.clone().unwrap_or_else(|| format!("line {}", i + 1));
            report.under_triaged.push((id, case.urgency, predicted));
        }
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
