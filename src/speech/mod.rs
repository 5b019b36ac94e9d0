//! Speech: Piper speaks prompts and replies, Vosk transcribes what callers say.
//!
//! Models load once at start-up; synthesis and recognition run on a bounded pool of blocking
//! workers under deadlines, so a webhook never waits longer than it can afford. Synthesised
//! audio is cached on disk as 8 kHz telephone WAV, keyed by voice and text, and served from
//! `GET /audio/<id>.wav`. Built with `--features speech`; without it every language falls
//! back to Twilio's `<Say>` and `<Gather input="speech">`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

pub mod audio;
#[cfg(feature = "speech")]
pub mod piper;
#[cfg(feature = "speech")]
pub mod turn;
#[cfg(feature = "speech")]
pub mod vad;
#[cfg(feature = "speech")]
pub mod vosk;

use audio::Audio;

/// The rate of everything served to callers: telephone audio.
pub const TELEPHONE_RATE: u32 = 8_000;

/// Why speech could not be used.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SpeechError {
    /// A library or model is missing or cannot load; the message names it and the fix.
    #[error("{0}")]
    Unavailable(String),
    #[error("speech failed: {0}")]
    Failed(String),
    #[error("speech took longer than {0:?}")]
    Timeout(Duration),
    #[error("no {0} for language '{1}'")]
    NoModel(&'static str, String),
}

/// What speech to load: voices and recognisers by language.
#[derive(Clone, Debug, PartialEq)]
pub struct SpeechSettings {
    pub enabled: bool,
    /// Fetched models (`models/`).
    pub models_dir: PathBuf,
    /// Where synthesised audio is kept.
    pub cache_dir: PathBuf,
    /// language code → Piper voice name under `models/voices/` (or a path to its `.onnx`).
    pub voices: Vec<(String, String)>,
    /// language code → Vosk model directory under `models/vosk/` (or a path).
    pub recognisers: Vec<(String, String)>,
    /// Whether the voices were named explicitly (then a missing voice is an error).
    pub explicit_voices: bool,
    /// Whether the recognisers were named explicitly (then a missing model is an error).
    pub explicit_recognisers: bool,
    /// Blocking workers for synthesis and recognition.
    pub workers: usize,
    /// How long reply audio is kept (replies may quote a caller's words); fixed prompts stay.
    pub reply_retention: Duration,
}

/// How long synthesised audio is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// A fixed prompt from `languages/`: kept until the text or voice changes.
    Fixed,
    /// Anything else (replies, prompts with a caller's details): swept after the retention.
    Reply,
}

/// Parses `en=en_US-joe-medium,hi=…`.
pub fn parse_map(raw: &str) -> Vec<(String, String)> {
    raw.split(',')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .filter(|(k, v)| !k.is_empty() && !v.is_empty())
        .collect()
}

/// The loaded voices and recognisers, and the worker pool they run on.
pub struct Speech {
    #[cfg(feature = "speech")]
    voices: HashMap<String, Arc<piper::Voice>>,
    #[cfg(feature = "speech")]
    recognisers: HashMap<String, Arc<vosk::Recogniser>>,
    /// Silero VAD and Smart Turn, for media streams (absent when not fetched).
    #[cfg(feature = "speech")]
    end_of_speech: Option<EndOfSpeech>,
    voice_names: HashMap<String, String>,
    workers: Arc<Semaphore>,
    /// Background synthesis (prompts made ahead) takes one worker at most, so a caller's
    /// transcription or reply never queues behind it.
    background: Arc<Semaphore>,
    /// How many workers `workers` has.
    #[cfg_attr(not(feature = "speech"), allow(dead_code))]
    worker_count: usize,
    /// Jobs waiting for a worker now (shed past a bound).
    #[cfg_attr(not(feature = "speech"), allow(dead_code))]
    waiting: std::sync::atomic::AtomicUsize,
    cache_dir: PathBuf,
}

impl Speech {
    /// No voices, no recognisers: everything falls back to Twilio.
    pub fn none(cache_dir: &Path) -> Self {
        Self {
            #[cfg(feature = "speech")]
            voices: HashMap::new(),
            #[cfg(feature = "speech")]
            recognisers: HashMap::new(),
            #[cfg(feature = "speech")]
            end_of_speech: None,
            voice_names: HashMap::new(),
            workers: Arc::new(Semaphore::new(1)),
            background: Arc::new(Semaphore::new(1)),
            worker_count: 1,
            waiting: std::sync::atomic::AtomicUsize::new(0),
            cache_dir: cache_dir.to_owned(),
        }
    }

    /// Loads what the settings name. A model that is named explicitly but missing, or a
    /// native library that cannot load, is an error naming the file and the fix; a default
    /// model that was never fetched is skipped (that language falls back to Twilio).
    pub fn load(settings: &SpeechSettings) -> Result<Self, SpeechError> {
        let mut me = Self::none(&settings.cache_dir);
        me.workers = Arc::new(Semaphore::new(settings.workers.max(1)));
        me.worker_count = settings.workers.max(1);
        if !settings.enabled {
            return Ok(me);
        }
        #[cfg(not(feature = "speech"))]
        {
            tracing::info!("built without --features speech: Twilio speaks and listens");
            Ok(me)
        }
        #[cfg(feature = "speech")]
        {
            let voices_dir = settings.models_dir.join("voices");
            for (lang, name) in &settings.voices {
                let model = resolve(&voices_dir, name, ".onnx");
                if !model.is_file() && !settings.explicit_voices {
                    tracing::info!(language = %lang, voice = %name, "no Piper voice fetched: <Say> speaks this language");
                    continue;
                }
                piper::init_onnxruntime(&onnxruntime_library(&settings.models_dir))?;
                // All cores for one synthesis: first audio comes 40% sooner than on one.
                let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
                let voice = piper::Voice::load(&model, threads)?;
                me.voice_names.insert(lang.clone(), voice.name.clone());
                me.voices.insert(lang.clone(), Arc::new(voice));
            }
            let vosk_dir = settings.models_dir.join("vosk");
            for (lang, name) in &settings.recognisers {
                let dir = resolve(&vosk_dir, name, "");
                if !dir.is_dir() && !settings.explicit_recognisers {
                    tracing::info!(language = %lang, model = %name, "no Vosk model fetched: Twilio transcribes this language");
                    continue;
                }
                let r = vosk::Recogniser::load(&dir, settings.workers.max(1))?;
                me.recognisers.insert(lang.clone(), Arc::new(r));
            }
            me.end_of_speech = EndOfSpeech::load(&settings.models_dir);
            tracing::info!(
                voices = ?me.voice_names,
                end_of_speech = me.end_of_speech.is_some(),
                recognisers = ?me.recognisers.keys().collect::<Vec<_>>(),
                "speech loaded"
            );
            Ok(me)
        }
    }

    /// Whether prompts in this language can be Piper audio.
    pub fn has_voice(&self, lang: &str) -> bool {
        self.voice_names.contains_key(lang)
    }

    /// Whether callers in this language can be recorded and transcribed by us.
    pub fn has_recogniser(&self, lang: &str) -> bool {
        #[cfg(feature = "speech")]
        {
            self.recognisers.contains_key(lang)
        }
        #[cfg(not(feature = "speech"))]
        {
            let _ = lang;
            false
        }
    }

    /// Whether a caller in this language can hold a conversation over a media stream: we
    /// hear them (a recogniser, the voice-activity and end-of-turn models) and speak back
    /// with our own voice (a stream carries no carrier speech).
    pub fn can_converse(&self, lang: &str) -> bool {
        #[cfg(feature = "speech")]
        {
            self.end_of_speech.is_some() && self.has_recogniser(lang) && self.has_voice(lang)
        }
        #[cfg(not(feature = "speech"))]
        {
            let _ = lang;
            false
        }
    }

    /// Loads one language's recogniser as the service would (for the simulator, which shows
    /// what the service hears); `None` where the language has none fetched.
    #[cfg(feature = "speech")]
    pub fn load_recogniser(
        settings: &SpeechSettings,
        lang: &str,
    ) -> Option<Result<vosk::Recogniser, SpeechError>> {
        let (_, name) = settings.recognisers.iter().find(|(l, _)| l == lang)?;
        let dir = resolve(&settings.models_dir.join("vosk"), name, "");
        dir.is_dir().then(|| vosk::Recogniser::load(&dir, 1))
    }

    /// A language's recogniser, for a stream to take a warm one from.
    #[cfg(feature = "speech")]
    pub fn recogniser(&self, lang: &str) -> Option<Arc<vosk::Recogniser>> {
        self.recognisers.get(lang).cloned()
    }

    /// The voice-activity and end-of-turn models, when fetched.
    #[cfg(feature = "speech")]
    pub fn end_of_speech(&self) -> Option<&EndOfSpeech> {
        self.end_of_speech.as_ref()
    }

    /// The cache id of a sentence in a language's voice.
    pub fn audio_id(&self, lang: &str, text: &str) -> Option<String> {
        let voice = self.voice_names.get(lang)?;
        let mut h = Sha256::new();
        h.update(voice.as_bytes());
        h.update([0]);
        h.update(text.trim().as_bytes());
        let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        Some(hex[..32].to_owned())
    }

    /// Where an audio id's WAV is kept for `keep`.
    fn path_for(&self, id: &str, keep: Keep) -> Option<PathBuf> {
        let valid = id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit());
        let dir = match keep {
            Keep::Fixed => "fixed",
            Keep::Reply => "replies",
        };
        valid.then(|| self.cache_dir.join(dir).join(format!("{id}.wav")))
    }

    /// The WAV of an audio id, if it is kept.
    pub fn audio_path(&self, id: &str) -> Option<PathBuf> {
        [Keep::Fixed, Keep::Reply]
            .into_iter()
            .filter_map(|k| self.path_for(id, k))
            .find(|p| p.is_file())
    }

    /// Whether a sentence's audio in a language's voice is already made.
    pub fn is_cached(&self, lang: &str, text: &str) -> bool {
        self.audio_id(lang, text)
            .is_some_and(|id| self.audio_path(&id).is_some())
    }

    /// Deletes reply audio older than `older_than`; returns how many files went.
    pub fn sweep(&self, older_than: Duration) -> usize {
        let Ok(entries) = std::fs::read_dir(self.cache_dir.join("replies")) else {
            return 0;
        };
        let cutoff = std::time::SystemTime::now()
            .checked_sub(older_than)
            .unwrap_or(std::time::UNIX_EPOCH);
        entries
            .flatten()
            .filter(|e| {
                e.metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t <= cutoff)
            })
            .filter(|e| std::fs::remove_file(e.path()).is_ok())
            .count()
    }

    /// A sentence as telephone audio: from the cache, else synthesised if that finishes
    /// within `deadline`. Synthesis that runs late still completes into the cache, so the
    /// next caller gets audio. `None`: use `<Say>`.
    pub async fn sentence_audio(
        &self,
        lang: &str,
        text: &str,
        deadline: Duration,
        keep: Keep,
    ) -> Option<String> {
        let id = self.audio_id(lang, text)?;
        let path = self.path_for(&id, keep)?;
        if path.is_file() {
            return Some(id);
        }
        if let Some(existing) = self.audio_path(&id) {
            if keep == Keep::Reply || promote(&existing, &path) {
                return Some(id);
            }
        }
        #[cfg(feature = "speech")]
        {
            let voice = self.voices.get(lang)?.clone();
            let text = text.trim().to_owned();
            let work = self.run(move || synthesise_to(&voice, &text, &path));
            match tokio::time::timeout(deadline, work).await {
                Ok(Ok(())) => Some(id),
                Ok(Err(e)) => {
                    tracing::warn!(error = %e, "synthesis failed: <Say> instead");
                    None
                }
                Err(_) => {
                    metrics::counter!("doorstep_speech_late_total", "kind" => "tts").increment(1);
                    None
                }
            }
        }
        #[cfg(not(feature = "speech"))]
        {
            let _ = deadline;
            None
        }
    }

    /// Makes sentences' audio ahead of need, one background worker at a time; returns how
    /// many are ready.
    pub async fn prepare(&self, lang: &str, sentences: &[String], keep: Keep) -> usize {
        let mut ready = 0;
        for sentence in sentences {
            let Ok(_turn) = self.background.acquire().await else {
                return ready;
            };
            if self
                .sentence_audio(lang, sentence, Duration::from_secs(60), keep)
                .await
                .is_some()
            {
                ready += 1;
            }
        }
        ready
    }

    /// Speaks a text (sentence by sentence) into one clip at the voice's own rate.
    pub async fn speak(&self, lang: &str, text: &str) -> Result<Audio, SpeechError> {
        #[cfg(feature = "speech")]
        {
            let voice = self
                .voices
                .get(lang)
                .ok_or_else(|| SpeechError::NoModel("voice", lang.to_owned()))?
                .clone();
            let text = text.to_owned();
            self.run(move || {
                let mut all = Audio {
                    rate: voice.sample_rate(),
                    samples: vec![],
                };
                for s in crate::text::sentences(&text) {
                    all.samples.extend(voice.speak(&s)?.samples);
                }
                Ok(all)
            })
            .await
        }
        #[cfg(not(feature = "speech"))]
        {
            let _ = text;
            Err(SpeechError::NoModel("voice", lang.to_owned()))
        }
    }

    /// Transcribes an utterance in a language, within `deadline`.
    pub async fn transcribe(
        &self,
        lang: &str,
        audio: Audio,
        deadline: Duration,
    ) -> Result<String, SpeechError> {
        #[cfg(feature = "speech")]
        {
            let r = self
                .recognisers
                .get(lang)
                .ok_or_else(|| SpeechError::NoModel("recogniser", lang.to_owned()))?
                .clone();
            tokio::time::timeout(deadline, self.run(move || r.transcribe(&audio)))
                .await
                .map_err(|_| SpeechError::Timeout(deadline))?
        }
        #[cfg(not(feature = "speech"))]
        {
            let _ = (audio, deadline);
            Err(SpeechError::NoModel("recogniser", lang.to_owned()))
        }
    }

    /// Runs blocking work on the bounded pool (the async runtime never blocks on a model).
    #[cfg(feature = "speech")]
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, SpeechError> + Send + 'static,
    ) -> Result<T, SpeechError> {
        // Load is shed rather than queued without end: past this many waiting, the caller
        // hears `<Say>` (synthesis) or is asked again (recognition) at once.
        let limit = MAX_WAITING_PER_WORKER * self.worker_count;
        let waiting = self
            .waiting
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let _waiting = WaitingGuard(&self.waiting);
        metrics::gauge!("doorstep_speech_jobs_waiting").set((waiting + 1) as f64);
        if waiting >= limit {
            metrics::counter!("doorstep_speech_jobs_shed_total").increment(1);
            return Err(SpeechError::Failed("speech workers are all busy".into()));
        }
        let permit = self
            .workers
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| SpeechError::Failed("speech workers stopped".into()))?;
        drop(_waiting);
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await
        .map_err(|e| SpeechError::Failed(format!("speech worker panicked: {e}")))?
    }
}

/// The models that tell when a caller speaks and when their turn ends, shared by every
/// stream (each stream keeps its own state).
#[cfg(feature = "speech")]
#[derive(Clone)]
pub struct EndOfSpeech {
    pub vad: Arc<vad::Vad>,
    pub turn: Arc<turn::TurnModel>,
}

#[cfg(feature = "speech")]
impl EndOfSpeech {
    /// Both models from `models/` (`doorstep models fetch`), or none: media streams need both.
    fn load(models_dir: &Path) -> Option<Self> {
        let vad_path = models_dir.join("vad/silero_vad.onnx");
        let turn_path = models_dir.join("turn/smart-turn-v3.2-cpu.onnx");
        if !vad_path.is_file() || !turn_path.is_file() {
            tracing::info!("no Silero VAD or Smart Turn fetched: calls listen by recording");
            return None;
        }
        let loaded = piper::init_onnxruntime(&onnxruntime_library(models_dir)).and_then(|_| {
            Ok(Self {
                vad: Arc::new(vad::Vad::load(&vad_path)?),
                turn: Arc::new(turn::TurnModel::load(&turn_path)?),
            })
        });
        loaded
            .inspect_err(|e| tracing::warn!(error = %e, "end-of-speech models did not load"))
            .ok()
    }
}

/// Jobs that may wait for a speech worker, per worker, before new ones are shed.
#[cfg(feature = "speech")]
const MAX_WAITING_PER_WORKER: usize = 4;

/// Counts a job as waiting for a worker until it starts (or gives up).
#[cfg(feature = "speech")]
struct WaitingGuard<'a>(&'a std::sync::atomic::AtomicUsize);

#[cfg(feature = "speech")]
impl Drop for WaitingGuard<'_> {
    fn drop(&mut self) {
        let left = self.0.fetch_sub(1, std::sync::atomic::Ordering::SeqCst) - 1;
        metrics::gauge!("doorstep_speech_jobs_waiting").set(left as f64);
    }
}

/// Synthesises one sentence and stores it as 8 kHz WAV (written aside, then renamed).
#[cfg(feature = "speech")]
fn synthesise_to(voice: &piper::Voice, text: &str, path: &Path) -> Result<(), SpeechError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let audio = voice.speak(text)?.resampled(TELEPHONE_RATE);
    std::fs::create_dir_all(dir).map_err(|e| SpeechError::Failed(e.to_string()))?;
    write_whole(path, &audio::write_wav(&audio)).map_err(|e| SpeechError::Failed(e.to_string()))
}

/// Writes a file so that no reader ever sees part of it: into a name of its own first, then
/// renamed into place. The directory may be shared by several nodes (`DOORSTEP_AUDIO_DIR`),
/// so the temporary name is random, not just this process's id.
fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension(format!("{}.tmp", &crate::simulator::random_sid("")[..16]));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Copies reply audio to the fixed prompts (a fixed prompt first made for a caller).
fn promote(from: &Path, to: &Path) -> bool {
    to.parent()
        .is_some_and(|d| std::fs::create_dir_all(d).is_ok())
        && std::fs::read(from).is_ok_and(|bytes| write_whole(to, &bytes).is_ok())
}

/// A name under `dir` (with `ext`), or a path as given.
#[cfg(feature = "speech")]
fn resolve(dir: &Path, name: &str, ext: &str) -> PathBuf {
    if name.contains('/') {
        PathBuf::from(name)
    } else {
        dir.join(format!("{name}{ext}"))
    }
}

/// The ONNX Runtime library `models fetch` puts under `models/native/`.
pub fn onnxruntime_library(models_dir: &Path) -> PathBuf {
    std::env::var_os("ORT_DYLIB_PATH")
        .map(PathBuf::from)
        .unwrap_or_else(|| models_dir.join("native/libonnxruntime.so.1.32.0"))
}
