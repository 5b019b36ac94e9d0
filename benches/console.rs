//! Console pages: the doctor's queue and a consultation's record page, served by the real
//! service on loopback over SQLite holding 10,000 patients and 50,000 consultations (2,000
//! of them waiting in the queue). One signed-in doctor's browser asks for each page in turn;
//! every record view writes its audit row, as in production. Prints latency percentiles
//! and page sizes. `cargo bench --bench console`; `cargo test` runs a small smoke pass only.

use std::time::{Duration, Instant};

use doorstep::app::Application;
use doorstep::config::{Overrides, Settings};
use doorstep::store::SessionRow;
use hdrhistogram::Histogram;
use sha2::{Digest, Sha256};
use sqlx::Executor;

const DOCTOR_PHONE: &str = "+919000000001";

#[tokio::main]
async fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (patients, consultations, requests) = if full {
        (10_000, 50_000, 2_000)
    } else {
        (200, 1_000, 20)
    };
    let dir = tempfile::tempdir().unwrap();
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let base = format!("http://{addr}");
    let overrides = Overrides {
        bind: Some(addr.to_string()),
        database_url: Some(format!(
            "sqlite://{}",
            dir.path().join("bench.db").display()
        )),
        data_dir: Some(dir.path().to_owned()),
        ..Default::default()
    };
    let public = base.clone();
    let settings = Settings::load_from(&overrides, |k| match k {
        "TWILIO_AUTH_TOKEN" => Some("bench-token".into()),
        "DOORSTEP_PUBLIC_URL" => Some(public.clone()),
        "DOORSTEP_EMBEDDINGS" => Some("off".into()),
        "DOORSTEP_SPEECH" => Some("off".into()),
        _ => None,
    })
    .unwrap();
    let app = Application::build(settings).await.unwrap();
    let store = app.state().store.clone();
    let started = Instant::now();
    let mine = seed(&store, patients, consultations).await;
    println!(
        "seeded {patients} patients and {consultations} consultations in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let token = "bench-session-token";
    let session = SessionRow {
        token_hash: Sha256::digest(token.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        phone: DOCTOR_PHONE.into(),
        role: "doctor".into(),
        subject_id: 1,
        csrf: "bench-csrf".into(),
        expires_at: i64::MAX / 2,
    };
    store.add_session(&session, 0).await.unwrap();
    tokio::spawn(app.run_until(std::future::pending()));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for (name, path) in [
        ("queue", "/console/queue".to_owned()),
        ("consultation", format!("/console/consultations/{mine}")),
    ] {
        let mut latency = Histogram::<u64>::new(3).unwrap();
        let mut bytes = 0;
        for _ in 0..requests {
            let t = Instant::now();
            let r = client
                .get(format!("{base}{path}"))
                .header("cookie", format!("dsd_session={token}"))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200, "{path}");
            bytes = r.bytes().await.unwrap().len();
            latency.record(t.elapsed().as_micros() as u64).unwrap();
        }
        let ms =
            |q: f64| Duration::from_micros(latency.value_at_quantile(q)).as_secs_f64() * 1000.0;
        println!(
            "{name}: {requests} requests, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, page {:.1} KB",
            ms(0.5),
            ms(0.99),
            latency.max() as f64 / 1000.0,
            bytes as f64 / 1024.0
        );
    }
}

/// Patients, consultations (a 25th of them queued, the rest completed) and, for the
/// consultation the doctor opens, a triage conversation, readings and prescriptions.
async fn seed(store: &doorstep::store::Store, patients: usize, consultations: usize) -> i64 {
    let pool = store.pool();
    pool.execute(
        format!(
            "INSERT INTO doctors (id, name, phone, license_number, specializations, languages, created_at)
             VALUES (1, 'Dr. Bench', '{DOCTOR_PHONE}', 'B-1', 'general', 'hi;en', 0)"
        )
        .as_str(),
    )
    .await
    .unwrap();
    let mut tx = pool.begin().await.unwrap();
    for chunk in (0..patients).collect::<Vec<_>>().chunks(500) {
        let phones: Vec<String> = chunk
            .iter()
            .map(|i| format!("('+9180{i:08}', 'hi', 0, 0, 0)"))
            .collect();
        tx.execute(format!("INSERT INTO phone_numbers (e164, language, sms_opted_out, created_at, updated_at) VALUES {}", phones.join(",")).as_str())
            .await
            .unwrap();
        let rows: Vec<String> = chunk
            .iter()
            .map(|i| {
                format!(
                    "({}, '+9180{i:08}', 1, 'self', 'Patient {i}', {}, 'f', 'hi', '110001', 0)",
                    i + 1,
                    20 + i % 60
                )
            })
            .collect();
        tx.execute(format!("INSERT INTO patients (id, phone, slot, relation, name, age, sex, language, pincode, created_at) VALUES {}", rows.join(",")).as_str())
            .await
            .unwrap();
    }
    let now = doorstep::domain::now_unix();
    for chunk in (0..consultations).collect::<Vec<_>>().chunks(500) {
        let rows: Vec<String> = chunk
            .iter()
            .map(|i| {
                let queued = i % 25 == 0;
                let (status, doctor) = if queued { ("queued", "NULL") } else { ("completed", "1") };
                let urgency = ["emergency", "high", "medium", "low"][i % 4];
                format!(
                    "({}, {}, {doctor}, '{status}', '{urgency}', 'complaint {i}', 'notes {i}', {}, {}, 'hi', 'general', 'fever')",
                    10_000 + i,
                    i % patients + 1,
                    now - 60 * (consultations - i) as i64,
                    now - 60 * (consultations - i) as i64 + 300,
                )
            })
            .collect();
        tx.execute(
            format!(
                "INSERT INTO consultations (id, patient_id, doctor_id, status, urgency, complaint, notes, requested_at, ended_at, language, specialization, red_flags) VALUES {}",
                rows.join(",")
            )
            .as_str(),
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    // The doctor's open consultation: patient 1, who has many earlier ones.
    let mine = 9_999;
    pool.execute(
        format!(
            "INSERT INTO consultations (id, patient_id, doctor_id, status, urgency, complaint, requested_at, language, specialization, red_flags)
             VALUES ({mine}, 1, 1, 'accepted', 'high', 'sir dard aur chakkar', {now}, 'hi', 'general', 'headache')"
        )
        .as_str(),
    )
    .await
    .unwrap();
    for (n, at) in (0..10).map(|n| (n, now - n * 86_400)) {
        pool.execute(
            format!(
                "INSERT INTO health_metrics (id, patient_id, kind, value, second_value, unit, context, recorded_at)
                 VALUES ({}, 1, 'bp', {}, {}, 'mmHg', '', {at})",
                n + 1,
                140 + n,
                90 + n
            )
            .as_str(),
        )
        .await
        .unwrap();
        pool.execute(format!("INSERT INTO prescriptions (id, consultation_id, patient_id, doctor_id, created_at) VALUES ({}, NULL, 1, 1, {at})", n + 1).as_str())
            .await
            .unwrap();
        pool.execute(format!("INSERT INTO prescription_items (prescription_id, line, medicine, dose, frequency, days) VALUES ({}, 1, 'Paracetamol', '500 mg', 'twice a day', 3)", n + 1).as_str())
            .await
            .unwrap();
    }
    mine
}
