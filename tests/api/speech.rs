//! Speech with the real models (`--features speech`; the README's test command fetches them):
//! Piper's joe voice speaks English prompts, Vosk's Korean model hears espeak-ng Korean.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use axum::Router;
use doorstep::simulator::{parse, random_sid, Heard};
use doorstep::speech::audio::read_wav;
use sqlx::Row;

use crate::helpers::{heard_text, spawn_app_with, Db, TestApp, OUR_NUMBER};

const CALLER: &str = "+919811155566";
const ACCOUNT: &str = "AC22222222222222222222222222222222";

/// English callers are spoken to by the joe voice and heard by the Korean model (the only
/// full Vosk model on a reachable registry), so Korean test speech goes through the call.
async fn speaking_app(extra: &[(&str, &str)]) -> TestApp {
    let mut env = vec![
        ("DOORSTEP_SPEECH", "on"),
        ("DOORSTEP_VOICES", "en=en_US-joe-medium"),
        ("DOORSTEP_RECOGNISERS", "en=ko,ko=ko"),
        ("TWILIO_ACCOUNT_SID", ACCOUNT),
        ("PLIVO_AUTH_ID", "MAPLIVOTESTACCOUNT01"),
    ];
    env.extend_from_slice(extra);
    spawn_app_with(Db::Sqlite, &env).await
}

/// Korean speech from Debian's espeak-ng, as WAV bytes.
fn korean(text: &str) -> Vec<u8> {
    let out = std::process::Command::new("espeak-ng")
        .args(["-v", "ko", "--stdout", text])
        .output()
        .expect("espeak-ng is installed (scripts/setup.sh)");
    assert!(out.status.success());
    out.stdout
}

/// A phrase espeak-ng says well enough for the Korean model to catch "머리" (head).
const HEADACHE: &str = "안녕하세요 저는 머리가 아파요";

#[tokio::test]
async fn piper_speaks_at_its_rate_for_a_plausible_time_and_not_silently() {
    let app = speaking_app(&[]).await;
    let audio = app
        .state
        .speech
        .speak(
            "en",
            "Please tell us your problem in a few words. We are listening.",
        )
        .await
        .unwrap();
    assert_eq!(audio.rate, 22050);
    assert!((2.0..8.0).contains(&audio.seconds()), "{}", audio.seconds());
    assert!(audio.rms() > 0.02, "silent: {}", audio.rms());
    // A language with no voice is a clear error, not silence.
    assert!(app.state.speech.speak("hi", "नमस्ते").await.is_err());
}

#[tokio::test]
async fn vosk_recognises_korean_speech_at_any_rate() {
    let app = speaking_app(&[]).await;
    let audio = read_wav(&korean(HEADACHE)).unwrap();
    assert_eq!(audio.rate, 22050);
    let heard = app
        .state
        .speech
        .transcribe("ko", audio.clone(), Duration::from_secs(60))
        .await
        .unwrap();
    assert!(heard.contains("머리"), "{heard}");
    // Telephone audio (8 kHz) is upsampled to the model's 16 kHz and still heard.
    let phone = audio.resampled(8000);
    let heard = app
        .state
        .speech
        .transcribe("ko", phone, Duration::from_secs(60))
        .await
        .unwrap();
    assert!(heard.chars().any(|c| ('가'..='힣').contains(&c)), "{heard}");
}

async fn first_call(app: &TestApp) -> Vec<Heard> {
    let sid = random_sid("CA");
    let xml = app
        .post_signed(
            "/twilio/voice",
            &[
                ("CallSid", sid.as_str()),
                ("From", CALLER),
                ("To", OUR_NUMBER),
            ],
        )
        .await
        .text()
        .await
        .unwrap();
    parse(&xml).unwrap()
}

fn plays(heard: &[Heard]) -> Vec<String> {
    let mut out = vec![];
    for h in heard {
        match h {
            Heard::Play(url) => out.push(url.clone()),
            Heard::Gather { prompts, .. } => out.extend(plays(prompts)),
            _ => {}
        }
    }
    out
}

/// The audio a first turn plays once its voice has made it: the first caller may hear
/// `<Say>` while the voice is made; it is cached for the next.
async fn played_once_made(app: &TestApp) -> Vec<String> {
    let mut urls = vec![];
    for _ in 0..100 {
        urls = plays(&first_call(app).await);
        if !urls.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    urls
}

#[tokio::test]
async fn english_prompts_are_piper_audio_served_as_telephone_wav() {
    let app = speaking_app(&[]).await;
    let urls = played_once_made(&app).await;
    assert_eq!(urls.len(), 1, "only English has a voice here: {urls:?}");
    let heard = first_call(&app).await;
    let said = heard_text(&heard);
    assert!(
        !said.contains("For English, press 2."),
        "English is played, not said: {said}"
    );
    assert!(said.contains("हिंदी के लिए 1 दबाएँ"), "{said}");
    let wav = app.client.get(&urls[0]).send().await.unwrap();
    assert_eq!(wav.status(), 200);
    assert_eq!(wav.headers()["content-type"], "audio/wav");
    let audio = read_wav(&wav.bytes().await.unwrap()).unwrap();
    assert_eq!(audio.rate, 8000);
    assert!((0.8..4.0).contains(&audio.seconds()), "{}", audio.seconds());
    assert!(audio.rms() > 0.02, "{}", audio.rms());
    // Ids are hashes: anything else is not found.
    let bad = app
        .client
        .get(format!("{}/audio/..%2F..%2Fetc%2Fpasswd.wav", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 404);
}

/// Behind a load balancer the carrier fetches a `<Play>` URL from any node: with one shared
/// `DOORSTEP_AUDIO_DIR`, a node that made no audio (not even a voice loaded) serves what
/// another made; with directories of their own it could not.
#[tokio::test]
async fn any_node_sharing_the_audio_directory_serves_audio_another_node_made() {
    let shared = tempfile::tempdir().unwrap();
    let audio_dir = shared.path().to_str().unwrap();
    let maker = speaking_app(&[("DOORSTEP_AUDIO_DIR", audio_dir)]).await;
    let urls = played_once_made(&maker).await;
    let made = urls.first().expect("the maker plays Piper audio");
    let path = made.strip_prefix(&maker.base).expect("a URL on the maker");
    let own = maker.client.get(made).send().await.unwrap();
    assert_eq!(own.status(), 200);
    let own = read_wav(&own.bytes().await.unwrap()).unwrap();

    let other = spawn_app_with(Db::Sqlite, &[("DOORSTEP_AUDIO_DIR", audio_dir)]).await;
    let served = other
        .client
        .get(format!("{}{path}", other.base))
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "audio/wav");
    // The same sentence (warming may have made it again meanwhile: Piper's noise differs).
    let theirs = read_wav(&served.bytes().await.unwrap()).unwrap();
    assert_eq!(theirs.rate, 8000);
    assert!((theirs.seconds() - own.seconds()).abs() < 0.5);
    assert!(theirs.rms() > 0.02, "{}", theirs.rms());

    let alone = spawn_app_with(Db::Sqlite, &[]).await;
    let missing = alone
        .client
        .get(format!("{}{path}", alone.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        missing.status(),
        404,
        "a node with its own directory lacks it"
    );
}

#[tokio::test]
async fn a_stalled_voice_still_answers_in_time_with_say() {
    let app = speaking_app(&[("DOORSTEP_SPEECH_WORKERS", "1")]).await;
    // Occupy the only speech worker with a long text.
    let speech = app.state.speech.clone();
    let long = "This sentence keeps the only voice worker busy for a while. ".repeat(30);
    tokio::spawn(async move { speech.speak("en", &long).await });
    tokio::time::sleep(Duration::from_millis(50)).await;
    let started = Instant::now();
    let heard = first_call(&app).await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(
        heard_text(&heard).contains("For English, press 2."),
        "{heard:?}"
    );
}

/// A loopback server that serves a recording, as Twilio does, only with the account's
/// basic-auth credentials.
async fn recording_server(wav: Vec<u8>) -> (String, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(vec![]));
    let log = seen.clone();
    let app = Router::new().route(
        "/2010-04-01/Accounts/{account}/Recordings/{sid}",
        get(move |headers: HeaderMap| {
            let wav = wav.clone();
            let log = log.clone();
            async move {
                let auth = headers
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_owned();
                log.lock().unwrap().push(auth.clone());
                if !auth.starts_with("Basic ") {
                    return (StatusCode::UNAUTHORIZED, vec![]);
                }
                (StatusCode::OK, wav)
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (base, seen)
}

#[tokio::test]
async fn the_caller_is_recorded_transcribed_and_answered() {
    the_caller_is_recorded_transcribed_and_answered_on().await
}

#[tokio::test]
async fn the_caller_is_recorded_transcribed_and_answered_through_plivo() {
    crate::helpers::CARRIER
        .scope(
            doorstep::simulator::Carrier::Plivo,
            the_caller_is_recorded_transcribed_and_answered_on(),
        )
        .await
}

/// Menu 1 records the caller (the carrier's `Record`), the recording is fetched with the
/// account's credentials and transcribed by Vosk, and the caller is answered.
async fn the_caller_is_recorded_transcribed_and_answered_on() {
    let app = speaking_app(&[]).await;
    let (server, seen) = recording_server(korean(HEADACHE)).await;
    let sid = app.new_call_id();
    let call = [
        ("CallSid", sid.as_str()),
        ("From", CALLER),
        ("To", OUR_NUMBER),
    ];
    let post = |path: String, extra: Vec<(&'static str, String)>| {
        let app = &app;
        let mut params: Vec<(&str, String)> =
            call.iter().map(|(k, v)| (*k, v.to_string())).collect();
        params.extend(extra);
        async move {
            let borrowed: Vec<(&str, &str)> =
                params.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let xml = app
                .post_signed(&path, &borrowed)
                .await
                .text()
                .await
                .unwrap();
            parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml}"))
        }
    };
    let relative = |url: &str| url.strip_prefix(&app.base).unwrap().to_owned();
    let heard = post("/twilio/voice".into(), vec![]).await;
    let Some(Heard::Gather { action, .. }) = heard.first() else {
        panic!("{heard:?}")
    };
    let heard = post(relative(action), vec![("Digits", "2".into())]).await;
    let action = heard
        .iter()
        .find_map(|h| match h {
            Heard::Gather { action, .. } => Some(action.clone()),
            _ => None,
        })
        .unwrap();
    let heard = post(relative(&action), vec![("Digits", "1".into())]).await;
    let record = heard
        .iter()
        .find_map(|h| match h {
            Heard::Record { action } => Some(action.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("menu 1 records the caller: {heard:?}"));
    let recording_sid = "RE0123456789abcdef0123456789abcdef";
    let recording_url =
        format!("{server}/2010-04-01/Accounts/{ACCOUNT}/Recordings/{recording_sid}");
    let mut heard = post(
        relative(&record),
        vec![
            ("RecordingUrl", recording_url),
            ("RecordingSid", recording_sid.into()),
            ("RecordingDuration", "3".into()),
        ],
    )
    .await;
    // Until the transcript is ready the caller is held and redirected back.
    for _ in 0..80 {
        let Some(Heard::Redirect(next)) = heard.last().cloned() else {
            break;
        };
        if !next.contains("rec=") {
            break;
        }
        heard = post(relative(&next), vec![]).await;
    }
    // The danger-sign questions (answered no), then guidance (played in the joe voice once
    // made, else said) and the offer of a doctor.
    for _ in 0..5 {
        let Some(Heard::Gather { action, .. }) = heard.first().cloned() else {
            break;
        };
        if !action.contains("/danger") {
            break;
        }
        heard = post(relative(&action), vec![("Digits", "2".into())]).await;
    }
    let offer = heard.iter().any(
        |h| matches!(h, Heard::Gather { action, .. } if action.starts_with(&format!("{}/callback?", app.voice_url()))),
    );
    assert!(offer, "an answer to what was heard: {heard:?}");
    let stored = sqlx::query("SELECT channel, symptoms FROM conversations WHERE call_sid = $1")
        .bind(&sid)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    let (channel, symptoms): (String, String) = (stored.get(0), stored.get(1));
    assert_eq!(channel, "voice", "heard by our recogniser, not Twilio's");
    assert!(symptoms.contains("머리"), "{symptoms}");
    let row = sqlx::query("SELECT status, text, engine FROM transcripts WHERE recording_sid = $1")
        .bind(recording_sid)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    let (status, text, engine): (String, String, String) = (row.get(0), row.get(1), row.get(2));
    assert_eq!((status.as_str(), engine.as_str()), ("done", "vosk"));
    assert!(text.contains("머리"), "{text}");
    assert!(seen.lock().unwrap().iter().all(|a| a.starts_with("Basic ")));
}

#[tokio::test]
async fn an_english_caller_hears_piper_throughout_once_the_fixed_prompts_are_made() {
    let app = speaking_app(&[]).await;
    let phone = doorstep::domain::PhoneNumber::parse(CALLER).unwrap();
    app.state
        .store
        .upsert_phone(&phone, Some("en"))
        .await
        .unwrap();
    // The service makes its fixed prompts in the background at start.
    let mut heard = vec![];
    for _ in 0..300 {
        heard = first_call(&app).await;
        if heard_text(&heard).is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        heard_text(&heard).is_empty(),
        "still said, not played: {heard:?}"
    );
    assert!(
        plays(&heard).len() >= 5,
        "welcome back and the menu's sentences: {heard:?}"
    );
}

#[tokio::test]
async fn reply_audio_is_swept_and_fixed_prompts_stay() {
    use doorstep::speech::Keep;
    let app = speaking_app(&[]).await;
    let speech = &app.state.speech;
    let wait = Duration::from_secs(60);
    let reply = speech
        .sentence_audio("en", "You said your chest hurts.", wait, Keep::Reply)
        .await
        .unwrap();
    let fixed = speech
        .sentence_audio("en", "Thank you for your rating.", wait, Keep::Fixed)
        .await
        .unwrap();
    let url = |id: &str| format!("{}/audio/{id}.wav", app.base);
    assert_eq!(
        app.client.get(url(&reply)).send().await.unwrap().status(),
        200
    );
    assert!(speech.sweep(Duration::ZERO) >= 1);
    // A caller's words are not kept; the fixed prompt is.
    assert_eq!(
        app.client.get(url(&reply)).send().await.unwrap().status(),
        404
    );
    assert_eq!(
        app.client.get(url(&fixed)).send().await.unwrap().status(),
        200
    );
}
