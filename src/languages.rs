//! The languages callers can use, loaded from `languages/<code>/` at start-up.
//!
//! Each directory holds `language.toml` (keypad digit, Twilio voice, script, SMS keywords),
//! `voice.ftl` (what callers hear) and `sms.ftl` (what texts say), in Fluent, and optionally
//! `staff.ftl` (answers to doctors' and pharmacists' SMS commands) and `console.ftl` (the
//! web console's text). Adding a language
//! is adding a directory. This module owns lookup and fallback; it must not hold any text itself.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::Deserialize;

/// The language every other one falls back to for a missing message.
const FALLBACK: &str = "en";

/// A language the catalog knows; built only by [`Catalog`], so it is always valid.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Language(Arc<str>);

impl Language {
    /// The short code (`hi`, `en`, …) used in storage and URLs.
    pub fn code(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Language({})", self.0)
    }
}

/// SMS commands a sender can type, in any language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Keyword {
    Help,
    Lang,
    Doctor,
    Med,
    Status,
    Stop,
    Start,
    Order,
    Bp,
    Sugar,
    Weight,
    Temp,
    Pulse,
    Readings,
    Allergy,
    Condition,
    Meds,
    Profile,
    Remove,
    Hide,
    Show,
    For,
    Remind,
}

/// Words read inside commands (not as their first word), per language.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct CommandWords {
    /// A sugar reading taken fasting.
    #[serde(default)]
    pub fasting: Vec<String>,
    /// A sugar reading taken after food.
    #[serde(default)]
    pub after_food: Vec<String>,
    /// REMIND by a call rather than SMS.
    #[serde(default)]
    pub call: Vec<String>,
}

/// `language.toml`.
#[derive(Debug, Deserialize)]
struct LanguageFile {
    code: String,
    /// The language's name in itself, as callers and texters see it.
    name: String,
    /// The language's name in English, for LLM prompts.
    english_name: String,
    menu_digit: u32,
    /// BCP-47 code for Twilio `<Say language=…>`.
    say_language: String,
    say_voice: Option<String>,
    /// First and last code point (hex) of the script's Unicode block, for detection.
    script_range: Option<[String; 2]>,
    /// Shares its script with a more widely used language and should not claim it.
    #[serde(default)]
    script_secondary: bool,
    #[serde(default)]
    sms_keywords: HashMap<Keyword, Vec<String>>,
    #[serde(default)]
    command_words: CommandWords,
    /// What a caller says over a media stream without meaning to interrupt.
    #[serde(default)]
    acknowledgements: Vec<String>,
    /// Spoken answers to a yes/no question over a media stream (keys 1 and 2).
    #[serde(default)]
    yes: Vec<String>,
    #[serde(default)]
    no: Vec<String>,
}

/// One loaded language.
pub struct LanguageInfo {
    pub language: Language,
    pub name: String,
    english_name: String,
    pub menu_digit: u32,
    pub say_language: String,
    pub say_voice: Option<String>,
    /// Short words ("hmm", "haan", "achha") that do not interrupt the line while it speaks
    /// over a media stream, lowercased.
    pub acknowledgements: Vec<String>,
    /// Words that answer a yes/no question spoken over a media stream, lowercased.
    pub yes: Vec<String>,
    pub no: Vec<String>,
    script: Option<(char, char)>,
    script_secondary: bool,
    bundle: FluentBundle<FluentResource>,
    /// Every message id defined, to check that translations are complete.
    message_ids: Vec<String>,
}

/// Why the catalog failed to load.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

impl LanguageInfo {
    /// Whether the language has its own script (English does not).
    pub fn has_script(&self) -> bool {
        self.script.is_some()
    }

    /// The language's name in English, for prompts written in English.
    pub fn english_name(&self) -> &str {
        &self.english_name
    }
}

/// Every language, its texts and its SMS keywords.
pub struct Catalog {
    languages: Vec<LanguageInfo>,
    keywords: HashMap<String, (Keyword, Language)>,
    /// Words read inside commands, in every language at once (lower-cased, longest first).
    words_inside: CommandWords,
}

impl Catalog {
    /// Loads every `languages/<code>/` directory under `dir` (`protocols/` holds no language).
    pub fn load(dir: &Path) -> Result<Self, CatalogError> {
        let entries = std::fs::read_dir(dir).map_err(|source| io_err(dir, source))?;
        let mut dirs: Vec<_> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n != "protocols"))
            .collect();
        dirs.sort();
        let mut loaded = dirs
            .iter()
            .map(|d| load_language(d))
            .collect::<Result<Vec<_>, _>>()?;
        // English first, so a shared Latin word ("DOCTOR") reads as English; then keypad
        // order, so Hindi owns "madad" before Gujarati does.
        loaded.sort_by_key(|(info, _, _)| (info.language.code() != FALLBACK, info.menu_digit));
        let mut keywords = HashMap::new();
        let mut words_inside = CommandWords::default();
        for (_, _, w) in &loaded {
            words_inside
                .fasting
                .extend(w.fasting.iter().map(|s| s.to_lowercase()));
            words_inside
                .after_food
                .extend(w.after_food.iter().map(|s| s.to_lowercase()));
            words_inside
                .call
                .extend(w.call.iter().map(|s| s.to_lowercase()));
        }
        // Longest first, so "after food" is read before "after".
        for list in [
            &mut words_inside.fasting,
            &mut words_inside.after_food,
            &mut words_inside.call,
        ] {
            list.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        }
        for (info, words, _) in &loaded {
            for (kw, list) in words {
                for w in list {
                    // A romanised word shared by several languages belongs to the first in
                    // keypad order (Hindi before Gujarati for "madad").
                    keywords
                        .entry(normalise_keyword(w))
                        .or_insert((*kw, info.language.clone()));
                }
            }
        }
        let mut languages: Vec<LanguageInfo> =
            loaded.into_iter().map(|(info, _, _)| info).collect();
        languages.sort_by_key(|l| l.menu_digit);
        let catalog = Self {
            languages,
            keywords,
            words_inside,
        };
        catalog.check()?;
        Ok(catalog)
    }

    fn check(&self) -> Result<(), CatalogError> {
        let invalid = |message: String| CatalogError::Invalid {
            path: "languages/".into(),
            message,
        };
        if self.get(FALLBACK).is_none() {
            return Err(invalid(format!(
                "the fallback language '{FALLBACK}' is missing"
            )));
        }
        let mut digits: Vec<u32> = self.languages.iter().map(|l| l.menu_digit).collect();
        digits.dedup();
        if digits.len() != self.languages.len() || digits.iter().any(|d| !(1..=9).contains(d)) {
            return Err(invalid(
                "menu digits must be distinct and within 1-9".into(),
            ));
        }
        Ok(())
    }

    /// Words read inside commands (a sugar reading's context, REMIND's channel), in every
    /// language: a sender may mix them.
    pub fn command_words(&self) -> &CommandWords {
        &self.words_inside
    }

    /// Every language, in keypad order.
    pub fn languages(&self) -> &[LanguageInfo] {
        &self.languages
    }

    /// The language with this code.
    pub fn get(&self, code: &str) -> Option<&LanguageInfo> {
        self.languages.iter().find(|l| l.language.code() == code)
    }

    /// Parses a stored or typed language code.
    pub fn parse(&self, code: &str) -> Option<Language> {
        self.get(code.trim()).map(|l| l.language.clone())
    }

    /// The language picked by a keypad digit in the language menu.
    pub fn by_digit(&self, digit: u32) -> Option<Language> {
        self.languages
            .iter()
            .find(|l| l.menu_digit == digit)
            .map(|l| l.language.clone())
    }

    /// English, the language every missing text falls back to.
    pub fn fallback(&self) -> Language {
        self.parse(FALLBACK).expect("checked at load")
    }

    /// Finds a language by its own name or code, as typed after `LANG`.
    pub fn find(&self, typed: &str) -> Option<Language> {
        let t = typed.trim().to_lowercase();
        if let Ok(d) = t.parse::<u32>() {
            return self.by_digit(d);
        }
        self.languages
            .iter()
            .find(|l| l.language.code() == t || l.name.to_lowercase() == t)
            .map(|l| l.language.clone())
    }

    /// The language whose script most letters of `text` are in, if any is non-Latin.
    pub fn detect_script(&self, text: &str) -> Option<Language> {
        let mut counts: HashMap<usize, usize> = HashMap::new();
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            let hit = self.languages.iter().enumerate().find(|(_, l)| {
                !l.script_secondary && l.script.is_some_and(|(lo, hi)| (lo..=hi).contains(&c))
            });
            if let Some((i, _)) = hit {
                *counts.entry(i).or_default() += 1;
            }
        }
        let best = counts
            .into_iter()
            .max_by_key(|&(i, n)| (n, std::cmp::Reverse(i)))?;
        Some(self.languages[best.0].language.clone())
    }

    /// Whether `text` is in the script of `language` (so a stored Marathi speaker writing
    /// Devanagari stays Marathi rather than becoming Hindi).
    pub fn uses_script_of(&self, language: &Language, text: &str) -> bool {
        let Some((lo, hi)) = self.get(language.code()).and_then(|l| l.script) else {
            return false;
        };
        text.chars().any(|c| (lo..=hi).contains(&c))
    }

    /// The command a word names, in whichever language it was typed.
    pub fn keyword(&self, word: &str) -> Option<(Keyword, Language)> {
        self.keywords.get(&normalise_keyword(word)).cloned()
    }

    /// A text in `language`, falling back to English, then to the message id itself.
    pub fn text(&self, language: &Language, id: &str, args: &[(&str, FluentValue)]) -> String {
        let candidates = [language.code(), FALLBACK];
        for code in candidates {
            let Some(info) = self.get(code) else { continue };
            let Some(pattern) = info.bundle.get_message(id).and_then(|m| m.value()) else {
                continue;
            };
            let mut fargs = FluentArgs::new();
            for (k, v) in args {
                fargs.set(*k, v.clone());
            }
            let mut errors = vec![];
            let out = info
                .bundle
                .format_pattern(pattern, Some(&fargs), &mut errors);
            if errors.is_empty() {
                return out.into_owned();
            }
            tracing::warn!(language = code, id, ?errors, "message failed to format");
        }
        tracing::error!(id, "message missing from every language");
        id.to_owned()
    }

    /// Every spoken message of a language that needs no arguments, formatted: the fixed
    /// prompts worth synthesising ahead of the first caller.
    pub fn fixed_prompts(&self, language: &Language) -> Vec<String> {
        let Some(info) = self.get(language.code()) else {
            return vec![];
        };
        info.message_ids
            .iter()
            .filter(|id| !id.starts_with("sms-") && !id.starts_with("order-status-"))
            .filter_map(|id| {
                let pattern = info.bundle.get_message(id)?.value()?;
                let mut errors = vec![];
                let text = info.bundle.format_pattern(pattern, None, &mut errors);
                errors.is_empty().then(|| text.into_owned())
            })
            .collect()
    }

    /// Message ids present in English but missing in `language` (for tests and `doctor` checks).
    pub fn missing_messages(&self, language: &Language) -> Vec<String> {
        let (Some(en), Some(other)) = (self.get(FALLBACK), self.get(language.code())) else {
            return vec![];
        };
        en.message_ids
            .iter()
            .filter(|id| !other.bundle.has_message(id))
            .cloned()
            .collect()
    }
}

/// Lower-cased, trimmed of punctuation; Indic scripts have no case so they pass unchanged.
/// How many words of `text` are not acknowledgements (whole phrases among them: "theek
/// hai"), as a media stream reads a caller who speaks over it or answers a question.
pub fn content_words(text: &str, acknowledgements: &[String]) -> usize {
    let lower = text.to_lowercase();
    let mut rest = format!(
        " {} ",
        lower.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    // Longest first, so "theek hai" goes before "theek".
    let mut acks: Vec<&String> = acknowledgements.iter().collect();
    acks.sort_by_key(|a| std::cmp::Reverse(a.len()));
    for a in acks {
        rest = rest.replace(&format!(" {a} "), " ");
    }
    rest.split_whitespace().count()
}

fn normalise_keyword(word: &str) -> String {
    word.trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
        .to_lowercase()
}

fn io_err(path: &Path, source: std::io::Error) -> CatalogError {
    CatalogError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// A language as read from its directory: its info, SMS keywords and words inside commands.
type Loaded = (LanguageInfo, HashMap<Keyword, Vec<String>>, CommandWords);

fn load_language(dir: &Path) -> Result<Loaded, CatalogError> {
    let toml_path = dir.join("language.toml");
    let raw = std::fs::read_to_string(&toml_path).map_err(|e| io_err(&toml_path, e))?;
    let file: LanguageFile = toml::from_str(&raw).map_err(|e| CatalogError::Invalid {
        path: toml_path.display().to_string(),
        message: e.to_string(),
    })?;
    let invalid = |message: String| CatalogError::Invalid {
        path: dir.display().to_string(),
        message,
    };
    let langid: unic_langid::LanguageIdentifier = file
        .code
        .parse()
        .map_err(|_| invalid(format!("'{}' is not a language code", file.code)))?;
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    let mut message_ids = vec![];
    // Isolation marks would be spoken by TTS and cost SMS characters.
    bundle.set_use_isolating(false);
    for name in [
        "voice.ftl",
        "sms.ftl",
        "triage.ftl",
        "record.ftl",
        "staff.ftl",
        "console.ftl",
    ] {
        let path = dir.join(name);
        // `staff.ftl` (doctors' and pharmacists' SMS) and `console.ftl` (the web console) are
        // optional: English answers for languages that do not have them.
        let is_staff = name == "staff.ftl" || name == "console.ftl";
        if is_staff && !path.exists() {
            continue;
        }
        let source = std::fs::read_to_string(&path).map_err(|e| io_err(&path, e))?;
        message_ids.extend(
            source
                .lines()
                .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
                .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_owned()))
                .filter(|_| !is_staff),
        );
        let resource = FluentResource::try_new(source)
            .map_err(|(_, errs)| invalid(format!("{name}: {errs:?}")))?;
        bundle
            .add_resource(resource)
            .map_err(|errs| invalid(format!("{name}: {errs:?}")))?;
    }
    let script = match &file.script_range {
        Some([lo, hi]) => Some((
            parse_code_point(lo).ok_or_else(|| invalid(lo.clone()))?,
            parse_code_point(hi).ok_or_else(|| invalid(hi.clone()))?,
        )),
        None => None,
    };
    let info = LanguageInfo {
        language: Language(Arc::from(file.code.as_str())),
        name: file.name,
        english_name: file.english_name,
        menu_digit: file.menu_digit,
        say_language: file.say_language,
        say_voice: file.say_voice,
        acknowledgements: file
            .acknowledgements
            .iter()
            .map(|w| w.trim().to_lowercase())
            .collect(),
        yes: file.yes.iter().map(|w| w.trim().to_lowercase()).collect(),
        no: file.no.iter().map(|w| w.trim().to_lowercase()).collect(),
        script,
        script_secondary: file.script_secondary,
        bundle,
        message_ids,
    };
    Ok((info, file.sms_keywords, file.command_words))
}

fn parse_code_point(hex: &str) -> Option<char> {
    u32::from_str_radix(hex.trim_start_matches("U+"), 16)
        .ok()
        .and_then(char::from_u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("languages"))
            .expect("languages load")
    }

    #[test]
    fn nine_languages_load_in_keypad_order() {
        let c = catalog();
        let codes: Vec<&str> = c.languages().iter().map(|l| l.language.code()).collect();
        assert_eq!(
            codes,
            ["hi", "en", "bn", "mr", "te", "ta", "gu", "kn", "ml"]
        );
        assert_eq!(c.get("hi").unwrap().say_language, "hi-IN");
    }

    #[test]
    fn every_language_has_every_english_message() {
        let c = catalog();
        for l in c.languages() {
            assert_eq!(
                c.missing_messages(&l.language),
                Vec::<String>::new(),
                "{}",
                l.language
            );
        }
    }

    #[test]
    fn scripts_pick_the_language_and_latin_picks_none() {
        let c = catalog();
        assert_eq!(c.detect_script("मुझे बुखार है").unwrap().code(), "hi");
        assert_eq!(c.detect_script("আমার জ্বর").unwrap().code(), "bn");
        assert_eq!(c.detect_script("எனக்கு காய்ச்சல்").unwrap().code(), "ta");
        assert_eq!(c.detect_script("నాకు జ్వరం").unwrap().code(), "te");
        assert_eq!(c.detect_script("mujhe bukhar hai"), None);
        let mr = c.parse("mr").unwrap();
        assert!(c.uses_script_of(&mr, "मला ताप आहे"));
    }

    #[test]
    fn keywords_are_found_in_native_script_and_romanised() {
        let c = catalog();
        assert_eq!(c.keyword("मदद").unwrap().0, Keyword::Help);
        assert_eq!(c.keyword("Madad").unwrap().0, Keyword::Help);
        assert_eq!(c.keyword("help!").unwrap().0, Keyword::Help);
        assert_eq!(
            c.keyword("ওষুধ").unwrap(),
            (Keyword::Med, c.parse("bn").unwrap())
        );
        assert_eq!(c.keyword("banana"), None);
    }

    #[test]
    fn missing_arguments_do_not_panic_and_unknown_ids_fall_back_to_the_id() {
        let c = catalog();
        let hi = c.parse("hi").unwrap();
        assert_eq!(c.text(&hi, "no-such-message", &[]), "no-such-message");
        assert!(!c.text(&hi, "callback-booked", &[]).is_empty());
    }
}
