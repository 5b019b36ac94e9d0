//! Triage figures on labelled utterances. `triage_dev.jsonl` is the shared development set;
//! `triage_paraphrases.jsonl` holds our own paraphrases. `triage_eval_test.jsonl` is the
//! test part of an evaluation set written from the protocols by people who did not see the
//! rules, in nine languages, split once (`scripts/split-triage-eval.py`): it is only scored,
//! never read while writing words or rules (`triage_eval_dev.jsonl` is the part for that).
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
    assert!(r.exact_accuracy() >= 0.75, "exact level ≥ 75%");
}

#[test]
fn paraphrases_meet_the_safety_floor_too() {
    let r = report(&engine(), "triage_paraphrases.jsonl");
    println!("{}", r.render());
    assert_eq!(r.emergency_recall(), 1.0);
    assert!(r.under_triage_rate() <= 0.05);
}

/// The targets, in every language: no emergency missed, under-triage ≤ 3%, over-triage
/// ≤ 10%, exact level ≥ 85%.
#[test]
fn the_unseen_test_part_meets_the_targets_in_every_language() {
    let r = report(&engine(), "triage_eval_test.jsonl");
    println!("{}\n{}", r.render(), r.render_by_language());
    assert!(r.total >= 150, "the test part holds at least a third of the set");
    for (lang, l) in r.by_language.iter().chain([(&"all".to_owned(), &r)]) {
        assert_eq!(l.emergency_recall(), 1.0, "{lang}: every emergency found");
        assert!(l.under_triage_rate() <= 0.03, "{lang}: under-triage ≤ 3%");
        assert!(l.over_triage_rate() <= 0.10, "{lang}: over-triage ≤ 10%");
        assert!(l.exact_accuracy() >= 0.85, "{lang}: exact level ≥ 85%");
    }
}

/// Paraphrases no lexicon word covers, caught because they rank nearest a red-flag example.
#[cfg(feature = "embeddings")]
#[test]
fn embeddings_catch_what_the_lexicons_miss_and_only_raise() {
    use doorstep::triage::{PatientContext, Urgency};
    let triage = engine();
    assert!(
        triage.has_ranker(),
        "the ranker loads (run `doorstep models fetch`)"
    );
    let none = PatientContext::default();
    for text in [
        "he gulped down the liquid we use on the crops",
        "she says she wants to end it all",
        "I feel like there is no reason to go on living",
    ] {
        assert_eq!(
            triage.assess(text, &none).urgency,
            Urgency::Medium,
            "rules alone miss {text:?}"
        );
        let a = triage.assess_full(text, &none);
        assert_eq!(a.urgency, Urgency::High, "{text:?}: {}", a.reason);
        assert!(
            a.connect_doctor && a.red_flags.iter().any(|f| f.starts_with("possible_")),
            "{a:?}"
        );
    }
    for text in [
        "I have a runny nose and sneezing",
        "teekha khane ke baad acidity ho jaati hai",
    ] {
        assert_eq!(
            triage.assess_full(text, &none).urgency,
            Urgency::Low,
            "{text:?}"
        );
    }
}
