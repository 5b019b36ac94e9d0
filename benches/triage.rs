//! Triage benchmark over the evaluation set's development part (nine languages): latency per
//! utterance with words and rules, then with the embedding ranker (start-up, cold and from
//! its cache), and with the embedded LLM its load
//! time, tokens/s, guidance latency and peak RSS. `cargo bench --bench triage` (add
//! `--features embedded-llm` for the LLM rows); `cargo test` runs a short smoke pass only.
//! Env: BENCH_LLM_THREADS (1), BENCH_LLM_MODELS (paths, comma-separated; default: the
//! fetched SmolLM2 and, if present, Gemma 3 270M).

use std::path::Path;
use std::time::Instant;

use doorstep::triage::eval::read_cases;
use doorstep::triage::{PatientContext, Triage};

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let triage = Triage::load(&root.join("languages")).unwrap();
    let raw = std::fs::read_to_string(root.join("tests/data/triage_eval_dev.jsonl")).unwrap();
    let texts: Vec<String> = read_cases(&raw)
        .unwrap()
        .into_iter()
        .map(|c| c.text)
        .collect();
    let rounds = if full { 200 } else { 2 };
    let mut samples = Vec::with_capacity(rounds * texts.len());
    for _ in 0..rounds {
        for t in &texts {
            let started = Instant::now();
            std::hint::black_box(triage.assess(t, &PatientContext::default()));
            samples.push(started.elapsed());
        }
    }
    samples.sort();
    let pct = |q: f64| samples[((samples.len() - 1) as f64 * q) as usize];
    println!(
        "triage rules only: {} utterances; p50 {:?}, p99 {:?}, max {:?}",
        samples.len(),
        pct(0.5),
        pct(0.99),
        samples.last().unwrap()
    );
    ranked(full, &texts);
    // The sweep scores the development part six times: only in a real benchmark run.
    #[cfg(feature = "embeddings")]
    one_embedding(full, root);
    #[cfg(feature = "embeddings")]
    if full {
        margins(root);
    }
    #[cfg(feature = "embedded-llm")]
    llm(full, root, &triage, &texts);
    println!("peak RSS: {} MiB", peak_rss_kib() / 1024);
}

#[cfg(feature = "embedded-llm")]
fn llm(full: bool, root: &Path, triage: &Triage, texts: &[String]) {
    use doorstep::triage::embedded::Embedded;
    use doorstep::triage::guide::ChatMessage;
    use std::time::Duration;

    let threads: i32 = std::env::var("BENCH_LLM_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let models: Vec<std::path::PathBuf> = match std::env::var("BENCH_LLM_MODELS") {
        Ok(list) => list.split(',').map(Into::into).collect(),
        Err(_) => [
            "models/llm/SmolLM2-135M-Instruct.Q4_1.gguf",
            "models/llm/gemma-3-270m-q4_k_m.gguf",
        ]
        .iter()
        .map(|p| root.join(p))
        .filter(|p| p.is_file())
        .collect(),
    };
    let prompt = std::fs::read_to_string(root.join("prompts/guidance.txt")).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    for path in models {
        let started = Instant::now();
        let model = Embedded::load(&path, threads).unwrap();
        let load = started.elapsed();
        let cases = if full { 10 } else { 1 };
        let (mut tokens, mut gen_time, mut prompt_tokens, mut prompt_time, mut latencies) =
            (0usize, Duration::ZERO, 0usize, Duration::ZERO, vec![]);
        for text in texts.iter().take(cases) {
            let started = Instant::now();
            let a = triage.assess(text, &PatientContext::default());
            let system = prompt
                .replace("{language}", "English")
                .replace("{urgency}", a.urgency.as_str())
                .replace("{urgency_meaning}", "")
                .replace("{red_flags}", &a.red_flags.join(", "))
                .replace("{emergency}", "108");
            let messages = vec![
                ChatMessage {
                    role: "system".into(),
                    content: system,
                },
                ChatMessage {
                    role: "user".into(),
                    content: text.clone(),
                },
            ];
            let out = runtime
                .block_on(model.generate(&messages, 60, Duration::from_secs(30)))
                .unwrap();
            latencies.push(started.elapsed());
            tokens += out.new_tokens;
            gen_time += out.elapsed - out.prompt_elapsed;
            prompt_tokens += out.prompt_tokens;
            prompt_time += out.prompt_elapsed;
        }
        latencies.sort();
        println!(
            "embedded {} ({threads} thread{}): load {:?}; {} utterances, median guidance {:?}; \
             prompt {:.0} tokens/s, generation {:.1} tokens/s",
            path.file_name().unwrap().to_string_lossy(),
            if threads == 1 { "" } else { "s" },
            load,
            latencies.len(),
            latencies[latencies.len() / 2],
            prompt_tokens as f64 / prompt_time.as_secs_f64(),
            tokens as f64 / gen_time.as_secs_f64()
        );
    }
}

/// Rules plus the embedding ranker, as the service runs them (when built with `embeddings`).
fn ranked(full: bool, texts: &[String]) {
    let dir = tempfile::tempdir().unwrap();
    let o = doorstep::config::Overrides {
        data_dir: Some(dir.path().to_owned()),
        ..Default::default()
    };
    let settings = doorstep::config::Settings::load_from(&o, |_| None).unwrap();
    let started = Instant::now();
    let engine = doorstep::app::triage_engine(&settings).unwrap();
    if !engine.has_ranker() {
        println!("embedding ranker: not built in (--features embeddings) or not fetched");
        return;
    }
    let first = started.elapsed();
    drop(engine);
    // The second start reads the examples' embeddings from the on-disk cache.
    let started = Instant::now();
    let engine = doorstep::app::triage_engine(&settings).unwrap();
    let load = started.elapsed();
    println!("triage ranker start-up: first {first:?} (embeds the examples unless cached), cached {load:?}");
    let rounds = if full { 5 } else { 1 };
    let mut samples = vec![];
    for _ in 0..rounds {
        for t in texts {
            let started = Instant::now();
            std::hint::black_box(engine.assess_full(t, &PatientContext::default()));
            samples.push(started.elapsed());
        }
    }
    samples.sort();
    println!(
        "triage rules + embeddings (one core): {} utterances; p50 {:?}, p99 {:?}",
        samples.len(),
        samples[samples.len() / 2],
        samples[(samples.len() - 1) * 99 / 100]
    );
}

/// One e5 embedding on this core, at a short clause and at the token cap (a clause's cost).
#[cfg(feature = "embeddings")]
fn one_embedding(full: bool, root: &Path) {
    use doorstep::triage::embeddings::{Embedder, MAX_TOKENS};
    let Ok(e) = Embedder::load(&root.join("models/e5/e5-small-q4.bin")) else {
        println!("one embedding: model not fetched");
        return;
    };
    let long = "मेरे पिताजी को कल रात से सीने में बहुत भारी दर्द हो रहा है और पसीना भी आ रहा है और वो \
                बहुत घबराए हुए हैं हम गाँव में रहते हैं";
    for text in ["सीने में दर्द हो रहा है", &e.fit(long, MAX_TOKENS)]
    {
        let rounds = if full { 50 } else { 2 };
        let mut samples: Vec<_> = (0..rounds)
            .map(|_| {
                let started = Instant::now();
                std::hint::black_box(e.embed(text).unwrap());
                started.elapsed()
            })
            .collect();
        samples.sort();
        println!(
            "one e5 embedding, {} tokens: median {:?}",
            e.tokens(text),
            samples[samples.len() / 2]
        );
    }
}

/// Where the embedding margin should sit: the development part scored at several margins
/// (a lower margin lets more clauses reach a concept: more found, more false alarms).
#[cfg(feature = "embeddings")]
fn margins(root: &Path) {
    use doorstep::triage::eval::evaluate;
    let raw = std::fs::read_to_string(root.join("tests/data/triage_eval_dev.jsonl")).unwrap();
    let cases = read_cases(&raw).unwrap();
    let model = root.join("models/e5/e5-small-q4.bin");
    let cache = root.join("models/cache");
    let words = evaluate(&Triage::load(&root.join("languages")).unwrap(), &cases);
    println!("embedding margin: words only: {}", words.figures());
    for margin in [0.0f32, 0.01, 0.02, 0.035, 0.05, 0.08] {
        let Ok(ranker) =
            doorstep::triage::Ranker::load(&model, &root.join("languages"), Some(&cache))
        else {
            println!("embedding margin: model not fetched");
            return;
        };
        let triage = Triage::load(&root.join("languages"))
            .unwrap()
            .with_ranker(ranker.with_margin(margin));
        let r = evaluate(&triage, &cases);
        println!("embedding margin {margin:.3}: {}", r.figures());
    }
}

/// Peak resident memory of this process (VmHWM), in KiB.
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_owned)
        })
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}
