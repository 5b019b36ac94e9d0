//! Guidance in the caller's words: an LLM phrases advice for the urgency the rules found, a
//! guard checks every reply, and fixed templates from `languages/` answer whenever the LLM is
//! absent, slow, wrong or unsafe. The LLM may raise urgency (up to `high`), never lower it;
//! only the rules decide `emergency`, and emergencies are answered by template at once.

use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use fluent_bundle::FluentValue;
use serde::{Deserialize, Serialize};

use super::lexicon::words;
use super::{Assessment, Urgency};
use crate::languages::{Catalog, Language};

/// One chat message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChatMessage {
    pub role: String,
    pub content: String,
}

/// Why a model gave no reply.
#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    #[error("LLM request failed: {0}")]
    Request(String),
    #[error("LLM answered {status}: {body}")]
    Status { status: u16, body: String },
    #[error("LLM reply had no content")]
    Empty,
    #[error("LLM failed: {0}")]
    Model(String),
}

/// A boxed future, so models can sit behind `dyn ChatModel`.
pub type ChatFuture<'a> = Pin<Box<dyn Future<Output = Result<String, LlmError>> + Send + 'a>>;

/// Something that answers a chat: an embedded model or a remote endpoint.
pub trait ChatModel: Send + Sync {
    /// Completes the conversation with at most `max_tokens` new tokens.
    fn chat<'a>(&'a self, messages: &'a [ChatMessage], max_tokens: u32) -> ChatFuture<'a>;
    /// Names the model, for logs and stored conversations.
    fn name(&self) -> String;
}

/// Any OpenAI-compatible chat-completions endpoint: OpenAI, Ollama, vLLM, llama.cpp server.
pub struct OpenAiCompatible {
    client: reqwest::Client,
    /// e.g. `http://127.0.0.1:11434/v1`; `/chat/completions` is appended.
    base_url: String,
    model: String,
    api_key: Option<String>,
}

impl OpenAiCompatible {
    pub fn new(base_url: &str, model: &str, api_key: Option<String>) -> Self {
        Self {
            client: reqwest::Client::new(),
            base_url: base_url.trim_end_matches('/').to_owned(),
            model: model.to_owned(),
            api_key,
        }
    }
}

#[derive(Deserialize)]
struct CompletionResponse {
    choices: Vec<Choice>,
}

#[derive(Deserialize)]
struct Choice {
    message: ChatMessage,
}

impl ChatModel for OpenAiCompatible {
    fn chat<'a>(&'a self, messages: &'a [ChatMessage], max_tokens: u32) -> ChatFuture<'a> {
        Box::pin(async move {
            let body = serde_json::json!({
                "model": self.model, "messages": messages, "max_tokens": max_tokens,
                "temperature": 0.2, "stream": false,
            });
            let mut req = self
                .client
                .post(format!("{}/chat/completions", self.base_url))
                .json(&body);
            if let Some(key) = &self.api_key {
                req = req.bearer_auth(key);
            }
            let resp = req
                .send()
                .await
                .map_err(|e| LlmError::Request(e.to_string()))?;
            let status = resp.status().as_u16();
            if status != 200 {
                let body: String = resp
                    .text()
                    .await
                    .unwrap_or_default()
                    .chars()
                    .take(200)
                    .collect();
                return Err(LlmError::Status { status, body });
            }
            let parsed: CompletionResponse = resp
                .json()
                .await
                .map_err(|e| LlmError::Request(e.to_string()))?;
            let content = parsed
                .choices
                .into_iter()
                .next()
                .map(|c| c.message.content)
                .unwrap_or_default();
            if content.trim().is_empty() {
                return Err(LlmError::Empty);
            }
            Ok(content)
        })
    }

    fn name(&self) -> String {
        format!("openai-compatible:{}", self.model)
    }
}

/// Where a reply is going: a voice reply is two short sentences, an SMS two segments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    Voice,
    Sms,
}

/// What the caller is told.
#[derive(Clone, Debug, PartialEq)]
pub struct Guidance {
    pub text: String,
    /// The urgency after the LLM's say (never below the rules').
    pub urgency: Urgency,
    /// `template`, or the model's name when its reply passed the guard.
    pub source: String,
}

/// Prompt text and guard word lists, from `prompts/`.
pub struct Prompts {
    guidance: String,
    medicines: Vec<Vec<String>>,
    diagnosis: Vec<String>,
}

impl Prompts {
    /// Reads `guidance.txt`, `guard_medicines.txt` and `guard_diagnosis.txt`.
    pub fn load(dir: &Path) -> std::io::Result<Self> {
        let read = |name: &str| std::fs::read_to_string(dir.join(name));
        let list = |raw: String| -> Vec<String> {
            raw.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_lowercase)
                .collect()
        };
        Ok(Self {
            guidance: read("guidance.txt")?,
            medicines: list(read("guard_medicines.txt")?)
                .iter()
                .map(|m| words(m))
                .collect(),
            diagnosis: list(read("guard_diagnosis.txt")?),
        })
    }
}

/// The guidance service: templates always, a model when configured.
pub struct Guide {
    model: Option<Arc<dyn ChatModel>>,
    prompts: Prompts,
    /// How long a model may take before the template answers instead.
    timeout: Duration,
}

/// Why a model's reply was not used.
#[derive(Debug, PartialEq)]
pub enum Rejected {
    NotInForm,
    NamesMedicine(String),
    Diagnoses(String),
    WrongLanguage,
    TooLong,
}

impl Guide {
    pub fn new(model: Option<Arc<dyn ChatModel>>, prompts: Prompts, timeout: Duration) -> Self {
        Self {
            model,
            prompts,
            timeout,
        }
    }

    /// Whether a model is configured.
    pub fn has_model(&self) -> bool {
        self.model.is_some()
    }

    /// Advice for an assessed text, in `lang`, for `channel`. Never fails.
    pub async fn advise(
        &self,
        catalog: &Catalog,
        lang: &Language,
        text: &str,
        assessment: &Assessment,
        channel: Channel,
        emergency: &str,
    ) -> Guidance {
        let template = |u: Urgency| Guidance {
            text: template(catalog, lang, u, emergency),
            urgency: u,
            source: "template".into(),
        };
        let Some(model) = &self.model else {
            return template(assessment.urgency);
        };
        if assessment.urgency == Urgency::Emergency || assessment.unclear {
            return template(assessment.urgency);
        }
        let messages = self.messages(catalog, lang, text, assessment, emergency);
        let reply = match tokio::time::timeout(self.timeout, model.chat(&messages, 120)).await {
            Ok(Ok(reply)) => reply,
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "LLM failed; answering with the template");
                return template(assessment.urgency);
            }
            Err(_) => {
                tracing::warn!(
                    timeout_ms = self.timeout.as_millis() as u64,
                    "LLM too slow; answering with the template"
                );
                return template(assessment.urgency);
            }
        };
        match self.check(catalog, lang, &reply, channel) {
            Ok((advice, suggested)) => {
                // The model may raise the urgency, up to `high`; emergencies are the rules' call.
                let urgency = assessment.urgency.max(suggested.min(Urgency::High));
                if urgency != suggested.min(Urgency::High) || urgency > assessment.urgency {
                    // Raised: say the more urgent template. Lower than the rules: the model's
                    // words would under-triage, so the rules' template speaks instead.
                    return template(urgency);
                }
                Guidance {
                    text: advice,
                    urgency,
                    source: model.name(),
                }
            }
            Err(why) => {
                tracing::warn!(
                    ?why,
                    "LLM reply failed the guard; answering with the template"
                );
                template(assessment.urgency)
            }
        }
    }

    fn messages(
        &self,
        catalog: &Catalog,
        lang: &Language,
        text: &str,
        a: &Assessment,
        emergency: &str,
    ) -> Vec<ChatMessage> {
        let language = catalog
            .get(lang.code())
            .map(|l| format!("{} ({})", l.english_name(), l.name))
            .unwrap_or_else(|| lang.code().to_owned());
        let meaning = match a.urgency {
            Urgency::Low => "self-care at home",
            Urgency::Medium => "see a doctor within days",
            Urgency::High => "see a doctor today",
            Urgency::Emergency => "go to hospital now",
        };
        let flags = if a.red_flags.is_empty() {
            "none".to_owned()
        } else {
            a.red_flags.join(", ").replace('_', " ")
        };
        let system = self
            .prompts
            .guidance
            .replace("{language}", &language)
            .replace("{urgency}", a.urgency.as_str())
            .replace("{urgency_meaning}", meaning)
            .replace("{red_flags}", &flags)
            .replace("{emergency}", emergency);
        let user: String = text.chars().take(super::MAX_INPUT_CHARS).collect();
        vec![
            ChatMessage {
                role: "system".into(),
                content: system,
            },
            ChatMessage {
                role: "user".into(),
                content: user,
            },
        ]
    }

    /// Parses `URGENCY: … / ADVICE: …` and applies the safety guard.
    pub fn check(
        &self,
        catalog: &Catalog,
        lang: &Language,
        reply: &str,
        channel: Channel,
    ) -> Result<(String, Urgency), Rejected> {
        let mut urgency = None;
        let mut advice = None;
        for line in reply.lines() {
            let line = line.trim().trim_start_matches(['*', '-', ' ']);
            if let Some(u) = strip_label(line, "urgency") {
                urgency = Urgency::parse(u.trim_matches(|c: char| !c.is_alphabetic()));
            } else if let Some(a) = strip_label(line, "advice") {
                advice = Some(a.trim().to_owned());
            }
        }
        let (Some(urgency), Some(advice)) = (urgency, advice.filter(|a| !a.is_empty())) else {
            return Err(Rejected::NotInForm);
        };
        let advice = first_sentences(&advice, 2);
        let tokens = words(&advice);
        if let Some(m) = self
            .prompts
            .medicines
            .iter()
            .find(|m| contains_words(&tokens, m))
        {
            return Err(Rejected::NamesMedicine(m.join(" ")));
        }
        let lower = advice.to_lowercase();
        if let Some(d) = self
            .prompts
            .diagnosis
            .iter()
            .find(|d| lower.contains(d.as_str()))
        {
            return Err(Rejected::Diagnoses(d.clone()));
        }
        if !in_language(catalog, lang, &advice) {
            return Err(Rejected::WrongLanguage);
        }
        let too_long = match channel {
            Channel::Voice => advice.chars().count() > 240,
            Channel::Sms => crate::text::segments(&advice) > 1,
        };
        if too_long {
            return Err(Rejected::TooLong);
        }
        Ok((advice, urgency))
    }
}

/// The fixed, safe reply for an urgency (emergencies have their own texts with the evidence).
pub fn template(catalog: &Catalog, lang: &Language, urgency: Urgency, emergency: &str) -> String {
    let id = format!(
        "triage-reply-{}",
        urgency.as_str().replace("emergency", "high")
    );
    catalog.text(
        lang,
        &id,
        &[("emergency", FluentValue::from(emergency.to_owned()))],
    )
}

/// What to do, as short localised sentences: the template for the urgency, split up.
pub fn actions(
    catalog: &Catalog,
    lang: &Language,
    urgency: Urgency,
    emergency: &str,
) -> Vec<String> {
    let text = match urgency {
        Urgency::Emergency => catalog.text(
            lang,
            "triage-actions-emergency",
            &[("emergency", FluentValue::from(emergency.to_owned()))],
        ),
        u => template(catalog, lang, u, emergency),
    };
    crate::text::sentences(&text)
}

fn strip_label<'a>(line: &'a str, label: &str) -> Option<&'a str> {
    let (head, rest) = line.split_once(':')?;
    head.trim().eq_ignore_ascii_case(label).then_some(rest)
}

/// Keeps at most `n` sentences.
fn first_sentences(text: &str, n: usize) -> String {
    crate::text::sentences(text)
        .into_iter()
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
}

fn contains_words(tokens: &[String], phrase: &[String]) -> bool {
    !phrase.is_empty() && tokens.windows(phrase.len()).any(|w| w == phrase)
}

/// A reply must be mostly in the caller's script (English: mostly Latin letters).
fn in_language(catalog: &Catalog, lang: &Language, text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        return false;
    }
    let native = letters
        .iter()
        .filter(|c| catalog.uses_script_of(lang, &c.to_string()))
        .count();
    if catalog.get(lang.code()).is_some_and(|l| l.has_script()) {
        native * 2 >= letters.len()
    } else {
        letters.iter().filter(|c| c.is_ascii_alphabetic()).count() * 2 >= letters.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (Catalog, Guide) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let catalog = Catalog::load(&root.join("languages")).unwrap();
        let prompts = Prompts::load(&root.join("prompts")).unwrap();
        (
            catalog,
            Guide::new(None, prompts, Duration::from_millis(100)),
        )
    }

    #[test]
    fn the_guard_passes_plain_advice_and_keeps_two_sentences() {
        let (c, g) = setup();
        let en = c.parse("en").unwrap();
        let reply = "URGENCY: medium\nADVICE: Rest and drink clean water. See a doctor this week. Call us again.";
        let (advice, urgency) = g.check(&c, &en, reply, Channel::Voice).unwrap();
        assert_eq!(
            advice,
            "Rest and drink clean water. See a doctor this week."
        );
        assert_eq!(urgency, Urgency::Medium);
        let hi = c.parse("hi").unwrap();
        let hindi = "URGENCY: high\nADVICE: कृपया आज ही डॉक्टर को दिखाएँ।";
        assert!(g.check(&c, &hi, hindi, Channel::Sms).is_ok());
    }

    #[test]
    fn the_guard_refuses_medicines_diagnoses_wrong_language_and_bad_form() {
        let (c, g) = setup();
        let en = c.parse("en").unwrap();
        let hi = c.parse("hi").unwrap();
        let check = |lang: &Language, advice: &str| {
            g.check(
                &c,
                lang,
                &format!("URGENCY: low\nADVICE: {advice}"),
                Channel::Sms,
            )
        };
        assert!(matches!(
            check(&en, "Take Paracetamol twice a day."),
            Err(Rejected::NamesMedicine(_))
        ));
        assert!(matches!(
            check(&en, "Take 500 mg at night."),
            Err(Rejected::NamesMedicine(_))
        ));
        assert!(matches!(
            check(&hi, "रोज़ दो गोली लें।"),
            Err(Rejected::NamesMedicine(_))
        ));
        assert!(matches!(
            check(&en, "It sounds like malaria."),
            Err(Rejected::Diagnoses(_))
        ));
        assert!(matches!(
            check(&en, "You have typhoid."),
            Err(Rejected::Diagnoses(_))
        ));
        assert!(matches!(
            check(&hi, "Please see a doctor today."),
            Err(Rejected::WrongLanguage)
        ));
        assert_eq!(
            g.check(&c, &en, "Just rest.", Channel::Sms),
            Err(Rejected::NotInForm)
        );
        let long = format!("URGENCY: low\nADVICE: {}.", "rest ".repeat(60));
        assert_eq!(
            g.check(&c, &en, &long, Channel::Sms),
            Err(Rejected::TooLong)
        );
        // "enough" starts like a medicine brand ("eno") but is a word of its own.
        assert!(check(&en, "Sleep enough and see a doctor if it gets worse.").is_ok());
    }

    #[test]
    fn actions_are_the_template_in_short_sentences() {
        let (c, _) = setup();
        let hi = c.parse("hi").unwrap();
        let a = actions(&c, &hi, Urgency::Emergency, "108");
        assert_eq!(
            a,
            [
                "अभी 108 पर कॉल करें या पास के अस्पताल जाएँ।",
                "मदद आने तक मरीज़ के साथ रहें।"
            ]
        );
        assert_eq!(actions(&c, &hi, Urgency::High, "108").len(), 2);
    }
}
