//! Reliability: every side effect once under concurrent duplicates, emergencies recognised
//! while storage stalls (and what was said stored when it is back), strict forms, and
//! acknowledged webhooks surviving a kill -9 of the service.

use std::time::{Duration, Instant};

use doorstep::domain::PhoneNumber;
use doorstep::simulator::random_sid;
use doorstep::store::Outgoing;
use doorstep::telephony::signature;
use sqlx::{Connection, Executor, Row};

use crate::care::{add_doctors, add_pharmacy, DOCTOR_A};
use crate::helpers::{sms_form, spawn_app, spawn_app_with, Db, TestApp, OUR_NUMBER, TOKEN};
use crate::on_both_databases;

const PATIENT: &str = "+919822233344";

/// Posts the same signed form `n` times at once; returns each (status, body).
async fn at_once(
    app: &TestApp,
    path: &str,
    params: &[(&str, &str)],
    n: usize,
) -> Vec<(u16, String)> {
    let owned: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let url = format!("{}{}", app.base, path);
    let sig = signature::compute(TOKEN, &url, &owned);
    let body = serde_urlencoded::to_string(&owned).unwrap();
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..n {
        let (client, url, sig, body) = (app.client.clone(), url.clone(), sig.clone(), body.clone());
        set.spawn(async move {
            let r = client
                .post(url)
                .header("X-Twilio-Signature", sig)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        });
    }
    set.join_all().await
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap()
        .get(0)
}

/// Twenty copies of one SMS at once: one answer, replayed to all, and its effects once.
async fn twenty_sms(app: &TestApp, from: &str, body: &str) -> String {
    let sid = random_sid("SM");
    let answers = at_once(app, "/twilio/sms", &sms_form(&sid, from, body), 20).await;
    assert!(answers.iter().all(|(s, _)| *s == 200), "{answers:?}");
    let first = answers[0].1.clone();
    assert!(
        answers.iter().all(|(_, b)| *b == first),
        "one answer for all: {answers:?}"
    );
    first
}

async fn duplicate_sms_webhooks_have_their_effects_once(db: Db) {
    let app = spawn_app(db).await;
    add_doctors(&app, &[DOCTOR_A]).await;
    add_pharmacy(&app, 50).await;

    let reply = twenty_sms(&app, PATIENT, "I have had a cough and fever for three days").await;
    assert!(reply.contains("<Message>"), "{reply}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM conversations").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM follow_ups").await, 1);

    twenty_sms(&app, PATIENT, "DOCTOR").await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM consultations").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM patients").await, 1);
    let offers = count(
        &app,
        "SELECT COUNT(*) FROM outbox WHERE to_phone = '+919000000901'",
    )
    .await;
    assert_eq!(offers, 1, "the doctor is offered the patient once");

    twenty_sms(&app, PATIENT, "MED paracetamol 110001").await;
    twenty_sms(&app, PATIENT, "ORDER 1 5").await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM medicine_orders").await, 1);
    assert_eq!(count(&app, "SELECT quantity FROM inventory").await, 45);

    // A doctor's command, and a pharmacist's.
    let outbox_before = count(&app, "SELECT COUNT(*) FROM outbox").await;
    twenty_sms(&app, DOCTOR_A, "BUSY").await;
    twenty_sms(&app, crate::care::PHARMACY, "CONFIRM 5001").await;
    let told = count(&app, "SELECT COUNT(*) FROM outbox").await - outbox_before;
    assert_eq!(told, 1, "the patient is told of the confirmation once");

    // Different messages at once from a new number make one "self" patient between them.
    let newcomer = "+919822233355";
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let phone = app.phone(newcomer);
        set.spawn(async move { phone.sms("DOCTOR").await.unwrap() });
    }
    set.join_all().await;
    let selves = count(
        &app,
        "SELECT COUNT(*) FROM patients WHERE phone = '+919822233355' AND relation = 'self'",
    )
    .await;
    assert_eq!(selves, 1);
}
on_both_databases!(duplicate_sms_webhooks_have_their_effects_once);

fn call_form<'a>(sid: &'a str, digits: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("CallSid", sid),
        ("AccountSid", "AC00000000000000000000000000000000"),
        ("From", PATIENT),
        ("To", OUR_NUMBER),
        ("CallStatus", "in-progress"),
        ("Direction", "inbound"),
        ("Digits", digits),
    ]
}

async fn duplicate_call_steps_have_their_effects_once(db: Db) {
    let missed = "+911800000099";
    let app = spawn_app_with(db, &[("DOORSTEP_MISSED_CALL_NUMBER", missed)]).await;
    // A known English caller.
    app.call(PATIENT, &["2"]).await;
    let sid = random_sid("CA");
    let start = at_once(&app, "/twilio/voice", &call_form(&sid, ""), 1).await;
    assert_eq!(start[0].0, 200);
    // "Speak to a doctor" with no doctor on duty: queued, confirmed by SMS, once.
    let answers = at_once(&app, "/twilio/voice/choice?n=1", &call_form(&sid, "2"), 20).await;
    assert!(
        answers.iter().all(|(s, b)| *s == 200 && *b == answers[0].1),
        "{answers:?}"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM consultations").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox").await, 1);

    // A callback booked about medicines: once.
    let at = app.position(&sid, "callback", Some("medicine")).await;
    let answers = at_once(
        &app,
        &format!("/twilio/voice/callback?n=2&at={at}&lang=en"),
        &call_form(&sid, "1"),
        20,
    )
    .await;
    assert!(answers.iter().all(|(s, _)| *s == 200));
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM callback_requests").await,
        1
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox").await, 2);

    // A missed call's webhook twenty times: one callback.
    let missed_sid = random_sid("CA");
    let mut form = call_form(&missed_sid, "");
    form.retain(|(k, _)| *k != "Digits" && *k != "To");
    form.push(("To", missed));
    let answers = at_once(&app, "/twilio/voice", &form, 20).await;
    assert!(
        answers
            .iter()
            .all(|(s, b)| *s == 200 && b.contains("<Reject")),
        "{answers:?}"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM callback_requests WHERE topic = 'missed-call'"
        )
        .await,
        1
    );
}
on_both_databases!(duplicate_call_steps_have_their_effects_once);

async fn forms_with_repeated_or_run_together_fields_are_refused(db: Db) {
    let app = spawn_app(db).await;
    let sid = random_sid("CA");
    let mut twice = call_form(&sid, "1");
    twice.push(("Digits", "0"));
    let r = app.post_signed("/twilio/voice/choice?n=1", &twice).await;
    assert_eq!(r.status().as_u16(), 400);
    assert!(r.text().await.unwrap().contains("Digits appears twice"));
    let mut glued = call_form(&sid, "1");
    glued.retain(|(k, _)| *k != "CallStatus" && *k != "Digits");
    glued.push(("CallStatus", "in-progressDigits1"));
    let r = app.post_signed("/twilio/voice/status", &glued).await;
    assert_eq!(r.status().as_u16(), 400);
    for (field, bad) in [
        ("Digits", "1;DROP"),
        ("CallSid", "CA123"),
        ("Direction", "sideways"),
    ] {
        let mut form = call_form(&sid, "1");
        form.retain(|(k, _)| *k != field);
        form.push((field, bad));
        let r = app.post_signed("/twilio/voice/choice?n=1", &form).await;
        assert_eq!(r.status().as_u16(), 400, "{field}={bad}");
    }
    // The well-formed request still works.
    let r = app.post_signed("/twilio/voice", &call_form(&sid, "")).await;
    assert_eq!(r.status().as_u16(), 200);
}
on_both_databases!(forms_with_repeated_or_run_together_fields_are_refused);

/// One shutdown signal stops everything in order: requests in flight finish, then every
/// background loop and task, then the store's own tasks, and SQLite's WAL is emptied into
/// the database; nothing answered is lost.
#[tokio::test]
async fn stopping_the_service_ends_every_task_and_leaves_the_database_whole() {
    let app = spawn_app(Db::Sqlite).await;
    let sid = random_sid("SM");
    let answer = app
        .post_signed("/twilio/sms", &sms_form(&sid, PATIENT, "HELP"))
        .await;
    assert_eq!(answer.status(), 200);
    let (_, call) = app.call(PATIENT, &["1"]).await;
    assert!(!call.is_empty());
    assert!(app.state.tasks_running() > 0, "the background loops run");

    let dir = app.data_dir().to_owned();
    app.state.shutdown.cancel();
    let served = tokio::time::timeout(Duration::from_secs(30), app.served)
        .await
        .expect("the service stops within its grace period")
        .expect("the serving task did not panic");
    served.expect("the server shut down cleanly");

    assert_eq!(app.state.tasks_running(), 0, "every background task ended");
    assert!(app.state.store.ping().await.is_err(), "the store is closed");
    assert!(
        app.client
            .get(format!("{}/healthz", app.base))
            .send()
            .await
            .is_err(),
        "the port no longer answers"
    );
    let wal = dir.join("test.db-wal");
    let left = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    assert_eq!(left, 0, "the last checkpoint emptied the WAL");

    // Everything answered before the stop is in the database file itself.
    let url = format!("sqlite://{}", dir.join("test.db").display());
    let mut db = sqlx::AnyConnection::connect(&url).await.unwrap();
    let texts: i64 = sqlx::query("SELECT COUNT(*) FROM sms_messages")
        .fetch_one(&mut db)
        .await
        .unwrap()
        .get(0);
    let calls: i64 = sqlx::query("SELECT COUNT(*) FROM calls")
        .fetch_one(&mut db)
        .await
        .unwrap()
        .get(0);
    assert!(texts >= 1, "the SMS is stored");
    assert_eq!(calls, 1, "the call is stored");
}

/// Holds every write to the database until dropped: an exclusive transaction on SQLite, or
/// exclusive locks on the tables webhooks write on PostgreSQL.
struct Stall {
    conn: sqlx::AnyConnection,
}

impl Stall {
    async fn start(app: &TestApp) -> Self {
        let url = &app.state.settings.database_url;
        let mut conn = sqlx::AnyConnection::connect(url).await.unwrap();
        if url.starts_with("sqlite:") {
            conn.execute("BEGIN EXCLUSIVE").await.unwrap();
        } else {
            conn.execute("BEGIN").await.unwrap();
            conn.execute(
                "LOCK TABLE call_steps, sms_messages, conversations, calls, phone_numbers, health_probe IN EXCLUSIVE MODE",
            )
            .await
            .unwrap();
        }
        Self { conn }
    }

    async fn end(mut self) {
        self.conn.execute("ROLLBACK").await.unwrap();
    }
}

async fn emergencies_are_connected_while_storage_stalls_and_stored_after(db: Db) {
    let app = spawn_app(db).await;
    // A known English caller, and an English texter.
    app.call(PATIENT, &["2"]).await;
    let health = format!("{}/healthz", app.base);
    assert_eq!(app.client.get(&health).send().await.unwrap().status(), 200);

    let stall = Stall::start(&app).await;
    let r = app.client.get(&health).send().await.unwrap();
    assert_eq!(r.status(), 503);
    assert!(r.text().await.unwrap().contains("writes"));

    // By SMS: the emergency reply, within the budget.
    let started = Instant::now();
    let words = "severe chest pain and I cannot breathe";
    let sms_sid = random_sid("SM");
    let reply = at_once(&app, "/twilio/sms", &sms_form(&sms_sid, PATIENT, words), 1).await;
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(reply[0].1.contains("108"), "{reply:?}");

    // By voice, a step whose language is carried in its signed URL: told why and dialled.
    let call_sid = random_sid("CA");
    let mut form = call_form(&call_sid, "");
    form.retain(|(k, _)| *k != "Digits");
    form.push(("SpeechResult", words));
    let started = Instant::now();
    let answer = at_once(&app, "/twilio/voice/problem?n=3&lang=en", &form, 1).await;
    assert!(started.elapsed() < Duration::from_secs(2));
    let xml = &answer[0].1;
    assert!(xml.contains("<Dial") && xml.contains("108"), "{xml}");
    assert!(xml.contains("chest pain"), "told why, in English: {xml}");

    // A known English caller's new call hears the fallback in English, not Hindi.
    let fresh = random_sid("CA");
    let mut form = call_form(&fresh, "");
    form.retain(|(k, _)| *k != "Digits");
    let answer = at_once(&app, "/twilio/voice", &form, 1).await;
    assert!(
        answer[0].1.contains("Sorry, we have a technical problem"),
        "{answer:?}"
    );

    // A new caller can still walk the keypad menus.
    let newcomer = random_sid("CA");
    let mut form = call_form(&newcomer, "2");
    form.retain(|(k, _)| *k != "From");
    form.push(("From", "+919822233399"));
    let answer = at_once(&app, "/twilio/voice/language?n=1", &form, 1).await;
    assert!(
        answer[0]
            .1
            .contains("To describe your health problem, press 1"),
        "{answer:?}"
    );

    // A status callback is kept for later, not lost.
    let mut status = call_form(&call_sid, "");
    status.retain(|(k, _)| *k != "Digits" && *k != "CallStatus");
    status.push(("CallStatus", "completed"));
    let r = at_once(&app, "/twilio/voice/status", &status, 1).await;
    assert_eq!(r[0].0, 200);

    stall.end().await;
    // The new caller whose language choice met the stall goes on: its call is recorded now.
    let mut form = call_form(&newcomer, "1");
    form.retain(|(k, _)| *k != "From");
    form.push(("From", "+919822233399"));
    let answer = at_once(&app, "/twilio/voice/choice?n=2&lang=en", &form, 1).await;
    assert!(
        answer[0].1.contains("tell us your problem") && !answer[0].1.contains("technical problem"),
        "{answer:?}"
    );
    // The spool is stored once writes work again (it is polled every two seconds).
    let sid = doorstep::domain::CallId::parse(&call_sid).unwrap();
    let mut stored = false;
    for _ in 0..100 {
        let texts = count(
            &app,
            "SELECT COUNT(*) FROM conversations WHERE symptoms = 'severe chest pain and I cannot breathe'",
        )
        .await;
        let statuses = app.state.store.call_status_history(&sid).await.unwrap();
        if texts == 2 && !statuses.is_empty() {
            stored = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(stored, "what was said is stored after the stall");
    let history = app.state.store.call_status_history(&sid).await.unwrap();
    assert!(history.contains(&"completed".to_owned()), "{history:?}");
    assert_eq!(
        count(
            &app,
            &format!("SELECT COUNT(*) FROM sms_messages WHERE message_sid = '{sms_sid}'")
        )
        .await,
        1
    );
    assert_eq!(app.client.get(&health).send().await.unwrap().status(), 200);
    let _ = PhoneNumber::parse(PATIENT);
}
on_both_databases!(emergencies_are_connected_while_storage_stalls_and_stored_after);

async fn a_dead_workers_outbox_items_are_sent_within_seconds_and_a_live_one_keeps_its_lease(
    db: Db,
) {
    let app = spawn_app(db).await;
    let store = &app.state.store;
    let to = PhoneNumber::parse(PATIENT).unwrap();
    let now = doorstep::domain::now_unix();
    store
        .enqueue_outbox_at(Outgoing::Sms, &to, "a", "lease:a", now)
        .await
        .unwrap();
    let lease = doorstep::outbox::LEASE_SECONDS;
    assert_eq!(
        store
            .claim_outbox_as(now, 10, lease, "alive")
            .await
            .unwrap()
            .len(),
        1
    );
    // The live worker renews its lease: nobody else takes the item.
    assert_eq!(
        store
            .renew_outbox_lease("alive", now + 4 * lease)
            .await
            .unwrap(),
        1
    );
    assert!(store
        .claim_outbox_as(now + 2 * lease, 10, lease, "other")
        .await
        .unwrap()
        .is_empty());
    // Another owner's renewal does nothing; once the live worker stops renewing (it died),
    // the item is free again within one short lease.
    assert_eq!(
        store
            .renew_outbox_lease("other", now + 9 * lease)
            .await
            .unwrap(),
        0
    );
    let taken = store
        .claim_outbox_as(now + 4 * lease + 1, 10, lease, "other")
        .await
        .unwrap();
    assert_eq!(taken.len(), 1);
    assert!(
        lease <= 15,
        "a dead node's items wait seconds, not a minute"
    );
}
on_both_databases!(
    a_dead_workers_outbox_items_are_sent_within_seconds_and_a_live_one_keeps_its_lease
);

async fn the_sqlite_wal_is_emptied_by_a_truncating_checkpoint(db: Db) {
    let app = spawn_app(db).await;
    let store = &app.state.store;
    let to = PhoneNumber::parse(PATIENT).unwrap();
    for i in 0..400 {
        let body = "x".repeat(2000);
        store
            .enqueue_outbox(Outgoing::Sms, &to, &body, &format!("wal:{i}"))
            .await
            .unwrap();
    }
    store.truncate_wal().await.unwrap();
    let url = &app.state.settings.database_url;
    if let Some(path) = url.strip_prefix("sqlite://") {
        let wal = format!("{}-wal", path.split('?').next().unwrap());
        let size = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
        assert!(size < 64 * 1024, "the WAL is {size} bytes after truncation");
    }
}
on_both_databases!(the_sqlite_wal_is_emptied_by_a_truncating_checkpoint);
