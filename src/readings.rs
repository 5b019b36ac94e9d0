//! Health readings a patient sends by SMS or keys in a call: blood pressure, sugar, weight,
//! temperature and pulse, read from what was typed, checked against plausible ranges, and
//! compared with the danger thresholds of `languages/readings.toml`.
//!
//! It decides what a reading is and how dangerous; it must not store or answer (the record
//! and the channels do).

use std::collections::HashMap;
use std::path::Path;

use fluent_bundle::FluentValue;
use serde::Deserialize;

use crate::languages::{Catalog, Language};
use crate::text::ascii_digits;
use crate::triage::Urgency;

/// What is measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Bp,
    Sugar,
    Weight,
    Temp,
    Pulse,
}

impl Kind {
    /// Every kind, in the keypad menu's order (1 blood pressure … 5 pulse).
    pub const ALL: [Kind; 5] = [Kind::Bp, Kind::Sugar, Kind::Weight, Kind::Temp, Kind::Pulse];

    /// As stored, and in message ids (`reading-bp`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Bp => "bp",
            Kind::Sugar => "sugar",
            Kind::Weight => "weight",
            Kind::Temp => "temp",
            Kind::Pulse => "pulse",
        }
    }

    /// The kind a stored name names.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// When a sugar reading was taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Context {
    #[default]
    Unspecified,
    Fasting,
    AfterFood,
}

impl Context {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Context::Unspecified => "",
            Context::Fasting => "fasting",
            Context::AfterFood => "after-food",
        }
    }
}

/// One reading, in the unit the thresholds use (mmHg, mg/dL, kg, °F, beats a minute).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reading {
    pub kind: Kind,
    pub value: f64,
    /// The bottom number of a blood pressure.
    pub second: Option<f64>,
    pub context: Context,
}

/// Why a typed reading was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// No number where one was expected.
    Unreadable,
    /// A number outside what a living person measures, or a blood pressure upside down.
    Implausible,
}

/// A danger threshold a reading passed.
#[derive(Clone, Debug, PartialEq)]
pub struct Alert {
    pub urgency: Urgency,
    /// The level when the patient also reports a symptom.
    pub with_symptoms: Urgency,
    /// An extra message said with the alert (`low-sugar`).
    pub advice: Option<String>,
    /// The published source of the threshold.
    pub source: String,
}

#[derive(Debug, Deserialize)]
struct KindFile {
    unit: String,
    plausible: [f64; 2],
    plausible_second: Option<[f64; 2]>,
    /// How a patient would send it, for "please send again".
    example: String,
    #[serde(default)]
    alert: Vec<AlertFile>,
}

#[derive(Debug, Deserialize)]
struct AlertFile {
    at_least: Option<f64>,
    second_at_least: Option<f64>,
    below: Option<f64>,
    urgency: Urgency,
    with_symptoms: Urgency,
    advice: Option<String>,
    source: String,
}

impl AlertFile {
    fn matches(&self, r: &Reading) -> bool {
        self.at_least.is_some_and(|t| r.value >= t)
            || self.below.is_some_and(|t| r.value < t)
            || self
                .second_at_least
                .is_some_and(|t| r.second.is_some_and(|s| s >= t))
    }
}

/// Plausible ranges and danger thresholds, loaded once from `languages/readings.toml`.
#[derive(Debug)]
pub struct Thresholds {
    kinds: HashMap<Kind, KindFile>,
}

/// A problem with `readings.toml`.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ThresholdsError {
    path: String,
    message: String,
}

impl Thresholds {
    /// Reads `readings.toml` in the languages directory; every kind must be there.
    pub fn load(languages: &Path) -> Result<Self, ThresholdsError> {
        let path = languages.join("readings.toml");
        let err = |message: String| ThresholdsError {
            path: path.display().to_string(),
            message,
        };
        let raw = std::fs::read_to_string(&path).map_err(|e| err(e.to_string()))?;
        let kinds: HashMap<Kind, KindFile> =
            toml::from_str(&raw).map_err(|e| err(e.to_string()))?;
        if let Some(k) = Kind::ALL.iter().find(|k| !kinds.contains_key(k)) {
            return Err(err(format!("no [{}] table", k.as_str())));
        }
        Ok(Self { kinds })
    }

    fn kind(&self, kind: Kind) -> &KindFile {
        &self.kinds[&kind]
    }

    /// How a patient sends a reading of this kind (`BP 140/90`).
    pub fn example(&self, kind: Kind) -> &str {
        &self.kind(kind).example
    }

    /// The unit a kind is stored in.
    pub fn unit(&self, kind: Kind) -> &str {
        &self.kind(kind).unit
    }

    /// Refuses a reading outside what a living person measures.
    pub fn check(&self, r: Reading) -> Result<Reading, Refused> {
        let k = self.kind(r.kind);
        let within = |v: f64, [lo, hi]: [f64; 2]| (lo..=hi).contains(&v);
        if !within(r.value, k.plausible) {
            return Err(Refused::Implausible);
        }
        match (r.second, k.plausible_second) {
            (Some(s), Some(range)) if !within(s, range) || s >= r.value => {
                Err(Refused::Implausible)
            }
            (None, Some(_)) => Err(Refused::Unreadable),
            _ => Ok(r),
        }
    }

    /// The first danger threshold the reading passes.
    pub fn alert(&self, r: &Reading) -> Option<Alert> {
        self.kind(r.kind)
            .alert
            .iter()
            .find(|a| a.matches(r))
            .map(|a| Alert {
                urgency: a.urgency,
                with_symptoms: a.with_symptoms,
                advice: a.advice.clone(),
                source: a.source.clone(),
            })
    }
}

/// Reads a reading of `kind` from what followed its keyword (`140/90`, `180 fasting`,
/// `38.5 C`, `१४०/९०`); `fasting` and `after_food` are the sender's language's words.
/// Returns the reading and any words left over (symptoms, which the caller triages).
pub fn parse(
    kind: Kind,
    rest: &str,
    fasting: &[String],
    after_food: &[String],
) -> Result<(Reading, String), Refused> {
    let text = ascii_digits(rest).to_lowercase();
    let (numbers, leftover) = leading_numbers(&text);
    let Some(&first) = numbers.first() else {
        return Err(Refused::Unreadable);
    };
    let mut reading = Reading {
        kind,
        value: first,
        second: None,
        context: Context::Unspecified,
    };
    let mut leftover = leftover.trim().to_owned();
    match kind {
        Kind::Bp => reading.second = numbers.get(1).copied(),
        Kind::Temp => {
            // A unit only when it stands alone: "38 c", "101f" — not the c of "chills".
            let unit = |u: &str| starts_with_words(&leftover, u);
            let celsius = unit("c") || unit("°c");
            let fahrenheit = unit("f") || unit("°f");
            if celsius || (!fahrenheit && first <= 45.0) {
                reading.value = (first * 9.0 / 5.0 + 32.0) * 10.0;
                reading.value = reading.value.round() / 10.0;
            }
            leftover = strip_unit(&leftover, &["°c", "°f", "c", "f"]);
        }
        Kind::Sugar => {
            if leftover.starts_with("mmol") {
                reading.value = (first * 18.0).round();
            }
            leftover = strip_unit(&leftover, &["mg/dl", "mgdl", "mg", "mmol/l", "mmol"]);
            let has = |words: &[String]| {
                words
                    .iter()
                    .find(|w| starts_with_words(&leftover, &w.to_lowercase()))
                    .cloned()
            };
            if let Some(w) = has(fasting) {
                reading.context = Context::Fasting;
                leftover = leftover[w.len()..].trim().to_owned();
            } else if let Some(w) = has(after_food) {
                reading.context = Context::AfterFood;
                leftover = leftover[w.len()..].trim().to_owned();
            }
        }
        Kind::Weight => leftover = strip_unit(&leftover, &["kgs", "kg"]),
        Kind::Pulse => leftover = strip_unit(&leftover, &["bpm", "/min"]),
    }
    Ok((reading, leftover))
}

/// The numbers at the start of a text (separated by `/`, `-`, spaces), and what follows.
fn leading_numbers(text: &str) -> (Vec<f64>, &str) {
    let mut numbers = vec![];
    let mut rest = text.trim_start();
    loop {
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(rest.len());
        let token = rest[..end].replace(',', ".");
        match token.trim_end_matches('.').parse::<f64>() {
            Ok(n) if numbers.len() < 2 => numbers.push(n),
            _ => return (numbers, rest),
        }
        rest = &rest[end..];
        let after_unit = rest.trim_start_matches("mmhg").trim_start();
        let separated = after_unit.trim_start_matches(['/', '-', '\\']).trim_start();
        if separated.starts_with(|c: char| c.is_ascii_digit()) {
            rest = separated;
        } else {
            return (numbers, rest.trim_start_matches("mmhg"));
        }
    }
}

fn strip_unit(text: &str, units: &[&str]) -> String {
    for u in units {
        if let Some(rest) = text.strip_prefix(u) {
            if rest.is_empty() || rest.starts_with(|c: char| !c.is_alphanumeric()) {
                return rest.trim().to_owned();
            }
        }
    }
    text.to_owned()
}

fn starts_with_words(text: &str, phrase: &str) -> bool {
    text.strip_prefix(phrase)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(|c: char| !c.is_alphanumeric()))
}

/// A reading as a reply or a prompt says it: `BP 140/90`, `Sugar 180 mg/dL fasting`.
pub fn describe(catalog: &Catalog, lang: &Language, r: &Reading) -> String {
    let value = number(r.value);
    let args: Vec<(&str, FluentValue)> = match r.second {
        Some(second) => vec![("top", value.into()), ("bottom", number(second).into())],
        None => vec![("value", value.into())],
    };
    let id = match (r.kind, r.context) {
        (Kind::Sugar, Context::Fasting) => "reading-sugar-fasting".to_owned(),
        (Kind::Sugar, Context::AfterFood) => "reading-sugar-after-food".to_owned(),
        (kind, _) => format!("reading-{}", kind.as_str()),
    };
    catalog.text(lang, &id, &args)
}

/// A reading's number as a person writes it: `140`, `101.2`.
pub fn number(v: f64) -> String {
    if (v - v.round()).abs() < 0.05 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn thresholds() -> Thresholds {
        Thresholds::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("languages")).unwrap()
    }

    fn read(kind: Kind, text: &str) -> Result<Reading, Refused> {
        let fasting = vec!["fasting".to_owned(), "khali pet".to_owned()];
        let after = vec!["after food".to_owned(), "pp".to_owned()];
        let (r, _) = parse(kind, text, &fasting, &after)?;
        thresholds().check(r)
    }

    #[test]
    fn blood_pressure_is_read_in_the_ways_people_write_it() {
        for text in [
            "140/90",
            "140 / 90",
            "140 90",
            "140-90",
            "140/90mmHg",
            "१४०/९०",
        ] {
            let r = read(Kind::Bp, text).unwrap();
            assert_eq!((r.value, r.second), (140.0, Some(90.0)), "{text}");
        }
        assert_eq!(read(Kind::Bp, "140"), Err(Refused::Unreadable));
        assert_eq!(read(Kind::Bp, "90/140"), Err(Refused::Implausible));
        assert_eq!(read(Kind::Bp, "1400/90"), Err(Refused::Implausible));
        assert_eq!(read(Kind::Bp, "high"), Err(Refused::Unreadable));
    }

    #[test]
    fn units_and_contexts_are_understood() {
        let r = read(Kind::Temp, "38.5 C").unwrap();
        assert_eq!(r.value, 101.3);
        assert_eq!(read(Kind::Temp, "39").unwrap().value, 102.2);
        assert_eq!(read(Kind::Temp, "101.2F").unwrap().value, 101.2);
        assert_eq!(read(Kind::Temp, "60"), Err(Refused::Implausible));
        let s = read(Kind::Sugar, "180 mg/dL fasting").unwrap();
        assert_eq!((s.value, s.context), (180.0, Context::Fasting));
        assert_eq!(read(Kind::Sugar, "7 mmol").unwrap().value, 126.0);
        assert_eq!(
            read(Kind::Sugar, "210 after food").unwrap().context,
            Context::AfterFood
        );
        assert_eq!(read(Kind::Weight, "62kg").unwrap().value, 62.0);
        assert_eq!(read(Kind::Weight, "0"), Err(Refused::Implausible));
        assert_eq!(read(Kind::Pulse, "300"), Err(Refused::Implausible));
    }

    #[test]
    fn a_unit_is_a_word_of_its_own() {
        assert_eq!(read(Kind::Temp, "104 chills").unwrap().value, 104.0);
        assert_eq!(read(Kind::Temp, "39 fever").unwrap().value, 102.2);
        assert_eq!(read(Kind::Temp, "39 c").unwrap().value, 102.2);
    }

    #[test]
    fn words_after_a_reading_are_left_for_triage() {
        let (r, rest) = parse(Kind::Bp, "190/125 severe headache", &[], &[]).unwrap();
        assert_eq!(r.second, Some(125.0));
        assert_eq!(rest, "severe headache");
    }

    #[test]
    fn danger_thresholds_follow_their_sources() {
        let t = thresholds();
        let alert = |kind, text| t.alert(&read(kind, text).unwrap()).map(|a| a.urgency);
        assert_eq!(alert(Kind::Bp, "140/90"), None);
        assert_eq!(alert(Kind::Bp, "185/100"), Some(Urgency::High));
        assert_eq!(alert(Kind::Bp, "150/121"), Some(Urgency::High));
        assert_eq!(alert(Kind::Sugar, "65"), Some(Urgency::High));
        assert_eq!(alert(Kind::Sugar, "45"), Some(Urgency::Emergency));
        assert_eq!(alert(Kind::Sugar, "420"), Some(Urgency::High));
        assert_eq!(alert(Kind::Sugar, "650"), Some(Urgency::Emergency));
        assert_eq!(alert(Kind::Sugar, "110"), None);
        assert_eq!(alert(Kind::Temp, "104.5"), Some(Urgency::High));
        assert_eq!(alert(Kind::Temp, "107"), Some(Urgency::Emergency));
        assert_eq!(alert(Kind::Temp, "99"), None);
        assert_eq!(alert(Kind::Pulse, "35"), Some(Urgency::High));
        assert_eq!(alert(Kind::Weight, "62"), None);
        let low = t.alert(&read(Kind::Sugar, "60").unwrap()).unwrap();
        assert_eq!(low.with_symptoms, Urgency::Emergency);
        assert_eq!(low.advice.as_deref(), Some("low-sugar"));
        assert!(low.source.contains("ADA"));
    }

    proptest! {
        #[test]
        fn parsing_never_panics(s in any::<String>()) {
            for kind in Kind::ALL {
                if let Ok((r, _)) = parse(kind, &s, &[], &[]) {
                    let _ = thresholds().check(r);
                }
            }
        }
    }
}
