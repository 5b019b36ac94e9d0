//! The embedded LLM for real: SmolLM2-135M-Instruct (fetched by `doorstep models fetch`)
//! loaded through llama.cpp, chat-templated, generating, and its replies guarded.

use std::path::PathBuf;
use std::time::Duration;

use doorstep::domain::PhoneNumber;
use doorstep::text::segments;
use doorstep::triage::embedded::Embedded;
use doorstep::triage::guide::ChatMessage;

use crate::helpers::{spawn_app_with, Db};

fn model_path() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("models/llm/SmolLM2-135M-Instruct.Q4_1.gguf");
    assert!(
        path.is_file(),
        "{} is missing: run `doorstep models fetch` (the README's test command does)",
        path.display()
    );
    path
}

#[tokio::test]
async fn the_embedded_model_loads_and_answers_a_chat() {
    let model = Embedded::load(&model_path(), 1).expect("loads");
    let messages = vec![
        ChatMessage {
            role: "system".into(),
            content: "You are a helpful assistant. Answer in one short sentence.".into(),
        },
        ChatMessage {
            role: "user".into(),
            content: "What colour is the sky on a clear day?".into(),
        },
    ];
    let out = model
        .generate(&messages, 24, Duration::from_secs(30))
        .await
        .expect("generates");
    assert!(
        out.prompt_tokens > 20,
        "the chat template wraps the messages: {out:?}"
    );
    assert!(out.new_tokens > 0 && !out.text.is_empty(), "{out:?}");
    assert!(
        !out.text.contains("<|im_start|>"),
        "special tokens are not printed: {}",
        out.text
    );
    assert!(out.text.to_lowercase().contains("blue"), "{}", out.text);
}

#[tokio::test]
async fn a_deadline_stops_generation() {
    let model = Embedded::load(&model_path(), 1).expect("loads");
    let messages = vec![ChatMessage {
        role: "user".into(),
        content: "Count from one to five hundred.".into(),
    }];
    let out = model
        .generate(&messages, 1000, Duration::from_millis(200))
        .await
        .expect("generates");
    assert!(
        out.new_tokens < 1000 && out.elapsed < Duration::from_secs(5),
        "{out:?}"
    );
}

#[tokio::test]
async fn a_missing_model_is_a_clear_error() {
    let err = Embedded::load(std::path::Path::new("/nonexistent/model.gguf"), 1)
        .err()
        .expect("fails");
    assert!(err.to_string().contains("not found"), "{err}");
}

#[tokio::test]
async fn the_service_answers_sms_symptoms_through_the_embedded_model_safely() {
    let path = model_path();
    // A generous timeout so the model's reply, not the clock, decides what is sent.
    let app = spawn_app_with(
        Db::Sqlite,
        &[
            ("DOORSTEP_LLM_MODEL_PATH", path.to_str().unwrap()),
            ("DOORSTEP_LLM_TIMEOUT_MS", "20000"),
            ("DOORSTEP_WEBHOOK_BUDGET_MS", "25000"),
        ],
    )
    .await;
    let replies = app
        .phone("+919811100011")
        .sms("I have had a mild headache for two days")
        .await
        .unwrap();
    assert_eq!(replies.len(), 1);
    let reply = &replies[0];
    assert!(segments(reply) <= 2, "{reply}");
    assert!(
        reply.ends_with("Send DOCTOR for a doctor's call."),
        "{reply}"
    );
    let lower = reply.to_lowercase();
    for banned in ["paracetamol", "ibuprofen", "tablet", " mg"] {
        assert!(!lower.contains(banned), "{reply}");
    }
    let phone = PhoneNumber::parse("+919811100011").unwrap();
    let id = app.state.store.conversations(&phone).await.unwrap()[0].0;
    let messages = app.state.store.conversation_messages(id).await.unwrap();
    let note = &messages[1].1;
    assert!(
        note.contains("by embedded:SmolLM2") || note.contains("by template"),
        "{note}"
    );
}
