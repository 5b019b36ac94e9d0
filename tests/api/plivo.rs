//! The Plivo edge: its V3 signature against the official `plivo` Python package, and inbound
//! SMS journeys over signed loopback posts exactly as Plivo sends them.

use std::process::Command;

use doorstep::simulator::{random_sid, random_uuid};
use doorstep::store::{OutboxStatus, Outgoing};
use doorstep::telephony::lines::Lines;
use doorstep::telephony::plivo::signature;

use crate::helpers::{eventually, spawn_app_with, Db, TestApp};
use crate::on_both_databases;

const TOKEN: &str = "plivo-test-auth-token";
/// Plivo writes numbers without the plus.
const PATIENT: &str = "919811122299";
const OUR: &str = "911800000000";

/// (token, URL, POST parameters, nonce)
type Case<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>, &'a str);

const SCRIPT: &str = r#"
import json, sys
from plivo.utils.signature_v3 import construct_post_url, get_signature_v3, validate_v3_signature
out = []
for c in json.load(sys.stdin):
    params = dict(c["params"])
    base = construct_post_url(c["url"], dict(params)).decode("utf-8")
    sig = get_signature_v3(c["token"].encode("utf-8"), base, c["nonce"].encode("utf-8")).decode("utf-8")
    ok = validate_v3_signature("POST", c["url"], c["nonce"], c["token"], "x," + sig, dict(params))
    out.append([sig, ok])
print(json.dumps(out))
"#;

#[test]
fn signatures_match_plivos_python_package() {
    let cases: Vec<Case> = vec![
        (
            "MAXXXXXXXXXXXXXXXXXX",
            "https://dsd.example.org/plivo/sms",
            vec![
                ("From", PATIENT),
                ("To", OUR),
                ("Text", "fever"),
                ("Type", "sms"),
                ("MessageUUID", "2a0c5a86-0e3e-11ee-8b3d-0242ac110002"),
            ],
            "12345678901234567890",
        ),
        (
            "tok",
            "https://dsd.example.org:8443/plivo/voice/choice?n=2&lang=hi&attempt=3",
            vec![("Digits", "1"), ("From", PATIENT)],
            "nonce",
        ),
        (
            "tok",
            "https://x.org/plivo/sms",
            vec![
                ("Text", "मुझे बुखार है 🙂"),
                ("Empty", ""),
                ("Amp", "a&b=c"),
                ("Plus", "+ +"),
            ],
            "n",
        ),
        // The Python package cannot sign non-ASCII query values; our own URLs never carry them.
        ("tök", "https://x.org/a%20b?q=x+y&b=1", vec![], "n2"),
        (
            "tok",
            "http://127.0.0.1:8080/plivo/voice?z=1&a=2",
            vec![("A", "1")],
            "n3",
        ),
    ];
    let json: Vec<serde_json::Value> = cases
        .iter()
        .map(|(t, u, p, n)| serde_json::json!({"token": t, "url": u, "params": p, "nonce": n}))
        .collect();
    let python =
        std::env::var("DOORSTEP_TEST_PYTHON").unwrap_or_else(|_| ".venv/bin/python".into());
    let mut child = Command::new(&python)
        .args(["-c", SCRIPT])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot run {python} (the README's test command creates it): {e}")
        });
    serde_json::to_writer(child.stdin.take().unwrap(), &json).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs: Vec<(String, bool)> = serde_json::from_slice(&out.stdout).unwrap();
    for ((token, url, params, nonce), (expected, python_accepts_ours)) in cases.iter().zip(theirs) {
        let owned: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(
            signature::compute(token, url, &owned, nonce),
            expected,
            "{url} {params:?}"
        );
        assert!(python_accepts_ours, "{url}");
        assert!(signature::validate(token, url, &owned, nonce, &expected));
    }
}

/// Posts an SMS to `/plivo/sms` signed as Plivo signs it; returns (status, body).
async fn plivo_sms(
    app: &TestApp,
    uuid: &str,
    from: &str,
    text: &str,
    token: &str,
) -> (u16, String) {
    let url = format!("{}/plivo/sms", app.base);
    let form: Vec<(String, String)> = [
        ("From", from),
        ("To", OUR),
        ("Text", text),
        ("Type", "sms"),
        ("MessageUUID", uuid),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let nonce = random_sid("NN");
    let sig = signature::compute(token, &url, &form, &nonce);
    let r = app
        .client
        .post(&url)
        .header("X-Plivo-Signature-V3", sig)
        .header("X-Plivo-Signature-V3-Nonce", nonce)
        .form(&form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn texts_over_plivo_get_the_same_answers_as_over_twilio(db: Db) {
    let app = spawn_app_with(db, &[("PLIVO_AUTH_TOKEN", TOKEN)]).await;
    // Help, in the script it was asked in; the reply goes back from our number to the sender.
    let (status, xml) = plivo_sms(&app, &random_uuid(), PATIENT, "मदद", TOKEN).await;
    assert_eq!(status, 200);
    assert!(
        xml.contains(&format!(
            r#"<Message src="{OUR}" dst="{PATIENT}" type="sms">"#
        )),
        "{xml}"
    );
    assert!(
        xml.chars().any(|c| ('\u{0900}'..='\u{097F}').contains(&c)),
        "{xml}"
    );

    // An emergency is told to call the emergency number.
    let (_, xml) = plivo_sms(
        &app,
        &random_uuid(),
        PATIENT,
        "my father has severe chest pain and is sweating",
        TOKEN,
    )
    .await;
    assert!(xml.contains("108"), "{xml}");

    // Plivo's retry of one message is answered the same, and stored once.
    let id = random_uuid();
    let first = plivo_sms(&app, &id, PATIENT, "fever and cough since two days", TOKEN).await;
    let again = plivo_sms(&app, &id, PATIENT, "fever and cough since two days", TOKEN).await;
    assert_eq!(first, again);
    let stored: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sms_messages WHERE message_sid = $1")
            .bind(&id)
            .fetch_one(app.state.store.pool())
            .await
            .unwrap();
    assert_eq!(stored, 1);

    // A forged or unsigned request is refused, and nothing is stored.
    let (forged, _) = plivo_sms(&app, &random_uuid(), PATIENT, "STOP", "not-the-token").await;
    assert_eq!(forged, 403);
    let unsigned = app
        .client
        .post(format!("{}/plivo/sms", app.base))
        .form(&[
            ("From", PATIENT),
            ("To", OUR),
            ("Text", "STOP"),
            ("MessageUUID", &random_uuid()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status().as_u16(), 403);
    let stops: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sms_messages WHERE body = 'STOP'")
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(stops, 0);
}
on_both_databases!(texts_over_plivo_get_the_same_answers_as_over_twilio);

#[tokio::test]
async fn without_a_plivo_token_every_plivo_request_is_refused() {
    let app = spawn_app_with(Db::Sqlite, &[]).await;
    let (status, body) = plivo_sms(&app, &random_uuid(), PATIENT, "help", "").await;
    assert_eq!(status, 403);
    assert!(body.contains("PLIVO_AUTH_TOKEN"), "{body}");
}

/// What the loopback Plivo accepted, and the statuses it is still to answer with first.
#[derive(Default)]
struct FakePlivo {
    received: Vec<serde_json::Value>,
    script: Vec<u16>,
}

type Shared = std::sync::Arc<std::sync::Mutex<FakePlivo>>;

/// A loopback server speaking Plivo's Message and Call APIs: basic auth, JSON in, 202 with a
/// message UUID or 201 with a call's request UUID out; answers the statuses in `script`
/// first. Each body is kept with its `resource`.
async fn fake_plivo(script: Vec<u16>) -> (String, Shared) {
    use axum::extract::{Path, State};
    use axum::http::{HeaderMap, StatusCode};
    use axum::Json;
    let shared: Shared = std::sync::Arc::new(std::sync::Mutex::new(FakePlivo {
        received: vec![],
        script,
    }));
    let app = axum::Router::new()
        .route(
            "/v1/Account/{id}/{resource}/",
            axum::routing::post(
                |State(shared): State<Shared>, Path((id, resource)): Path<(String, String)>, headers: HeaderMap, Json(mut body): Json<serde_json::Value>| async move {
                    use base64::Engine;
                    let expected = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{AUTH_ID}:{TOKEN}")));
                    if id != AUTH_ID || headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(&expected) {
                        return (StatusCode::UNAUTHORIZED, Json(serde_json::json!({"error": "not authorised"})));
                    }
                    let mut s = shared.lock().unwrap();
                    if !s.script.is_empty() {
                        let status = s.script.remove(0);
                        return (StatusCode::from_u16(status).unwrap(), Json(serde_json::json!({"error": "scripted"})));
                    }
                    body["resource"] = resource.clone().into();
                    s.received.push(body);
                    if resource == "Call" {
                        return (StatusCode::CREATED, Json(serde_json::json!({"message": "call fired", "request_uuid": random_uuid(), "api_id": "x"})));
                    }
                    (StatusCode::ACCEPTED, Json(serde_json::json!({"message": "message(s) queued", "message_uuid": [random_uuid()], "api_id": "x"})))
                },
            ),
        )
        .with_state(shared.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (base, shared)
}

const AUTH_ID: &str = "MAPLIVOTESTACCOUNT01";

async fn the_outbox_sends_sms_through_plivo_and_retries_its_failures(db: Db) {
    use doorstep::domain::{now_unix, PhoneNumber};
    use doorstep::outbox::{drain, Pass};
    use doorstep::telephony::plivo::rest::PlivoRest;
    let app = spawn_app_with(db, &[]).await;
    let store = &app.state.store;
    let (base, sent) = fake_plivo(vec![503, 400]).await;
    let plivo = Lines::from(PlivoRest::new(&base, AUTH_ID, TOKEN, "+911800000000"));
    let to = PhoneNumber::parse("+919811122299").unwrap();
    store
        .enqueue_outbox(Outgoing::Sms, &to, "दवा का समय", "test:plivo:1")
        .await
        .unwrap();
    store
        .enqueue_outbox(Outgoing::Sms, &to, "second", "test:plivo:2")
        .await
        .unwrap();
    let now = now_unix();
    let reminders = app.state.reminders();
    // 503 is retried later; 400 (Plivo refused the request) is given up at once.
    let first = drain(store, &plivo, &reminders, 10, now).await.unwrap();
    assert_eq!(
        first,
        Pass {
            retried: 1,
            failed: 1,
            ..Default::default()
        }
    );
    let second = drain(store, &plivo, &reminders, 10, now + 3600)
        .await
        .unwrap();
    assert_eq!(
        second,
        Pass {
            sent: 1,
            ..Default::default()
        }
    );
    let bodies = sent.lock().unwrap().received.clone();
    assert_eq!(bodies.len(), 1);
    assert_eq!(bodies[0]["src"], "911800000000");
    assert_eq!(bodies[0]["dst"], "919811122299");
    assert_eq!(bodies[0]["text"], "दवा का समय");
    let (status, _, uuid) = store.outbox_status("test:plivo:1").await.unwrap().unwrap();
    assert_eq!(status, OutboxStatus::Sent);
    assert!(uuid.is_some_and(|u| u.len() == 36));
}
on_both_databases!(the_outbox_sends_sms_through_plivo_and_retries_its_failures);

#[tokio::test]
async fn a_placed_call_goes_through_plivos_call_api_to_our_plivo_urls() {
    use doorstep::domain::{now_unix, PhoneNumber};
    use doorstep::ivr::Intent;
    use doorstep::outbox::{drain, Pass};
    use doorstep::telephony::plivo::rest::PlivoRest;
    let app = spawn_app_with(Db::Sqlite, &[]).await;
    let store = &app.state.store;
    let (base, fake) = fake_plivo(vec![]).await;
    let plivo = Lines::from(PlivoRest::new(&base, AUTH_ID, TOKEN, OUR).with_public_url(&app.base));
    let to = PhoneNumber::parse("+919811122299").unwrap();
    store
        .enqueue_outbox(
            Outgoing::Call,
            &to,
            &Intent::Callback(7).stored(),
            "test:plivo:call",
        )
        .await
        .unwrap();
    let pass = drain(store, &plivo, &app.state.reminders(), 10, now_unix())
        .await
        .unwrap();
    assert_eq!(
        pass,
        Pass {
            sent: 1,
            ..Default::default()
        }
    );
    let call = fake.lock().unwrap().received[0].clone();
    assert_eq!(call["resource"], "Call");
    assert_eq!(call["to"], "919811122299");
    assert_eq!(call["from"], OUR.trim_start_matches('+'));
    assert_eq!(
        call["answer_url"],
        format!("{}/plivo/voice?callback=7", app.base)
    );
    assert_eq!(
        call["hangup_url"],
        format!("{}/plivo/voice/status", app.base)
    );
    assert_eq!(call["answer_method"], "POST");
    // The call is known by the request UUID Plivo answered with.
    let (status, _, carrier_id) = store
        .outbox_status("test:plivo:call")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(status, OutboxStatus::Sent);
    assert!(carrier_id.is_some_and(|id| id.len() == 36));
}

#[tokio::test]
async fn with_plivo_configured_the_service_sends_its_sms_through_plivo() {
    let (base, sent) = fake_plivo(vec![]).await;
    let app = spawn_app_with(
        Db::Sqlite,
        &[
            ("PLIVO_AUTH_ID", AUTH_ID),
            ("PLIVO_AUTH_TOKEN", TOKEN),
            ("PLIVO_FROM_NUMBER", OUR),
            ("PLIVO_API_BASE", &base),
        ],
    )
    .await;
    let to = doorstep::domain::PhoneNumber::parse("+919811122299").unwrap();
    app.state
        .store
        .enqueue_outbox(Outgoing::Sms, &to, "your code", "test:plivo:worker")
        .await
        .unwrap();
    eventually(|| !sent.lock().unwrap().received.is_empty()).await;
    assert_eq!(sent.lock().unwrap().received[0]["text"], "your code");
}

/// Runs `body` as the Plivo carrier would (its fields, signature and URLs).
async fn through_plivo<F: std::future::Future<Output = ()>>(body: F) {
    crate::helpers::CARRIER
        .scope(doorstep::simulator::Carrier::Plivo, body)
        .await
}

#[tokio::test]
async fn plivos_fallback_url_answers_the_apology_whose_zero_reaches_emergency() {
    through_plivo(async {
        let app = spawn_app_with(Db::Sqlite, &[]).await;
        let sid = app.new_call_id();
        let call = [("CallSid", sid.as_str()), ("From", PATIENT), ("To", OUR)];
        let r = app.post_signed("/plivo/voice/fallback", &call).await;
        assert_eq!(r.status(), 200);
        let xml = r.text().await.unwrap();
        let heard = doorstep::simulator::parse(&xml).unwrap();
        let Some(doorstep::simulator::Heard::Gather { action, .. }) = heard.first() else {
            panic!("{xml}")
        };
        assert!(action.contains("/plivo/voice/emergency"), "{action}");
        // The apology names no stored position: it needs no database.
        assert!(!action.contains("at="), "{action}");
        let mut zero = call.to_vec();
        zero.push(("Digits", "0"));
        let path = action.strip_prefix(&app.base).unwrap();
        let dial = app.post_signed(path, &zero).await.text().await.unwrap();
        assert!(dial.contains("<Number>108</Number>"), "{dial}");
    })
    .await
}

#[tokio::test]
async fn a_hang_up_posted_to_plivos_answer_url_is_recorded_as_one() {
    through_plivo(async {
        let app = spawn_app_with(Db::Sqlite, &[]).await;
        let sid = app.new_call_id();
        let call = [("CallSid", sid.as_str()), ("From", PATIENT), ("To", OUR)];
        app.post_signed("/plivo/voice", &call).await;
        let mut hangup = call.to_vec();
        hangup.extend([
            ("Event", "Hangup"),
            ("CallStatus", "completed"),
            ("Duration", "3"),
        ]);
        let r = app.post_signed("/plivo/voice", &hangup).await;
        assert_eq!(r.status(), 200);
        assert!(doorstep::simulator::parse(&r.text().await.unwrap())
            .unwrap()
            .is_empty());
        let history = app
            .state
            .store
            .call_status_history(&doorstep::domain::CallId::parse(&sid).unwrap())
            .await
            .unwrap();
        assert_eq!(history, ["completed"]);
    })
    .await
}

#[tokio::test]
async fn each_patient_is_answered_from_the_line_they_reached_us_on() {
    use crate::outbox::{fake_twilio, ACCOUNT};
    let (plivo_base, plivo_sent) = fake_plivo(vec![]).await;
    let (twilio_base, twilio_sent) = fake_twilio().await;
    let app = spawn_app_with(
        Db::Sqlite,
        &[
            ("PLIVO_AUTH_ID", AUTH_ID),
            ("PLIVO_AUTH_TOKEN", TOKEN),
            ("PLIVO_FROM_NUMBER", OUR),
            ("PLIVO_API_BASE", &plivo_base),
            ("TWILIO_ACCOUNT_SID", ACCOUNT),
            ("TWILIO_FROM_NUMBER", "+14155550100"),
            ("TWILIO_API_BASE", &twilio_base),
            ("DOORSTEP_LINES", "+918044556677=twilio"),
            ("DOORSTEP_OUTBOUND_CARRIER", "twilio"),
        ],
    )
    .await;
    // One patient texts our Plivo number, another our second Twilio line; a third never
    // reached us.
    let (status, _) = plivo_sms(&app, &random_uuid(), PATIENT, "help", TOKEN).await;
    assert_eq!(status, 200);
    let twilio_sid = random_sid("SM");
    let texted = app
        .post_signed(
            "/twilio/sms",
            &[
                ("MessageSid", twilio_sid.as_str()),
                ("AccountSid", ACCOUNT),
                ("From", "+919822233344"),
                ("To", "+918044556677"),
                ("Body", "help"),
            ],
        )
        .await;
    assert_eq!(texted.status(), 200);
    let store = &app.state.store;
    for (to, key) in [
        ("+919811122299", "line:plivo"),
        ("+919822233344", "line:twilio"),
        ("+919833344455", "line:none"),
    ] {
        let to = doorstep::domain::PhoneNumber::parse(to).unwrap();
        store
            .enqueue_outbox(Outgoing::Sms, &to, key, key)
            .await
            .unwrap();
    }
    eventually(|| {
        plivo_sent.lock().unwrap().received.len() + twilio_sent.lock().unwrap().received.len() >= 3
    })
    .await;
    let plivo = plivo_sent.lock().unwrap().received.clone();
    assert_eq!(plivo.len(), 1, "{plivo:?}");
    assert_eq!(plivo[0]["text"], "line:plivo");
    assert_eq!(plivo[0]["src"], OUR);
    let twilio = twilio_sent.lock().unwrap().received.clone();
    let from_of = |body: &str| {
        twilio
            .iter()
            .find(|(_, form)| form.iter().any(|(k, v)| k == "Body" && v == body))
            .and_then(|(_, form)| form.iter().find(|(k, _)| k == "From"))
            .map(|(_, v)| v.clone())
    };
    assert_eq!(from_of("line:twilio").as_deref(), Some("+918044556677"));
    assert_eq!(from_of("line:none").as_deref(), Some("+14155550100"));
}
