use std::time::{Duration, Instant};

use doorstep::domain::{CallId, PhoneNumber};
use doorstep::simulator::{parse, random_sid, Heard};
use doorstep::store::PrescriptionItem;
use sqlx::Executor;

use crate::helpers::{heard_text, spawn_app, spoken, Db, TestApp};
use crate::{on_both_databases, on_every_carrier};

const CALLER: &str = "+919812345678";

fn call_params<'a>(sid: &'a str, from: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("CallSid", sid),
        ("From", from),
        ("To", "+911800000000"),
        ("CallStatus", "ringing"),
    ]
}

async fn a_new_caller_hears_every_language_offered_in_that_language(db: Db) {
    let app = spawn_app(db).await;
    let (heard, _) = app.call(CALLER, &[]).await;
    let Heard::Gather {
        prompts, action, ..
    } = &heard[0]
    else {
        panic!("{heard:?}")
    };
    assert!(
        action.starts_with(&format!("{}/language?n=1", app.voice_url())),
        "{action}"
    );
    let langs: Vec<String> = spoken(prompts).into_iter().map(|(l, _)| l).collect();
    assert_eq!(
        langs,
        ["hi-IN", "en-IN", "bn-IN", "mr-IN", "te-IN", "ta-IN", "gu-IN", "kn-IN", "ml-IN"]
    );
    let texts = heard_text(prompts);
    assert!(texts.contains("हिंदी के लिए 1 दबाएँ"), "{texts}");
    assert!(texts.contains("For English, press 2."), "{texts}");
}
on_every_carrier!(a_new_caller_hears_every_language_offered_in_that_language);

async fn a_chosen_language_is_remembered_for_the_next_call(db: Db) {
    let app = spawn_app(db).await;
    let (heard, _) = app.call(CALLER, &["2"]).await;
    let text = heard_text(&heard);
    assert!(text.contains("Welcome to DoorStepDoctor."), "{text}");
    assert!(text.contains("To speak to a doctor, press 2"), "{text}");

    let (again, _) = app.call(CALLER, &[]).await;
    let said = spoken(&again);
    assert_eq!(
        said[0],
        (
            "en-IN".to_string(),
            "Welcome back to DoorStepDoctor.".to_string()
        )
    );
    assert!(said.iter().all(|(l, _)| l == "en-IN"));
}
on_every_carrier!(a_chosen_language_is_remembered_for_the_next_call);

async fn silence_repeats_the_menu_three_times_then_says_goodbye(db: Db) {
    let app = spawn_app(db).await;
    let (heard, _) = app.call(CALLER, &["1", "", "", ""]).await;
    let text = heard_text(&heard);
    assert_eq!(text.matches("आपातकाल में 0 दबाएँ").count(), 3, "{text}");
    assert_eq!(
        text.matches("हमें कोई बटन दबाने की आवाज़ नहीं आई").count(),
        2,
        "{text}"
    );
    assert!(
        text.ends_with("डोरस्टेप डॉक्टर को कॉल करने के लिए धन्यवाद। अपना ध्यान रखें। नमस्ते।"),
        "{text}"
    );
    assert_eq!(heard.last(), Some(&Heard::Hangup));
}
on_every_carrier!(silence_repeats_the_menu_three_times_then_says_goodbye);

/// Wrong keys count as attempts as silence does: a caller pressing a key the menu does not
/// offer hears the menu again, and after the last attempt a goodbye, not the menu for ever.
async fn wrong_keys_repeat_the_menu_then_say_goodbye(db: Db) {
    let app = spawn_app(db).await;
    let (heard, _) = app.call(CALLER, &["2", "7", "8", "7", "8", "7"]).await;
    let text = heard_text(&heard);
    assert_eq!(
        text.matches("To speak to a doctor, press 2").count(),
        3,
        "{text}"
    );
    assert!(text.contains("That is not one of the choices."), "{text}");
    assert!(text.contains("Take care."), "{text}");
    assert_eq!(heard.last(), Some(&Heard::Hangup));
}
on_every_carrier!(wrong_keys_repeat_the_menu_then_say_goodbye);

async fn zero_connects_to_the_emergency_number(db: Db) {
    let app = spawn_app(db).await;
    let (heard, _) = app.call(CALLER, &["2", "0"]).await;
    let dial = heard.iter().find_map(|h| match h {
        Heard::Dial { number, action, .. } => Some((number.clone(), action.clone())),
        _ => None,
    });
    let (number, action) = dial.expect("a Dial");
    assert_eq!(number, "108");
    assert!(action
        .unwrap()
        .starts_with(&format!("{}/emergency-done", app.voice_url())));
    assert!(heard_text(&heard).contains("Connecting you now to the emergency number 1 0 8"));
}
on_every_carrier!(zero_connects_to_the_emergency_number);

async fn with_no_doctor_on_duty_the_caller_is_queued_for_a_callback(db: Db) {
    let app = spawn_app(db).await;
    let (heard, _) = app.call(CALLER, &["2", "2"]).await;
    let text = heard_text(&heard);
    assert!(
        text.contains("All our doctors are busy. You are number 1 in the line."),
        "{text}"
    );
    assert!(text.contains("Your request number is 1001"), "{text}");
    // Nobody on duty counts as one doctor: ten minutes a consultation ahead.
    assert!(text.contains("in about 10 minutes"), "{text}");
    let open = app
        .state
        .store
        .open_consultations(&PhoneNumber::parse(CALLER).unwrap())
        .await
        .unwrap();
    assert_eq!(open, vec![1001]);
}
on_every_carrier!(with_no_doctor_on_duty_the_caller_is_queued_for_a_callback);

async fn a_shared_phone_asks_who_the_call_is_for_before_recording(db: Db) {
    let app = spawn_app(db).await;
    let store = &app.state.store;
    let phone = PhoneNumber::parse(CALLER).unwrap();
    store.upsert_phone(&phone, Some("en")).await.unwrap();
    store
        .add_patient(&phone, "self", Some("Asha"), Some("en"))
        .await
        .unwrap();
    let ravi = store
        .add_patient(&phone, "child", Some("Ravi"), Some("en"))
        .await
        .unwrap();
    store
        .add_prescription(
            ravi.id,
            None,
            None,
            &[PrescriptionItem {
                medicine: "ORS".into(),
                dose: "1 packet".into(),
                frequency: "after each loose stool".into(),
                days: 3,
            }],
        )
        .await
        .unwrap();

    let (heard, _) = app.call(CALLER, &["2", "4"]).await;
    let text = heard_text(&heard);
    assert!(text.contains("Who is this call for?"), "{text}");
    assert!(
        text.contains("For Asha, press 1.") && text.contains("For Ravi, press 2."),
        "{text}"
    );
    assert!(
        text.contains("ORS: 1 packet, after each loose stool, for 3 days."),
        "{text}"
    );

    // Someone new: 9 at the who-menu, then "child".
    app.call(CALLER, &["9", "1"]).await;
    let patients = store.patients(&phone).await.unwrap();
    assert_eq!(patients.len(), 3);
    assert_eq!(
        (patients[2].slot, patients[2].relation.as_str()),
        (3, "child")
    );
}
on_every_carrier!(a_shared_phone_asks_who_the_call_is_for_before_recording);

async fn a_retried_webhook_gets_the_same_answer_and_acts_once(db: Db) {
    let app = spawn_app(db).await;
    let sid = app.new_call_id();
    let mut params = call_params(&sid, CALLER);
    app.post_signed("/twilio/voice", &params).await;
    params.push(("Digits", "2"));
    app.post_signed("/twilio/voice/language?n=1", &params).await;
    // Menu 2 acts (opens a consultation, queues it, texts the reference): a retry must not.
    let a = app
        .post_signed("/twilio/voice/choice?n=2&lang=en", &params)
        .await
        .text()
        .await
        .unwrap();
    let b = app
        .post_signed("/twilio/voice/choice?n=2&lang=en", &params)
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(a, b);
    assert!(a.contains("Your request number is 1001"), "{a}");
    let open = app
        .state
        .store
        .open_consultations(&PhoneNumber::parse(CALLER).unwrap())
        .await
        .unwrap();
    assert_eq!(open, vec![1001]);
}
on_every_carrier!(a_retried_webhook_gets_the_same_answer_and_acts_once);

async fn status_callbacks_record_the_lifecycle(db: Db) {
    let app = spawn_app(db).await;
    let sid = app.new_call_id();
    app.post_signed("/twilio/voice", &call_params(&sid, CALLER))
        .await;
    for status in ["in-progress", "completed", "completed"] {
        let mut p = call_params(&sid, CALLER);
        p.retain(|(k, _)| *k != "CallStatus");
        p.push(("CallStatus", status));
        p.push(("CallDuration", "42"));
        let r = app.post_signed("/twilio/voice/status", &p).await;
        assert_eq!(r.status(), 200);
        assert!(parse(&r.text().await.unwrap()).unwrap().is_empty());
    }
    let history = app
        .state
        .store
        .call_status_history(&CallId::parse(&sid).unwrap())
        .await
        .unwrap();
    assert_eq!(history, ["in-progress", "completed"]);
}
on_every_carrier!(status_callbacks_record_the_lifecycle);

async fn bad_requests_are_refused_clearly(db: Db) {
    let app = spawn_app(db).await;
    let url = format!("{}/twilio/voice", app.base);
    let form = "CallSid=CA0123456789abcdef0123456789abcdef&From=%2B919812345678";
    let unsigned = app
        .client
        .post(&url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 403);
    let forged = app
        .client
        .post(&url)
        .header("X-Twilio-Signature", "AAAA")
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    let garbled = app
        .client
        .post(&url)
        .header("X-Twilio-Signature", "AAAA")
        .body("%zz=%%")
        .send()
        .await
        .unwrap();
    assert_eq!(garbled.status(), 400);
    assert!(garbled.text().await.unwrap().contains("form-urlencoded"));
    let huge = "a=".to_string() + &"x".repeat(70 * 1024);
    let too_large = app
        .client
        .post(&url)
        .header("X-Twilio-Signature", "AAAA")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(too_large.status(), 413);
    let no_sid = app.post_signed("/twilio/voice", &[("From", CALLER)]).await;
    assert_eq!(no_sid.status(), 400);
    assert!(no_sid.text().await.unwrap().contains("CallSid"));
    let unknown = app
        .post_signed(
            "/twilio/voice/nowhere",
            &call_params(&random_sid("CA"), CALLER),
        )
        .await;
    assert_eq!(unknown.status(), 404);
}
on_both_databases!(bad_requests_are_refused_clearly);

async fn a_withheld_number_still_reaches_emergency(db: Db) {
    let app = spawn_app(db).await;
    let sid = random_sid("CA");
    let body = app
        .post_signed("/twilio/voice", &call_params(&sid, "anonymous"))
        .await
        .text()
        .await
        .unwrap();
    let heard = parse(&body).unwrap();
    let Heard::Gather {
        action, prompts, ..
    } = &heard[0]
    else {
        panic!("{body}")
    };
    assert!(heard_text(prompts).contains("Your number is hidden"));
    assert!(action.contains("/twilio/voice/emergency"));
}
on_both_databases!(a_withheld_number_still_reaches_emergency);

async fn health_and_metrics_answer(db: Db) {
    let app = spawn_app(db).await;
    app.call(CALLER, &[]).await;
    let health = app
        .client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    let metrics = app
        .client
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("doorstep_webhooks_total"), "{metrics}");
}
on_both_databases!(health_and_metrics_answer);

/// Posts a step that must write (booking a callback) and checks the apology comes back in
/// time; the keypad menus still answer without the database.
async fn assert_apology_within_two_seconds(app: &TestApp) {
    let sid = random_sid("CA");
    let menu = app
        .post_signed("/twilio/voice/menu?n=2&lang=hi", &call_params(&sid, CALLER))
        .await
        .text()
        .await
        .unwrap();
    assert!(menu.contains("आपातकाल में 0 दबाएँ"), "the main menu: {menu}");
    let started = Instant::now();
    let mut booking = call_params(&sid, CALLER);
    booking.push(("Digits", "1"));
    let r = app
        .post_signed("/twilio/voice/callback?n=3&lang=hi", &booking)
        .await;
    let elapsed = started.elapsed();
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
    let heard = parse(&body).unwrap();
    let Heard::Gather {
        action, prompts, ..
    } = &heard[0]
    else {
        panic!("{body}")
    };
    assert!(
        heard_text(prompts).contains("माफ़ कीजिए, अभी तकनीकी समस्या है"),
        "{body}"
    );
    assert!(action.contains("/twilio/voice/emergency"), "{action}");
    // The emergency step needs no database at all.
    let mut p = call_params(&sid, CALLER);
    p.push(("Digits", "0"));
    let dial = app
        .post_signed("/twilio/voice/emergency?n=4&lang=hi", &p)
        .await
        .text()
        .await
        .unwrap();
    assert!(dial.contains("<Number>108</Number>"), "{dial}");
}

#[tokio::test]
async fn a_locked_database_still_gets_the_caller_an_apology_and_emergency() {
    let app = spawn_app(Db::Sqlite).await;
    let mut locker = app.state.store.pool().acquire().await.unwrap();
    locker.execute("BEGIN EXCLUSIVE").await.unwrap();
    assert_apology_within_two_seconds(&app).await;
    locker.execute("ROLLBACK").await.unwrap();
}

#[tokio::test]
async fn a_closed_database_still_gets_the_caller_an_apology_and_emergency() {
    let app = spawn_app(Db::Sqlite).await;
    app.state.store.close().await;
    assert_apology_within_two_seconds(&app).await;
    let health = app
        .client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 503);
}

async fn positions_are_read_back_once_stored_and_forgotten_after_their_day(db: Db) {
    let app = spawn_app(db).await;
    let sid = app.new_call_id();
    let at = app.position(&sid, "callback", Some("medicine")).await;
    let store = &app.state.store;
    let row = store.position(&at).await.unwrap().expect("stored");
    assert_eq!(
        (row.route.as_str(), row.topic.as_deref()),
        ("callback", Some("medicine"))
    );
    let now = doorstep::domain::now_unix();
    assert_eq!(store.forget_positions(now - 3600).await.unwrap(), 0);
    assert_eq!(store.forget_positions(now + 1).await.unwrap(), 1);
    assert!(store.position(&at).await.unwrap().is_none());
}
on_both_databases!(positions_are_read_back_once_stored_and_forgotten_after_their_day);
