//! The carrier's side of a media stream, for the simulator (`doorstep call --stream`) and the
//! tests: connects to a media endpoint as Twilio, Plivo or Exotel does, sends the caller's
//! audio in real time as 20 ms frames, keys as DTMF, plays what comes back on a clock of its
//! own (so marks are echoed when their audio would have finished playing, and `clear` drops
//! what was queued), and reports everything with its time.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use base64::Engine as _;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

use super::codec::{Encoding, FRAME};
use super::wire::Carrier;

/// One thing the caller does, in order.
#[derive(Clone, Debug)]
pub enum Act {
    /// Speaks these 8 kHz samples, in real time.
    Speak(Vec<i16>),
    /// Stays silent this long.
    Silence(Duration),
    /// Stays silent until a reply has started and then finished playing (or `limit` passes).
    UntilHeard { limit: Duration },
    /// Stays silent until a reply starts playing (or `limit` passes).
    UntilSpeaking { limit: Duration },
    /// Presses a key.
    Key(char),
    /// Hangs up (or the line drops): the carrier's `stop`, and the socket closes.
    HangUp,
}

/// What the caller saw, with when (since the stream started).
#[derive(Clone, Debug, PartialEq)]
pub enum Seen {
    /// A frame of reply audio arrived (8 kHz samples).
    Audio { at: Duration, samples: Vec<i16> },
    /// The service asked to drop queued audio.
    Clear { at: Duration },
    /// The service sent a mark.
    Mark { at: Duration, name: String },
    /// The caller began speaking one `Speak`.
    SpokeFrom { at: Duration },
    /// The caller finished speaking one `Speak`.
    SpokeUntil { at: Duration },
    /// The service closed the stream.
    Closed { at: Duration },
}

/// Why the stream could not be played.
#[derive(Debug, thiserror::Error)]
pub enum CallerError {
    #[error("WebSocket: {0}")]
    Socket(#[from] tokio_tungstenite::tungstenite::Error),
}

/// A stream to play: the endpoint, the carrier, the call and what our webhook passed along.
pub struct Stream {
    pub url: String,
    pub carrier: Carrier,
    pub call: String,
    /// The ticket (Twilio's parameter, Plivo's extra header).
    pub ticket: Option<String>,
    /// Exotel's URL parameters and the caller's number.
    pub params: Vec<(String, String)>,
    pub from: Option<String>,
    /// Extra headers on the upgrade (Exotel's basic auth; Twilio's and Plivo's signatures,
    /// see [`upgrade_headers`]).
    pub headers: Vec<(String, String)>,
}

/// The headers a carrier signs a stream's upgrade with, for `url` under `auth_token`:
/// Twilio's `X-Twilio-Signature` (a GET: the URL alone), Plivo's `X-Plivo-Signature-V3`
/// with its nonce; Exotel signs nothing (its basic auth goes in [`Stream::headers`]).
pub fn upgrade_headers(carrier: Carrier, auth_token: &str, url: &str) -> Vec<(String, String)> {
    match carrier {
        Carrier::Twilio => vec![(
            "X-Twilio-Signature".into(),
            crate::telephony::signature::compute(auth_token, url, &[]),
        )],
        Carrier::Plivo => {
            let nonce = crate::simulator::random_sid("")[..20].to_owned();
            let signature =
                crate::telephony::plivo::signature::compute(auth_token, url, &[], &nonce);
            vec![
                ("X-Plivo-Signature-V3".into(), signature),
                ("X-Plivo-Signature-V3-Nonce".into(), nonce),
            ]
        }
        Carrier::Exotel => vec![],
    }
}

/// Plays `acts` over the stream; returns what was seen, ending when the service closes the
/// stream or `limit` passes (then the caller hangs up: a `stop`).
pub async fn play(
    stream: &Stream,
    acts: &[Act],
    limit: Duration,
) -> Result<Vec<Seen>, CallerError> {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let mut request = stream.url.as_str().into_client_request()?;
    for (k, v) in &stream.headers {
        if let (Ok(name), Ok(value)) = (
            k.parse::<tokio_tungstenite::tungstenite::http::HeaderName>(),
            v.parse(),
        ) {
            request.headers_mut().insert(name, value);
        }
    }
    let (socket, _) = tokio_tungstenite::connect_async(request).await?;
    let (mut tx, mut rx) = socket.split();
    let encoding = match stream.carrier {
        Carrier::Exotel => Encoding::L16,
        _ => Encoding::MuLaw,
    };
    for m in opening(stream) {
        tx.send(Message::Text(m.into())).await?;
    }
    let started = Instant::now();
    let mut seen = vec![];
    let mut player = Player::default();
    let mut acts: VecDeque<Act> = acts.iter().cloned().collect();
    let mut current: Option<(Act, Instant, usize)> = None;
    let mut tick = tokio::time::interval(Duration::from_millis(20));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let stream_id = "MZ00000000000000000000000000000001";
    loop {
        tokio::select! {
            _ = tick.tick() => {
                let now = Instant::now();
                if now.duration_since(started) > limit {
                    let _ = tx.send(Message::Text(stop(stream.carrier, stream_id).into())).await;
                    let _ = tx.close().await;
                    break;
                }
                let mut out: Vec<String> = player
                    .advance(now)
                    .iter()
                    .map(|name| echo(stream.carrier, stream_id, name))
                    .collect();
                out.push(match next_frame(&mut acts, &mut current, &player, now, &mut seen, started) {
                    Frame::Audio(samples) => media(stream.carrier, stream_id, encoding, &samples),
                    Frame::Key(k) => dtmf(stream.carrier, stream_id, k),
                    Frame::HangUp => {
                        let _ = send_all(&mut tx, out).await;
                        let _ = tx.send(Message::Text(stop(stream.carrier, stream_id).into())).await;
                        let _ = tx.close().await;
                        break;
                    }
                });
                // The service may close the stream between two of our frames.
                if !send_all(&mut tx, out).await {
                    seen.push(Seen::Closed { at: started.elapsed() });
                    break;
                }
            }
            message = rx.next() => {
                let at = started.elapsed();
                let Some(Ok(message)) = message else {
                    seen.push(Seen::Closed { at });
                    break;
                };
                let text = match message {
                    Message::Text(t) => t.to_string(),
                    Message::Close(_) => {
                        seen.push(Seen::Closed { at });
                        break;
                    }
                    _ => continue,
                };
                let Ok(v) = serde_json::from_str::<Value>(&text) else { continue };
                match v["event"].as_str().unwrap_or_default() {
                    "media" | "playAudio" => {
                        let payload = v["media"]["payload"].as_str().unwrap_or_default();
                        let bytes = base64::engine::general_purpose::STANDARD
                            .decode(payload)
                            .unwrap_or_default();
                        let samples = encoding.decode(&bytes);
                        player.queue_audio(samples.len());
                        seen.push(Seen::Audio { at, samples });
                    }
                    "mark" | "checkpoint" => {
                        let name = v["mark"]["name"]
                            .as_str()
                            .or_else(|| v["name"].as_str())
                            .unwrap_or_default()
                            .to_owned();
                        player.queue_mark(name.clone());
                        seen.push(Seen::Mark { at, name });
                    }
                    "clear" | "clearAudio" => {
                        seen.push(Seen::Clear { at });
                        let echoes = player
                            .clear()
                            .iter()
                            .map(|name| echo(stream.carrier, stream_id, name))
                            .collect();
                        if !send_all(&mut tx, echoes).await {
                            seen.push(Seen::Closed { at: started.elapsed() });
                            break;
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    Ok(seen)
}

/// Sends text frames; false once the service has closed the stream.
async fn send_all<S>(tx: &mut S, frames: Vec<String>) -> bool
where
    S: futures_util::Sink<Message> + Unpin,
{
    for f in frames {
        if tx.send(Message::Text(f.into())).await.is_err() {
            return false;
        }
    }
    true
}

/// What goes out on one tick.
enum Frame {
    Audio(Vec<i16>),
    Key(char),
    HangUp,
}

fn next_frame(
    acts: &mut VecDeque<Act>,
    current: &mut Option<(Act, Instant, usize)>,
    player: &Player,
    now: Instant,
    seen: &mut Vec<Seen>,
    started: Instant,
) -> Frame {
    let silence = || Frame::Audio(vec![0; FRAME]);
    loop {
        if current.is_none() {
            let Some(act) = acts.pop_front() else {
                return silence();
            };
            // The third field: for speech, how far into it; else the audio seen before.
            let mark = match act {
                Act::Speak(_) => 0,
                _ => player.received,
            };
            *current = Some((act, now, mark));
        }
        let Some((act, since, received_at_start)) = current.as_mut() else {
            return silence();
        };
        match act {
            Act::Key(k) => {
                let k = *k;
                *current = None;
                return Frame::Key(k);
            }
            Act::HangUp => return Frame::HangUp,
            Act::Speak(samples) => {
                let offset = *received_at_start;
                if offset == 0 {
                    seen.push(Seen::SpokeFrom {
                        at: now.duration_since(started),
                    });
                }
                if offset >= samples.len() {
                    seen.push(Seen::SpokeUntil {
                        at: now.duration_since(started),
                    });
                    *current = None;
                    continue;
                }
                let end = (offset + FRAME).min(samples.len());
                let mut frame = samples[offset..end].to_vec();
                frame.resize(FRAME, 0);
                *received_at_start = end;
                return Frame::Audio(frame);
            }
            Act::Silence(d) => {
                if now.duration_since(*since) >= *d {
                    *current = None;
                    continue;
                }
                return silence();
            }
            Act::UntilSpeaking { limit } => {
                if player.received > *received_at_start || now.duration_since(*since) >= *limit {
                    *current = None;
                    continue;
                }
                return silence();
            }
            Act::UntilHeard { limit } => {
                let heard = player.received > *received_at_start
                    && player.idle_for(now) >= Duration::from_millis(600);
                if heard || now.duration_since(*since) >= *limit {
                    *current = None;
                    continue;
                }
                return silence();
            }
        }
    }
}

/// The caller's loudspeaker: audio plays in order at real time; a mark is reached when the
/// audio before it has played.
#[derive(Default)]
struct Player {
    /// Samples received in all.
    received: usize,
    /// When the queued audio will have played.
    busy_until: Option<Instant>,
    /// Marks with the time they are reached.
    marks: VecDeque<(Instant, String)>,
}

impl Player {
    fn queue_audio(&mut self, samples: usize) {
        let now = Instant::now();
        let from = self.busy_until.filter(|t| *t > now).unwrap_or(now);
        self.busy_until = Some(from + Duration::from_secs_f64(samples as f64 / 8000.0));
        self.received += samples.max(1);
    }

    fn queue_mark(&mut self, name: String) {
        let at = self.busy_until.unwrap_or_else(Instant::now);
        self.marks.push_back((at, name));
    }

    /// Marks reached by `now`.
    fn advance(&mut self, now: Instant) -> Vec<String> {
        let mut out = vec![];
        while self.marks.front().is_some_and(|(t, _)| *t <= now) {
            out.extend(self.marks.pop_front().map(|(_, n)| n));
        }
        out
    }

    /// Drops queued audio; every pending mark is echoed at once, as Twilio does.
    fn clear(&mut self) -> Vec<String> {
        self.busy_until = Some(Instant::now());
        self.marks.drain(..).map(|(_, n)| n).collect()
    }

    fn idle_for(&self, now: Instant) -> Duration {
        match self.busy_until {
            Some(t) if t > now => Duration::ZERO,
            Some(t) => now.duration_since(t),
            None => Duration::ZERO,
        }
    }
}

fn opening(s: &Stream) -> Vec<String> {
    let id = "MZ00000000000000000000000000000001";
    match s.carrier {
        Carrier::Twilio => {
            let params: serde_json::Map<String, Value> = s
                .ticket
                .iter()
                .map(|t| ("ticket".to_owned(), json!(t)))
                .collect();
            vec![
                json!({"event": "connected", "protocol": "Call", "version": "1.0.0"}).to_string(),
                json!({"event": "start", "sequenceNumber": "1", "streamSid": id, "start": {
                    "accountSid": "AC00000000000000000000000000000000", "streamSid": id,
                    "callSid": s.call, "tracks": ["inbound"],
                    "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1},
                    "customParameters": params}})
                .to_string(),
            ]
        }
        Carrier::Plivo => {
            let extra = s
                .ticket
                .as_ref()
                .map(|t| format!("ticket={t}"))
                .unwrap_or_default();
            vec![json!({"event": "start", "sequenceNumber": 1, "start": {
                "callId": s.call, "streamId": id, "accountId": "MA00000000000000000000",
                "tracks": ["inbound"],
                "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000}},
                "extra_headers": extra})
            .to_string()]
        }
        Carrier::Exotel => {
            let params: serde_json::Map<String, Value> = s
                .params
                .iter()
                .map(|(k, v)| (k.clone(), json!(v)))
                .collect();
            vec![
                json!({"event": "connected"}).to_string(),
                json!({"event": "start", "sequence_number": "1", "stream_sid": id, "start": {
                    "stream_sid": id, "call_sid": s.call, "account_sid": "exotel",
                    "from": s.from, "to": "",
                    "custom_parameters": params,
                    "media_format": {"encoding": "audio/x-raw", "sample_rate": "8000", "bit_rate": "16"}}})
                .to_string(),
            ]
        }
    }
}

fn media(carrier: Carrier, id: &str, encoding: Encoding, samples: &[i16]) -> String {
    let payload = base64::engine::general_purpose::STANDARD.encode(encoding.encode(samples));
    match carrier {
        Carrier::Twilio => json!({"event": "media", "streamSid": id,
            "media": {"track": "inbound", "payload": payload}}),
        Carrier::Plivo => json!({"event": "media", "streamId": id,
            "media": {"track": "inbound", "payload": payload}}),
        Carrier::Exotel => json!({"event": "media", "stream_sid": id,
            "media": {"payload": payload}}),
    }
    .to_string()
}

fn dtmf(carrier: Carrier, id: &str, digit: char) -> String {
    let digit = digit.to_string();
    match carrier {
        Carrier::Twilio => json!({"event": "dtmf", "streamSid": id,
            "dtmf": {"track": "inbound_track", "digit": digit}}),
        Carrier::Plivo => json!({"event": "dtmf", "streamId": id,
            "dtmf": {"track": "inbound", "digit": digit}}),
        Carrier::Exotel => json!({"event": "dtmf", "stream_sid": id,
            "dtmf": {"digit": digit, "duration": "100"}}),
    }
    .to_string()
}

fn echo(carrier: Carrier, id: &str, name: &str) -> String {
    match carrier {
        Carrier::Plivo => json!({"event": "playedStream", "streamId": id, "name": name}),
        _ => json!({"event": "mark", "streamSid": id, "stream_sid": id, "mark": {"name": name}}),
    }
    .to_string()
}

fn stop(carrier: Carrier, id: &str) -> String {
    match carrier {
        Carrier::Exotel => {
            json!({"event": "stop", "stream_sid": id, "stop": {"reason": "callended"}})
        }
        _ => json!({"event": "stop", "streamSid": id, "stop": {}}),
    }
    .to_string()
}

/// Whether any of the audio seen is louder than silence.
pub fn audible(seen: &[Seen]) -> bool {
    let samples: Vec<f32> = seen
        .iter()
        .filter_map(|s| match s {
            Seen::Audio { samples, .. } => Some(samples),
            _ => None,
        })
        .flatten()
        .map(|&s| f32::from(s) / 32768.0)
        .collect();
    if samples.is_empty() {
        return false;
    }
    let rms = (samples.iter().map(|s| s * s).sum::<f32>() / samples.len() as f32).sqrt();
    rms > 0.01
}

/// Reply frames that arrived after the audio before them had finished playing, within one
/// sentence (between marks): gaps the caller hears.
pub fn underruns(seen: &[Seen]) -> usize {
    let frame = Duration::from_millis(20);
    let mut playing_until: Option<Duration> = None;
    let mut count = 0;
    for s in seen {
        match s {
            Seen::Audio { at, samples } => {
                let length = frame.mul_f64(samples.len() as f64 / FRAME as f64);
                match playing_until {
                    // Some slack for the socket's own jitter.
                    Some(until) if *at > until + frame => {
                        count += 1;
                        playing_until = Some(*at + length);
                    }
                    Some(until) => playing_until = Some(until.max(*at) + length),
                    None => playing_until = Some(*at + length),
                }
            }
            Seen::Mark { .. } | Seen::Clear { .. } => playing_until = None,
            _ => {}
        }
    }
    count
}
