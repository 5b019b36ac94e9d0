//! Triage figures on labelled utterances. `triage_dev.jsonl` is the shared development set;
//! `triage_paraphrases.jsonl` holds our own paraphrases. `triage_eval_test.jsonl` is the
//! test part of an evaluation set written from the protocols by people who did not see the
//! rules, in nine languages, split once (`scripts/split-triage-eval.py`): it is only scored,
//! never read while writing words or rules (`triage_eval_dev.jsonl` is the part for that,
//! with the later `triage_dev_more_*.jsonl` batch).
//! The engine is built as the service builds it: rules, plus the embedding ranker when
//! compiled in (`--features embeddings`) and fetched.

use std::path::Path;

use doorstep::config::{Overrides, Settings};
use doorstep::triage::eval::{evaluate, read_cases, Report};
use doorstep::triage::Triage;

fn engine() -> Triage {
    let dir = tempfile::tempdir().unwrap();
    let o = Overrides {
        data_dir: Some(dir.path().to_owned()),
        ..Default::default()
    };
    let settings = Settings::load_from(&o, |_| None).unwrap();
    doorstep::app::triage_engine(&settings).unwrap()
}

fn report(triage: &Triage, file: &str) -> Report {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cases =
        read_cases(&std::fs::read_to_string(root.join("tests/data").join(file)).unwrap()).unwrap();
    evaluate(triage, &cases)
}

#[test]
fn the_development_set_meets_the_safety_floor() {
    let r = report(&engine(), "triage_dev.jsonl");
    println!("{}", r.render());
    assert_eq!(r.total, 60);
    assert_eq!(r.emergency_recall(), 1.0, "every emergency found");
    assert!(r.under_triage_rate() <= 0.05, "under-triage ≤ 5%");
    assert!(r.exact_accuracy() >= 0.80, "exact level ≥ 80%");
}

#[test]
fn paraphrases_meet_the_safety_floor_too() {
    let r = report(&engine(), "triage_paraphrases.jsonl");
    println!("{}", r.render());
    assert_eq!(r.emergency_recall(), 1.0);
    assert!(r.under_triage_rate() <= 0.05);
}

/// The unseen test part, overall and in every language. The issue's targets (every emergency
/// found, under-triage ≤ 3%, over-triage ≤ 10%, exact level ≥ 85%, in every language) are not
/// met yet (BENCHMARKS.md has the table); these floors hold what was measured when the set
/// was first scored, so that no change to words or rules makes it worse unnoticed.
#[test]
fn the_unseen_test_part_holds_its_measured_floor() {
    let r = report(&engine(), "triage_eval_test.jsonl");
    println!("{}", r.render_by_language());
    assert!(
        r.total >= 150,
        "the test part holds at least a third of the set"
    );
    assert_eq!(
        r.by_language.len(),
        11,
        "nine languages, romanised Hindi and Hinglish"
    );
    assert!(r.emergency_recall() >= 0.95, "overall emergency recall");
    assert!(r.under_triage_rate() <= 0.04, "overall under-triage");
    assert!(r.over_triage_rate() <= 0.065, "overall over-triage");
    assert!(r.exact_accuracy() >= 0.90, "overall exact level");
    for (lang, l) in &r.by_language {
        assert!(l.emergency_recall() >= 0.75, "{lang}: emergency recall");
        assert!(l.under_triage_rate() <= 0.22, "{lang}: under-triage");
        assert!(l.over_triage_rate() <= 0.30, "{lang}: over-triage");
        assert!(l.exact_accuracy() >= 0.70, "{lang}: exact level");
    }
}

/// The development part: what words and rules were written against.
#[test]
fn the_development_part_is_met() {
    let r = report(&engine(), "triage_eval_dev.jsonl");
    assert!(r.emergency_recall() >= 0.98, "{}", r.render_by_language());
    assert!(r.under_triage_rate() <= 0.03, "{}", r.render_by_language());
    assert!(r.exact_accuracy() >= 0.92, "{}", r.render_by_language());
}

/// The second development batch (`triage_dev_more_*.jsonl`, 556 utterances in every
/// language, written later from the protocols in other words than the first): also a part
/// the words were written against, so it must be met, not merely scored.
#[test]
fn the_second_development_batch_is_met() {
    for file in [
        "triage_dev_more_hi.jsonl",
        "triage_dev_more_bn_mr_gu.jsonl",
        "triage_dev_more_ta_te.jsonl",
        "triage_dev_more_kn_ml_en.jsonl",
    ] {
        let r = report(&engine(), file);
        let table = r.render_by_language();
        assert_eq!(
            r.emergency_recall(),
            1.0,
            "{file}: every emergency found\n{table}"
        );
        assert!(
            r.under_triage_rate() <= 0.03,
            "{file}: under-triage\n{table}"
        );
        assert!(r.over_triage_rate() <= 0.10, "{file}: over-triage\n{table}");
    }
}

/// The fresh batches (`triage_dev_fresh*.jsonl`, each written before it was scored): the
/// working halves were read while fixing words and must stay met; the holdout halves of
/// batches 4 to 14 were only ever scored, and hold what they measured.
#[test]
fn the_fresh_batches_hold_their_figures() {
    let engine = engine();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let part = |holdout: bool, from: usize| {
        let mut cases = vec![];
        for n in from..=14 {
            let batch = if n == 1 { String::new() } else { n.to_string() };
            let suffix = if holdout { "_holdout" } else { "" };
            let file = root.join(format!("triage_dev_fresh{batch}{suffix}.jsonl"));
            cases.extend(read_cases(&std::fs::read_to_string(&file).unwrap()).unwrap());
        }
        evaluate(&engine, &cases)
    };
    let working = part(false, 1);
    assert!(working.emergency_recall() >= 0.99, "{}", working.render());
    assert!(working.under_triage_rate() <= 0.01, "{}", working.render());
    assert!(working.over_triage_rate() <= 0.03, "{}", working.render());
    let holdout = part(true, 4);
    assert!(holdout.total >= 300, "{}", holdout.total);
    assert!(holdout.emergency_recall() >= 0.98, "{}", holdout.render());
    assert!(holdout.under_triage_rate() <= 0.02, "{}", holdout.render());
    assert!(holdout.over_triage_rate() <= 0.06, "{}", holdout.render());
    assert!(holdout.exact_accuracy() >= 0.92, "{}", holdout.render());
}

/// Fresh batches 15, 16 and 17, scored before their words were written: the working halves were
/// fixed against (most of their over-triage is left: it is the safe side, and some of it is
/// labels that disagree with earlier batches), the holdout halves only scored.
#[test]
fn the_latest_fresh_batches_hold_their_figures() {
    let engine = engine();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let part = |suffix: &str| {
        let mut cases = vec![];
        for n in [15, 16, 17] {
            let file = root.join(format!("triage_dev_fresh{n}{suffix}.jsonl"));
            cases.extend(read_cases(&std::fs::read_to_string(&file).unwrap()).unwrap());
        }
        evaluate(&engine, &cases)
    };
    let working = part("");
    assert!(working.emergency_recall() >= 0.98, "{}", working.render());
    assert!(working.under_triage_rate() <= 0.015, "{}", working.render());
    assert!(working.over_triage_rate() <= 0.14, "{}", working.render());
    let holdout = part("_holdout");
    assert!(holdout.total >= 200, "{}", holdout.total);
    assert!(holdout.emergency_recall() >= 0.95, "{}", holdout.render());
    assert!(holdout.under_triage_rate() <= 0.04, "{}", holdout.render());
    assert!(holdout.over_triage_rate() <= 0.135, "{}", holdout.render());
    assert!(holdout.exact_accuracy() >= 0.83, "{}", holdout.render());
}

/// A long clause is embedded by its first whole words that fit the token cap; a short one
/// whole.
#[cfg(feature = "embeddings")]
#[test]
fn a_long_clause_is_cut_to_its_first_words_within_the_token_cap() {
    use doorstep::triage::embeddings::{Embedder, MAX_TOKENS};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let e = Embedder::load(&root.join("models/e5/e5-small-q4.bin"))
        .expect("the e5 model is fetched (`doorstep models fetch`)");
    let short = "सीने में दर्द";
    assert_eq!(e.fit(short, MAX_TOKENS), short);
    let long = "मेरे पिताजी को कल रात से सीने में बहुत भारी दर्द हो रहा है और पसीना भी आ रहा है और वो \
                बहुत घबराए हुए हैं हम गाँव में रहते हैं अस्पताल दूर है क्या करें बताइए जल्दी";
    assert!(e.tokens(long) > MAX_TOKENS);
    let cut = e.fit(long, MAX_TOKENS);
    assert!(e.tokens(&cut) <= MAX_TOKENS, "{cut}");
    assert!(
        long.starts_with(&cut) && cut.split(' ').count() >= 8,
        "{cut}"
    );
}

/// A clause no lexicon word covers reaches its concept through the embedding ranker, and
/// the same rules then read it; benign words stay benign.
#[cfg(feature = "embeddings")]
#[test]
fn embeddings_find_the_concept_of_a_clause_the_words_miss_and_only_ever_add() {
    use doorstep::triage::{PatientContext, Ranker, Urgency};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let examples = tempfile::tempdir().unwrap();
    std::fs::create_dir(examples.path().join("xx")).unwrap();
    std::fs::write(
        examples.path().join("xx/concept_examples.toml"),
        r#"benign = ["I have a cold and a runny nose", "what should I eat", "we went to the market"]
[concept]
pesticide = ["he swallowed the liquid we spray on the crops", "she drank the insect poison kept for the fields"]
"#,
    )
    .unwrap();
    let ranker = Ranker::load(
        &root.join("models/e5/e5-small-q4.bin"),
        examples.path(),
        None,
    )
    .expect("the e5 model is fetched (`doorstep models fetch`)");
    let triage = Triage::load(&root.join("languages"))
        .unwrap()
        .with_ranker(ranker);
    let none = PatientContext::default();
    let text = "he gulped down the liquid we use on the crops";
    assert!(
        triage.assess(text, &none).urgency < Urgency::Emergency,
        "words alone"
    );
    let a = triage.assess_full(text, &none);
    assert_eq!(a.urgency, Urgency::Emergency, "{}", a.reason);
    assert!(
        a.concepts
            .iter()
            .any(|c| c.concept == "pesticide" && c.via == "embedding"),
        "{:?}",
        a.concepts
    );
    for benign in [
        "I have a runny nose and sneezing",
        "a small blister on my finger",
    ] {
        assert_eq!(
            triage.assess_full(benign, &none).urgency,
            Urgency::Low,
            "{benign}"
        );
    }
}

/// A burst of texts that all want an embedding: one worker thread and a queue of eight, so
/// the burst adds no threads, every text is answered within the deadline (a busy ranker
/// leaves the words' answer), and nothing is lowered.
#[cfg(feature = "embeddings")]
#[tokio::test]
async fn a_burst_never_grows_threads_and_every_text_is_answered_in_time() {
    use doorstep::triage::PatientContext;
    let threads = || {
        std::fs::read_to_string("/proc/self/status")
            .unwrap()
            .lines()
            .find_map(|l| {
                l.strip_prefix("Threads:")
                    .map(|n| n.trim().parse::<usize>().unwrap())
            })
            .unwrap()
    };
    let triage = std::sync::Arc::new(engine());
    assert!(triage.has_ranker(), "run `doorstep models fetch`");
    let before = threads();
    let text = "my elbow feels strange when I lift buckets";
    let words = triage.assess(text, &PatientContext::default()).urgency;
    let started = std::time::Instant::now();
    let mut burst = tokio::task::JoinSet::new();
    for _ in 0..64 {
        let t = triage.clone();
        burst.spawn(async move { t.assess_async(text, &PatientContext::default()).await });
    }
    let mut answered = 0;
    while let Some(a) = burst.join_next().await {
        assert!(a.unwrap().urgency >= words);
        answered += 1;
    }
    assert_eq!(answered, 64);
    // Each wait is bounded by the ranker's deadline; one worker serves them in turn.
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    // Other tests in this binary may start a ranker (one thread each) meanwhile; a thread
    // per job would add 64.
    assert!(
        threads() < before + 16,
        "no thread per job: {before} -> {}",
        threads()
    );
}
