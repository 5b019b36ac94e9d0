//! Load benchmark: signed incoming-call webhooks from known callers, on SQLite.
//!
//! Starts the real service on loopback with a fresh SQLite database, registers known callers,
//! and drives `POST /twilio/voice` with unique CallSids from a closed-loop load generator in
//! the same process (both share this machine's cores, as the issue asks). Prints requests/s
//! and latency percentiles. `cargo bench --bench incoming_call`; `cargo test` runs a short
//! smoke pass only. Tunables: BENCH_SECONDS (10), BENCH_CONNECTIONS (16), BENCH_SERVER_THREADS (2).

use std::sync::Arc;
use std::time::{Duration, Instant};

use doorstep::app::Application;
use doorstep::config::{Overrides, Settings};
use doorstep::domain::PhoneNumber;
use doorstep::simulator::random_sid;
use doorstep::telephony::signature;
use hdrhistogram::Histogram;

const TOKEN: &str = "bench-token";
const CALLERS: usize = 1000;

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let seconds = if full { env_or("BENCH_SECONDS", 10) } else { 1 };
    let connections = env_or("BENCH_CONNECTIONS", 16) as usize;
    let server_threads = env_or("BENCH_SERVER_THREADS", 2) as usize;

    let dir = tempfile::tempdir().unwrap();
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(server_threads)
        .enable_all()
        .build()
        .unwrap();
    let base = server_rt.block_on(start_server(dir.path()));

    let bodies = Arc::new(prepare_requests(&base, 200_000));
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    // Warm up connections and caches, then measure.
    client_rt.block_on(drive(
        &base,
        bodies.clone(),
        connections,
        Duration::from_millis(500),
        0,
    ));
    let (hist, done, elapsed) = client_rt.block_on(drive(
        &base,
        bodies,
        connections,
        Duration::from_secs(seconds),
        100_000,
    ));
    let rps = done as f64 / elapsed.as_secs_f64();
    let ms = |q: f64| hist.value_at_quantile(q) as f64 / 1000.0;
    println!(
        "incoming_call sqlite: {done} requests in {:.1}s with {connections} connections, {server_threads} server threads: \
         {rps:.0} req/s; p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, p99.9 {:.2} ms, max {:.2} ms",
        elapsed.as_secs_f64(),
        ms(0.5),
        ms(0.9),
        ms(0.99),
        ms(0.999),
        hist.max() as f64 / 1000.0
    );
    assert!(done > 0, "no request completed");
}

async fn start_server(dir: &std::path::Path) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let base = format!("http://{addr}");
    let overrides = Overrides {
        bind: Some(addr.to_string()),
        database_url: Some(format!("sqlite://{}", dir.join("bench.db").display())),
        data_dir: Some(dir.to_owned()),
        ..Default::default()
    };
    let public = base.clone();
    let settings = Settings::load_from(&overrides, |k| match k {
        "TWILIO_AUTH_TOKEN" => Some(TOKEN.into()),
        "DOORSTEP_PUBLIC_URL" => Some(public.clone()),
        _ => None,
    })
    .unwrap();
    let app = Application::build(settings).await.unwrap();
    let store = app.state().store.clone();
    for i in 0..CALLERS {
        let phone = PhoneNumber::parse(&caller(i)).unwrap();
        store
            .upsert_phone(&phone, Some(if i % 2 == 0 { "hi" } else { "en" }))
            .await
            .unwrap();
        store.add_patient(&phone, "self", None, None).await.unwrap();
    }
    tokio::spawn(app.run_until(std::future::pending()));
    base
}

/// The webhook under load; BENCH_PATH=/twilio/voice/emergency measures HTTP, signature and
/// TwiML without the database, for comparison.
fn path() -> String {
    std::env::var("BENCH_PATH").unwrap_or_else(|_| "/twilio/voice".into())
}

fn caller(i: usize) -> String {
    format!("+9198{:08}", i)
}

/// Signed form bodies, each with its own CallSid, prepared before the clock starts.
fn prepare_requests(base: &str, n: usize) -> Vec<(String, String)> {
    let url = format!("{base}{}", path());
    (0..n)
        .map(|i| {
            let params = vec![
                (
                    "AccountSid".to_string(),
                    "AC00000000000000000000000000000000".to_string(),
                ),
                ("CallSid".to_string(), random_sid("CA")),
                ("CallStatus".to_string(), "ringing".to_string()),
                ("Direction".to_string(), "inbound".to_string()),
                ("From".to_string(), caller(i % CALLERS)),
                ("To".to_string(), "+911800000000".to_string()),
            ];
            let sig = signature::compute(TOKEN, &url, &params);
            (serde_urlencoded::to_string(&params).unwrap(), sig)
        })
        .collect()
}

async fn drive(
    base: &str,
    bodies: Arc<Vec<(String, String)>>,
    connections: usize,
    duration: Duration,
    offset: usize,
) -> (Histogram<u64>, usize, Duration) {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(connections)
        .build()
        .unwrap();
    let url = format!("{base}{}", path());
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(offset));
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = vec![];
    for _ in 0..connections {
        let (client, url, bodies, next) =
            (client.clone(), url.clone(), bodies.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut hist = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).unwrap();
            while Instant::now() < deadline {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % bodies.len();
                let (body, sig) = &bodies[i];
                let t = Instant::now();
                let resp = client
                    .post(&url)
                    .header("X-Twilio-Signature", sig)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .body(body.clone())
                    .send()
                    .await
                    .expect("request");
                assert_eq!(resp.status(), 200);
                let text = resp.bytes().await.expect("body");
                assert!(text.starts_with(b"<?xml"));
                hist.record(t.elapsed().as_micros() as u64).unwrap();
            }
            hist
        }));
    }
    let mut total = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).unwrap();
    for t in tasks {
        total.add(t.await.unwrap()).unwrap();
    }
    let elapsed = started.elapsed();
    let done = total.len() as usize;
    (total, done, elapsed)
}
