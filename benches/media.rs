//! Media streams against today's `<Record>` path, measured the same way: from the end of the
//! caller's speech to the first frame of reply audio. The real service on loopback with the
//! test models (the joe voice; the Korean Vosk model hearing espeak-ng Korean through 8 kHz
//! mu-law); every call is a new caller who keys English and menu 1.
//!
//! - **stream**: the caller speaks over `/twilio/media` in real time (`media::caller`), and
//!   the first reply frame is timed against the end of the speech in the audio sent.
//! - **record**: Twilio ends a `<Record>` after 3 s of silence (its `timeout`), then posts the
//!   recording; the service fetches and transcribes it and holds the caller until the words
//!   are ready. The reply is playing once the webhook that answers with it returns (audio on
//!   loopback is fetched at once), so its time is 3 s + the webhooks.
//! - **barge-in**: the caller talks over the reply; from the onset of that speech to the
//!   `clear` received.
//! - **concurrency**: K streams at once, each speaking and then listening to its reply:
//!   frame underruns (a reply frame that arrives after the one before it finished playing)
//!   and resident memory per stream.
//!
//! `cargo bench --bench media --features speech`; `cargo test` runs one call of each.

use std::time::{Duration, Instant};

use axum::routing::get;
use doorstep::app::Application;
use doorstep::config::{Overrides, Settings};
use doorstep::media::caller::{self, Act, Seen};
use doorstep::simulator::{parse, random_sid, Heard};
use hdrhistogram::Histogram;

const TOKEN: &str = "bench-token";
const OUR_NUMBER: &str = "+911800000000";
const FEVER: &str = "아이가 열이 나요";

struct Service {
    base: String,
    client: reqwest::Client,
    _dir: tempfile::TempDir,
}

#[tokio::main]
async fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (calls, levels): (usize, &[usize]) = if full { (20, &[1, 2, 4, 8]) } else { (1, &[1]) };
    let service = start().await;
    let speech = spoken(FEVER);
    let speech_ends = loud_until(&speech);
    // One call first: the fixed prompts are made and cached, as on a running line.
    let _ = stream_call(&service, &speech, speech_ends, 0).await;
    let mut stream = Histogram::<u64>::new(3).unwrap();
    for i in 0..calls {
        if let Some(ms) = stream_call(&service, &speech, speech_ends, i + 1).await {
            stream.record(ms).unwrap();
        }
    }
    let speech_starts = loud_from(&speech);
    let mut barge = Histogram::<u64>::new(3).unwrap();
    for i in 0..calls {
        if let Some(ms) = barge_call(&service, &speech, speech_starts, 3000 + i).await {
            barge.record(ms).unwrap();
        }
    }
    let recording = recording_server(wav(&speech)).await;
    let mut record = Histogram::<u64>::new(3).unwrap();
    for i in 0..calls {
        if let Some(ms) = record_call(&service, &recording, 1000 + i).await {
            record.record(ms).unwrap();
        }
    }
    println!("end of speech to the first reply frame ({calls} calls each, ms):");
    println!("| path | p50 | p95 | max |");
    println!("| --- | ---: | ---: | ---: |");
    for (name, h) in [("media stream", &stream), ("<Record> webhooks", &record)] {
        println!(
            "| {name} | {} | {} | {} |",
            h.value_at_quantile(0.5),
            h.value_at_quantile(0.95),
            h.max()
        );
    }
    println!();
    println!(
        "speech onset over a reply to its clear ({} calls, ms): p50 {}, p95 {}, max {}",
        barge.len(),
        barge.value_at_quantile(0.5),
        barge.value_at_quantile(0.95),
        barge.max()
    );
    println!();
    println!("| streams at once | underruns | frames | RSS per stream (MiB) |");
    println!("| ---: | ---: | ---: | ---: |");
    for &k in levels {
        let before = rss_mib();
        let mut tasks = vec![];
        for j in 0..k {
            let (base, speech) = (service.base.clone(), speech.clone());
            let client = service.client.clone();
            tasks.push(tokio::spawn(async move {
                let s = Service {
                    base,
                    client,
                    _dir: tempfile::tempdir().unwrap(),
                };
                concurrent_call(&s, &speech, 5000 + k * 100 + j).await
            }));
        }
        let mut peak = before;
        let mut results = vec![];
        for t in tasks {
            peak = peak.max(rss_mib());
            results.push(t.await.unwrap());
        }
        let underruns: usize = results.iter().map(|r| r.0).sum();
        let frames: usize = results.iter().map(|r| r.1).sum();
        println!(
            "| {k} | {underruns} | {frames} | {:.1} |",
            (peak - before).max(0.0) / k as f64
        );
    }
}

async fn start() -> Service {
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
        "TWILIO_AUTH_TOKEN" => Some(TOKEN.into()),
        "TWILIO_ACCOUNT_SID" => Some("AC22222222222222222222222222222222".into()),
        "DOORSTEP_PUBLIC_URL" => Some(public.clone()),
        "DOORSTEP_EMBEDDINGS" => Some("off".into()),
        "DOORSTEP_SPEECH" => Some("on".into()),
        "DOORSTEP_VOICES" => Some("en=en_US-joe-medium".into()),
        "DOORSTEP_RECOGNISERS" => Some("en=ko".into()),
        _ => None,
    })
    .unwrap();
    let app = Application::build(settings).await.unwrap();
    tokio::spawn(app.run_until(std::future::pending()));
    Service {
        base,
        client: reqwest::Client::new(),
        _dir: dir,
    }
}

/// espeak-ng Korean at 8 kHz, as a phone line carries it.
fn spoken(text: &str) -> Vec<i16> {
    let out = std::process::Command::new("espeak-ng")
        .args(["-v", "ko", "--stdout", text])
        .output()
        .expect("espeak-ng is installed");
    let audio = doorstep::speech::audio::read_wav(&out.stdout).unwrap();
    audio.resampled(8_000).to_i16()
}

fn wav(samples: &[i16]) -> Vec<u8> {
    let audio = doorstep::speech::audio::Audio {
        rate: 8_000,
        samples: samples.iter().map(|&s| f32::from(s) / 32768.0).collect(),
    };
    doorstep::speech::audio::write_wav(&audio)
}

/// Where the speech in `samples` really begins (espeak-ng leads with silence).
fn loud_from(samples: &[i16]) -> Duration {
    let first = samples
        .iter()
        .position(|s| s.unsigned_abs() > 500)
        .unwrap_or(0);
    Duration::from_secs_f64(first as f64 / 8000.0)
}

/// Where the speech in `samples` really ends (espeak-ng trails silence), in seconds.
fn loud_until(samples: &[i16]) -> Duration {
    let last = samples
        .iter()
        .rposition(|s| s.unsigned_abs() > 500)
        .unwrap_or(0);
    Duration::from_secs_f64(last as f64 / 8000.0)
}

async fn post(s: &Service, sid: &str, from: &str, url: &str, extra: &[(&str, &str)]) -> Vec<Heard> {
    let url = if url.starts_with("http") {
        url.to_owned()
    } else {
        format!("{}{url}", s.base)
    };
    let mut params: Vec<(String, String)> = vec![
        ("CallSid".into(), sid.into()),
        ("From".into(), from.into()),
        ("To".into(), OUR_NUMBER.into()),
    ];
    params.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let signature = doorstep::telephony::signature::compute(TOKEN, &url, &params);
    let xml = s
        .client
        .post(&url)
        .header("X-Twilio-Signature", signature)
        .form(&params)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml}"))
}

fn gather(heard: &[Heard]) -> Option<String> {
    heard.iter().find_map(|h| match h {
        Heard::Gather { action, .. } => Some(action.clone()),
        _ => None,
    })
}

/// A new caller keys English and menu 1; returns the call and the answer to menu 1.
async fn to_menu_one(s: &Service, n: usize) -> (String, String, Vec<Heard>) {
    let sid = random_sid("CA");
    let from = format!("+9198{n:08}");
    let heard = post(s, &sid, &from, "/twilio/voice", &[]).await;
    let heard = post(s, &sid, &from, &gather(&heard).unwrap(), &[("Digits", "2")]).await;
    let heard = post(s, &sid, &from, &gather(&heard).unwrap(), &[("Digits", "1")]).await;
    (sid, from, heard)
}

fn stream_of(heard: &[Heard], sid: &str) -> Option<caller::Stream> {
    heard.iter().find_map(|h| match h {
        Heard::Stream { url, ticket, .. } => Some(caller::Stream {
            url: url.clone(),
            carrier: doorstep::media::wire::Carrier::Twilio,
            call: sid.to_owned(),
            ticket: ticket.clone(),
            params: vec![],
            from: None,
            headers: caller::upgrade_headers(doorstep::media::wire::Carrier::Twilio, TOKEN, url),
        }),
        _ => None,
    })
}

/// One call over the stream: ms from the end of the speech to the first reply frame.
async fn stream_call(s: &Service, speech: &[i16], ends: Duration, n: usize) -> Option<u64> {
    let (sid, _, heard) = to_menu_one(s, n).await;
    let stream = stream_of(&heard, &sid).expect("menu 1 connects a stream");
    let acts = [
        Act::Silence(Duration::from_millis(300)),
        Act::Speak(speech.to_vec()),
        Act::UntilSpeaking {
            limit: Duration::from_secs(20),
        },
    ];
    let seen = caller::play(&stream, &acts, Duration::from_secs(25))
        .await
        .unwrap();
    let spoke = seen.iter().find_map(|x| match x {
        Seen::SpokeFrom { at } => Some(*at + ends),
        _ => None,
    })?;
    let reply = seen.iter().find_map(|x| match x {
        Seen::Audio { at, .. } if *at > spoke => Some(*at),
        _ => None,
    })?;
    Some((reply - spoke).as_millis() as u64)
}

/// One call where the caller talks over the reply: ms from the speech's onset in the
/// audio sent to the `clear` received.
async fn barge_call(s: &Service, speech: &[i16], starts: Duration, n: usize) -> Option<u64> {
    let (sid, _, heard) = to_menu_one(s, n).await;
    let stream = stream_of(&heard, &sid).expect("menu 1 connects a stream");
    let acts = [
        Act::Silence(Duration::from_millis(300)),
        Act::Speak(speech.to_vec()),
        Act::UntilSpeaking {
            limit: Duration::from_secs(20),
        },
        Act::Silence(Duration::from_millis(500)),
        Act::Speak(speech.to_vec()),
        Act::Silence(Duration::from_millis(500)),
    ];
    let seen = caller::play(&stream, &acts, Duration::from_secs(30))
        .await
        .unwrap();
    let onset = seen
        .iter()
        .filter_map(|x| match x {
            Seen::SpokeFrom { at } => Some(*at + starts),
            _ => None,
        })
        .nth(1)?;
    let clear = seen.iter().find_map(|x| match x {
        Seen::Clear { at } if *at >= onset => Some(*at),
        _ => None,
    })?;
    Some((clear - onset).as_millis() as u64)
}

/// One call over `<Record>`: 3 s of Twilio's silence timeout, then the webhooks until the
/// one that answers with the reply.
async fn record_call(s: &Service, server: &str, n: usize) -> Option<u64> {
    let (sid, from, heard) = to_menu_one(s, n).await;
    // The webhook after a stream goes on by recording: today's path, from the same step.
    let action = heard.iter().find_map(|h| match h {
        Heard::Stream { action, .. } => action.clone(),
        _ => None,
    })?;
    let heard = post(s, &sid, &from, &action, &[]).await;
    let record = heard.iter().find_map(|h| match h {
        Heard::Record { action } => Some(action.clone()),
        _ => None,
    })?;
    let recording_sid = format!("RE{:032x}", n);
    let url = format!(
        "{server}/2010-04-01/Accounts/AC22222222222222222222222222222222/Recordings/{recording_sid}"
    );
    let started = Instant::now();
    let mut heard = post(
        s,
        &sid,
        &from,
        &record,
        &[
            ("RecordingUrl", &url),
            ("RecordingSid", &recording_sid),
            ("RecordingDuration", "3"),
        ],
    )
    .await;
    for _ in 0..80 {
        let Some(Heard::Redirect(next)) = heard.last().cloned() else {
            break;
        };
        if !next.contains("rec=") {
            break;
        }
        heard = post(s, &sid, &from, &next, &[]).await;
    }
    Some(3_000 + started.elapsed().as_millis() as u64)
}

/// One of K streams at once: (underruns, reply frames).
async fn concurrent_call(s: &Service, speech: &[i16], n: usize) -> (usize, usize) {
    let (sid, _, heard) = to_menu_one(s, n).await;
    let Some(stream) = stream_of(&heard, &sid) else {
        return (0, 0);
    };
    let acts = [
        Act::Speak(speech.to_vec()),
        Act::UntilHeard {
            limit: Duration::from_secs(30),
        },
    ];
    let seen = caller::play(&stream, &acts, Duration::from_secs(35))
        .await
        .unwrap();
    let frames = seen
        .iter()
        .filter(|x| matches!(x, Seen::Audio { .. }))
        .count();
    (caller::underruns(&seen), frames)
}

/// A loopback server that serves the recording.
async fn recording_server(wav: Vec<u8>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new().route(
        "/2010-04-01/Accounts/{account}/Recordings/{sid}",
        get(move || {
            let wav = wav.clone();
            async move { ([("content-type", "audio/wav")], wav) }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<f64>().ok())
            })
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}
