//! Conversations over media streams with the real models (`--features speech`): the webhook
//! connects a stream, and a caller played by `doorstep::media::caller` speaks espeak-ng
//! Korean in real time over a real WebSocket (the Korean Vosk model hears it; the joe voice
//! answers), presses keys, talks over the reply, and drops the line.

use std::time::Duration;

use doorstep::media::caller::{self, Act, Seen};
use doorstep::simulator::{parse, Heard};
use sqlx::Row;

use crate::helpers::{spawn_app_with, Db, TestApp, OUR_NUMBER};

const CALLER: &str = "+919811155577";

async fn streaming_app() -> TestApp {
    streaming_app_with(&[]).await
}

/// Streams on, our ears and voice for English (the Korean model hears the test speech).
async fn streaming_app_with(extra: &[(&str, &str)]) -> TestApp {
    let mut env = vec![
        ("DOORSTEP_SPEECH", "on"),
        ("DOORSTEP_MEDIA", "on"),
        ("DOORSTEP_VOICES", "en=en_US-joe-medium"),
        ("DOORSTEP_RECOGNISERS", "en=ko"),
    ];
    env.extend_from_slice(extra);
    spawn_app_with(Db::Sqlite, &env).await
}

/// espeak-ng speech as 8 kHz samples, as a phone line carries it.
fn spoken(voice: &str, text: &str) -> Vec<i16> {
    let out = std::process::Command::new("espeak-ng")
        .args(["-v", voice, "--stdout", text])
        .output()
        .expect("espeak-ng is installed (scripts/setup.sh)");
    assert!(out.status.success());
    let audio = doorstep::speech::audio::read_wav(&out.stdout).unwrap();
    audio.resampled(8_000).to_i16()
}

/// A phrase espeak-ng says well enough for the Korean model to catch "열" (fever) even
/// through a telephone line's 8 kHz mu-law (its "머리", head, does not survive the line).
const FEVER: &str = "아이가 열이 나요";

/// Posts a signed webhook and parses its answer.
async fn post(app: &TestApp, sid: &str, url: &str, extra: &[(&str, &str)]) -> Vec<Heard> {
    let path = url.strip_prefix(&app.base).unwrap_or(url);
    let mut params = vec![("CallSid", sid), ("From", CALLER), ("To", OUR_NUMBER)];
    params.extend_from_slice(extra);
    let xml = app.post_signed(path, &params).await.text().await.unwrap();
    parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml}"))
}

fn gather(heard: &[Heard]) -> String {
    heard
        .iter()
        .find_map(|h| match h {
            Heard::Gather { action, .. } => Some(action.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("a question: {heard:?}"))
}

/// A new caller chooses English and menu 1: the webhook plays the question and connects
/// the stream. Returns the call id and the stream.
async fn to_the_stream(app: &TestApp) -> (String, String, Option<String>, String) {
    let sid = app.new_call_id();
    let heard = post(app, &sid, "/twilio/voice", &[]).await;
    let heard = post(app, &sid, &gather(&heard), &[("Digits", "2")]).await;
    let heard = post(app, &sid, &gather(&heard), &[("Digits", "1")]).await;
    let at = heard
        .iter()
        .position(|h| matches!(h, Heard::Stream { .. }))
        .unwrap_or_else(|| panic!("menu 1 connects a media stream: {heard:?}"));
    let Heard::Stream {
        url,
        ticket,
        action,
    } = heard[at].clone()
    else {
        unreachable!()
    };
    // Twilio requests the `<Connect>`'s action; Plivo runs the redirect after the stream.
    let action = action.or_else(|| match heard.get(at + 1) {
        Some(Heard::Redirect(next)) => Some(next.clone()),
        _ => None,
    });
    let Some(action) = action else {
        panic!("the stream is followed by a webhook: {heard:?}")
    };
    assert!(ticket.is_some(), "the stream carries a ticket: {heard:?}");
    assert!(
        matches!(heard.first(), Some(Heard::Play(_) | Heard::Say { .. })),
        "the question plays first: {heard:?}"
    );
    let path = format!("/{}/media", app.carrier.name());
    assert!(url.ends_with(&path) && !url.contains('?'), "{url}");
    (sid, url, ticket, action)
}

fn stream(url: &str, sid: &str, ticket: Option<String>) -> caller::Stream {
    let carrier = crate::helpers::carrier();
    caller::Stream {
        url: url.to_owned(),
        carrier: carrier.media(),
        call: sid.to_owned(),
        ticket,
        params: vec![],
        from: None,
        headers: caller::upgrade_headers(carrier.media(), crate::helpers::TOKEN, url),
    }
}

fn audio_seconds(seen: &[Seen]) -> f32 {
    seen.iter()
        .map(|s| match s {
            Seen::Audio { samples, .. } => samples.len(),
            _ => 0,
        })
        .sum::<usize>() as f32
        / 8000.0
}

#[tokio::test]
async fn a_caller_is_heard_answered_and_keys_over_the_stream() {
    heard_answered_and_keyed().await
}

#[tokio::test]
async fn a_caller_is_heard_answered_and_keys_over_a_plivo_stream() {
    crate::helpers::CARRIER
        .scope(
            doorstep::simulator::Carrier::Plivo,
            heard_answered_and_keyed(),
        )
        .await
}

/// The caller's words over the stream are heard by our recogniser and answered in frames
/// of audible speech, sentence by sentence with marks; a key over the stream answers the
/// danger-sign question.
async fn heard_answered_and_keyed() {
    let app = streaming_app().await;
    let (sid, url, ticket, _) = to_the_stream(&app).await;
    let acts = [
        Act::Silence(Duration::from_millis(300)),
        Act::Speak(spoken("ko", FEVER)),
        Act::UntilHeard {
            limit: Duration::from_secs(40),
        },
        // The danger-sign questions, answered no by keypad over the stream.
        Act::Key('2'),
        Act::UntilHeard {
            limit: Duration::from_secs(30),
        },
    ];
    let seen = caller::play(&stream(&url, &sid, ticket), &acts, Duration::from_secs(75))
        .await
        .unwrap();
    let spoke_until = seen
        .iter()
        .find_map(|s| match s {
            Seen::SpokeUntil { at } => Some(*at),
            _ => None,
        })
        .unwrap();
    let reply = seen
        .iter()
        .find_map(|s| match s {
            Seen::Audio { at, .. } if *at > spoke_until => Some(*at),
            _ => None,
        })
        .unwrap_or_else(|| panic!("a reply after the caller spoke: {seen:?}"));
    println!(
        "first reply frame {} ms after the caller stopped; {:.1} s of reply audio",
        (reply - spoke_until).as_millis(),
        audio_seconds(&seen)
    );
    assert!(caller::audible(&seen), "the reply is speech, not silence");
    assert!(
        seen.iter().any(|s| matches!(s, Seen::Mark { .. })),
        "sentences are marked"
    );
    let stored = sqlx::query("SELECT channel, symptoms FROM conversations WHERE call_sid = $1")
        .bind(&sid)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    let (channel, symptoms): (String, String) = (stored.get(0), stored.get(1));
    assert_eq!(channel, "voice", "heard by our recogniser");
    // Usually "열" (fever); on a loaded machine the Korean model may hear other words.
    assert!(
        symptoms.chars().any(|c| ('가'..='힣').contains(&c)),
        "what the caller said, as our recogniser heard it: {symptoms}"
    );
    let interview = app
        .state
        .store
        .call_interview(&sid)
        .await
        .unwrap()
        .expect("the danger-sign interview was asked over the stream");
    assert!(
        !interview.answers.is_empty(),
        "the key over the stream answered it: {interview:?}"
    );
}

/// Speech over a prompt stops it at once (the line cannot wait for words: Vosk's first
/// partial comes about half a second in); what the speech turns out to be decides the rest:
/// "hmm" lets the prompt go on from its sentence, words are the caller's turn.
#[tokio::test]
async fn speech_over_the_reply_clears_it_at_once_and_an_acknowledgement_lets_it_go_on() {
    let app = streaming_app().await;
    let (sid, url, ticket, _) = to_the_stream(&app).await;
    let acts = [
        Act::Silence(Duration::from_millis(300)),
        Act::Speak(spoken("ko", FEVER)),
        Act::UntilSpeaking {
            limit: Duration::from_secs(40),
        },
        Act::Silence(Duration::from_millis(600)),
        Act::Speak(spoken("en", "hmm")),
        Act::Silence(Duration::from_millis(2500)),
        // Words long enough (about 3 s) that the line must stop while they are said.
        Act::Speak([spoken("ko", FEVER), spoken("ko", FEVER)].concat()),
        Act::Silence(Duration::from_secs(3)),
    ];
    let seen = caller::play(&stream(&url, &sid, ticket), &acts, Duration::from_secs(60))
        .await
        .unwrap();
    let starts: Vec<Duration> = seen
        .iter()
        .filter_map(|s| match s {
            Seen::SpokeFrom { at } => Some(*at),
            _ => None,
        })
        .collect();
    assert_eq!(starts.len(), 3, "{seen:?}");
    let (hmm, words) = (starts[1], starts[2]);
    let clear_after = |from: Duration| {
        seen.iter().find_map(|s| match s {
            Seen::Clear { at } if *at >= from => Some(*at - from),
            _ => None,
        })
    };
    // How soon is measured in `benches/media.rs` (timed tests lie on a busy machine); here
    // only that the line stops while the caller is still speaking or just after.
    for (what, from, until) in [
        ("\"hmm\"", hmm, starts[2]),
        ("words", words, words + Duration::from_secs(4)),
    ] {
        let after =
            clear_after(from).unwrap_or_else(|| panic!("{what} cleared the line: {seen:?}"));
        println!("{what}: clear {} ms after speech began", after.as_millis());
        assert!(
            from + after < until,
            "{what}: the clear belongs to this speech"
        );
    }
    // The line stops while the caller is still talking, not when they finish.
    let words_end = seen
        .iter()
        .filter_map(|s| match s {
            Seen::SpokeUntil { at } => Some(*at),
            _ => None,
        })
        .nth(2)
        .expect("the words were said");
    assert!(
        clear_after(words).is_some_and(|after| words + after < words_end),
        "the clear came while the caller spoke: {seen:?}"
    );
    let audio_between = seen.iter().any(|s| {
        matches!(s, Seen::Audio { at, .. } if *at > hmm + Duration::from_millis(700) && *at < words)
    });
    assert!(audio_between, "after \"hmm\" the prompt went on");
    // The words (not the "hmm") are noted in the conversation, with how far the caller heard
    // (they may cut the next reply too, once their first part was taken as a turn).
    let notes: Vec<String> = sqlx::query_scalar(
        "SELECT m.content FROM conversation_messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE c.call_sid = $1 AND m.role = 'interrupted'",
    )
    .bind(&sid)
    .fetch_all(app.state.store.pool())
    .await
    .unwrap();
    // What was talked over was the danger-sign question, not advice: a question talked over
    // is answered or asked again, and not noted for the doctor.
    assert!(notes.is_empty(), "{notes:?}");
}

#[tokio::test]
async fn a_refused_ticket_closes_the_stream_and_the_call_goes_on_by_webhook() {
    let app = streaming_app().await;
    let (sid, url, ticket, action) = to_the_stream(&app).await;
    let forged = ticket.map(|t| t.replacen('a', "b", 1).replacen('1', "2", 1));
    let seen = caller::play(
        &stream(&url, &sid, forged),
        &[Act::Speak(spoken("ko", FEVER))],
        Duration::from_secs(10),
    )
    .await
    .unwrap();
    assert!(
        matches!(seen.last(), Some(Seen::Closed { .. })),
        "closed by the service: {seen:?}"
    );
    assert!(
        audio_seconds(&seen) == 0.0,
        "nothing played to a forged stream"
    );
    // Twilio then requests the <Connect>'s action: the call goes on by recording.
    let heard = post(&app, &sid, &action, &[]).await;
    assert!(
        heard.iter().any(|h| matches!(h, Heard::Record { .. })),
        "asked again, by webhook: {heard:?}"
    );
    assert!(!heard.iter().any(|h| matches!(h, Heard::Stream { .. })));
}

#[tokio::test]
async fn a_twilio_stream_needs_twilios_signature_on_its_upgrade() {
    signed_upgrade().await
}

#[tokio::test]
async fn a_plivo_stream_needs_plivos_signature_on_its_upgrade() {
    crate::helpers::CARRIER
        .scope(doorstep::simulator::Carrier::Plivo, signed_upgrade())
        .await
}

/// An upgrade unsigned, or signed with another token, is refused before it is a stream.
async fn signed_upgrade() {
    let app = streaming_app().await;
    let (sid, url, ticket, _) = to_the_stream(&app).await;
    let mut unsigned = stream(&url, &sid, ticket.clone());
    unsigned.headers.clear();
    assert!(
        caller::play(&unsigned, &[], Duration::from_secs(2))
            .await
            .is_err(),
        "refused at the upgrade"
    );
    let mut forged = stream(&url, &sid, ticket);
    forged.headers = caller::upgrade_headers(forged.carrier, "another-token", &url);
    assert!(caller::play(&forged, &[], Duration::from_secs(2))
        .await
        .is_err());
}

#[tokio::test]
async fn a_dropped_stream_resumes_by_webhook_from_its_position() {
    let app = streaming_app().await;
    let (sid, url, ticket, action) = to_the_stream(&app).await;
    // The caller's line drops a second in, before saying anything.
    let seen = caller::play(&stream(&url, &sid, ticket), &[], Duration::from_secs(1))
        .await
        .unwrap();
    assert_eq!(audio_seconds(&seen), 0.0);
    let heard = post(&app, &sid, &action, &[]).await;
    assert!(
        heard.iter().any(|h| matches!(h, Heard::Record { .. })),
        "the problem is asked again by webhook: {heard:?}"
    );
}

/// A yes to a danger-sign question escalates: the turn that dials leaves the stream, which
/// closes, and the carrier's next webhook (the `<Connect>`'s action) gets it.
#[tokio::test]
async fn an_escalation_closes_the_stream_and_the_next_webhook_dials() {
    let app = streaming_app().await;
    crate::care::add_doctors(&app, &[crate::care::DOCTOR_A]).await;
    let (sid, url, ticket, action) = to_the_stream(&app).await;
    // Yes, by keypad, over each question as it begins (a danger sign escalates; at the offer
    // of a doctor, 1 asks for one: either way the call leaves the stream).
    let mut acts = vec![
        Act::Silence(Duration::from_millis(300)),
        Act::Speak(spoken("ko", FEVER)),
    ];
    for _ in 0..4 {
        acts.push(Act::UntilSpeaking {
            limit: Duration::from_secs(40),
        });
        acts.push(Act::Key('1'));
    }
    let seen = caller::play(&stream(&url, &sid, ticket), &acts, Duration::from_secs(90))
        .await
        .unwrap();
    assert_handed_on(&seen);
    let heard = post(&app, &sid, &action, &[]).await;
    assert!(
        heard.iter().any(|h| matches!(h, Heard::Dial { .. })),
        "the webhook after the stream dials: {heard:?}"
    );
}

/// Over Twilio too the emergency number is stored before its message plays: a caller whose
/// stream drops while the message plays (a Twilio media server failing, a node dying) still
/// has the `<Connect>`'s action dial it.
#[tokio::test]
async fn an_emergency_dial_outlives_a_twilio_stream_dropped_during_its_message() {
    let app = streaming_app().await;
    let (sid, url, ticket, action) = to_the_stream(&app).await;
    let acts = [
        Act::Silence(Duration::from_millis(300)),
        Act::Speak(spoken("ko", FEVER)),
        // Yes to the first danger sign, then gone as the emergency message begins.
        Act::UntilSpeaking {
            limit: Duration::from_secs(40),
        },
        Act::Key('1'),
        Act::UntilSpeaking {
            limit: Duration::from_secs(40),
        },
        Act::Silence(Duration::from_millis(200)),
        Act::HangUp,
    ];
    caller::play(&stream(&url, &sid, ticket), &acts, Duration::from_secs(90))
        .await
        .unwrap();
    let heard = post(&app, &sid, &action, &[]).await;
    let emergency = app.state.settings.emergency_number.as_str();
    assert!(
        heard
            .iter()
            .any(|h| matches!(h, Heard::Dial { number, .. } if number == emergency)),
        "the webhook after the dropped stream dials {emergency}: {heard:?}"
    );
}

/// The stream ended because the service closed it to hand the call on.
fn assert_handed_on(seen: &[Seen]) {
    assert!(
        matches!(seen.last(), Some(Seen::Closed { .. })),
        "the service closed the stream to hand the call on: {:?}",
        seen.iter()
            .filter(|s| !matches!(s, Seen::Audio { .. }))
            .collect::<Vec<_>>()
    );
}

const EXOTEL_CALL: &str = "c5b9ee2b11f4b6d3e5a9d0f3f6c1a19c";

async fn exotel_app() -> TestApp {
    streaming_app_with(&[
        ("EXOTEL_STREAM_USER", "exotel-line"),
        ("EXOTEL_STREAM_PASSWORD", "applet-password"),
        ("EXOTEL_STREAM_SECRET", "deployment-secret"),
    ])
    .await
}

fn exotel_stream(app: &TestApp, password: &str, secret: &str) -> caller::Stream {
    use base64::Engine as _;
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("exotel-line:{password}"));
    caller::Stream {
        url: format!("{}/exotel/media", app.base.replacen("http://", "ws://", 1)),
        carrier: doorstep::media::wire::Carrier::Exotel,
        call: EXOTEL_CALL.into(),
        ticket: None,
        params: vec![("secret".into(), secret.into())],
        from: Some("09811155599".into()),
        headers: vec![("Authorization".into(), format!("Basic {basic}"))],
    }
}

/// A call `call` over an Exotel stream with the right credentials, played as `acts`.
async fn exotel_call(app: &TestApp, call: &str, acts: &[Act], limit: Duration) -> Vec<Seen> {
    let stream = caller::Stream {
        call: call.into(),
        ..exotel_stream(app, "applet-password", "deployment-secret")
    };
    caller::play(&stream, acts, limit).await.unwrap()
}

/// Over an Exotel stream: English and "describe the problem" by keys, then the problem in
/// the caller's words, until the answer begins.
fn exotel_problem() -> Vec<Act> {
    vec![
        Act::UntilSpeaking {
            limit: Duration::from_secs(30),
        },
        Act::Key('2'),
        Act::UntilSpeaking {
            limit: Duration::from_secs(30),
        },
        Act::Key('1'),
        Act::UntilHeard {
            limit: Duration::from_secs(30),
        },
        Act::Speak(spoken("ko", FEVER)),
        Act::UntilSpeaking {
            limit: Duration::from_secs(40),
        },
    ]
}

/// Exotel's Voicebot carries the whole call: the language menu and the main menu by keys
/// over the stream (16-bit PCM), then the problem in the caller's words.
#[tokio::test]
async fn a_whole_call_runs_over_an_exotel_voicebot_stream() {
    let app = exotel_app().await;
    let seen = caller::play(
        &exotel_stream(&app, "applet-password", "deployment-secret"),
        &exotel_problem(),
        Duration::from_secs(100),
    )
    .await
    .unwrap();
    assert!(
        caller::audible(&seen),
        "the menus and the answer are speech"
    );
    let stored = sqlx::query("SELECT channel, symptoms FROM conversations WHERE call_sid = $1")
        .bind(EXOTEL_CALL)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap_or_else(|e| panic!("the problem was stored: {e}"));
    let (channel, symptoms): (String, String) = (stored.get(0), stored.get(1));
    assert_eq!(channel, "voice");
    // 16-bit PCM is heard differently from mu-law: Korean words, whichever.
    assert!(
        symptoms.chars().any(|c| ('가'..='힣').contains(&c)),
        "what the caller said, as our recogniser heard it: {symptoms}"
    );
    let language: Option<String> =
        sqlx::query_scalar("SELECT language FROM calls WHERE call_sid = $1")
            .bind(EXOTEL_CALL)
            .fetch_one(app.state.store.pool())
            .await
            .unwrap();
    assert_eq!(
        language.as_deref(),
        Some("en"),
        "the key over the stream chose English"
    );
}

#[tokio::test]
async fn an_exotel_stream_needs_its_basic_auth_and_the_deployment_secret() {
    let app = exotel_app().await;
    let wrong_password = caller::play(
        &exotel_stream(&app, "guess", "deployment-secret"),
        &[],
        Duration::from_secs(3),
    )
    .await;
    assert!(wrong_password.is_err(), "refused at the upgrade");
    let seen = caller::play(
        &exotel_stream(&app, "applet-password", "guess"),
        &[],
        Duration::from_secs(5),
    )
    .await
    .unwrap();
    assert!(matches!(seen.last(), Some(Seen::Closed { .. })), "{seen:?}");
    assert_eq!(
        audio_seconds(&seen),
        0.0,
        "nothing played to a stream without the secret"
    );
}

/// Exotel's Connect applet after the Voicebot: `GET /exotel/connect` with the applets'
/// basic auth, answered in Programmable Connect's JSON.
async fn exotel_connect(app: &TestApp, call: &str, password: &str) -> reqwest::Response {
    app.client
        .get(format!("{}/exotel/connect", app.base))
        .basic_auth("exotel-line", Some(password))
        .query(&[
            ("CallSid", call),
            ("CallFrom", "09811155599"),
            ("CallTo", OUR_NUMBER),
        ])
        .send()
        .await
        .unwrap()
}

async fn numbers_dialled(app: &TestApp, call: &str) -> Vec<String> {
    let answer = exotel_connect(app, call, "applet-password").await;
    assert_eq!(answer.status(), 200);
    assert_eq!(
        answer.headers()["content-type"],
        "application/json",
        "Exotel takes nothing else"
    );
    let body: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(body["fetch_after_attempt"], false, "{body}");
    body["destination"]["numbers"]
        .as_array()
        .unwrap_or_else(|| panic!("a list of numbers: {body}"))
        .iter()
        .map(|n| n.as_str().unwrap().to_owned())
        .collect()
}

/// A yes to a danger sign over an Exotel stream closes it, and the Connect applet after the
/// Voicebot is told to dial the emergency number; a second ask replays the same answer.
#[tokio::test]
async fn an_exotel_escalation_is_dialled_by_the_connect_applet_after_the_stream() {
    const CALL: &str = "d41d8cd98f00b204e9800998ecf8427e";
    let app = exotel_app().await;
    let mut acts = exotel_problem();
    // Yes to the first danger-sign question.
    acts.extend([
        Act::Key('1'),
        Act::UntilHeard {
            limit: Duration::from_secs(40),
        },
    ]);
    let seen = exotel_call(&app, CALL, &acts, Duration::from_secs(120)).await;
    assert_handed_on(&seen);
    let emergency = app.state.settings.emergency_number.as_str().to_owned();
    assert_eq!(numbers_dialled(&app, CALL).await, vec![emergency.clone()]);
    assert_eq!(
        numbers_dialled(&app, CALL).await,
        vec![emergency],
        "a retried request gets the same answer"
    );
}

/// Without a stored hand-off (the stream dropped), the call's own triage decides: an
/// emergency is still dialled, anything else dials nobody (the flow's next applet); the
/// applet's request needs the basic auth and a call id.
#[tokio::test]
async fn the_connect_applet_without_a_hand_off_dials_only_an_emergency() {
    const DROPPED: &str = "0cc175b9c0f1b6a831c399e269772661";
    const QUIET: &str = "92eb5ffee6ae2fec3ad71c777531578f";
    let app = exotel_app().await;
    sqlx::query(
        "INSERT INTO conversations (id, phone, channel, call_sid, language, symptoms, urgency, created_at, updated_at)
         VALUES (990001, $1, 'voice', $2, 'en', 'not breathing', 'emergency', 0, 0)",
    )
    .bind(CALLER)
    .bind(DROPPED)
    .execute(app.state.store.pool())
    .await
    .unwrap();
    // Exotel's HEAD first: the headers, and nothing claimed.
    let head = app
        .client
        .head(format!("{}/exotel/connect", app.base))
        .basic_auth("exotel-line", Some("applet-password"))
        .query(&[("CallSid", DROPPED)])
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), 200);
    assert_eq!(head.headers()["content-type"], "application/json");
    let claimed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM call_steps WHERE call_sid = $1")
        .bind(DROPPED)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(claimed, 0, "a HEAD claims nothing");
    let emergency = app.state.settings.emergency_number.as_str().to_owned();
    assert_eq!(numbers_dialled(&app, DROPPED).await, vec![emergency]);
    assert!(numbers_dialled(&app, QUIET).await.is_empty());
    assert_eq!(exotel_connect(&app, QUIET, "guess").await.status(), 401);
    for not_exotels in ["not a call", "CA0cc175b9c0f1b6a831c399e269772661"] {
        assert_eq!(
            exotel_connect(&app, not_exotels, "applet-password")
                .await
                .status(),
            400,
            "{not_exotels}"
        );
    }
}

/// The emergency number is stored before its message plays: an Exotel stream that drops
/// while the caller hears the message (the line breaks, the node's socket dies) still has
/// the Connect applet after it dial the emergency number.
#[tokio::test]
async fn an_emergency_dial_outlives_a_stream_dropped_during_its_message() {
    const CALL: &str = "e4da3b7fbbce2345d7772b0674a318d5";
    let app = exotel_app().await;
    let acts = [
        Act::UntilSpeaking {
            limit: Duration::from_secs(30),
        },
        Act::Key('2'),
        Act::UntilSpeaking {
            limit: Duration::from_secs(30),
        },
        // The main menu's emergency key, then gone as its message begins.
        Act::Key('0'),
        Act::UntilSpeaking {
            limit: Duration::from_secs(30),
        },
        Act::Silence(Duration::from_millis(200)),
        Act::HangUp,
    ];
    exotel_call(&app, CALL, &acts, Duration::from_secs(90)).await;
    let emergency = app.state.settings.emergency_number.as_str().to_owned();
    assert_eq!(numbers_dialled(&app, CALL).await, vec![emergency]);
}

/// A conversation an Exotel stream cannot carry on with (its audio could not be made, or it
/// ran past its turns) is not dropped: Exotel has no webhook to go on in, so the Connect
/// applet dials a free doctor, who hears the call's summary as they answer; with no doctor
/// free, the caller is queued for one and told so by SMS.
#[tokio::test]
async fn an_exotel_conversation_the_stream_cannot_carry_goes_to_a_doctor() {
    use doorstep::domain::{CallId, PhoneNumber};
    use doorstep::ivr::{Action, CallEvent, Caller, Input, Next, Route};
    const CALL: &str = "1679091c5a880faf6fb5e6087eb1b2dc";
    const LATER: &str = "8f14e45fceea167a5a36dedd4bea2543";
    const LATER_CALLER: &str = "+919811155578";
    let app = exotel_app().await;
    crate::care::add_doctors(&app, &[crate::care::DOCTOR_A]).await;
    let the_menu_again = Next {
        route: Route::Menu,
        attempt: 1,
        topic: None,
        consultation: None,
        medicine: None,
        carry: None,
    };
    let leave = |call: &str, from: &str| {
        let ev = CallEvent::new(
            CallId::parse(call).unwrap(),
            Caller::Number(PhoneNumber::parse(from).unwrap()),
            OUR_NUMBER.into(),
            Route::Problem,
            Input::Start,
        );
        let state = app.state.clone();
        let rest = [Action::Redirect(the_menu_again.clone())];
        async move {
            doorstep::telephony::exotel::store_handoff(&state, &ev, &rest)
                .await
                .unwrap()
        }
    };
    leave(CALL, CALLER).await;
    let answer = exotel_connect(&app, CALL, "applet-password").await;
    let body: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(
        body["destination"]["numbers"],
        serde_json::json!([crate::care::DOCTOR_A]),
        "{body}"
    );
    assert_eq!(
        body["start_call_playback"]["playback_to"], "callee",
        "{body}"
    );
    assert!(
        !body["start_call_playback"]["value"]
            .as_str()
            .unwrap_or_default()
            .is_empty(),
        "the doctor hears a summary: {body}"
    );
    let status = |call: &'static str| {
        let pool = app.state.store.pool().clone();
        async move {
            sqlx::query_scalar::<_, String>("SELECT status FROM consultations WHERE call_sid = $1")
                .bind(call)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    assert_eq!(
        status(CALL).await,
        "requested",
        "Exotel tells nothing of the doctor's answer: the operator's queue shows it"
    );
    // The one doctor is ringing for that call: the next caller is queued, and told by SMS.
    leave(LATER, LATER_CALLER).await;
    assert!(numbers_dialled(&app, LATER).await.is_empty());
    assert_eq!(status(LATER).await, "queued");
    let texts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE to_phone = $1")
        .bind(LATER_CALLER)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(texts, 1, "the queued caller is told by SMS");

    // The Passthru applet after the Connect tells how the dial ended. Nobody answered: the
    // doctor is freed and the caller keeps a place in the queue, told by SMS.
    assert_eq!(connect_done(&app, CALL, "incomplete", "guess").await, 401);
    assert_eq!(
        connect_done(&app, CALL, "incomplete", "applet-password").await,
        200
    );
    assert_eq!(status(CALL).await, "queued");
    let texts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE to_phone = $1")
        .bind(CALLER)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(
        texts, 1,
        "the caller whose doctor did not answer is told by SMS"
    );
    // The freed doctor takes the next call, and this one takes place.
    const THIRD: &str = "c9f0f895fb98ab9159f51fd0297e236d";
    leave(THIRD, "+919811155579").await;
    assert_eq!(
        numbers_dialled(&app, THIRD).await,
        vec![crate::care::DOCTOR_A.to_owned()]
    );
    for _ in 0..2 {
        assert_eq!(
            connect_done(&app, THIRD, "completed", "applet-password").await,
            200
        );
        assert_eq!(
            status(THIRD).await,
            "completed",
            "a repeated report changes nothing"
        );
    }
}

/// Exotel's Passthru applet after the Connect: how the dial ended.
async fn connect_done(app: &TestApp, call: &str, call_type: &str, password: &str) -> u16 {
    app.client
        .get(format!("{}/exotel/connect/done", app.base))
        .basic_auth("exotel-line", Some(password))
        .query(&[("CallSid", call), ("CallType", call_type)])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// The simulator shows what the service's recogniser makes of the caller's words as they
/// are said: guesses that change as the words come, then the final words, each at its time
/// into the audio.
#[tokio::test]
async fn the_simulator_transcribes_the_callers_words_as_they_are_said() {
    let app = streaming_app().await;
    let audio = spoken("ko", FEVER);
    let length = Duration::from_secs_f32(audio.len() as f32 / 8000.0);
    let recogniser = app.state.speech.recogniser("en").unwrap();
    let lines = doorstep::simulator::transcribe(&recogniser, &audio).unwrap();
    use doorstep::simulator::Words;
    let (end, last) = lines.last().unwrap();
    assert_eq!(*end, length, "the final words come at the end of the audio");
    let Words::Final(words) = last else {
        panic!("the last line is the final words: {lines:?}")
    };
    assert!(!words.is_empty(), "{lines:?}");
    let partials: Vec<&String> = lines
        .iter()
        .filter_map(|(_, w)| match w {
            Words::Partial(p) => Some(p),
            Words::Final(_) => None,
        })
        .collect();
    assert!(
        !partials.is_empty(),
        "guesses come before the end: {lines:?}"
    );
    assert!(
        partials.windows(2).all(|w| w[0] != w[1]),
        "a guess is printed when it changes: {lines:?}"
    );
    assert!(
        lines.windows(2).all(|w| w[0].0 <= w[1].0) && lines.iter().all(|(at, _)| *at <= length),
        "in time order, within the audio: {lines:?}"
    );
    // Silence has no words.
    let silence = doorstep::simulator::transcribe(&recogniser, &[0; 8000]).unwrap();
    assert_eq!(
        silence,
        vec![(Duration::from_secs(1), Words::Final(String::new()))]
    );
}

/// Over a stream the main menu needs no key: a caller who tells the problem in their own
/// words at it is heard as menu 1, and those words are the problem's (its question is not
/// asked again).
#[tokio::test]
async fn the_problem_told_at_the_main_menu_is_taken_in_the_callers_words() {
    const CALL: &str = "4a8a08f09d37b73795649038408b5f33";
    let app = exotel_app().await;
    let acts = [
        Act::UntilSpeaking {
            limit: Duration::from_secs(30),
        },
        Act::Key('2'),
        Act::UntilHeard {
            limit: Duration::from_secs(40),
        },
        Act::Speak(spoken(
            "ko",
            "아이가 어제부터 열이 많이 나고 기침을 계속 해요",
        )),
        Act::UntilSpeaking {
            limit: Duration::from_secs(40),
        },
    ];
    let seen = exotel_call(&app, CALL, &acts, Duration::from_secs(100)).await;
    assert!(caller::audible(&seen));
    let symptoms: String =
        sqlx::query_scalar("SELECT symptoms FROM conversations WHERE call_sid = $1")
            .bind(CALL)
            .fetch_one(app.state.store.pool())
            .await
            .unwrap_or_else(|e| panic!("the words at the menu were taken as the problem: {e}"));
    assert!(
        symptoms.chars().any(|c| ('가'..='힣').contains(&c)),
        "what the caller said, as our recogniser heard it: {symptoms}"
    );
}

/// A caller who says nothing is asked again, is offered a callback, hears the menu, and the
/// call then ends politely: the stream closes and the webhook after it hangs up.
#[tokio::test]
async fn a_silent_caller_is_asked_again_then_the_call_ends_politely() {
    let app = streaming_app().await;
    let (sid, url, ticket, action) = to_the_stream(&app).await;
    let seen = caller::play(
        &stream(&url, &sid, ticket),
        &[Act::Silence(Duration::from_secs(240))],
        Duration::from_secs(240),
    )
    .await
    .unwrap();
    assert_handed_on(&seen);
    let sentences = seen
        .iter()
        .filter(|s| matches!(s, Seen::Mark { .. }))
        .count();
    assert!(
        sentences >= 4,
        "asked again and offered more before the end: {sentences} sentences"
    );
    let heard = post(&app, &sid, &action, &[]).await;
    assert!(
        matches!(heard.last(), Some(Heard::Hangup)),
        "the call ends: {heard:?}"
    );
}
