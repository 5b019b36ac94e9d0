//! Triage through the service: free-text SMS and spoken problems, with and without an LLM.
//! The LLM is a real HTTP server on loopback that speaks OpenAI's chat-completions protocol.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::routing::post;
use axum::{Json, Router};
use doorstep::domain::PhoneNumber;
use doorstep::simulator::Heard;
use serde_json::{json, Value};

use crate::helpers::{heard_text, spawn_app, spawn_app_with, Db, TestApp};
use crate::on_both_databases;

const CALLER: &str = "+919811122233";

/// Requests the fake LLM received.
type Seen = Arc<Mutex<Vec<Value>>>;

/// Starts a chat-completions server that answers `reply` after `delay` with `status`.
async fn fake_llm(reply: &'static str, delay: Duration, status: u16) -> (String, Seen) {
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let app = Router::new().route(
        "/v1/chat/completions",
        post(move |Json(body): Json<Value>| {
            let log = log.clone();
            async move {
                log.lock().unwrap().push(body);
                tokio::time::sleep(delay).await;
                let answer = json!({"id": "x", "object": "chat.completion", "model": "test-model",
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": reply}}]});
                (
                    axum::http::StatusCode::from_u16(status).unwrap(),
                    Json(answer),
                )
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, seen)
}

async fn app_with_llm(
    db: Db,
    reply: &'static str,
    delay: Duration,
    status: u16,
) -> (TestApp, Seen) {
    let (url, seen) = fake_llm(reply, delay, status).await;
    let app = spawn_app_with(
        db,
        &[
            ("DOORSTEP_LLM_URL", &url),
            ("DOORSTEP_LLM_MODEL", "test-model"),
        ],
    )
    .await;
    (app, seen)
}

/// The caller's latest conversation: its urgency and messages (role, content).
async fn latest_conversation(app: &TestApp) -> (Option<String>, Vec<(String, String)>) {
    let phone = PhoneNumber::parse(CALLER).unwrap();
    let (id, _, urgency, _) = app
        .state
        .store
        .conversations(&phone)
        .await
        .unwrap()
        .remove(0);
    let messages = app.state.store.conversation_messages(id).await.unwrap();
    (urgency, messages)
}

async fn sms(app: &TestApp, text: &str) -> String {
    let replies = app.phone(CALLER).sms(text).await.unwrap();
    assert_eq!(replies.len(), 1, "{replies:?}");
    replies[0].clone()
}

async fn an_sms_emergency_puts_the_emergency_number_first(db: Db) {
    let (app, seen) = app_with_llm(db, "URGENCY: low\nADVICE: Rest.", Duration::ZERO, 200).await;
    let reply = sms(&app, "khet mein saanp ne pair mein kaat liya hai").await;
    assert!(reply.starts_with("EMERGENCY: call 108 now"), "{reply}");
    assert!(reply.contains("saanp"), "{reply}");
    assert!(
        seen.lock().unwrap().is_empty(),
        "an emergency never waits for the LLM"
    );
    let stored = app
        .state
        .store
        .conversations(&PhoneNumber::parse(CALLER).unwrap())
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(
        (stored[0].1.as_str(), stored[0].2.as_deref()),
        ("sms", Some("emergency"))
    );
}
on_both_databases!(an_sms_emergency_puts_the_emergency_number_first);

async fn hindi_symptoms_without_an_llm_get_the_template_in_hindi(db: Db) {
    let app = spawn_app(db).await;
    let reply = sms(&app, "मुझे दो दिन से बुखार है").await;
    assert!(
        reply.contains("कृपया अगले कुछ दिनों में डॉक्टर को दिखाएँ।"),
        "{reply}"
    );
    assert!(reply.ends_with("डॉक्टर कॉल के लिए DOCTOR भेजें।"), "{reply}");
    let unclear = sms(&app, "हम्म").await;
    assert!(unclear.contains("DOCTOR"), "{unclear}");
}
on_both_databases!(hindi_symptoms_without_an_llm_get_the_template_in_hindi);

async fn a_safe_llm_reply_is_used_and_the_prompt_carries_the_rules(db: Db) {
    let advice = "URGENCY: medium\nADVICE: Please rest and see a doctor within two days.";
    let (app, seen) = app_with_llm(db, advice, Duration::ZERO, 200).await;
    let reply = sms(&app, "I have had a headache for two days").await;
    assert_eq!(
        reply,
        "To be safe: reply 1 if anyone is unconscious, fitting, struggling to breathe or bleeding heavily, or 2 if not.\n\
         Please rest and see a doctor within two days. Send DOCTOR for a doctor's call."
    );
    let request = seen.lock().unwrap()[0].clone();
    assert_eq!(request["model"], "test-model");
    let system = request["messages"][0]["content"].as_str().unwrap();
    assert!(
        system.contains("Never name any medicine") && system.contains("English"),
        "{system}"
    );
    assert_eq!(
        request["messages"][1]["content"],
        "I have had a headache for two days"
    );
    let phone = PhoneNumber::parse(CALLER).unwrap();
    let id = app.state.store.conversations(&phone).await.unwrap()[0].0;
    let messages = app.state.store.conversation_messages(id).await.unwrap();
    assert!(
        messages[1].1.contains("by openai-compatible:test-model"),
        "{messages:?}"
    );
}
on_both_databases!(a_safe_llm_reply_is_used_and_the_prompt_carries_the_rules);

async fn unsafe_slow_or_failing_llm_replies_fall_back_to_templates(db: Db) {
    let medium_template = "Please see a doctor in the next few days.";
    for (reply, delay, status) in [
        (
            "URGENCY: medium\nADVICE: Take paracetamol 500 mg twice a day.",
            Duration::ZERO,
            200,
        ),
        (
            "URGENCY: medium\nADVICE: It sounds like a migraine.",
            Duration::ZERO,
            200,
        ),
        ("I think you should rest.", Duration::ZERO, 200),
        ("URGENCY: medium\nADVICE: Rest.", Duration::ZERO, 500),
        (
            "URGENCY: medium\nADVICE: Rest and see a doctor.",
            Duration::from_secs(3),
            200,
        ),
    ] {
        let (app, _) = app_with_llm(db, reply, delay, status).await;
        let started = Instant::now();
        let text = sms(&app, "I have had a headache for two days").await;
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{reply}: took {:?}",
            started.elapsed()
        );
        assert!(text.contains(medium_template), "{reply} -> {text}");
    }
}
on_both_databases!(unsafe_slow_or_failing_llm_replies_fall_back_to_templates);

async fn the_llm_may_raise_urgency_but_never_lower_it(db: Db) {
    let (app, _) = app_with_llm(
        db,
        "URGENCY: high\nADVICE: Go to a doctor today.",
        Duration::ZERO,
        200,
    )
    .await;
    let raised = sms(&app, "I have had a headache for two days").await;
    assert!(raised.contains("\nPlease see a doctor today."), "{raised}");

    let (app, _) = app_with_llm(
        db,
        "URGENCY: low\nADVICE: Just rest at home.",
        Duration::ZERO,
        200,
    )
    .await;
    let kept = sms(&app, "a street dog bit my son on the leg").await;
    assert!(kept.contains("\nPlease see a doctor today."), "{kept}");
}
on_both_databases!(the_llm_may_raise_urgency_but_never_lower_it);

async fn a_caller_who_describes_an_emergency_is_connected_to_108(db: Db) {
    let app = spawn_app(db).await;
    let (heard, _) = app
        .call(
            CALLER,
            &["2", "1", "my husband has severe chest pain and is sweating"],
        )
        .await;
    let text = heard_text(&heard);
    assert!(text.contains("Please tell us your problem"), "{text}");
    assert!(
        text.contains("\"chest pain\". That is a danger sign."),
        "{text}"
    );
    assert!(
        heard
            .iter()
            .any(|h| matches!(h, Heard::Dial { number, .. } if number == "108")),
        "{heard:?}"
    );
    let stored = app
        .state
        .store
        .conversations(&PhoneNumber::parse(CALLER).unwrap())
        .await
        .unwrap();
    assert_eq!(stored[0].1, "voice-carrier-speech");
    assert_eq!(stored[0].2.as_deref(), Some("emergency"));
    assert_eq!(
        stored[0].3,
        "my husband has severe chest pain and is sweating"
    );
}
on_both_databases!(a_caller_who_describes_an_emergency_is_connected_to_108);

async fn a_caller_with_a_cold_gets_self_care_advice_and_can_ask_for_a_doctor(db: Db) {
    let app = spawn_app(db).await;
    let (heard, _) = app
        .call(
            CALLER,
            &["2", "1", "I have a runny nose and sneezing", "2", "1"],
        )
        .await;
    let text = heard_text(&heard);
    assert!(
        text.contains("You can rest and take care at home."),
        "{text}"
    );
    // No doctor is on the roster: pressing 1 queues the caller for a doctor's callback.
    assert!(text.contains("Your request number is 1001"), "{text}");
    assert!(!heard.iter().any(|h| matches!(h, Heard::Dial { .. })));
}
on_both_databases!(a_caller_with_a_cold_gets_self_care_advice_and_can_ask_for_a_doctor);

async fn silence_when_asked_for_the_problem_asks_again_then_offers_a_doctor(db: Db) {
    let app = spawn_app(db).await;
    let (heard, _) = app.call(CALLER, &["2", "1", "", "", ""]).await;
    let text = heard_text(&heard);
    assert_eq!(
        text.matches("Please tell us your problem").count(),
        3,
        "{text}"
    );
    assert!(
        text.contains("To speak to a doctor now, press 1."),
        "{text}"
    );
}
on_both_databases!(silence_when_asked_for_the_problem_asks_again_then_offers_a_doctor);

/// With the embedding ranker on, the service still answers by the protocols: an emergency
/// first, self-care for a cold (what embeddings add is tested in tests/triage_eval.rs).
#[cfg(feature = "embeddings")]
#[tokio::test]
async fn the_service_runs_with_the_embedding_ranker() {
    let app = spawn_app_with(Db::Sqlite, &[("DOORSTEP_EMBEDDINGS", "on")]).await;
    assert!(app.state.triage.has_ranker());
    let reply = sms(&app, "a cobra bit my father in the field").await;
    assert!(reply.starts_with("EMERGENCY: call 108 now"), "{reply}");
    let cold = sms(&app, "I have a runny nose and sneezing").await;
    assert!(
        cold.starts_with("You can rest and take care at home."),
        "{cold}"
    );
}

async fn a_yes_to_a_danger_sign_question_dials_the_emergency_number(db: Db) {
    let app = spawn_app(db).await;
    let (heard, _) = app
        .call(CALLER, &["2", "1", "my daughter has fever and cough", "1"])
        .await;
    let text = heard_text(&heard);
    assert!(
        text.contains("A few quick questions, to be safe."),
        "{text}"
    );
    assert!(
        text.contains("Is the child unable to drink or breastfeed?"),
        "{text}"
    );
    assert!(
        heard
            .iter()
            .any(|h| matches!(h, Heard::Dial { number, .. } if number == "108")),
        "{heard:?}"
    );
    let (urgency, messages) = latest_conversation(&app).await;
    assert_eq!(urgency.as_deref(), Some("emergency"));
    assert!(
        messages
            .iter()
            .any(|(role, m)| role == "interview" && m == "child_drink: yes"),
        "{messages:?}"
    );
}
on_both_databases!(a_yes_to_a_danger_sign_question_dials_the_emergency_number);

async fn silence_is_never_taken_as_no(db: Db) {
    let app = spawn_app(db).await;
    let (heard, _) = app
        .call(CALLER, &["2", "1", "my knee hurts", "", "", "", "", "", ""])
        .await;
    let text = heard_text(&heard);
    let universal = "Is anyone unconscious, fitting, struggling to breathe, or bleeding heavily?";
    assert_eq!(text.matches(universal).count(), 2, "asked twice: {text}");
    assert!(!heard.iter().any(|h| matches!(h, Heard::Dial { .. })));
    // Unanswered danger-sign questions leave a doctor today, never self-care.
    assert!(text.contains("Please see a doctor today."), "{text}");
    let (urgency, messages) = latest_conversation(&app).await;
    assert_eq!(urgency.as_deref(), Some("high"));
    assert!(
        messages
            .iter()
            .any(|(role, m)| role == "interview" && m == "universal: no answer"),
        "{messages:?}"
    );
}
on_both_databases!(silence_is_never_taken_as_no);

async fn a_wrong_key_asks_the_question_again(db: Db) {
    let app = spawn_app(db).await;
    let (heard, _) = app
        .call(CALLER, &["2", "1", "my knee hurts", "7", "2", "2", "2"])
        .await;
    let text = heard_text(&heard);
    assert!(
        text.contains("Please press 1 for yes, or 2 for no."),
        "{text}"
    );
    assert!(
        text.contains("Please see a doctor in the next few days."),
        "{text}"
    );
    assert!(!heard.iter().any(|h| matches!(h, Heard::Dial { .. })));
}
on_both_databases!(a_wrong_key_asks_the_question_again);

async fn an_sms_safety_answer_of_1_is_an_emergency_and_wins_over_a_rating(db: Db) {
    let app = spawn_app(db).await;
    let first = sms(&app, "I have had a headache for two days").await;
    assert!(first.starts_with("To be safe: reply 1 if"), "{first}");
    let yes = sms(&app, "1").await;
    assert!(
        yes.starts_with("Call 108 now or go to the nearest hospital."),
        "{yes}"
    );
    assert_eq!(
        latest_conversation(&app).await.0.as_deref(),
        Some("emergency")
    );
    // The question is answered: a later lone digit is no longer taken as a yes.
    let later = sms(&app, "1").await;
    assert!(!later.contains("Call 108 now or go"), "{later}");

    let second = sms(&app, "my knee hurts since a week").await;
    assert!(second.starts_with("To be safe"), "{second}");
    let no = sms(&app, "2").await;
    assert!(no.starts_with("Thank you."), "{no}");
    assert_ne!(
        latest_conversation(&app).await.0.as_deref(),
        Some("emergency")
    );
}
on_both_databases!(an_sms_safety_answer_of_1_is_an_emergency_and_wins_over_a_rating);
