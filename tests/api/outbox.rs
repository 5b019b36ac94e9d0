//! The outbox against a real HTTP server on loopback that speaks Twilio's Messages and Calls
//! API (form posts with basic auth, JSON answers), scripted to fail when asked.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Form, Json, Router};
use doorstep::domain::{now_unix, PhoneNumber};
use doorstep::outbox::{drain, Pass};
use doorstep::store::{OutboxStatus, Outgoing};
use doorstep::telephony::lines::Lines;
use doorstep::telephony::rest::TwilioRest;
use serde_json::{json, Value};
use sqlx::Executor;

use crate::helpers::{spawn_app, Db, TestApp};
use crate::on_both_databases;

pub const ACCOUNT: &str = "AC11111111111111111111111111111111";

#[derive(Default)]
pub struct Fake {
    /// (resource, form) of every accepted request.
    pub received: Vec<(String, Vec<(String, String)>)>,
    /// Statuses to answer with before succeeding.
    script: VecDeque<u16>,
}

pub async fn fake_twilio() -> (String, Arc<Mutex<Fake>>) {
    let fake = Arc::new(Mutex::new(Fake::default()));
    let app = Router::new()
        .route(
            "/2010-04-01/Accounts/{account}/{resource}",
            post(
                |State(fake): State<Arc<Mutex<Fake>>>,
                 Path((account, resource)): Path<(String, String)>,
                 headers: HeaderMap,
                 Form(form): Form<Vec<(String, String)>>| async move {
                    let auth = headers
                        .get("authorization")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("");
                    if account != ACCOUNT || !auth.starts_with("Basic ") {
                        return (
                            StatusCode::UNAUTHORIZED,
                            Json(json!({"code": 20003, "message": "Authenticate"})),
                        );
                    }
                    let mut f = fake.lock().unwrap();
                    if let Some(status) = f.script.pop_front() {
                        let body =
                            json!({"code": 21211, "message": "scripted failure", "status": status});
                        return (StatusCode::from_u16(status).unwrap(), Json(body));
                    }
                    f.received.push((resource.clone(), form));
                    let prefix = if resource.starts_with("Calls") {
                        "CA"
                    } else {
                        "SM"
                    };
                    let sid = format!("{prefix}{:032x}", f.received.len());
                    (
                        StatusCode::CREATED,
                        Json::<Value>(json!({"sid": sid, "status": "queued"})),
                    )
                },
            ),
        )
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (base, fake)
}

/// A fake Twilio, and our lines sending through it from +911800000000.
async fn lines_to_fake(app: &TestApp) -> (Lines, Arc<Mutex<Fake>>) {
    let (base, fake) = fake_twilio().await;
    let lines = Lines::from(
        TwilioRest::new(&base, ACCOUNT, "token", "+911800000000").with_public_url(&app.base),
    );
    (lines, fake)
}

async fn sends_once_retries_temporary_failures_and_gives_up_on_permanent_ones(db: Db) {
    let app = spawn_app(db).await;
    let store = &app.state.store;
    let (twilio, fake) = lines_to_fake(&app).await;
    let to = PhoneNumber::parse("+919800000001").unwrap();

    assert!(store
        .enqueue_outbox(Outgoing::Sms, &to, "hello", "k1")
        .await
        .unwrap()
        .is_some());
    assert!(
        store
            .enqueue_outbox(Outgoing::Sms, &to, "hello again", "k1")
            .await
            .unwrap()
            .is_none(),
        "same key"
    );
    let now = now_unix();
    assert_eq!(
        drain(store, &twilio, &app.state.reminders(), 10, now)
            .await
            .unwrap(),
        Pass {
            sent: 1,
            ..Default::default()
        }
    );
    assert_eq!(
        drain(store, &twilio, &app.state.reminders(), 10, now + 3600)
            .await
            .unwrap(),
        Pass::default(),
        "never twice"
    );
    let (status, attempts, sid) = store.outbox_status("k1").await.unwrap().unwrap();
    assert_eq!((status, attempts), (OutboxStatus::Sent, 1));
    assert!(sid.unwrap().starts_with("SM"));

    fake.lock().unwrap().script.extend([503, 429]);
    store
        .enqueue_outbox(Outgoing::Call, &to, "https://example.org/twiml", "k2")
        .await
        .unwrap();
    // Items are due from the second they were queued: read the clock after queueing.
    let now = now_unix();
    assert_eq!(
        drain(store, &twilio, &app.state.reminders(), 10, now)
            .await
            .unwrap()
            .retried,
        1
    );
    assert_eq!(
        drain(store, &twilio, &app.state.reminders(), 10, now + 1)
            .await
            .unwrap(),
        Pass::default(),
        "backing off"
    );
    assert_eq!(
        drain(store, &twilio, &app.state.reminders(), 10, now + 6)
            .await
            .unwrap()
            .retried,
        1
    );
    assert_eq!(
        drain(store, &twilio, &app.state.reminders(), 10, now + 60)
            .await
            .unwrap()
            .sent,
        1
    );
    assert_eq!(
        store.outbox_status("k2").await.unwrap().unwrap().0,
        OutboxStatus::Sent
    );

    fake.lock().unwrap().script.push_back(400);
    store
        .enqueue_outbox(Outgoing::Sms, &to, "bad", "k3")
        .await
        .unwrap();
    assert_eq!(
        drain(store, &twilio, &app.state.reminders(), 10, now_unix())
            .await
            .unwrap()
            .failed,
        1
    );
    assert_eq!(
        store.outbox_status("k3").await.unwrap().unwrap().0,
        OutboxStatus::Failed
    );

    let received = fake.lock().unwrap().received.clone();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].0, "Messages.json");
    assert!(received[0].1.contains(&("Body".into(), "hello".into())));
    assert!(received[0]
        .1
        .contains(&("From".into(), "+911800000000".into())));
    assert_eq!(received[1].0, "Calls.json");
    assert!(received[1]
        .1
        .contains(&("Url".into(), "https://example.org/twiml".into())));
}
on_both_databases!(sends_once_retries_temporary_failures_and_gives_up_on_permanent_ones);

async fn an_item_of_a_kind_no_version_wrote_is_given_up_and_the_rest_still_go(db: Db) {
    let app = spawn_app(db).await;
    let store = &app.state.store;
    let (twilio, fake) = lines_to_fake(&app).await;
    let to = PhoneNumber::parse("+919800000001").unwrap();
    for key in ["odd", "fine"] {
        store
            .enqueue_outbox(Outgoing::Sms, &to, "hello", key)
            .await
            .unwrap();
    }
    store
        .pool()
        .execute("UPDATE outbox SET kind = 'fax' WHERE idempotency_key = 'odd'")
        .await
        .unwrap();

    let pass = drain(store, &twilio, &app.state.reminders(), 10, now_unix())
        .await
        .unwrap();

    assert_eq!((pass.sent, pass.failed), (1, 1));
    assert_eq!(
        store.outbox_status("odd").await.unwrap().unwrap().0,
        OutboxStatus::Failed
    );
    assert_eq!(fake.lock().unwrap().received.len(), 1);
}
on_both_databases!(an_item_of_a_kind_no_version_wrote_is_given_up_and_the_rest_still_go);

async fn a_booked_callback_is_confirmed_by_sms_unless_the_number_said_stop(db: Db) {
    let app = spawn_app(db).await;
    let store = &app.state.store;
    let (twilio, fake) = lines_to_fake(&app).await;
    // No doctor on the roster: the caller is queued and the reference confirmed by SMS.
    app.call("+919800000002", &["2", "2"]).await;
    assert_eq!(
        drain(store, &twilio, &app.state.reminders(), 10, now_unix())
            .await
            .unwrap()
            .sent,
        1
    );
    let received = fake.lock().unwrap().received.clone();
    let body = &received[0].1.iter().find(|(k, _)| k == "Body").unwrap().1;
    assert!(body.contains("number 1001"), "{body}");

    app.phone("+919800000003").sms("STOP").await.unwrap();
    // The number is known now (STOP stored English for it): no language menu.
    app.call("+919800000003", &["2"]).await;
    assert_eq!(
        drain(store, &twilio, &app.state.reminders(), 10, now_unix())
            .await
            .unwrap()
            .skipped,
        1
    );
}
on_both_databases!(a_booked_callback_is_confirmed_by_sms_unless_the_number_said_stop);

/// The running service starts the worker when Twilio's REST API is configured.
#[tokio::test]
async fn the_service_worker_sends_what_a_call_queued() {
    let (base, fake) = fake_twilio().await;
    let app = crate::helpers::spawn_app_with(
        Db::Sqlite,
        &[
            ("TWILIO_ACCOUNT_SID", ACCOUNT),
            ("TWILIO_FROM_NUMBER", "+911800000000"),
            ("TWILIO_API_BASE", &base),
        ],
    )
    .await;
    app.call("+919800000004", &["2", "2"]).await;
    // The worker drains every second; the test does not time it, it waits for it.
    crate::helpers::eventually(|| !fake.lock().unwrap().received.is_empty()).await;
    let received = fake.lock().unwrap().received.clone();
    assert_eq!(received.len(), 1, "the worker sent the confirmation");
    assert!(received[0]
        .1
        .contains(&("To".into(), "+919800000004".into())));
    // The carrier answers before the worker marks the item sent: wait for the mark.
    let mut status = None;
    for _ in 0..200 {
        status = app
            .state
            .store
            .outbox_status("consultation:1001:queued")
            .await
            .unwrap()
            .map(|s| s.0);
        if status == Some(OutboxStatus::Sent) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(status, Some(OutboxStatus::Sent));
    assert_eq!(
        fake.lock().unwrap().received.len(),
        1,
        "sent once, not again"
    );
}
