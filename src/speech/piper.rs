//! Piper voices: espeak-ng turns text into IPA phonemes, the voice's map turns those into
//! ids, and the VITS model runs on ONNX Runtime (loaded at run time, checked first).
//!
//! A thin runner rather than the `piper-rs` crate: it links Debian's libespeak-ng instead of
//! building espeak-ng from source with cmake, and loads the voice once.

use std::collections::HashMap;
use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use super::audio::Audio;
use super::SpeechError;

extern "C" {
    fn espeak_Initialize(
        output: c_int,
        buflength: c_int,
        path: *const c_char,
        options: c_int,
    ) -> c_int;
    fn espeak_SetVoiceByName(name: *const c_char) -> c_int;
    fn espeak_TextToPhonemes(
        textptr: *mut *const c_void,
        textmode: c_int,
        phonememode: c_int,
    ) -> *const c_char;
}

const AUDIO_OUTPUT_SYNCHRONOUS: c_int = 2;
const ESPEAK_CHARS_UTF8: c_int = 1;
const ESPEAK_PHONEMES_IPA: c_int = 0x02;

/// espeak-ng keeps global state: one caller at a time, initialised once.
static ESPEAK: Mutex<Option<String>> = Mutex::new(None);

/// IPA phonemes of one clause-separated sentence, as Piper voices were trained on: each
/// clause's phonemes followed by its punctuation.
pub fn phonemize(text: &str, voice: &str) -> Result<String, SpeechError> {
    let mut current = ESPEAK.lock().unwrap_or_else(|p| p.into_inner());
    if current.is_none() {
        // SAFETY: a null path uses the installed espeak-ng-data; synchronous mode plays nothing.
        let rate = unsafe { espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, std::ptr::null(), 0) };
        if rate <= 0 {
            return Err(SpeechError::Unavailable(
                "espeak-ng could not start (is espeak-ng-data installed?)".into(),
            ));
        }
        *current = Some(String::new());
    }
    if current.as_deref() != Some(voice) {
        let name = CString::new(voice).map_err(|_| SpeechError::Unavailable(voice.into()))?;
        // SAFETY: a valid C string; espeak copies what it needs.
        if unsafe { espeak_SetVoiceByName(name.as_ptr()) } != 0 {
            return Err(SpeechError::Unavailable(format!(
                "espeak-ng has no voice '{voice}'"
            )));
        }
        *current = Some(voice.to_owned());
    }
    let mut out = String::new();
    for (clause, mark) in clauses(text) {
        let Ok(c_text) = CString::new(clause) else {
            continue;
        };
        let mut ptr = c_text.as_ptr().cast::<c_void>();
        while !ptr.is_null() {
            // SAFETY: `ptr` points into `c_text`, alive for the loop; espeak advances it and
            // sets it to null at the end; the result is a static buffer copied at once.
            let phonemes =
                unsafe { espeak_TextToPhonemes(&mut ptr, ESPEAK_CHARS_UTF8, ESPEAK_PHONEMES_IPA) };
            if phonemes.is_null() {
                break;
            }
            let piece = unsafe { CStr::from_ptr(phonemes) }.to_string_lossy();
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            out.push_str(piece.trim());
        }
        if let Some(m) = mark {
            out.push(m);
        }
    }
    Ok(out.nfd().collect())
}

/// Splits at clause punctuation, keeping the mark that ended each clause.
fn clauses(text: &str) -> Vec<(String, Option<char>)> {
    let mut out = vec![];
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let at_break = chars.peek().is_none_or(|n| n.is_whitespace());
        if matches!(c, ',' | ';' | ':' | '.' | '!' | '?' | '।') && at_break {
            let mark = if c == '।' { '.' } else { c };
            out.push((std::mem::take(&mut current), Some(mark)));
        } else {
            current.push(c);
        }
    }
    if !current.trim().is_empty() {
        out.push((current, None));
    }
    out.retain(|(t, _)| !t.trim().is_empty());
    out
}

/// A voice's `.onnx.json`.
#[derive(Debug, Deserialize)]
struct VoiceConfig {
    audio: AudioConfig,
    espeak: EspeakConfig,
    inference: Inference,
    phoneme_id_map: HashMap<String, Vec<i64>>,
}

#[derive(Debug, Deserialize)]
struct AudioConfig {
    sample_rate: u32,
}

#[derive(Debug, Deserialize)]
struct EspeakConfig {
    voice: String,
}

#[derive(Debug, Deserialize)]
struct Inference {
    noise_scale: f32,
    length_scale: f32,
    noise_w: f32,
}

/// A loaded Piper voice.
pub struct Voice {
    pub name: String,
    config: VoiceConfig,
    session: Mutex<ort::session::Session>,
}

static ORT: OnceLock<Result<(), String>> = OnceLock::new();

/// Loads ONNX Runtime from `library` once. The file is checked and opened with `dlopen`
/// first: `ort` 2.0.0-rc.12 hangs forever when it cannot load the library (ort issue 560).
pub fn init_onnxruntime(library: &Path) -> Result<(), SpeechError> {
    let result = ORT.get_or_init(|| {
        let fetch = "run `doorstep models fetch` (artefact onnxruntime)";
        if !library.is_file() {
            return Err(format!(
                "ONNX Runtime library {} is missing: {fetch}",
                library.display()
            ));
        }
        // SAFETY: loading a shared library runs its initialisers; this is ONNX Runtime's own.
        match unsafe { libloading::Library::new(library) } {
            Ok(lib) => drop(lib),
            Err(e) => {
                return Err(format!(
                    "ONNX Runtime library {} cannot be loaded: {e}; {fetch}",
                    library.display()
                ))
            }
        }
        ort::init_from(library)
            .map_err(|e| format!("ONNX Runtime {}: {e}", library.display()))?
            .with_name("doorstep")
            .commit();
        Ok(())
    });
    result.clone().map_err(SpeechError::Unavailable)
}

/// An ONNX Runtime session for a model file (a voice, the VAD, the turn model) on `threads`
/// threads; ONNX Runtime must be initialised first ([`init_onnxruntime`]).
pub fn session(model: &Path, threads: usize) -> Result<ort::session::Session, SpeechError> {
    if !model.is_file() {
        return Err(SpeechError::Unavailable(format!(
            "model {} is missing: run `doorstep models fetch`",
            model.display()
        )));
    }
    let unusable =
        |e: ort::Error| SpeechError::Unavailable(format!("model {}: {e}", model.display()));
    ort::session::Session::builder()
        .map_err(unusable)?
        .with_intra_threads(threads.max(1))
        .map_err(|e| unusable(e.into()))?
        .commit_from_file(model)
        .map_err(unusable)
}

impl Voice {
    /// Loads `<name>.onnx` and `<name>.onnx.json`; ONNX Runtime must be initialised first.
    pub fn load(model: &Path, threads: usize) -> Result<Self, SpeechError> {
        let config_path = PathBuf::from(format!("{}.json", model.display()));
        let missing = |p: &Path| {
            SpeechError::Unavailable(format!(
                "voice file {} is missing: run `doorstep models fetch`",
                p.display()
            ))
        };
        if !model.is_file() {
            return Err(missing(model));
        }
        let raw = std::fs::read_to_string(&config_path).map_err(|_| missing(&config_path))?;
        let config: VoiceConfig = serde_json::from_str(&raw)
            .map_err(|e| SpeechError::Unavailable(format!("{}: {e}", config_path.display())))?;
        let session = session(model, threads)?;
        let name = model
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(Self {
            name,
            config,
            session: Mutex::new(session),
        })
    }

    /// The rate the voice speaks at.
    pub fn sample_rate(&self) -> u32 {
        self.config.audio.sample_rate
    }

    /// Phoneme ids as Piper builds them: start, then each phoneme followed by the pad, end.
    pub fn phoneme_ids(&self, phonemes: &str) -> Vec<i64> {
        let map = &self.config.phoneme_id_map;
        let id = |s: &str| map.get(s).and_then(|v| v.first().copied());
        let (bos, eos, pad) = (
            id("^").unwrap_or(1),
            id("$").unwrap_or(2),
            id("_").unwrap_or(0),
        );
        let mut ids = vec![bos, pad];
        let mut buf = [0u8; 4];
        for c in phonemes.chars() {
            if let Some(i) = id(c.encode_utf8(&mut buf)) {
                ids.push(i);
                ids.push(pad);
            }
        }
        ids.push(eos);
        ids
    }

    /// Speaks one sentence.
    pub fn speak(&self, text: &str) -> Result<Audio, SpeechError> {
        let phonemes = phonemize(text, &self.config.espeak.voice)?;
        let ids = self.phoneme_ids(&phonemes);
        let n = ids.len();
        let inf = &self.config.inference;
        let fail = |e: ort::Error| SpeechError::Failed(format!("voice {}: {e}", self.name));
        let input = ort::value::Tensor::from_array((vec![1, n as i64], ids)).map_err(fail)?;
        let lengths = ort::value::Tensor::from_array((vec![1i64], vec![n as i64])).map_err(fail)?;
        let scales = ort::value::Tensor::from_array((
            vec![3i64],
            vec![inf.noise_scale, inf.length_scale, inf.noise_w],
        ))
        .map_err(fail)?;
        let mut session = self.session.lock().unwrap_or_else(|p| p.into_inner());
        let outputs = session
            .run(ort::inputs![
                "input" => input,
                "input_lengths" => lengths,
                "scales" => scales,
            ])
            .map_err(fail)?;
        let (_, samples) = outputs[0].try_extract_tensor::<f32>().map_err(fail)?;
        Ok(Audio {
            rate: self.sample_rate(),
            samples: samples.to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_keep_their_marks() {
        let c = clauses("Hello, world. Rs 12.50 please!");
        assert_eq!(
            c,
            vec![
                ("Hello".into(), Some(',')),
                (" world".into(), Some('.')),
                (" Rs 12.50 please".into(), Some('!')),
            ]
        );
    }

    #[test]
    fn espeak_gives_ipa() {
        let p = phonemize("Hello, doctor.", "en-us").unwrap();
        assert!(p.contains(','), "{p}");
        assert!(p.ends_with('.'), "{p}");
        assert!(p.contains('ə') || p.contains('ɒ') || p.contains('ɑ'), "{p}");
    }
}
