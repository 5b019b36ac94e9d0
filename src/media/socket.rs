//! The media WebSocket endpoints: `GET /twilio/media` and `GET /plivo/media`. Each waits for
//! the carrier's `start`, checks the ticket our webhook signed (Twilio's `<Parameter>`,
//! Plivo's extra headers) against the call it names, and then runs a [`Session`] with three
//! bounded queues between the socket, the session and the ear: a slow socket or a slow ear
//! only ever holds up its own call. A refused or failed stream is closed; the carrier then
//! makes its next webhook, which answers from the stored position.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use futures_util::{SinkExt, StreamExt};
use tokio::sync::mpsc;

use super::codec::{Encoding, StreamResampler};
use super::listener::{self, Timing};
use super::session::{Call, Inbound, Opening, Outbound, Resume, Session};
use super::wire::{Carrier, Event, Start};
use super::Ticket;
use crate::app::AppState;
use crate::domain::{now_unix, CallId, PhoneNumber};
use crate::ivr::Caller;
use crate::telephony::voice::{self, VoiceEdge};

/// How long a carrier may take from the upgrade to its `start`.
const START_WITHIN: Duration = Duration::from_secs(5);
/// Frames queued from the socket to the session (5 s of audio: the session may be busy with
/// the engine for a moment).
const INBOUND_QUEUE: usize = 250;
/// Frames queued from the session to the socket (1 s of audio).
const OUTBOUND_QUEUE: usize = 50;
/// Frames queued for the ear (8 s, 2.5 MB at most): a busy machine slows the ear below real
/// time for a while, and a dropped frame is a word the recogniser never hears; past this the
/// ear is too far behind and frames are dropped (counted).
const EAR_QUEUE: usize = 400;

/// `GET /twilio/media`: Twilio signs the upgrade as it signs webhooks (`X-Twilio-Signature`,
/// over the stream's URL; a GET has no parameters), over the `wss://` URL our TwiML named
/// (its ConversationRelay signs that; an `https://` form is accepted too). The ticket then
/// binds the stream to its call and position.
pub async fn twilio(
    ws: WebSocketUpgrade,
    State(state): State<Arc<AppState>>,
    headers: axum::http::HeaderMap,
) -> Response {
    let signature = headers
        .get("X-Twilio-Signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let signed = !signature.is_empty()
        && signed_urls(&state, "twilio").iter().any(|url| {
            crate::telephony::signature::validate(
                &state.settings.twilio_auth_token,
                url,
                &[],
                signature,
            )
        });
    if !signed {
        return refuse(
            Carrier::Twilio,
            "without a valid signature",
            axum::http::StatusCode::FORBIDDEN,
        );
    }
    ws.on_upgrade(move |socket| {
        serve(
            socket,
            state,
            Carrier::Twilio,
            crate::telephony::twilio::Twilio,
        )
    })
}

/// `GET /exotel/media`: Exotel's Voicebot applet, the whole call on the stream. Exotel signs
/// nothing: the upgrade must carry the basic-auth pair of the applet's URL
/// (`wss://user:password@host/exotel/media`), and the start the deployment's secret among its
/// URL parameters (`?secret=…`).
pub async fn exotel(
    ws: WebSocketUpgrade,
    State(state): State<Arc<AppState>>,
    headers: axum::http::HeaderMap,
) -> Response {
    use axum::response::IntoResponse;
    let Some(creds) = state.settings.exotel_stream.clone() else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    if !crate::telephony::exotel::basic_auth_holds(&headers, &creds) {
        let mut refused = refuse(
            Carrier::Exotel,
            "without the right basic auth",
            axum::http::StatusCode::UNAUTHORIZED,
        );
        refused.headers_mut().insert(
            axum::http::header::WWW_AUTHENTICATE,
            axum::http::HeaderValue::from_static("Basic realm=\"doorstep\""),
        );
        return refused;
    }
    // No webhook follows an Exotel stream: its hand-off is answered to the Connect applet
    // after it (`telephony::exotel`), so no XML edge renders anything.
    ws.on_upgrade(move |socket| {
        serve(
            socket,
            state,
            Carrier::Exotel,
            crate::telephony::twilio::Twilio,
        )
    })
}

/// The URLs a carrier may have signed a stream's upgrade over: the `wss://` URL our XML
/// wrote, and its `https://` form.
fn signed_urls(state: &AppState, edge: &str) -> [String; 2] {
    let ws_url = super::stream_url(&state.settings.public_url, edge);
    let https_url = ws_url
        .replacen("wss://", "https://", 1)
        .replacen("ws://", "http://", 1);
    [ws_url, https_url]
}

/// An upgrade refused before it becomes a stream: logged (why, never the credentials) and
/// counted per carrier, as a refused ticket is.
fn refuse(carrier: Carrier, why: &str, status: axum::http::StatusCode) -> Response {
    use axum::response::IntoResponse;
    tracing::warn!(
        carrier = carrier.name(),
        reason = why,
        "a media stream's upgrade was refused"
    );
    metrics::counter!("doorstep_media_refused_total", "carrier" => carrier.name()).increment(1);
    status.into_response()
}

/// `GET /plivo/media`: Plivo signs the upgrade as it signs webhooks (`X-Plivo-Signature-V3`
/// over the URL, method GET, with its nonce); which scheme it signs (`wss://` as our XML
/// wrote it, or `https://`) its pages leave open, so either holds. The ticket then binds
/// the stream to its call and position.
pub async fn plivo(
    ws: WebSocketUpgrade,
    State(state): State<Arc<AppState>>,
    headers: axum::http::HeaderMap,
) -> Response {
    use axum::response::IntoResponse;
    let Some(token) = state.settings.plivo_auth_token.clone() else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    };
    let (signature, nonce) = (
        header("X-Plivo-Signature-V3"),
        header("X-Plivo-Signature-V3-Nonce"),
    );
    let signed = !nonce.is_empty()
        && signed_urls(&state, "plivo").iter().any(|url| {
            crate::telephony::plivo::signature::validate(&token, url, &[], nonce, signature)
        });
    if !signed {
        return refuse(
            Carrier::Plivo,
            "without a valid signature",
            axum::http::StatusCode::FORBIDDEN,
        );
    }
    ws.on_upgrade(move |socket| {
        serve(
            socket,
            state,
            Carrier::Plivo,
            crate::telephony::plivo::voice::Plivo,
        )
    })
}

/// One stream from its start to its end.
async fn serve<E: VoiceEdge + Send + Sync + 'static>(
    socket: WebSocket,
    state: Arc<AppState>,
    carrier: Carrier,
    edge: E,
) {
    let (mut sink, mut source) = socket.split();
    let start = match tokio::time::timeout(START_WITHIN, wait_for_start(&mut source, carrier)).await
    {
        Ok(Some(start)) => start,
        _ => {
            tracing::warn!(
                carrier = carrier.name(),
                "a media stream sent no start: closed"
            );
            let _ = sink.close().await;
            return;
        }
    };
    let span = tracing::info_span!("media", carrier = carrier.name(), sid = %start.call);
    let _entered = span.clone();
    let authorised = match carrier {
        Carrier::Exotel => authorise_exotel(&state, &start).await,
        _ => authorise(&state, &edge, &start).await,
    };
    let call = match authorised {
        Ok(call) => call,
        Err(why) => {
            tracing::warn!(parent: &span, carrier = carrier.name(), reason = %why, "a media stream was refused");
            metrics::counter!("doorstep_media_refused_total", "carrier" => carrier.name())
                .increment(1);
            let _ = sink.close().await;
            return;
        }
    };
    let Some(ear) = start_ear(&state, &call) else {
        tracing::warn!(parent: &span, "no ear for this stream: back to webhooks");
        let _ = sink.close().await;
        return;
    };
    metrics::gauge!("doorstep_media_streams").increment(1.0);
    let (in_tx, in_rx) = mpsc::channel(INBOUND_QUEUE);
    let (out_tx, out_rx) = mpsc::channel(OUTBOUND_QUEUE);
    let reader = tokio::spawn(read(source, carrier, start.clone(), in_tx));
    let writer = tokio::spawn(write(sink, carrier, start.clone(), out_rx));
    let session = Session::new(state.clone(), edge, call, (in_rx, out_tx), (ear.0, ear.1));
    let ending = tracing::Instrument::instrument(session.run(), span.clone()).await;
    tracing::info!(parent: &span, ending = ?ending, "media stream ended");
    // The session's end drops its queue: the writer flushes, then closes the socket.
    let _ = writer.await;
    reader.abort();
    let _ = ear.2.join();
    metrics::gauge!("doorstep_media_streams").decrement(1.0);
}

async fn wait_for_start(
    source: &mut futures_util::stream::SplitStream<WebSocket>,
    carrier: Carrier,
) -> Option<Start> {
    while let Some(Ok(message)) = source.next().await {
        let Message::Text(text) = message else {
            continue;
        };
        match carrier.parse(&text) {
            Ok(Event::Start(start)) => return Some(start),
            Ok(_) => continue,
            Err(e) => {
                tracing::warn!(carrier = carrier.name(), error = %e, "a media frame was unreadable");
                return None;
            }
        }
    }
    None
}

/// The call a start's ticket names, if the ticket holds.
async fn authorise<E: VoiceEdge>(
    state: &AppState,
    edge: &E,
    start: &Start,
) -> Result<Call, String> {
    let key = edge
        .media_key(state)
        .ok_or("the carrier streams nothing here")?;
    let ticket = Ticket::verify(
        start.params.get("ticket").map(String::as_str),
        &key,
        &start.call,
        now_unix(),
    )
    .map_err(|e| e.to_string())?;
    let sid = CallId::parse(&start.call).map_err(|e| e.to_string())?;
    let position = voice::ticket_position(state, &sid, &ticket)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("the ticket's position is not stored")?;
    let row = state
        .store
        .call_state(&sid)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("the call is not stored")?;
    let caller = PhoneNumber::parse(&row.from)
        .map(Caller::Number)
        .unwrap_or(Caller::Withheld);
    let language = state
        .catalog
        .parse(&ticket.language)
        .ok_or("the ticket's language is not loaded")?;
    if !state.speech.can_converse(language.code()) {
        return Err("this node cannot hear and speak the language".into());
    }
    Ok(Call {
        sid,
        caller,
        to: start.to.clone().unwrap_or_default(),
        language,
        next: position,
        opening: Opening::Listen,
        resume: Resume::Webhook(ticket.step),
    })
}

/// An Exotel stream's call: the deployment's secret among its parameters; the whole call
/// runs on the stream from the engine's first turn, in the line's default language until
/// the caller picks one.
async fn authorise_exotel(state: &AppState, start: &Start) -> Result<Call, String> {
    let creds = state
        .settings
        .exotel_stream
        .as_ref()
        .ok_or("Exotel streams are not configured")?;
    let given = start
        .params
        .get("secret")
        .map(String::as_str)
        .unwrap_or_default();
    if !bool::from(subtle::ConstantTimeEq::ct_eq(
        given.as_bytes(),
        creds.secret.as_bytes(),
    )) {
        return Err("the stream's secret is wrong".into());
    }
    let sid = CallId::parse_exotel(&start.call).map_err(|e| e.to_string())?;
    let caller = start
        .from
        .as_deref()
        .and_then(indian_number)
        .map(Caller::Number)
        .unwrap_or(Caller::Withheld);
    let language = state.catalog.fallback();
    if !state.speech.can_converse(language.code()) {
        return Err("this node cannot hear and speak the line's language".into());
    }
    Ok(Call {
        sid,
        caller,
        to: start.to.clone().unwrap_or_default(),
        language,
        next: crate::ivr::Next {
            route: crate::ivr::Route::Incoming,
            attempt: 1,
            topic: None,
            consultation: None,
            medicine: None,
            carry: None,
        },
        opening: Opening::Start,
        resume: Resume::ExotelConnect,
    })
}

/// Exotel writes Indian numbers as `09876543210` as often as `+919876543210`.
fn indian_number(raw: &str) -> Option<PhoneNumber> {
    PhoneNumber::parse(raw).ok().or_else(|| {
        let national = raw.trim().strip_prefix('0')?;
        (national.len() == 10)
            .then(|| PhoneNumber::parse(&format!("+91{national}")).ok())
            .flatten()
    })
}

type Ear = (
    std::sync::mpsc::SyncSender<listener::Feed>,
    mpsc::Receiver<listener::Heard>,
    std::thread::JoinHandle<()>,
);

/// The stream's ear: a warm recogniser for the language and the end-of-speech models.
fn start_ear(state: &AppState, call: &Call) -> Option<Ear> {
    let models = state.speech.end_of_speech()?.clone();
    let recogniser = state.speech.recogniser(call.language.code())?;
    let rate = recogniser.sample_rate();
    let streaming = recogniser
        .stream()
        .inspect_err(|e| tracing::warn!(error = %e, "no recogniser for the stream"))
        .ok()?;
    let (feed_tx, feed_rx) = std::sync::mpsc::sync_channel(EAR_QUEUE);
    let (heard_tx, heard_rx) = mpsc::channel(64);
    let thread = listener::spawn(
        models,
        streaming,
        rate,
        Timing::default(),
        feed_rx,
        heard_tx,
    )
    .inspect_err(|e| tracing::warn!(error = %e, "the ear's thread did not start"))
    .ok()?;
    Some((feed_tx, heard_rx, thread))
}

/// Socket → session: audio decoded to 8 kHz samples; a full queue drops audio (counted),
/// never blocks the socket.
async fn read(
    mut source: futures_util::stream::SplitStream<WebSocket>,
    carrier: Carrier,
    start: Start,
    tx: mpsc::Sender<Inbound>,
) {
    let mut down = (start.rate != crate::speech::TELEPHONE_RATE)
        .then(|| StreamResampler::new(start.rate, crate::speech::TELEPHONE_RATE));
    while let Some(Ok(message)) = source.next().await {
        let text = match message {
            Message::Text(text) => text,
            Message::Close(_) => break,
            _ => continue,
        };
        let inbound = match carrier.parse(&text) {
            Ok(Event::Audio(bytes)) => {
                let mut samples = start.encoding.decode(&bytes);
                if let Some(r) = down.as_mut() {
                    samples = super::codec::to_i16(&r.push(&super::codec::to_f32(&samples)));
                }
                if tx.try_send(Inbound::Audio(samples)).is_err() {
                    metrics::counter!("doorstep_media_frames_dropped_total").increment(1);
                }
                continue;
            }
            Ok(Event::Digit(d)) => Inbound::Digit(d),
            Ok(Event::Mark(name)) => Inbound::Mark(name),
            Ok(Event::Stop) => break,
            Ok(_) => continue,
            Err(e) => {
                tracing::debug!(error = %e, "an unreadable media frame was skipped");
                continue;
            }
        };
        if tx.send(inbound).await.is_err() {
            return;
        }
    }
    let _ = tx.send(Inbound::Stop).await;
}

/// Session → socket, in the carrier's encoding and chunk size; closes the socket when the
/// session ends.
async fn write(
    mut sink: futures_util::stream::SplitSink<WebSocket, Message>,
    carrier: Carrier,
    start: Start,
    mut rx: mpsc::Receiver<Outbound>,
) {
    let encoding: Encoding = start.encoding;
    let chunk = carrier.chunk_bytes(encoding);
    let mut held: Vec<u8> = vec![];
    while let Some(out) = rx.recv().await {
        let mut frames = vec![];
        match out {
            Outbound::Audio(samples) => {
                held.extend(encoding.encode(&samples));
                while held.len() >= chunk {
                    let rest = held.split_off(chunk);
                    frames.push(carrier.audio(&start.stream, encoding, &held));
                    held = rest;
                }
            }
            Outbound::Mark(name) => {
                if !held.is_empty() {
                    frames.push(carrier.audio(&start.stream, encoding, &held));
                    held.clear();
                }
                frames.push(carrier.mark(&start.stream, &name));
            }
            Outbound::Clear => {
                held.clear();
                frames.push(carrier.clear(&start.stream));
            }
        }
        for f in frames {
            if sink.send(Message::Text(f.into())).await.is_err() {
                return;
            }
        }
    }
    if !held.is_empty() {
        let _ = sink
            .send(Message::Text(
                carrier.audio(&start.stream, encoding, &held).into(),
            ))
            .await;
    }
    let _ = sink.close().await;
}
