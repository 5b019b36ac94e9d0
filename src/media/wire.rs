//! Each carrier's media-stream messages, and nothing else: JSON text frames to and from
//! neutral events. Twilio: `connected`, `start` (`customParameters`), `media` (mu-law),
//! `dtmf`, `mark`, `stop`; out `media`, `mark`, `clear`. Plivo: `start` (`extra_headers`),
//! `media`, `dtmf`, `playedStream`, `clearedAudio`; out `playAudio`, `checkpoint`,
//! `clearAudio`. Exotel Voicebot: `connected`, `start` (`custom_parameters`), `media`
//! (16-bit PCM), `dtmf`, `mark`, `stop`; out `media` (in multiples of 320 bytes), `mark`,
//! `clear`.

use std::collections::HashMap;

use base64::Engine as _;
use serde_json::{json, Value};

use super::codec::Encoding;

/// A carrier whose media stream we speak.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Carrier {
    Twilio,
    Plivo,
    Exotel,
}

/// A stream's start, in neutral words.
#[derive(Clone, Debug, PartialEq)]
pub struct Start {
    /// The carrier's id of the call.
    pub call: String,
    /// The carrier's id of the stream (sent back on every message).
    pub stream: String,
    pub encoding: Encoding,
    /// The sample rate of the caller's audio.
    pub rate: u32,
    /// What our webhook passed along (Twilio's parameters, Plivo's extra headers, Exotel's
    /// URL parameters).
    pub params: HashMap<String, String>,
    /// The caller and our number, where the carrier says (Exotel).
    pub from: Option<String>,
    pub to: Option<String>,
}

/// One message from the carrier.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    Start(Start),
    /// Audio bytes in the stream's encoding.
    Audio(Vec<u8>),
    Digit(char),
    /// A mark (checkpoint) we sent has played.
    Mark(String),
    Stop,
    /// Anything else (`connected`, `clearedAudio`): nothing to do.
    Other,
}

/// Why a frame could not be read.
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum WireError {
    #[error("not JSON")]
    NotJson,
    #[error("a {0} message without {1}")]
    Missing(&'static str, &'static str),
    #[error("audio that is not base64")]
    BadAudio,
}

impl Carrier {
    /// The name in our URLs (`/{name}/media`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Twilio => "twilio",
            Self::Plivo => "plivo",
            Self::Exotel => "exotel",
        }
    }

    /// Reads one text frame.
    pub fn parse(self, text: &str) -> Result<Event, WireError> {
        let v: Value = serde_json::from_str(text).map_err(|_| WireError::NotJson)?;
        let event = v["event"].as_str().unwrap_or_default();
        Ok(match event {
            "start" => Event::Start(self.start(&v)?),
            "media" => {
                let payload = v["media"]["payload"]
                    .as_str()
                    .ok_or(WireError::Missing("media", "payload"))?;
                Event::Audio(
                    base64::engine::general_purpose::STANDARD
                        .decode(payload)
                        .map_err(|_| WireError::BadAudio)?,
                )
            }
            "dtmf" => {
                let digit = v["dtmf"]["digit"]
                    .as_str()
                    .and_then(|d| d.chars().next())
                    .ok_or(WireError::Missing("dtmf", "digit"))?;
                Event::Digit(digit)
            }
            // Twilio and Exotel echo marks; Plivo answers a checkpoint with `playedStream`.
            "mark" => Event::Mark(text_of(&v["mark"]["name"])),
            "playedStream" | "played" => Event::Mark(text_of(&v["name"])),
            "stop" => Event::Stop,
            _ => Event::Other,
        })
    }

    fn start(self, v: &Value) -> Result<Start, WireError> {
        let s = &v["start"];
        let (call, stream, format, params) = match self {
            Self::Twilio => (
                &s["callSid"],
                &s["streamSid"],
                &s["mediaFormat"],
                object_params(&s["customParameters"]),
            ),
            Self::Plivo => (
                &s["callId"],
                &s["streamId"],
                &s["mediaFormat"],
                header_params(v["extra_headers"].as_str().unwrap_or_default()),
            ),
            Self::Exotel => (
                &s["call_sid"],
                &s["stream_sid"],
                &s["media_format"],
                object_params(&s["custom_parameters"]),
            ),
        };
        let call = call.as_str().ok_or(WireError::Missing("start", "call"))?;
        let stream = stream
            .as_str()
            .or_else(|| v["streamSid"].as_str())
            .or_else(|| v["stream_sid"].as_str())
            .ok_or(WireError::Missing("start", "stream"))?;
        let encoding_name = format["encoding"].as_str().unwrap_or_default();
        let mulaw = encoding_name.contains("mulaw") || encoding_name.contains("ulaw");
        // Twilio's streams are always mu-law, whatever a start says.
        let encoding = if mulaw || self == Self::Twilio {
            Encoding::MuLaw
        } else {
            Encoding::L16
        };
        let rate = number_of(&format["sampleRate"])
            .or_else(|| number_of(&format["sample_rate"]))
            .unwrap_or(8_000) as u32;
        Ok(Start {
            call: call.to_owned(),
            stream: stream.to_owned(),
            encoding,
            rate,
            params,
            from: s["from"].as_str().map(str::to_owned),
            to: s["to"].as_str().map(str::to_owned),
        })
    }

    /// Audio to play, in the stream's encoding.
    pub fn audio(self, stream: &str, encoding: Encoding, bytes: &[u8]) -> String {
        let payload = base64::engine::general_purpose::STANDARD.encode(bytes);
        match self {
            Self::Twilio => {
                json!({"event": "media", "streamSid": stream, "media": {"payload": payload}})
            }
            Self::Plivo => {
                let content_type = match encoding {
                    Encoding::MuLaw => "audio/x-mulaw",
                    Encoding::L16 => "audio/x-l16",
                };
                json!({"event": "playAudio", "media": {
                    "contentType": content_type, "sampleRate": 8000, "payload": payload}})
            }
            Self::Exotel => {
                json!({"event": "media", "stream_sid": stream, "media": {"payload": payload}})
            }
        }
        .to_string()
    }

    /// A mark, echoed when what was sent before it has played.
    pub fn mark(self, stream: &str, name: &str) -> String {
        match self {
            Self::Twilio => json!({"event": "mark", "streamSid": stream, "mark": {"name": name}}),
            Self::Plivo => json!({"event": "checkpoint", "streamId": stream, "name": name}),
            Self::Exotel => json!({"event": "mark", "stream_sid": stream, "mark": {"name": name}}),
        }
        .to_string()
    }

    /// Drops the audio the carrier holds (barge-in).
    pub fn clear(self, stream: &str) -> String {
        match self {
            Self::Twilio => json!({"event": "clear", "streamSid": stream}),
            Self::Plivo => json!({"event": "clearAudio", "streamId": stream}),
            Self::Exotel => json!({"event": "clear", "stream_sid": stream}),
        }
        .to_string()
    }

    /// Bytes of audio per outbound message: Twilio and Plivo take 20 ms frames; Exotel asks
    /// for chunks of at least 3,200 bytes in multiples of 320 (200 ms of 8 kHz PCM).
    pub fn chunk_bytes(self, encoding: Encoding) -> usize {
        let frame = match encoding {
            Encoding::MuLaw => super::codec::FRAME,
            Encoding::L16 => super::codec::FRAME * 2,
        };
        match self {
            Self::Exotel => 3_200,
            _ => frame,
        }
    }
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn number_of(v: &Value) -> Option<u64> {
    v.as_u64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
}

fn object_params(v: &Value) -> HashMap<String, String> {
    v.as_object()
        .map(|o| o.iter().map(|(k, v)| (k.clone(), text_of(v))).collect())
        .unwrap_or_default()
}

/// Plivo's `extra_headers`: `k=v` pairs separated by `;` or `,` (its pages say both).
fn header_params(raw: &str) -> HashMap<String, String> {
    raw.split([';', ','])
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twilio_messages_read_as_documented() {
        let start = r#"{"event":"start","sequenceNumber":"1","start":{"accountSid":"AC1","streamSid":"MZ1","callSid":"CA1","tracks":["inbound"],"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1},"customParameters":{"ticket":"t.x"}},"streamSid":"MZ1"}"#;
        let Event::Start(s) = Carrier::Twilio.parse(start).unwrap() else {
            panic!("a start")
        };
        assert_eq!((s.call.as_str(), s.stream.as_str()), ("CA1", "MZ1"));
        assert_eq!((s.encoding, s.rate), (Encoding::MuLaw, 8000));
        assert_eq!(s.params["ticket"], "t.x");
        let media = r#"{"event":"media","sequenceNumber":"4","media":{"track":"inbound","chunk":"2","timestamp":"5","payload":"/38="},"streamSid":"MZ1"}"#;
        assert_eq!(
            Carrier::Twilio.parse(media).unwrap(),
            Event::Audio(vec![0xFF, 0x7F])
        );
        let dtmf = r#"{"event":"dtmf","streamSid":"MZ1","sequenceNumber":"5","dtmf":{"track":"inbound_track","digit":"1"}}"#;
        assert_eq!(Carrier::Twilio.parse(dtmf).unwrap(), Event::Digit('1'));
        let mark =
            r#"{"event":"mark","sequenceNumber":"4","streamSid":"MZ1","mark":{"name":"s3"}}"#;
        assert_eq!(
            Carrier::Twilio.parse(mark).unwrap(),
            Event::Mark("s3".into())
        );
        assert_eq!(
            Carrier::Twilio.parse(r#"{"event":"connected","protocol":"Call"}"#),
            Ok(Event::Other)
        );
        assert_eq!(Carrier::Twilio.parse("{"), Err(WireError::NotJson));
        let out: Value = serde_json::from_str(&Carrier::Twilio.clear("MZ1")).unwrap();
        assert_eq!(out, json!({"event": "clear", "streamSid": "MZ1"}));
    }

    #[test]
    fn plivo_messages_read_as_documented() {
        let start = r#"{"event":"start","sequenceNumber":1,"start":{"callId":"1d2c-uuid","streamId":"5e6f-uuid","accountId":"MA1","tracks":["inbound"],"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000}},"extra_headers":"ticket=a.b;x=1"}"#;
        let Event::Start(s) = Carrier::Plivo.parse(start).unwrap() else {
            panic!("a start")
        };
        assert_eq!(
            (s.call.as_str(), s.stream.as_str()),
            ("1d2c-uuid", "5e6f-uuid")
        );
        assert_eq!(s.params["ticket"], "a.b");
        let played =
            r#"{"event":"playedStream","sequenceNumber":60,"streamId":"5e6f","name":"s1"}"#;
        assert_eq!(
            Carrier::Plivo.parse(played).unwrap(),
            Event::Mark("s1".into())
        );
        let out: Value =
            serde_json::from_str(&Carrier::Plivo.audio("5e6f", Encoding::MuLaw, &[0xFF])).unwrap();
        assert_eq!(out["event"], "playAudio");
        assert_eq!(out["media"]["contentType"], "audio/x-mulaw");
        assert_eq!(out["media"]["payload"], "/w==");
    }

    #[test]
    fn exotel_messages_read_as_documented() {
        let start = r#"{"event":"start","sequence_number":"1","stream_sid":"MZ9","start":{"stream_sid":"MZ9","call_sid":"CA9","account_sid":"AC9","from":"+919876543210","to":"+918047491899","custom_parameters":{"secret":"s"},"media_format":{"encoding":"audio/x-raw","sample_rate":"8000","bit_rate":"16"}}}"#;
        let Event::Start(s) = Carrier::Exotel.parse(start).unwrap() else {
            panic!("a start")
        };
        assert_eq!((s.encoding, s.rate), (Encoding::L16, 8000));
        assert_eq!(s.from.as_deref(), Some("+919876543210"));
        assert_eq!(s.params["secret"], "s");
        let stop = r#"{"event":"stop","sequence_number":"20","stream_sid":"MZ9","stop":{"call_sid":"CA9","reason":"callended"}}"#;
        assert_eq!(Carrier::Exotel.parse(stop).unwrap(), Event::Stop);
        assert_eq!(Carrier::Exotel.chunk_bytes(Encoding::L16) % 320, 0);
    }
}
