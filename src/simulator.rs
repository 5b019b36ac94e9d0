//! A phone in the terminal: plays Twilio or Plivo against a running service.
//!
//! Sends signed webhooks exactly as the carrier would (its field names, its signature),
//! follows `action` and `Redirect` URLs, prints what the caller would hear and reads keypad
//! digits. This is how to try the service without a carrier account. It must not reach into
//! the service's internals: HTTP only.

use std::io::Write;
use std::time::Duration;

use quick_xml::events::Event;
use quick_xml::Reader;
use rand::Rng;

use crate::domain::PhoneNumber;
use crate::telephony::{plivo, signature};

/// Which carrier the simulator plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Carrier {
    #[default]
    Twilio,
    Plivo,
}

impl Carrier {
    /// `twilio` or `plivo`, as URLs and `--carrier` name them.
    pub fn name(self) -> &'static str {
        match self {
            Self::Twilio => "twilio",
            Self::Plivo => "plivo",
        }
    }

    /// The same carrier's media streams.
    pub fn media(self) -> crate::media::wire::Carrier {
        match self {
            Self::Twilio => crate::media::wire::Carrier::Twilio,
            Self::Plivo => crate::media::wire::Carrier::Plivo,
        }
    }

    /// Reads `--carrier`.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "twilio" => Some(Self::Twilio),
            "plivo" => Some(Self::Plivo),
            _ => None,
        }
    }

    /// A new call's id as this carrier makes them.
    pub fn new_call_id(self) -> String {
        match self {
            Self::Twilio => random_sid("CA"),
            Self::Plivo => random_uuid(),
        }
    }

    /// The carrier's name for a field Twilio calls `twilio` (the tests and the simulator
    /// speak Twilio's names; Plivo's differ for a few).
    pub fn field(self, twilio: &str) -> &str {
        match (self, twilio) {
            (Self::Plivo, "CallSid") => "CallUUID",
            (Self::Plivo, "DialCallStatus") => "DialStatus",
            (Self::Plivo, "SpeechResult") => "Speech",
            (Self::Plivo, "CallDuration") => "Duration",
            (Self::Plivo, "MessageSid") => "MessageUUID",
            (Self::Plivo, "Body") => "Text",
            (Self::Plivo, "RecordingUrl") => "RecordUrl",
            (Self::Plivo, "RecordingSid") => "RecordingID",
            _ => twilio,
        }
    }

    /// A form written with Twilio's names and values, in this carrier's: Plivo writes
    /// numbers without the plus and says `outbound` for every call it places.
    pub fn form(self, twilio: &[(String, String)]) -> Vec<(String, String)> {
        twilio
            .iter()
            .filter(|(k, _)| self == Self::Twilio || k != "AccountSid")
            .map(|(k, v)| {
                let value = match (self, k.as_str()) {
                    (Self::Plivo, "From" | "To") => v.trim_start_matches('+').to_owned(),
                    (Self::Plivo, "Direction") if v.starts_with("outbound") => "outbound".into(),
                    (Self::Plivo, "CallStatus") if v == "canceled" => "cancel".into(),
                    _ => v.clone(),
                };
                (self.field(k).to_owned(), value)
            })
            .collect()
    }
}

/// Stops a runaway call flow.
const MAX_STEPS: usize = 60;

/// Where to send webhooks and how to sign them.
pub struct Phone {
    /// Sends the requests.
    pub client: reqwest::Client,
    /// Where the service listens (requests go here).
    pub server: String,
    /// The public URL the service signs against (signatures are computed over it).
    pub public_url: String,
    /// The webhook signing token.
    pub token: String,
    /// The caller's number.
    pub from: PhoneNumber,
    /// The service's number.
    pub to: String,
    /// Which carrier's webhooks to send.
    pub carrier: Carrier,
    /// What the caller says over a media stream, if the service connects one.
    pub stream_audio: Option<Saying>,
}

/// What the caller says over a media stream.
pub struct Saying {
    /// 8 kHz samples.
    pub audio: Vec<i16>,
    /// When to say it again over the reply (seconds after the reply starts): a barge-in.
    pub barge: Option<f32>,
    /// What the service's recogniser makes of it, as it is said ([`transcribe`]).
    pub transcript: Vec<(Duration, Words)>,
    /// The words a recogniser hears in a sentence of the reply (8 kHz), to print beside it.
    pub ear: Option<Ear>,
}

/// Words heard in audio (8 kHz).
pub type Ear = Box<dyn Fn(&[i16]) -> String + Send + Sync>;

/// Words the service's recogniser makes of the caller's audio.
#[derive(Clone, Debug, PartialEq)]
pub enum Words {
    /// Its guess so far, each time the guess changes.
    Partial(String),
    /// The words at the end of the audio.
    Final(String),
}

/// What the service's recogniser hears of `audio` (8 kHz) as it is said, each guess at its
/// time into the audio. A carrier hears no words, so the simulator runs the service's own
/// model for the language, fed as the service's ear feeds it (the same stateful resampler to
/// the model's rate, 100 ms at a time).
#[cfg(feature = "speech")]
pub fn transcribe(
    recogniser: &std::sync::Arc<crate::speech::vosk::Recogniser>,
    audio: &[i16],
) -> Result<Vec<(Duration, Words)>, crate::speech::SpeechError> {
    use crate::media::codec::{to_f32, to_i16, StreamResampler};
    use crate::speech::TELEPHONE_RATE;
    let mut stream = recogniser.stream()?;
    let mut up = StreamResampler::new(TELEPHONE_RATE, recogniser.sample_rate());
    let step = TELEPHONE_RATE as usize / 10;
    let mut lines = vec![];
    let mut last = String::new();
    for (i, chunk) in audio.chunks(step).enumerate() {
        stream.accept(&to_i16(&up.push(&to_f32(chunk))))?;
        let guess = stream.partial();
        if !guess.is_empty() && guess != last {
            let heard = ((i + 1) * step).min(audio.len());
            let at = Duration::from_secs_f32(heard as f32 / TELEPHONE_RATE as f32);
            lines.push((at, Words::Partial(guess.clone())));
            last = guess;
        }
    }
    let end = Duration::from_secs_f32(audio.len() as f32 / TELEPHONE_RATE as f32);
    lines.push((end, Words::Final(stream.finish())));
    Ok(lines)
}

/// A TwiML verb as the simulator understands it.
#[derive(Clone, Debug, PartialEq)]
pub enum Heard {
    Say {
        language: String,
        text: String,
    },
    Play(String),
    Pause,
    /// `speech`: the caller is expected to talk rather than press keys.
    Gather {
        action: String,
        prompts: Vec<Heard>,
        speech: bool,
    },
    Redirect(String),
    Dial {
        number: String,
        action: Option<String>,
        /// What the callee hears before the bridge (`<Number url=…>`, Plivo's `confirmSound`).
        whisper: Option<String>,
        /// Where Plivo reports that the callee took the call (the `Dial`'s `callbackUrl`).
        screened: Option<String>,
    },
    Record {
        action: String,
    },
    Message(String),
    /// A media stream connected: where, with which ticket, and the URL requested after it
    /// (Twilio's `<Connect action>`; on Plivo the `Redirect` that follows).
    Stream {
        url: String,
        ticket: Option<String>,
        action: Option<String>,
    },
    Hangup,
}

/// Why a simulated call or text failed.
#[derive(Debug, thiserror::Error)]
pub enum SimulatorError {
    #[error("HTTP error: {0}")]
    Http(#[from] reqwest::Error),
    #[error("the service answered {status}: {body}")]
    Status { status: u16, body: String },
    #[error("the service answered invalid TwiML: {0}")]
    Xml(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl Phone {
    /// Places a call; `keys` supplies what the caller types at each prompt (an empty string
    /// is silence; the end of input hangs up). Returns everything heard, in order.
    pub async fn call(
        &self,
        keys: &mut dyn Iterator<Item = String>,
        out: &mut dyn Write,
    ) -> Result<Vec<Heard>, SimulatorError> {
        let url = format!("{}/{}/voice", self.public_url, self.carrier.name());
        self.run_call(&url, &self.carrier.new_call_id(), false, keys, out)
            .await
    }

    /// Answers a call the service placed (the outbox gave Twilio `url`; `sid` is the SID
    /// Twilio answered with), typing `keys` as [`Phone::call`] does.
    pub async fn answer(
        &self,
        url: &str,
        sid: &str,
        keys: &mut dyn Iterator<Item = String>,
        out: &mut dyn Write,
    ) -> Result<Vec<Heard>, SimulatorError> {
        self.run_call(url, sid, true, keys, out).await
    }

    async fn run_call(
        &self,
        first: &str,
        sid: &str,
        placed: bool,
        keys: &mut dyn Iterator<Item = String>,
        out: &mut dyn Write,
    ) -> Result<Vec<Heard>, SimulatorError> {
        let sid = sid.to_owned();
        let mut heard = vec![];
        let mut next = Some((first.to_owned(), vec![]));
        let mut steps = 0;
        'call: while let Some((url, extra)) = next.take() {
            steps += 1;
            if steps > MAX_STEPS {
                writeln!(out, "(the simulator hangs up after {MAX_STEPS} steps)")?;
                break;
            }
            let mut params = self.call_params(&sid, placed);
            params.extend(extra);
            let verbs = parse(&self.post(&url, &params).await?)?;
            for verb in verbs {
                heard.push(verb.clone());
                match verb {
                    Heard::Say { language, text } => writeln!(out, "[{language}] {text}")?,
                    Heard::Play(u) => writeln!(out, "(plays {u})")?,
                    Heard::Pause => {}
                    Heard::Message(m) => writeln!(out, "(message) {m}")?,
                    Heard::Gather {
                        action,
                        prompts,
                        speech,
                    } => {
                        for p in &prompts {
                            if let Heard::Say { language, text } = p {
                                writeln!(out, "[{language}] {text}")?;
                            }
                        }
                        write!(out, "{}", if speech { "say> " } else { "keys> " })?;
                        out.flush()?;
                        let Some(typed) = keys.next() else {
                            writeln!(out, "(hangs up)")?;
                            break 'call;
                        };
                        let (field, value) = if speech {
                            (self.carrier.field("SpeechResult"), typed.trim().to_owned())
                        } else {
                            // Twilio ends the keys at `#` (the default finishOnKey) and
                            // leaves it out.
                            let digits = typed
                                .chars()
                                .take_while(|c| *c != '#')
                                .filter(|c| c.is_ascii_digit() || *c == '*')
                                .collect();
                            ("Digits", digits)
                        };
                        writeln!(out, "{value}")?;
                        if !value.is_empty() {
                            let mut sent = vec![(field.to_owned(), value)];
                            if self.carrier == Carrier::Plivo {
                                let kind = if speech { "speech" } else { "dtmf" };
                                sent.push(("InputType".into(), kind.into()));
                            }
                            next = Some((action, sent));
                            continue 'call;
                        }
                    }
                    Heard::Redirect(u) => {
                        next = Some((u, vec![]));
                        continue 'call;
                    }
                    Heard::Dial { number, action, .. } => {
                        writeln!(
                            out,
                            "(dialling {number}: the simulator treats it as answered and finished)"
                        )?;
                        if let Some(a) = action {
                            let field = self.carrier.field("DialCallStatus").to_owned();
                            next = Some((a, vec![(field, "completed".into())]));
                            continue 'call;
                        }
                        break 'call;
                    }
                    Heard::Record { action } => {
                        writeln!(out, "(recording: the simulator sends no audio)")?;
                        next = Some((action, vec![]));
                        continue 'call;
                    }
                    Heard::Stream {
                        url,
                        ticket,
                        action,
                    } => {
                        self.stream(out, &sid, url, ticket).await?;
                        // Twilio requests the `<Connect>`'s action; Plivo's redirect follows.
                        if let Some(a) = action {
                            next = Some((a, vec![]));
                            continue 'call;
                        }
                    }
                    Heard::Hangup => break 'call,
                }
            }
        }
        writeln!(out, "(call ended)")?;
        let mut params = self.call_params(&sid, placed);
        params.retain(|(k, _)| k != "CallStatus");
        params.push(("CallStatus".into(), "completed".into()));
        params.push((
            self.carrier.field("CallDuration").into(),
            (steps * 5).to_string(),
        ));
        let status = format!("{}/{}/voice/status", self.public_url, self.carrier.name());
        self.post(&status, &params).await?;
        Ok(heard)
    }

    /// Plays the media stream the service connected: the caller's audio in real time, then
    /// what comes back, with its timing.
    async fn stream(
        &self,
        out: &mut (impl std::io::Write + ?Sized),
        sid: &str,
        url: String,
        ticket: Option<String>,
    ) -> Result<(), SimulatorError> {
        use crate::media::caller::{self, Act};
        let Some(said) = &self.stream_audio else {
            writeln!(
                out,
                "(a media stream: the simulator streams only with --stream FILE.wav)"
            )?;
            return Ok(());
        };
        writeln!(
            out,
            "(streaming {:.1} s of audio to {url})",
            said.audio.len() as f32 / 8000.0
        )?;
        let headers = caller::upgrade_headers(self.carrier.media(), &self.token, &url);
        let stream = caller::Stream {
            url,
            carrier: self.carrier.media(),
            call: sid.to_owned(),
            ticket,
            params: vec![],
            from: None,
            headers,
        };
        let mut acts = vec![Act::Silence(Duration::from_millis(300))];
        acts.extend(saying(said));
        let seen = caller::play(&stream, &acts, Duration::from_secs(60))
            .await
            .map_err(|e| SimulatorError::Xml(e.to_string()))?;
        report(&seen, said, out)
    }

    /// Sends a text; returns the replies.
    pub async fn sms(&self, body: &str) -> Result<Vec<String>, SimulatorError> {
        let id = match self.carrier {
            Carrier::Twilio => random_sid("SM"),
            Carrier::Plivo => random_uuid(),
        };
        let params = self.carrier.form(&[
            ("MessageSid".into(), id),
            ("AccountSid".into(), random_sid("AC")),
            ("From".into(), self.from.as_str().to_owned()),
            ("To".into(), self.to.clone()),
            ("Body".into(), body.to_owned()),
        ]);
        let url = format!("{}/{}/sms", self.public_url, self.carrier.name());
        let verbs = parse(&self.post(&url, &params).await?)?;
        Ok(verbs
            .into_iter()
            .filter_map(|v| {
                if let Heard::Message(m) = v {
                    Some(m)
                } else {
                    None
                }
            })
            .collect())
    }

    /// The fields of every webhook of a call; on a call we were `placed`, Twilio's From is
    /// the service and To the phone.
    fn call_params(&self, sid: &str, placed: bool) -> Vec<(String, String)> {
        let (from, to, direction) = if placed {
            (
                self.to.clone(),
                self.from.as_str().to_owned(),
                "outbound-api",
            )
        } else {
            (self.from.as_str().to_owned(), self.to.clone(), "inbound")
        };
        let mut params = self.carrier.form(&[
            ("CallSid".into(), sid.to_owned()),
            (
                "AccountSid".into(),
                "AC00000000000000000000000000000000".into(),
            ),
            ("From".into(), from),
            ("To".into(), to),
            ("CallStatus".into(), "in-progress".into()),
            ("Direction".into(), direction.into()),
        ]);
        if self.carrier == Carrier::Plivo {
            params.push(("Event".into(), "StartApp".into()));
        }
        params
    }

    /// Posts a form signed as the carrier signs to a public URL, sending it to the server's
    /// address; returns the body of a 200 answer.
    pub async fn post(
        &self,
        public: &str,
        params: &[(String, String)],
    ) -> Result<String, SimulatorError> {
        let target = match public.strip_prefix(&self.public_url) {
            Some(rest) => format!("{}{rest}", self.server),
            None => public.to_owned(),
        };
        let mut request = self.client.post(target);
        request = match self.carrier {
            Carrier::Twilio => request.header(
                "X-Twilio-Signature",
                signature::compute(&self.token, public, params),
            ),
            Carrier::Plivo => {
                let nonce = random_sid("")[..20].to_owned();
                let sig = plivo::signature::compute(&self.token, public, params, &nonce);
                request
                    .header("X-Plivo-Signature-V3", sig)
                    .header("X-Plivo-Signature-V3-Nonce", nonce)
            }
        };
        let resp = request
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(serde_urlencoded::to_string(params).unwrap_or_default())
            .send()
            .await?;
        answered(resp).await
    }
}

/// A random Twilio-shaped SID.
pub fn random_sid(prefix: &str) -> String {
    let mut rng = rand::thread_rng();
    let hex: String = (0..32)
        .map(|_| format!("{:x}", rng.gen_range(0..16)))
        .collect();
    format!("{prefix}{hex}")
}

/// A random UUID, as Plivo's ids are.
pub fn random_uuid() -> String {
    let hex = &random_sid("")[..32];
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Reads a TwiML or Plivo XML document into the verbs the simulator acts on (Plivo's
/// `Speak`, `Wait` and `GetInput` are TwiML's `Say`, `Pause` and `Gather`; its whisper is the
/// `Dial`'s `confirmSound`).
pub fn parse(xml: &str) -> Result<Vec<Heard>, SimulatorError> {
    let mut reader = Reader::from_str(xml);
    let mut out = vec![];
    let mut stack: Vec<(String, Vec<(String, String)>)> = vec![];
    let mut gather: Option<(String, Vec<Heard>, bool)> = None;
    let mut text = String::new();
    let mut dial_number = String::new();
    let mut dial_whisper: Option<String> = None;
    // A stream being read: its URL, ticket and the `<Connect>`'s action.
    let mut stream: Option<(String, Option<String>, Option<String>)> = None;
    let mut connect_action: Option<String> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| SimulatorError::Xml(e.to_string()))?;
        match event {
            Event::Eof => break,
            Event::Start(s) => {
                let (name, attrs) = element(&s)?;
                if name == "Dial" {
                    dial_whisper = attrs_opt(&attrs, "confirmSound");
                }
                if name == "Connect" {
                    connect_action = attrs_opt(&attrs, "action");
                }
                if name == "Stream" {
                    let ticket = attrs_opt(&attrs, "extraHeaders").and_then(|h| {
                        h.split([';', ','])
                            .find_map(|p| p.strip_prefix("ticket=").map(str::to_owned))
                    });
                    stream = Some((attr(&attrs, "url"), ticket, connect_action.clone()));
                }
                if name == "Gather" {
                    gather = Some((
                        attr(&attrs, "action"),
                        vec![],
                        attr(&attrs, "input").contains("speech"),
                    ));
                }
                text.clear();
                stack.push((name, attrs));
            }
            Event::Empty(s) => {
                let (name, attrs) = element(&s)?;
                if let (Some(st), "Parameter") = (stream.as_mut(), name.as_str()) {
                    if attr(&attrs, "name") == "ticket" {
                        st.1 = Some(attr(&attrs, "value"));
                    }
                }
                if let Some(v) = verb(&name, &attrs, "") {
                    push(&mut out, &mut gather, v);
                }
                if name == "Gather" {
                    out.push(Heard::Gather {
                        action: attr(&attrs, "action"),
                        prompts: vec![],
                        speech: attr(&attrs, "input").contains("speech"),
                    });
                }
            }
            Event::Text(t) => text.push_str(
                &t.unescape()
                    .map_err(|e| SimulatorError::Xml(e.to_string()))?,
            ),
            Event::End(_) => {
                let Some((name, attrs)) = stack.pop() else {
                    continue;
                };
                if name == "Stream" {
                    if let Some((mut url, ticket, action)) = stream.take() {
                        // Plivo writes the URL as the element's text.
                        if url.is_empty() {
                            url = text.trim().to_owned();
                        }
                        out.push(Heard::Stream {
                            url,
                            ticket,
                            action,
                        });
                    }
                } else if name == "Gather" {
                    if let Some((action, prompts, speech)) = gather.take() {
                        out.push(Heard::Gather {
                            action,
                            prompts,
                            speech,
                        });
                    }
                } else if name == "Number" {
                    dial_number = text.trim().to_owned();
                    // Plivo writes numbers without the plus (short ones, like 108, as they are).
                    if dial_number.len() >= 10 && dial_number.bytes().all(|b| b.is_ascii_digit()) {
                        dial_number.insert(0, '+');
                    }
                    if let Some(url) = attrs_opt(&attrs, "url") {
                        dial_whisper = Some(url);
                    }
                } else if name == "Dial" {
                    let number = std::mem::take(&mut dial_number);
                    out.push(Heard::Dial {
                        number,
                        action: attrs_opt(&attrs, "action"),
                        whisper: dial_whisper.take(),
                        screened: attrs_opt(&attrs, "callbackUrl"),
                    });
                } else if let Some(v) = verb(&name, &attrs, &text) {
                    if !stack.iter().any(|(n, _)| n == "Dial") {
                        push(&mut out, &mut gather, v);
                    }
                }
                text.clear();
            }
            _ => {}
        }
    }
    Ok(out)
}

fn push(out: &mut Vec<Heard>, gather: &mut Option<(String, Vec<Heard>, bool)>, v: Heard) {
    match gather {
        Some((_, prompts, _)) => prompts.push(v),
        None => out.push(v),
    }
}

fn verb(name: &str, attrs: &[(String, String)], text: &str) -> Option<Heard> {
    Some(match name {
        "Say" => Heard::Say {
            language: attr(attrs, "language"),
            text: text.to_owned(),
        },
        "Play" => Heard::Play(text.to_owned()),
        "Pause" => Heard::Pause,
        "Redirect" => Heard::Redirect(text.trim().to_owned()),
        "Record" => Heard::Record {
            action: attr(attrs, "action"),
        },
        "Message" => Heard::Message(text.to_owned()),
        "Hangup" | "Reject" => Heard::Hangup,
        _ => return None,
    })
}

fn element(
    s: &quick_xml::events::BytesStart,
) -> Result<(String, Vec<(String, String)>), SimulatorError> {
    let name = match String::from_utf8_lossy(s.name().as_ref()).as_ref() {
        "Speak" => "Say".to_owned(),
        "Wait" => "Pause".to_owned(),
        "GetInput" => "Gather".to_owned(),
        other => other.to_owned(),
    };
    let mut attrs = vec![];
    for a in s.attributes() {
        let a = a.map_err(|e| SimulatorError::Xml(e.to_string()))?;
        let v = a
            .unescape_value()
            .map_err(|e| SimulatorError::Xml(e.to_string()))?;
        let key = match String::from_utf8_lossy(a.key.as_ref()).as_ref() {
            "inputType" => "input".to_owned(),
            other => other.to_owned(),
        };
        attrs.push((key, v.into_owned()));
    }
    Ok((name, attrs))
}

fn attr(attrs: &[(String, String)], name: &str) -> String {
    attrs_opt(attrs, name).unwrap_or_default()
}

fn attrs_opt(attrs: &[(String, String)], name: &str) -> Option<String> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

/// A response's body, or the service's refusal with its status.
async fn answered(resp: reqwest::Response) -> Result<String, SimulatorError> {
    let status = resp.status().as_u16();
    let body = resp.text().await?;
    if status != 200 {
        return Err(SimulatorError::Status { status, body });
    }
    Ok(body)
}

/// The caller says the audio (again some seconds into the reply, to talk over it), then
/// listens to the reply to its end.
fn saying(said: &Saying) -> Vec<crate::media::caller::Act> {
    use crate::media::caller::Act;
    let audio = &said.audio;
    let mut acts = vec![Act::Speak(audio.to_vec())];
    if let Some(after) = said.barge {
        acts.push(Act::UntilSpeaking {
            limit: Duration::from_secs(20),
        });
        acts.push(Act::Silence(Duration::from_secs_f32(after)));
        acts.push(Act::Speak(audio.to_vec()));
    }
    acts.push(Act::UntilHeard {
        limit: Duration::from_secs(30),
    });
    acts
}

/// Prints what a stream showed, with its timing: what the recogniser made of each thing the
/// caller said as it was said, when the reply began after the caller stopped, each
/// sentence's end (with the words heard in it), barge-ins, the close, and how much was heard.
fn report(
    seen: &[crate::media::caller::Seen],
    said: &Saying,
    out: &mut (impl std::io::Write + ?Sized),
) -> Result<(), SimulatorError> {
    use crate::media::caller::Seen;
    let mut lines: Vec<(Duration, String)> = vec![];
    let mut spoke_until = None;
    let mut reply_started = false;
    // The reply's audio since the last sentence's end.
    let mut sentence: Vec<i16> = vec![];
    for s in seen {
        if let Seen::Audio { samples, .. } = s {
            sentence.extend_from_slice(samples);
        }
        match s {
            Seen::SpokeFrom { at } => {
                for (offset, words) in &said.transcript {
                    let line = match words {
                        Words::Partial(text) => format!("partial: {text}"),
                        Words::Final(text) if text.is_empty() => "final: (no words)".into(),
                        Words::Final(text) => format!("final: {text}"),
                    };
                    lines.push((*at + *offset, line));
                }
            }
            Seen::SpokeUntil { at } => {
                lines.push((*at, "(you stopped speaking)".into()));
                spoke_until = Some(*at);
                reply_started = false;
            }
            Seen::Audio { at, .. } if !reply_started => {
                reply_started = true;
                let line = match spoke_until.map(|u| at.saturating_sub(u).as_millis()) {
                    Some(ms) => format!("reply audio begins, {ms} ms after you stopped"),
                    None => "audio begins".into(),
                };
                lines.push((*at, line));
            }
            Seen::Mark { at, name } => {
                let audio = std::mem::take(&mut sentence);
                let heard = said
                    .ear
                    .as_ref()
                    .map(|ear| ear(&audio))
                    .filter(|w| !w.is_empty());
                lines.push(match heard {
                    Some(words) => (*at, format!("end of sentence {name}: heard \"{words}\"")),
                    None => (*at, format!("end of sentence {name}")),
                });
            }
            Seen::Clear { at } => {
                sentence.clear();
                lines.push((*at, "the service stopped talking (barge-in)".into()))
            }
            Seen::Closed { at } => lines.push((*at, "the stream closed".into())),
            Seen::Audio { .. } => {}
        }
    }
    // The transcript's lines fall among the events while the caller spoke.
    lines.sort_by_key(|(at, _)| *at);
    for (at, line) in lines {
        writeln!(out, "[{:6.2} s] {line}", at.as_secs_f32())?;
    }
    let samples: usize = seen
        .iter()
        .map(|s| match s {
            Seen::Audio { samples, .. } => samples.len(),
            _ => 0,
        })
        .sum();
    writeln!(
        out,
        "(heard {:.1} s of reply audio)",
        samples as f32 / 8000.0
    )?;
    Ok(())
}

/// A whole call over Exotel's Voicebot stream, as Exotel makes it (16-bit PCM, the applet's
/// basic auth, the deployment's secret among its parameters): `keys` pressed one as each
/// prompt begins (the language menu, the main menu), then `audio` said; then what the
/// Connect applet after the Voicebot is told to dial.
pub struct ExotelCall<'a> {
    /// The service's base URL (`http://…`).
    pub server: &'a str,
    pub credentials: &'a crate::config::ExotelStream,
    pub from: &'a PhoneNumber,
    pub to: &'a str,
    pub keys: &'a str,
    pub said: &'a Saying,
}

impl ExotelCall<'_> {
    pub async fn run(
        &self,
        out: &mut (impl std::io::Write + ?Sized),
    ) -> Result<(), SimulatorError> {
        use crate::media::caller::{self, Act};
        use base64::Engine as _;
        let call = random_sid("");
        let basic = base64::engine::general_purpose::STANDARD.encode(format!(
            "{}:{}",
            self.credentials.user, self.credentials.password
        ));
        let stream = caller::Stream {
            url: crate::media::stream_url(self.server, "exotel"),
            carrier: crate::media::wire::Carrier::Exotel,
            call: call.clone(),
            ticket: None,
            params: vec![("secret".into(), self.credentials.secret.clone())],
            from: Some(self.from.as_str().to_owned()),
            headers: vec![("Authorization".into(), format!("Basic {basic}"))],
        };
        writeln!(
            out,
            "(an Exotel Voicebot call {call}, keys {:?})",
            self.keys
        )?;
        let mut acts = vec![];
        for key in self.keys.chars() {
            acts.push(Act::UntilSpeaking {
                limit: Duration::from_secs(30),
            });
            acts.push(Act::Key(key));
        }
        acts.push(Act::UntilHeard {
            limit: Duration::from_secs(40),
        });
        acts.extend(saying(self.said));
        let seen = caller::play(&stream, &acts, Duration::from_secs(180))
            .await
            .map_err(|e| SimulatorError::Xml(e.to_string()))?;
        report(&seen, self.said, out)?;
        // The flow's next applet asks whom to dial.
        let answer = reqwest::Client::new()
            .get(format!(
                "{}/exotel/connect",
                self.server.trim_end_matches('/')
            ))
            .basic_auth(&self.credentials.user, Some(&self.credentials.password))
            .query(&[
                ("CallSid", call.as_str()),
                ("CallFrom", self.from.as_str()),
                ("CallTo", self.to),
            ])
            .send()
            .await?;
        let body = answered(answer).await?;
        let json: serde_json::Value =
            serde_json::from_str(&body).map_err(|e| SimulatorError::Xml(e.to_string()))?;
        match json["destination"]["numbers"]
            .as_array()
            .and_then(|n| n.first())
        {
            Some(number) => writeln!(
                out,
                "(the Connect applet after the Voicebot dials {number})"
            )?,
            None => writeln!(
                out,
                "(nobody is dialled: the flow goes on to its next applet)"
            )?,
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::caller::Seen;

    #[test]
    fn the_report_puts_what_was_heard_among_what_the_stream_showed() {
        let ms = Duration::from_millis;
        let seen = [
            Seen::SpokeFrom { at: ms(1000) },
            Seen::SpokeUntil { at: ms(2000) },
            Seen::Audio {
                at: ms(2500),
                samples: vec![0; 8000],
            },
            Seen::Mark {
                at: ms(3500),
                name: "s1".into(),
            },
            Seen::Closed { at: ms(4000) },
        ];
        let said = Saying {
            audio: vec![],
            barge: None,
            transcript: vec![
                (ms(400), Words::Partial("fever".into())),
                (ms(1000), Words::Final("fever since".into())),
            ],
            ear: Some(Box::new(|samples: &[i16]| {
                format!("{} samples", samples.len())
            })),
        };
        let mut out = vec![];
        report(&seen, &said, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines,
            [
                "[  1.40 s] partial: fever",
                "[  2.00 s] final: fever since",
                "[  2.00 s] (you stopped speaking)",
                "[  2.50 s] reply audio begins, 500 ms after you stopped",
                "[  3.50 s] end of sentence s1: heard \"8000 samples\"",
                "[  4.00 s] the stream closed",
                "(heard 1.0 s of reply audio)",
            ]
        );
    }
}
