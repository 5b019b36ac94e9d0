//! An LLM run in-process on the CPU: a GGUF model through llama.cpp (`llama-cpp-2`).
//!
//! The model lives on one dedicated thread that owns it and its context; requests arrive
//! over a channel and carry a deadline, after which generation stops (the caller has already
//! heard the template by then). Threads default to 1: measured here, 2 threads on a 2-core
//! machine fall below 1 thread's speed as soon as the other core is busy with webhooks.

use std::num::NonZeroU32;
use std::path::Path;
use std::sync::{mpsc, OnceLock};
use std::time::{Duration, Instant};

use llama_cpp_2::context::params::LlamaContextParams;
use llama_cpp_2::llama_backend::LlamaBackend;
use llama_cpp_2::llama_batch::LlamaBatch;
use llama_cpp_2::model::params::LlamaModelParams;
use llama_cpp_2::model::{LlamaChatMessage, LlamaModel};
use llama_cpp_2::sampling::LlamaSampler;
use tokio::sync::oneshot;

use super::guide::{ChatFuture, ChatMessage, ChatModel, LlmError};

/// Prompt plus reply must fit; our prompts are a few hundred tokens.
const CONTEXT_TOKENS: u32 = 2048;
/// A generation never runs longer than this, whoever is waiting.
const MAX_GENERATION: Duration = Duration::from_secs(20);

struct Job {
    messages: Vec<ChatMessage>,
    max_tokens: u32,
    deadline: Instant,
    reply: oneshot::Sender<Result<Generated, LlmError>>,
}

/// A reply and what it cost.
#[derive(Debug, Clone)]
pub struct Generated {
    pub text: String,
    pub prompt_tokens: usize,
    pub new_tokens: usize,
    /// Reading the prompt (before the first new token).
    pub prompt_elapsed: Duration,
    pub elapsed: Duration,
}

/// A GGUF model on its own thread.
pub struct Embedded {
    jobs: mpsc::SyncSender<Job>,
    name: String,
    /// How long loading took.
    pub load_time: Duration,
}

/// llama.cpp's backend may be initialised once per process.
fn backend() -> Result<&'static LlamaBackend, LlmError> {
    static BACKEND: OnceLock<Result<LlamaBackend, String>> = OnceLock::new();
    BACKEND
        .get_or_init(|| {
            let mut b = LlamaBackend::init().map_err(|e| e.to_string())?;
            b.void_logs();
            Ok(b)
        })
        .as_ref()
        .map_err(|e| LlmError::Model(e.clone()))
}

impl Embedded {
    /// Loads the model (a clear error if the file is missing or not a GGUF model).
    pub fn load(path: &Path, threads: i32) -> Result<Self, LlmError> {
        if !path.is_file() {
            return Err(LlmError::Model(format!(
                "model file {} not found (scripts/fetch-models.sh fetches the test models)",
                path.display()
            )));
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (jobs, rx) = mpsc::sync_channel::<Job>(8);
        let (ready_tx, ready_rx) = mpsc::channel();
        let path = path.to_owned();
        let started = Instant::now();
        std::thread::Builder::new()
            .name("embedded-llm".into())
            .spawn(move || serve(&path, threads, rx, ready_tx))
            .map_err(|e| LlmError::Model(e.to_string()))?;
        ready_rx
            .recv()
            .map_err(|_| LlmError::Model("model thread died while loading".into()))??;
        Ok(Self {
            jobs,
            name: format!("embedded:{name}"),
            load_time: started.elapsed(),
        })
    }

    /// Generates with a deadline, reporting tokens and time (for benchmarks).
    pub async fn generate(
        &self,
        messages: &[ChatMessage],
        max_tokens: u32,
        within: Duration,
    ) -> Result<Generated, LlmError> {
        let (reply, rx) = oneshot::channel();
        let job = Job {
            messages: messages.to_vec(),
            max_tokens,
            deadline: Instant::now() + within,
            reply,
        };
        self.jobs
            .try_send(job)
            .map_err(|_| LlmError::Model("the model is busy".into()))?;
        rx.await
            .map_err(|_| LlmError::Model("the model thread stopped".into()))?
    }
}

impl ChatModel for Embedded {
    fn chat<'a>(&'a self, messages: &'a [ChatMessage], max_tokens: u32) -> ChatFuture<'a> {
        Box::pin(async move {
            Ok(self
                .generate(messages, max_tokens, MAX_GENERATION)
                .await?
                .text)
        })
    }

    fn name(&self) -> String {
        self.name.clone()
    }
}

fn serve(
    path: &Path,
    threads: i32,
    jobs: mpsc::Receiver<Job>,
    ready: mpsc::Sender<Result<(), LlmError>>,
) {
    let loaded = backend().and_then(|b| {
        let model = LlamaModel::load_from_file(b, path, &LlamaModelParams::default())
            .map_err(|e| LlmError::Model(format!("cannot load {}: {e}", path.display())))?;
        Ok((b, model))
    });
    let (backend, model) = match loaded {
        Ok(v) => v,
        Err(e) => {
            let _ = ready.send(Err(e));
            return;
        }
    };
    let params = LlamaContextParams::default()
        .with_n_ctx(NonZeroU32::new(CONTEXT_TOKENS))
        .with_n_threads(threads)
        .with_n_threads_batch(threads);
    let mut ctx = match model.new_context(backend, params) {
        Ok(c) => c,
        Err(e) => {
            let _ = ready.send(Err(LlmError::Model(format!(
                "cannot create a context: {e}"
            ))));
            return;
        }
    };
    let _ = ready.send(Ok(()));
    while let Ok(job) = jobs.recv() {
        // A job whose caller gave up, or whose deadline passed while it queued, is not
        // started: it would hold the thread for nothing.
        if job.reply.is_closed() || Instant::now() >= job.deadline {
            metrics::counter!("doorstep_llm_jobs_skipped_total").increment(1);
            let _ = job.reply.send(Err(LlmError::Model(
                "deadline passed before the job started".into(),
            )));
            continue;
        }
        ctx.clear_kv_cache();
        let result = generate(&model, &mut ctx, &job);
        let _ = job.reply.send(result);
    }
}

fn generate(
    model: &LlamaModel,
    ctx: &mut llama_cpp_2::context::LlamaContext,
    job: &Job,
) -> Result<Generated, LlmError> {
    let started = Instant::now();
    let prompt = render_prompt(model, &job.messages)?;
    let vocab = model.vocab();
    let tokens = vocab.tokenize(prompt.as_bytes(), false, true);
    let limit = CONTEXT_TOKENS as usize - job.max_tokens as usize;
    if tokens.is_empty() || tokens.len() > limit {
        return Err(LlmError::Model(format!(
            "prompt of {} tokens does not fit",
            tokens.len()
        )));
    }
    let mut batch = LlamaBatch::new(tokens.len().max(1), 1);
    let last = tokens.len() - 1;
    for (i, t) in tokens.iter().enumerate() {
        batch
            .add(*t, i as i32, &[0], i == last)
            .map_err(|e| LlmError::Model(e.to_string()))?;
    }
    ctx.decode(&mut batch)
        .map_err(|e| LlmError::Model(format!("decode failed: {e}")))?;
    let prompt_elapsed = started.elapsed();
    // Greedy: guidance should be predictable, not creative.
    let mut sampler = LlamaSampler::greedy();
    let mut out = Vec::new();
    let mut pos = tokens.len() as i32;
    let mut new_tokens = 0;
    while new_tokens < job.max_tokens as usize && Instant::now() < job.deadline {
        let token = sampler.sample(ctx, batch.n_tokens() - 1);
        sampler.accept(token);
        if vocab.is_eog(token) {
            break;
        }
        out.extend(vocab.token_to_piece(token, false, None));
        new_tokens += 1;
        batch.clear();
        batch
            .add(token, pos, &[0], true)
            .map_err(|e| LlmError::Model(e.to_string()))?;
        pos += 1;
        ctx.decode(&mut batch)
            .map_err(|e| LlmError::Model(format!("decode failed: {e}")))?;
    }
    Ok(Generated {
        text: String::from_utf8_lossy(&out).trim().to_owned(),
        prompt_tokens: tokens.len(),
        new_tokens,
        prompt_elapsed,
        elapsed: started.elapsed(),
    })
}

/// The model's own chat template, else ChatML (which most small instruct models use).
fn render_prompt(model: &LlamaModel, messages: &[ChatMessage]) -> Result<String, LlmError> {
    let chat: Result<Vec<LlamaChatMessage>, _> = messages
        .iter()
        .map(|m| LlamaChatMessage::new(m.role.clone(), m.content.clone()))
        .collect();
    let chat = chat.map_err(|e| LlmError::Model(e.to_string()))?;
    if let Ok(template) = model.chat_template(None) {
        if let Ok(prompt) = model.apply_chat_template(&template, &chat, true) {
            return Ok(prompt);
        }
    }
    let mut prompt = String::new();
    for m in messages {
        prompt.push_str(&format!(
            "<|im_start|>{}\n{}<|im_end|>\n",
            m.role, m.content
        ));
    }
    prompt.push_str("<|im_start|>assistant\n");
    Ok(prompt)
}
