//! Stress: the service as its own process killed with SIGKILL under load, a burst against
//! its thread count, and a seeded fuzz of every webhook. In a binary of their own, so their
//! load does not eat the webhook budgets of the timing-sensitive tests in `tests/api/`.

use std::time::Duration;

use doorstep::simulator::random_sid;
use doorstep::telephony::signature;
use sqlx::Row;

use crate::helpers::{sms_form, spawn_app, Db, OUR_NUMBER, TOKEN};
use crate::on_both_databases;

/// The service as its own process, on a database that outlives it.
struct Service {
    child: std::process::Child,
    base: String,
}

impl Service {
    async fn start(url: &str, dir: &std::path::Path) -> Self {
        Self::start_with(url, dir, &[("DOORSTEP_EMBEDDINGS", "off")]).await
    }

    async fn start_with(url: &str, dir: &std::path::Path, env: &[(&str, &str)]) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let base = format!("http://127.0.0.1:{port}");
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_doorstep"))
            .args([
                "serve",
                "--bind",
                &format!("127.0.0.1:{port}"),
                "--public-url",
                &base,
            ])
            .args(["--database", url, "--data-dir"])
            .arg(dir)
            .env("TWILIO_AUTH_TOKEN", TOKEN)
            .envs(env.iter().copied())
            .env("DOORSTEP_SPEECH", "off")
            .env("RUST_LOG", "error")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("the service starts");
        let client = reqwest::Client::new();
        for _ in 0..600 {
            if let Ok(r) = client.get(format!("{base}/healthz")).send().await {
                if r.status().is_success() {
                    return Self { child, base };
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let mut child = child;
        let _ = child.kill();
        let _ = child.wait();
        panic!("the service did not become healthy");
    }

    /// SIGKILL, as a power cut or an OOM kill would end it.
    fn kill_9(self) {}
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Posts signed webhooks to `base` until `stop`; returns the SIDs acknowledged with 200.
async fn load(base: String, stop: tokio::sync::watch::Receiver<bool>) -> Vec<(bool, String)> {
    let client = reqwest::Client::new();
    let mut acked = vec![];
    let mut i = 0u64;
    while !*stop.borrow() {
        i += 1;
        let sms = i.is_multiple_of(2);
        let (path, sid) = if sms {
            ("/twilio/sms", random_sid("SM"))
        } else {
            ("/twilio/voice", random_sid("CA"))
        };
        let from = format!("+9198{:08}", i % 1000);
        let mut form: Vec<(String, String)> = vec![
            (
                "AccountSid".into(),
                "AC00000000000000000000000000000000".into(),
            ),
            ("From".into(), from),
            ("To".into(), OUR_NUMBER.into()),
        ];
        if sms {
            form.push(("MessageSid".into(), sid.clone()));
            form.push(("Body".into(), "I have a cough".into()));
        } else {
            form.push(("CallSid".into(), sid.clone()));
            form.push(("CallStatus".into(), "ringing".into()));
            form.push(("Direction".into(), "inbound".into()));
        }
        let url = format!("{base}{path}");
        let sig = signature::compute(TOKEN, &url, &form);
        let sent = client
            .post(&url)
            .header("X-Twilio-Signature", sig)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(serde_urlencoded::to_string(&form).unwrap())
            .timeout(Duration::from_secs(3))
            .send()
            .await;
        if let Ok(r) = sent {
            // An apology is valid TwiML but stores nothing: only a real answer counts.
            let ok = r.status().is_success();
            let body = r.text().await.unwrap_or_default();
            if ok && !body.contains("technical problem") {
                acked.push((sms, sid));
            }
        }
    }
    acked
}

async fn nothing_acknowledged_is_lost_when_the_service_is_killed(db: Db) {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::database_url(db, dir.path()).await;
    let mut acked = vec![];
    for _round in 0..2 {
        let service = Service::start(&url, dir.path()).await;
        let (stop_tx, stop) = tokio::sync::watch::channel(false);
        let mut senders = tokio::task::JoinSet::new();
        for _ in 0..6 {
            senders.spawn(load(service.base.clone(), stop.clone()));
        }
        tokio::time::sleep(Duration::from_millis(1500)).await;
        service.kill_9();
        let _ = stop_tx.send(true);
        for list in senders.join_all().await {
            acked.extend(list);
        }
    }
    assert!(
        acked.len() > 50,
        "the load reached the service: {}",
        acked.len()
    );
    let service = Service::start(&url, dir.path()).await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    let mut lost = vec![];
    for (sms, sid) in &acked {
        let sql = if *sms {
            "SELECT COUNT(*) FROM sms_messages WHERE message_sid = $1 AND status = 'received'"
        } else {
            "SELECT COUNT(*) FROM calls WHERE call_sid = $1"
        };
        let n: i64 = sqlx::query(sql)
            .bind(sid)
            .fetch_one(&pool)
            .await
            .unwrap()
            .get(0);
        if n != 1 {
            lost.push(sid.clone());
        }
    }
    service.kill_9();
    eprintln!(
        "kill -9 ({db:?}): 2 rounds, {} webhooks acknowledged, {} lost",
        acked.len(),
        lost.len()
    );
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged webhooks lost: {lost:?}",
        lost.len(),
        acked.len()
    );
}
on_both_databases!(nothing_acknowledged_is_lost_when_the_service_is_killed);

/// The service's own thread count, as its `/metrics` says.
async fn threads_of(base: &str) -> f64 {
    let text = reqwest::get(format!("{base}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("doorstep_threads "))
        .and_then(|v| v.trim().parse().ok())
        .expect("doorstep_threads in /metrics")
}

#[tokio::test]
async fn a_burst_of_webhooks_leaves_the_thread_count_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::database_url(Db::Sqlite, dir.path()).await;
    // With the embedding ranker, whose abandoned jobs once grew the threads to 524.
    let models = concat!(env!("CARGO_MANIFEST_DIR"), "/models");
    let service = Service::start_with(&url, dir.path(), &[("DOORSTEP_MODELS_DIR", models)]).await;
    let client = reqwest::Client::new();
    let post = |i: usize| {
        let (client, base) = (client.clone(), service.base.clone());
        async move {
            let sid = random_sid("SM");
            let from = format!("+9197{i:08}");
            let form: Vec<(String, String)> =
                sms_form(&sid, &from, "fever and cough since two days")
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .collect();
            let url = format!("{base}/twilio/sms");
            let sig = signature::compute(TOKEN, &url, &form);
            client
                .post(&url)
                .header("X-Twilio-Signature", sig)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(serde_urlencoded::to_string(&form).unwrap())
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0)
        }
    };
    post(0).await;
    let before = threads_of(&service.base).await;
    let mut set = tokio::task::JoinSet::new();
    for i in 1..=300 {
        set.spawn(post(i));
    }
    let statuses = set.join_all().await;
    let after = threads_of(&service.base).await;
    service.kill_9();
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    eprintln!("burst of 300 SMS: threads {before} before, {after} after");
    assert!(
        after <= before + 8.0,
        "threads grew from {before} to {after}"
    );
}

/// A bounded fuzz of every webhook: signed forms of random fields and values (seeded, so a
/// failure replays) never get a 5xx, and every 200 is valid TwiML.
#[tokio::test]
async fn fuzzed_signed_forms_never_get_a_5xx_or_invalid_twiml() {
    use rand::{Rng, SeedableRng};
    let app = spawn_app(Db::Sqlite).await;
    let mut rng = rand::rngs::StdRng::seed_from_u64(20261202);
    let steps = [
        "",
        "language-menu",
        "language",
        "menu",
        "choice",
        "who",
        "who-choice",
        "relation",
        "callback",
        "problem",
        "emergency",
        "emergency-done",
        "doctor",
        "whisper",
        "whisper-answer",
        "doctor-done",
        "rating",
        "medicine",
        "medicine-pincode",
        "doctor-call",
        "doctor-call-done",
        "danger",
        "record",
        "reading-kind",
        "reading-value",
        "reading-symptoms",
        "item-kind",
        "condition",
        "pregnancy-month",
        "item-spoken",
        "record-toggle",
        "remind-offer",
        "remind-how",
        "remind-times",
        "dose-answer",
        "follow-up",
    ];
    let fields = [
        "CallSid",
        "MessageSid",
        "AccountSid",
        "From",
        "To",
        "Body",
        "Digits",
        "SpeechResult",
        "CallStatus",
        "Direction",
        "DialCallStatus",
        "CallDuration",
        "NumMedia",
    ];
    let junk = |rng: &mut rand::rngs::StdRng| -> String {
        match rng.gen_range(0..10) {
            0 => String::new(),
            1 => random_sid("CA"),
            2 => random_sid("SM"),
            3 => format!("+91{}", rng.gen_range(6_000_000_000u64..9_999_999_999)),
            4 => ["1", "0", "9", "*", "#", "12#", "hangup", "140"][rng.gen_range(0..8)].into(),
            5 => [
                "in-progress",
                "completed",
                "no-answer",
                "busy",
                "inbound",
                "outbound-api",
            ][rng.gen_range(0..6)]
            .into(),
            6 => "x".repeat(rng.gen_range(1..3000)),
            7 => (0..rng.gen_range(1..40))
                .map(|_| char::from_u32(rng.gen_range(1..0x2FFF)).unwrap_or('?'))
                .collect(),
            8 => "BP 190/125 chest pain <&>\"'".into(),
            _ => rng.gen_range(-5i64..100_000).to_string(),
        }
    };
    for i in 0..400 {
        let sms = i % 5 == 0;
        let status = i % 7 == 0;
        let mut path = if sms {
            "/twilio/sms".to_owned()
        } else if status {
            "/twilio/voice/status".to_owned()
        } else {
            let step = steps[rng.gen_range(0..steps.len())];
            let base = if step.is_empty() {
                "/twilio/voice".to_owned()
            } else {
                format!("/twilio/voice/{step}")
            };
            format!(
                "{base}?n={}&attempt={}",
                rng.gen_range(0..9),
                rng.gen_range(0..5)
            )
        };
        if !sms && !status && rng.gen_bool(0.5) {
            let topic =
                ["doctor", "medicine", "bp", "sugar", "allergy", "call", "zz"][rng.gen_range(0..7)];
            path.push_str(&format!(
                "&topic={topic}&lang=en&c={}&v={}",
                rng.gen_range(0..2000),
                rng.gen_range(0..300)
            ));
        }
        let mut form: Vec<(String, String)> = vec![];
        for f in fields {
            if rng.gen_bool(0.6) {
                form.push((f.to_owned(), junk(&mut rng)));
            }
        }
        let owned: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let r = app.post_signed(&path, &owned).await;
        let code = r.status().as_u16();
        let body = r.text().await.unwrap();
        assert!(code < 500, "{path} {form:?}: {code} {body}");
        if code == 200 {
            doorstep::simulator::parse(&body)
                .unwrap_or_else(|e| panic!("{path} {form:?}: invalid TwiML {e}: {body}"));
        }
    }
}
