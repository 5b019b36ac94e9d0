//! Settings: built-in defaults, then an optional TOML file, then the environment.
//!
//! Secrets come only from the environment or the generated token file, and `Debug` hides them.
//! Signature checking cannot be turned off: with no Twilio token configured, a random one is
//! created under the data directory on first start and reused after.

use std::fmt;
use std::path::{Path, PathBuf};

use rand::RngCore;
use serde::Deserialize;

use crate::domain::{Carrier, PhoneNumber};
use crate::speech::{parse_map, SpeechSettings};

/// Everything the service needs to run.
#[derive(Clone)]
pub struct Settings {
    /// Where the HTTP server listens.
    pub bind: String,
    /// `sqlite://…` (default) or `postgres://…`.
    pub database_url: String,
    /// The base URL Twilio calls us on: signatures are computed over it, and absolute
    /// `action` and `Play` URLs start with it.
    pub public_url: String,
    /// The Twilio account, for the REST API (outbound SMS and calls).
    pub twilio_account_sid: Option<String>,
    /// The secret Twilio signs webhooks with (and the REST API's password).
    pub twilio_auth_token: String,
    /// Twilio's REST API (changed only for tests and regional edges).
    pub twilio_api_base: String,
    /// Our number, the sender of outbound SMS and calls; with the account SID it turns the
    /// outbox worker on.
    pub twilio_from_number: Option<String>,
    /// Where `twilio_auth_token` came from, so start-up can say so.
    pub token_source: TokenSource,
    /// Plivo's auth token (`PLIVO_AUTH_TOKEN`): its V3 signatures are checked with it; without
    /// it, every Plivo request is refused.
    pub plivo_auth_token: Option<String>,
    /// The Plivo account (`PLIVO_AUTH_ID`), for its REST API.
    pub plivo_auth_id: Option<String>,
    /// Our Plivo number (`PLIVO_FROM_NUMBER`); with the account and token, outbound SMS go
    /// through Plivo.
    pub plivo_from_number: Option<String>,
    /// Plivo's REST API (`PLIVO_API_BASE`; changed only for tests).
    pub plivo_api_base: String,
    /// Which carrier sends to people who never reached us on a line of ours
    /// (`DOORSTEP_OUTBOUND_CARRIER`: `plivo` or `twilio`); unset: Plivo when it is
    /// configured, else Twilio.
    pub outbound_carrier: Option<Carrier>,
    /// Our numbers beyond each carrier's sending number, and the carrier that answers each
    /// (`DOORSTEP_LINES=+911800…=plivo,+9180…=twilio`): we answer a patient from the line
    /// they last reached us on, through its carrier.
    pub lines: Vec<(PhoneNumber, Carrier)>,
    /// The key sign-in codes are hashed under (`DOORSTEP_CONSOLE_SECRET`, else generated into
    /// the data directory: every node of a scaled deployment must share it).
    pub console_secret: String,
    /// The number a red flag or menu option 0 connects to.
    pub emergency_number: PhoneNumber,
    /// Files the service writes: SQLite database, generated token.
    pub data_dir: PathBuf,
    /// `languages/<code>/` directories.
    pub languages_dir: PathBuf,
    /// How long a webhook may work before it answers with its fallback.
    pub webhook_budget_ms: u64,
    /// LLM prompt templates and guard lists.
    pub prompts_dir: PathBuf,
    /// An OpenAI-compatible endpoint for guidance (`…/v1`); none means templates only.
    pub llm_url: Option<String>,
    /// The model name sent to that endpoint.
    pub llm_model: String,
    /// Its API key, if it needs one.
    pub llm_api_key: Option<String>,
    /// How long guidance may take before the template answers.
    pub llm_timeout_ms: u64,
    /// A GGUF model to run in-process when no endpoint is set (needs `--features embedded-llm`).
    pub llm_model_path: Option<PathBuf>,
    /// CPU threads for the embedded model.
    pub llm_threads: i32,
    /// Fetched models (`models/manifest.toml`).
    pub models_dir: PathBuf,
    /// Rank texts against example sentences too, when built in (`DOORSTEP_EMBEDDINGS=off`
    /// to run on rules alone).
    pub embeddings: bool,
    /// Callbacks to missed calls and early hang-ups.
    pub callbacks: CallbackPolicy,
    /// Medicine reminders and follow-up calls.
    pub reminders: ReminderPolicy,
    /// Piper voices and Vosk recognisers by language.
    pub speech: SpeechSettings,
    /// Whether callers describe problems over media streams where their language allows
    /// (`DOORSTEP_MEDIA=off`: by recording, turn by turn).
    pub media: bool,
    /// Exotel's stream credentials: the basic-auth pair in the Voicebot applet's URL and a
    /// per-deployment secret among its parameters (Exotel signs nothing).
    pub exotel_stream: Option<ExotelStream>,
}

/// How Exotel's Voicebot stream proves itself.
#[derive(Clone, PartialEq)]
pub struct ExotelStream {
    pub user: String,
    pub password: String,
    pub secret: String,
}

impl std::fmt::Debug for ExotelStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExotelStream")
            .field("user", &self.user)
            .field("password", &"[hidden]")
            .field("secret", &"[hidden]")
            .finish()
    }
}

/// Piper voices by language (files under `models/voices/`); absent ones are skipped.
const DEFAULT_VOICES: &str = "en=en_US-joe-medium,hi=hi_IN-pratham-medium";
/// Vosk models by language (directories under `models/vosk/`); absent ones are skipped.
const DEFAULT_RECOGNISERS: &str = "en=en,hi=hi";

/// When a missed call (or a hang-up before the menu) is called back.
#[derive(Clone, Debug, PartialEq)]
pub struct CallbackPolicy {
    /// A number answered with `<Reject>` (free for the caller) and called back.
    pub missed_call_number: Option<String>,
    /// How long after the missed call we call back.
    pub delay_secs: i64,
    /// At most one callback per number in this window.
    pub min_interval_secs: i64,
    /// No calls between these minutes after midnight, India time (start > end spans midnight).
    pub quiet_start_minute: i64,
    pub quiet_end_minute: i64,
}

impl Default for CallbackPolicy {
    fn default() -> Self {
        Self {
            missed_call_number: None,
            delay_secs: 60,
            min_interval_secs: 30 * 60,
            quiet_start_minute: 21 * 60,
            quiet_end_minute: 8 * 60,
        }
    }
}

/// When medicine reminders and follow-up calls go out (quiet hours are the callbacks').
#[derive(Clone, Debug, PartialEq)]
pub struct ReminderPolicy {
    /// A follow-up call this long after a completed consultation or a high/medium triage.
    pub follow_up_secs: i64,
    /// An unanswered follow-up is called again once, this much later.
    pub follow_up_retry_secs: i64,
    /// An unanswered reminder call is retried after this long…
    pub retry_secs: i64,
    /// …up to this many calls in all for one dose.
    pub max_calls: i64,
    /// At most this many reminders and follow-ups to one number in an India day.
    pub daily_cap: i64,
    /// Minutes after midnight, India time, of the morning, afternoon, evening, night slots.
    pub slot_minutes: [i64; 4],
}

impl Default for ReminderPolicy {
    fn default() -> Self {
        Self {
            follow_up_secs: 48 * 3600,
            follow_up_retry_secs: 3 * 3600,
            retry_secs: 15 * 60,
            max_calls: 3,
            daily_cap: 8,
            slot_minutes: [8 * 60, 13 * 60, 18 * 60, 20 * 60 + 30],
        }
    }
}

/// Parses `HH:MM-HH:MM` into minutes after midnight.
fn parse_quiet_hours(raw: &str) -> Option<(i64, i64)> {
    let (a, b) = raw.split_once('-')?;
    let minute = |t: &str| -> Option<i64> {
        let (h, m) = t.trim().split_once(':')?;
        let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
        ((0..=24).contains(&h) && (0..60).contains(&m)).then_some(h * 60 + m)
    };
    Some((minute(a)?, minute(b)?))
}

/// Where the webhook signing secret came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenSource {
    Environment,
    ExistingFile,
    Generated,
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("bind", &self.bind)
            .field("database_url", &redact_url(&self.database_url))
            .field("public_url", &self.public_url)
            .field("twilio_account_sid", &self.twilio_account_sid)
            .field("twilio_auth_token", &"[hidden]")
            .field("token_source", &self.token_source)
            .field("console_secret", &"[hidden]")
            .field(
                "plivo_auth_token",
                &self.plivo_auth_token.as_ref().map(|_| "[hidden]"),
            )
            .field("plivo_auth_id", &self.plivo_auth_id)
            .field("plivo_from_number", &self.plivo_from_number)
            .field("plivo_api_base", &self.plivo_api_base)
            .field("outbound_carrier", &self.outbound_carrier)
            .field("lines", &self.lines)
            .field("twilio_api_base", &self.twilio_api_base)
            .field("twilio_from_number", &self.twilio_from_number)
            .field("emergency_number", &self.emergency_number.as_str())
            .field("data_dir", &self.data_dir)
            .field("languages_dir", &self.languages_dir)
            .field("webhook_budget_ms", &self.webhook_budget_ms)
            .field("prompts_dir", &self.prompts_dir)
            .field("llm_url", &self.llm_url)
            .field("llm_model", &self.llm_model)
            .field(
                "llm_api_key",
                &self.llm_api_key.as_ref().map(|_| "[hidden]"),
            )
            .field("llm_timeout_ms", &self.llm_timeout_ms)
            .field("llm_model_path", &self.llm_model_path)
            .field("llm_threads", &self.llm_threads)
            .field("models_dir", &self.models_dir)
            .field("embeddings", &self.embeddings)
            .field("callbacks", &self.callbacks)
            .field("reminders", &self.reminders)
            .field("speech", &self.speech)
            .field("media", &self.media)
            .field("exotel_stream", &self.exotel_stream)
            .finish()
    }
}

/// The optional settings file; every field may be left out.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    bind: Option<String>,
    database_url: Option<String>,
    public_url: Option<String>,
    emergency_number: Option<String>,
    data_dir: Option<PathBuf>,
    languages_dir: Option<PathBuf>,
    webhook_budget_ms: Option<u64>,
    prompts_dir: Option<PathBuf>,
    llm_url: Option<String>,
    llm_model: Option<String>,
    llm_timeout_ms: Option<u64>,
    llm_model_path: Option<PathBuf>,
    llm_threads: Option<i32>,
    models_dir: Option<PathBuf>,
}

/// Why settings could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read settings file {0}: {1}")]
    File(String, std::io::Error),
    #[error("settings file {0}: {1}")]
    Parse(String, toml::de::Error),
    #[error("{0} is not valid: {1}")]
    Invalid(&'static str, String),
    #[error("cannot create or read the token file {0}: {1}")]
    Token(String, std::io::Error),
}

/// What the command line overrides.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub config_file: Option<PathBuf>,
    pub bind: Option<String>,
    pub database_url: Option<String>,
    pub public_url: Option<String>,
    pub data_dir: Option<PathBuf>,
}

impl Settings {
    /// Defaults, then the file, then the environment, then the command line.
    pub fn load(overrides: &Overrides) -> Result<Self, ConfigError> {
        Self::load_from(overrides, |k| std::env::var(k).ok())
    }

    /// As [`Settings::load`], with the environment given as a function (for tests).
    pub fn load_from(
        overrides: &Overrides,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let file_path = overrides
            .config_file
            .clone()
            .or_else(|| env("DOORSTEP_CONFIG").map(PathBuf::from));
        let file = match file_path {
            Some(p) => read_file(&p)?,
            None => FileSettings::default(),
        };
        let pick = |cli: &Option<String>, var: &str, file: Option<String>, default: &str| {
            cli.clone()
                .or_else(|| env(var))
                .or(file)
                .unwrap_or_else(|| default.to_owned())
        };
        let bind = pick(
            &overrides.bind,
            "DOORSTEP_BIND",
            file.bind,
            "127.0.0.1:8080",
        );
        let data_dir = overrides
            .data_dir
            .clone()
            .or_else(|| env("DOORSTEP_DATA_DIR").map(PathBuf::from))
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("data"));
        let default_db = format!("sqlite://{}", data_dir.join("doorstep.db").display());
        let database_url = pick(
            &overrides.database_url,
            "DATABASE_URL",
            file.database_url,
            &default_db,
        );
        let default_public = format!("http://{bind}");
        let public_url = pick(
            &overrides.public_url,
            "DOORSTEP_PUBLIC_URL",
            file.public_url,
            &default_public,
        )
        .trim_end_matches('/')
        .to_owned();
        url::Url::parse(&public_url)
            .map_err(|e| ConfigError::Invalid("DOORSTEP_PUBLIC_URL", e.to_string()))?;
        let emergency_raw = pick(
            &None,
            "DOORSTEP_EMERGENCY_NUMBER",
            file.emergency_number,
            "108",
        );
        let emergency_number = PhoneNumber::parse_dialable(&emergency_raw)
            .map_err(|e| ConfigError::Invalid("DOORSTEP_EMERGENCY_NUMBER", e.to_string()))?;
        let languages_dir = env("DOORSTEP_LANGUAGES_DIR")
            .map(PathBuf::from)
            .or(file.languages_dir)
            .unwrap_or_else(|| beside_crate("languages"));
        let outbound_carrier = match env("DOORSTEP_OUTBOUND_CARRIER").filter(|c| !c.is_empty()) {
            None => None,
            Some(c) => Some(Carrier::parse(&c).ok_or_else(|| {
                ConfigError::Invalid(
                    "DOORSTEP_OUTBOUND_CARRIER",
                    format!("{c} is neither plivo nor twilio"),
                )
            })?),
        };
        let lines = parse_lines(&env("DOORSTEP_LINES").unwrap_or_default())
            .map_err(|e| ConfigError::Invalid("DOORSTEP_LINES", e))?;
        let (twilio_auth_token, token_source) =
            match env("TWILIO_AUTH_TOKEN").filter(|t| !t.is_empty()) {
                Some(t) => (t, TokenSource::Environment),
                None => secret_from_file(&data_dir, "twilio_auth_token")?,
            };
        let console_secret = match env("DOORSTEP_CONSOLE_SECRET").filter(|t| !t.is_empty()) {
            Some(secret) => secret,
            None => secret_from_file(&data_dir, "console_secret")?.0,
        };
        let defaults = CallbackPolicy::default();
        let quiet = match env("DOORSTEP_QUIET_HOURS").filter(|q| !q.is_empty()) {
            Some(raw) => parse_quiet_hours(&raw).ok_or_else(|| {
                ConfigError::Invalid("DOORSTEP_QUIET_HOURS", format!("{raw} is not HH:MM-HH:MM"))
            })?,
            None => (defaults.quiet_start_minute, defaults.quiet_end_minute),
        };
        let models_dir = env("DOORSTEP_MODELS_DIR")
            .map(PathBuf::from)
            .or(file.models_dir.clone())
            .unwrap_or_else(|| beside_crate("models"));
        let voices = env("DOORSTEP_VOICES").filter(|v| !v.is_empty());
        let recognisers = env("DOORSTEP_RECOGNISERS").filter(|v| !v.is_empty());
        let speech = SpeechSettings {
            enabled: env("DOORSTEP_SPEECH").is_none_or(|v| v != "off"),
            models_dir: models_dir.clone(),
            // Behind a load balancer every node names one shared directory, so the node a
            // carrier fetches a <Play> URL from has the file another node made.
            cache_dir: env("DOORSTEP_AUDIO_DIR")
                .filter(|d| !d.is_empty())
                .map(PathBuf::from)
                .unwrap_or_else(|| data_dir.join("audio")),
            // Naming recognisers alone must not make the default voices mandatory.
            explicit_voices: voices.is_some(),
            explicit_recognisers: recognisers.is_some(),
            voices: parse_map(voices.as_deref().unwrap_or(DEFAULT_VOICES)),
            recognisers: parse_map(recognisers.as_deref().unwrap_or(DEFAULT_RECOGNISERS)),
            workers: env("DOORSTEP_SPEECH_WORKERS")
                .and_then(|v| v.parse().ok())
                .unwrap_or(2),
            reply_retention: std::time::Duration::from_secs(
                env("DOORSTEP_AUDIO_RETENTION_SECS")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(3600),
            ),
        };
        let callbacks = CallbackPolicy {
            missed_call_number: env("DOORSTEP_MISSED_CALL_NUMBER").filter(|n| !n.is_empty()),
            delay_secs: env("DOORSTEP_CALLBACK_DELAY_SECS")
                .and_then(|v| v.parse().ok())
                .unwrap_or(defaults.delay_secs),
            min_interval_secs: env("DOORSTEP_CALLBACK_MIN_INTERVAL_SECS")
                .and_then(|v| v.parse().ok())
                .unwrap_or(defaults.min_interval_secs),
            quiet_start_minute: quiet.0,
            quiet_end_minute: quiet.1,
        };
        let reminder_defaults = ReminderPolicy::default();
        let number = |name: &str, default: i64| {
            env(name)
                .and_then(|v| v.parse::<i64>().ok())
                .filter(|v| *v >= 0)
                .unwrap_or(default)
        };
        let reminders = ReminderPolicy {
            follow_up_secs: number(
                "DOORSTEP_FOLLOW_UP_HOURS",
                reminder_defaults.follow_up_secs / 3600,
            ) * 3600,
            retry_secs: number(
                "DOORSTEP_REMINDER_RETRY_MINUTES",
                reminder_defaults.retry_secs / 60,
            ) * 60,
            daily_cap: number("DOORSTEP_REMINDER_DAILY_CAP", reminder_defaults.daily_cap),
            ..reminder_defaults
        };
        Ok(Self {
            bind,
            database_url,
            public_url,
            twilio_account_sid: env("TWILIO_ACCOUNT_SID"),
            twilio_api_base: env("TWILIO_API_BASE")
                .unwrap_or_else(|| "https://api.twilio.com".into()),
            twilio_from_number: env("TWILIO_FROM_NUMBER").filter(|n| !n.is_empty()),
            twilio_auth_token,
            token_source,
            plivo_auth_token: env("PLIVO_AUTH_TOKEN").filter(|t| !t.is_empty()),
            plivo_auth_id: env("PLIVO_AUTH_ID").filter(|t| !t.is_empty()),
            plivo_from_number: env("PLIVO_FROM_NUMBER").filter(|t| !t.is_empty()),
            plivo_api_base: env("PLIVO_API_BASE").unwrap_or_else(|| "https://api.plivo.com".into()),
            outbound_carrier,
            lines,
            console_secret,
            emergency_number,
            data_dir,
            languages_dir,
            webhook_budget_ms: env("DOORSTEP_WEBHOOK_BUDGET_MS")
                .and_then(|v| v.parse().ok())
                .or(file.webhook_budget_ms)
                .unwrap_or(1500),
            prompts_dir: env("DOORSTEP_PROMPTS_DIR")
                .map(PathBuf::from)
                .or(file.prompts_dir)
                .unwrap_or_else(|| beside_crate("prompts")),
            llm_url: env("DOORSTEP_LLM_URL")
                .filter(|u| !u.is_empty())
                .or(file.llm_url),
            llm_model: env("DOORSTEP_LLM_MODEL")
                .or(file.llm_model)
                .unwrap_or_else(|| "qwen2.5:1.5b-instruct".into()),
            llm_api_key: env("DOORSTEP_LLM_API_KEY").filter(|k| !k.is_empty()),
            llm_timeout_ms: env("DOORSTEP_LLM_TIMEOUT_MS")
                .and_then(|v| v.parse().ok())
                .or(file.llm_timeout_ms)
                .unwrap_or(900),
            llm_model_path: env("DOORSTEP_LLM_MODEL_PATH")
                .filter(|p| !p.is_empty())
                .map(PathBuf::from)
                .or(file.llm_model_path),
            llm_threads: env("DOORSTEP_LLM_THREADS")
                .and_then(|v| v.parse().ok())
                .or(file.llm_threads)
                .unwrap_or(1),
            models_dir,
            embeddings: env("DOORSTEP_EMBEDDINGS").is_none_or(|v| v != "off"),
            callbacks,
            reminders,
            speech,
            media: env("DOORSTEP_MEDIA").is_none_or(|v| v != "off"),
            exotel_stream: match (
                env("EXOTEL_STREAM_USER").filter(|v| !v.is_empty()),
                env("EXOTEL_STREAM_PASSWORD").filter(|v| !v.is_empty()),
                env("EXOTEL_STREAM_SECRET").filter(|v| !v.is_empty()),
            ) {
                (Some(user), Some(password), Some(secret)) => Some(ExotelStream {
                    user,
                    password,
                    secret,
                }),
                _ => None,
            },
        })
    }
}

fn read_file(path: &Path) -> Result<FileSettings, ConfigError> {
    let shown = path.display().to_string();
    let raw = std::fs::read_to_string(path).map_err(|e| ConfigError::File(shown.clone(), e))?;
    toml::from_str(&raw).map_err(|e| ConfigError::Parse(shown, e))
}

/// A data directory in the working directory, else beside the crate (for `cargo run` elsewhere).
fn beside_crate(name: &str) -> PathBuf {
    let local = PathBuf::from(name);
    if local.is_dir() {
        return local;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// `DOORSTEP_LINES`: comma-separated `number=carrier` pairs.
fn parse_lines(raw: &str) -> Result<Vec<(PhoneNumber, Carrier)>, String> {
    raw.split(',')
        .map(str::trim)
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (number, carrier) = pair
                .split_once('=')
                .ok_or_else(|| format!("{pair} is not number=carrier"))?;
            let number = PhoneNumber::parse(number).map_err(|e| format!("{number}: {e}"))?;
            let carrier = Carrier::parse(carrier)
                .ok_or_else(|| format!("{carrier} is neither plivo nor twilio"))?;
            Ok((number, carrier))
        })
        .collect()
}

/// Reads a secret from `data/<name>`, creating it with 32 random bytes (hex) if missing.
fn secret_from_file(data_dir: &Path, name: &str) -> Result<(String, TokenSource), ConfigError> {
    let path = data_dir.join(name);
    let shown = path.display().to_string();
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let t = existing.trim().to_owned();
        if !t.is_empty() {
            return Ok((t, TokenSource::ExistingFile));
        }
    }
    std::fs::create_dir_all(data_dir).map_err(|e| ConfigError::Token(shown.clone(), e))?;
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    write_private(&path, &token).map_err(|e| ConfigError::Token(shown, e))?;
    Ok((token, TokenSource::Generated))
}

#[cfg(unix)]
fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(content.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    std::fs::write(path, content)
}

/// Hides a password in a database URL.
fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn load(env: &[(&str, &str)], overrides: Overrides) -> Result<Settings, ConfigError> {
        let map: HashMap<String, String> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::load_from(&overrides, |k| map.get(k).cloned())
    }

    #[test]
    fn naming_recognisers_alone_leaves_the_default_voices_optional() {
        let dir = tempfile::tempdir().unwrap();
        let o = Overrides {
            data_dir: Some(dir.path().to_owned()),
            ..Default::default()
        };
        let s = load(&[("DOORSTEP_RECOGNISERS", "ko=ko")], o.clone()).unwrap();
        assert!(s.speech.explicit_recognisers && !s.speech.explicit_voices);
        let s = load(&[("DOORSTEP_VOICES", "en=en_US-joe-medium")], o).unwrap();
        assert!(s.speech.explicit_voices && !s.speech.explicit_recognisers);
    }

    #[test]
    fn reminder_times_come_from_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let o = Overrides {
            data_dir: Some(dir.path().to_owned()),
            ..Default::default()
        };
        let s = load(
            &[
                ("DOORSTEP_FOLLOW_UP_HOURS", "24"),
                ("DOORSTEP_REMINDER_DAILY_CAP", "3"),
                ("DOORSTEP_REMINDER_RETRY_MINUTES", "10"),
            ],
            o,
        )
        .unwrap();
        assert_eq!(s.reminders.follow_up_secs, 24 * 3600);
        assert_eq!(s.reminders.daily_cap, 3);
        assert_eq!(s.reminders.retry_secs, 600);
    }

    #[test]
    fn a_token_is_generated_once_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let o = Overrides {
            data_dir: Some(dir.path().to_owned()),
            ..Default::default()
        };
        let first = load(&[], o.clone()).unwrap();
        assert_eq!(first.token_source, TokenSource::Generated);
        assert_eq!(first.twilio_auth_token.len(), 64);
        let second = load(&[], o).unwrap();
        assert_eq!(second.token_source, TokenSource::ExistingFile);
        assert_eq!(second.twilio_auth_token, first.twilio_auth_token);
    }

    #[test]
    fn environment_beats_file_and_defaults_and_secrets_stay_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("doorstep.toml");
        std::fs::write(
            &file,
            "bind = \"0.0.0.0:9000\"\nemergency_number = \"112\"\n",
        )
        .unwrap();
        let o = Overrides {
            config_file: Some(file),
            data_dir: Some(dir.path().to_owned()),
            ..Default::default()
        };
        let s = load(
            &[
                ("TWILIO_AUTH_TOKEN", "s3cret"),
                ("DOORSTEP_PUBLIC_URL", "https://dsd.example.org/"),
                ("DATABASE_URL", "postgres://u:pw@h/db"),
            ],
            o,
        )
        .unwrap();
        assert_eq!(s.bind, "0.0.0.0:9000");
        assert_eq!(s.emergency_number.as_str(), "112");
        assert_eq!(s.public_url, "https://dsd.example.org");
        assert_eq!(s.token_source, TokenSource::Environment);
        let shown = format!("{s:?}");
        assert!(
            !shown.contains("s3cret") && !shown.contains("pw@"),
            "{shown}"
        );
    }

    #[test]
    fn bad_values_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let o = Overrides {
            data_dir: Some(dir.path().to_owned()),
            ..Default::default()
        };
        let err = load(&[("DOORSTEP_EMERGENCY_NUMBER", "ambulance")], o.clone()).unwrap_err();
        assert!(err.to_string().contains("DOORSTEP_EMERGENCY_NUMBER"));
        let err = load(&[("DOORSTEP_OUTBOUND_CARRIER", "exotel")], o.clone()).unwrap_err();
        assert!(
            err.to_string().contains("DOORSTEP_OUTBOUND_CARRIER"),
            "{err}"
        );
        let plivo = load(&[("DOORSTEP_OUTBOUND_CARRIER", "plivo")], o.clone()).unwrap();
        assert_eq!(plivo.outbound_carrier, Some(Carrier::Plivo));
        let err = load(&[("DOORSTEP_LINES", "+911800111222=exotel")], o.clone()).unwrap_err();
        assert!(err.to_string().contains("DOORSTEP_LINES"), "{err}");
        let err = load(&[("DOORSTEP_LINES", "tollfree=plivo")], o.clone()).unwrap_err();
        assert!(err.to_string().contains("DOORSTEP_LINES"), "{err}");
        let lines = load(
            &[(
                "DOORSTEP_LINES",
                "+91 1800 111 222=plivo, +14155550100=Twilio",
            )],
            o,
        )
        .unwrap()
        .lines;
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].0.as_str(), "+911800111222");
        assert_eq!(lines[1].1, Carrier::Twilio);
    }
}
