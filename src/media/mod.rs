//! Real-time conversation over carriers' bidirectional media streams (WebSockets).
//!
//! A call reaches a stream when the engine asks the caller to speak and the caller's language
//! can be heard and spoken by us ([`crate::speech::Speech::can_converse`]): the webhook plays
//! the question and connects the stream, with a [`Ticket`] that names the call and its
//! position. Over the stream:
//!
//! - [`wire`]: each carrier's JSON messages (Twilio, Plivo, Exotel) to and from neutral
//!   [`session::Inbound`]/[`session::Outbound`], and [`codec`]: mu-law and PCM, 20 ms frames,
//!   a resampler that keeps its state.
//! - [`listener`]: the caller's voice on a thread of the stream's own (Silero VAD, streaming
//!   Vosk, Smart Turn with a silence floor).
//! - [`session`]: the same engine as the webhooks, turn by turn; prompts spoken sentence by
//!   sentence as frames with marks; barge-in; a turn that leaves the stream is stored as
//!   the answer of the carrier's next webhook.
//! - [`socket`]: the axum WebSocket endpoints, their authentication, and the bounded queues
//!   between the socket, the session and the ear.
//!
//! It must not hold dialogue state beyond the socket's life: the position is in the store.

pub mod caller;
pub mod codec;
#[cfg(feature = "speech")]
pub mod listener;
#[cfg(feature = "speech")]
pub mod session;
#[cfg(feature = "speech")]
pub mod socket;
pub mod wire;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// How long a ticket lets a stream connect after the webhook that made it.
pub const TICKET_SECS: i64 = 600;

/// What a stream may do, signed by the webhook that connected it: the call, where its
/// words go, and the step number of the webhook that follows the stream. Carriers pass it
/// back in the stream's start message (Twilio's `<Parameter>`, Plivo's extra headers), so
/// the stream's URL itself carries nothing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    /// The call (the carrier's id).
    #[serde(rename = "c")]
    pub call: String,
    /// The listening step's route name.
    #[serde(rename = "r")]
    pub route: String,
    /// Its attempt.
    #[serde(rename = "t")]
    pub attempt: u32,
    /// Its stored position's key, if it carries more than its attempt.
    #[serde(rename = "p", default, skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    /// The step number of the webhook after the stream.
    #[serde(rename = "n")]
    pub step: i64,
    /// The call's language.
    #[serde(rename = "l")]
    pub language: String,
    /// Unix time after which it is refused.
    #[serde(rename = "e")]
    pub expires: i64,
}

/// Why a ticket was refused (logged; the stream is closed and the call goes on by webhook).
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum TicketError {
    #[error("no ticket")]
    Missing,
    #[error("the ticket is malformed")]
    Malformed,
    #[error("the ticket's signature is wrong")]
    BadSignature,
    #[error("the ticket has expired")]
    Expired,
    #[error("the ticket is for another call")]
    OtherCall,
}

impl Ticket {
    /// The ticket signed with `key` (the carrier's auth token).
    /// Letters and digits only (Plivo's extra headers take nothing else): the payload's
    /// hex, then the 64 hex digits of its MAC.
    pub fn sign(&self, key: &[u8]) -> String {
        let payload = hex(&serde_json::to_vec(self).unwrap_or_default());
        let mac = mac_hex(key, &payload);
        format!("{payload}{mac}")
    }

    /// Reads and checks a signed ticket for `call` at `now`.
    pub fn verify(
        signed: Option<&str>,
        key: &[u8],
        call: &str,
        now: i64,
    ) -> Result<Self, TicketError> {
        let signed = signed
            .filter(|s| !s.is_empty())
            .ok_or(TicketError::Missing)?;
        if signed.len() <= 64 || !signed.is_ascii() {
            return Err(TicketError::Malformed);
        }
        let (payload, mac) = signed.split_at(signed.len() - 64);
        let expected = mac_hex(key, payload);
        let same = subtle::ConstantTimeEq::ct_eq(expected.as_bytes(), mac.as_bytes());
        if !bool::from(same) {
            return Err(TicketError::BadSignature);
        }
        let bytes = unhex(payload).ok_or(TicketError::Malformed)?;
        let ticket: Ticket = serde_json::from_slice(&bytes).map_err(|_| TicketError::Malformed)?;
        if ticket.expires < now {
            return Err(TicketError::Expired);
        }
        if ticket.call != call {
            return Err(TicketError::OtherCall);
        }
        Ok(ticket)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

fn mac_hex(key: &[u8], payload: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key");
    mac.update(b"doorstep-media-ticket:");
    mac.update(payload.as_bytes());
    hex(&mac.finalize().into_bytes())
}

/// The WebSocket URL of an edge's media endpoint under the public URL.
pub fn stream_url(public_url: &str, edge: &str) -> String {
    let base = public_url.trim_end_matches('/');
    let ws = if let Some(rest) = base.strip_prefix("https://") {
        format!("wss://{rest}")
    } else if let Some(rest) = base.strip_prefix("http://") {
        format!("ws://{rest}")
    } else {
        base.to_owned()
    };
    format!("{ws}/{edge}/media")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket() -> Ticket {
        Ticket {
            call: "CA1".into(),
            route: "problem".into(),
            attempt: 2,
            position: None,
            step: 7,
            language: "hi".into(),
            expires: 1_000,
        }
    }

    #[test]
    fn a_ticket_is_accepted_only_as_signed_for_its_call_and_time() {
        let signed = ticket().sign(b"key");
        assert_eq!(
            Ticket::verify(Some(&signed), b"key", "CA1", 999),
            Ok(ticket())
        );
        assert_eq!(
            Ticket::verify(Some(&signed), b"other", "CA1", 999),
            Err(TicketError::BadSignature)
        );
        assert_eq!(
            Ticket::verify(Some(&signed), b"key", "CA2", 999),
            Err(TicketError::OtherCall)
        );
        assert_eq!(
            Ticket::verify(Some(&signed), b"key", "CA1", 1_001),
            Err(TicketError::Expired)
        );
        assert_eq!(
            Ticket::verify(None, b"key", "CA1", 0),
            Err(TicketError::Missing)
        );
        assert!(signed.chars().all(|c| c.is_ascii_alphanumeric()));
        let tampered = signed.replacen('7', "6", 1);
        assert!(Ticket::verify(Some(&tampered), b"key", "CA1", 999).is_err());
        assert_eq!(
            Ticket::verify(Some("abc"), b"key", "CA1", 0),
            Err(TicketError::Malformed)
        );
    }

    #[test]
    fn the_stream_url_follows_the_public_url_scheme() {
        assert_eq!(
            stream_url("https://line.example.org/", "twilio"),
            "wss://line.example.org/twilio/media"
        );
        assert_eq!(
            stream_url("http://127.0.0.1:8080", "plivo"),
            "ws://127.0.0.1:8080/plivo/media"
        );
    }
}
