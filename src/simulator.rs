//! A phone in the terminal: plays Twilio against a running service.
//!
//! Sends signed webhooks exactly as Twilio would, follows `action` and `Redirect` URLs, prints
//! what the caller would hear and reads keypad digits. This is how to try the service without
//! a Twilio account. It must not reach into the service's internals: HTTP only.

use std::io::Write;

use quick_xml::events::Event;
use quick_xml::Reader;
use rand::Rng;

use crate::domain::PhoneNumber;
use crate::telephony::signature;

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
        /// What the callee hears before the bridge (`<Number url=…>`).
        whisper: Option<String>,
    },
    Record {
        action: String,
    },
    Message(String),
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
        let url = format!("{}/twilio/voice", self.public_url);
        self.run_call(&url, &random_sid("CA"), false, keys, out)
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
                            ("SpeechResult", typed.trim().to_owned())
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
                            next = Some((action, vec![(field.into(), value)]));
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
                            next = Some((a, vec![("DialCallStatus".into(), "completed".into())]));
                            continue 'call;
                        }
                        break 'call;
                    }
                    Heard::Record { action } => {
                        writeln!(out, "(recording: the simulator sends no audio)")?;
                        next = Some((action, vec![]));
                        continue 'call;
                    }
                    Heard::Hangup => break 'call,
                }
            }
        }
        writeln!(out, "(call ended)")?;
        let mut params = self.call_params(&sid, placed);
        params.retain(|(k, _)| k != "CallStatus");
        params.push(("CallStatus".into(), "completed".into()));
        params.push(("CallDuration".into(), (steps * 5).to_string()));
        self.post(&format!("{}/twilio/voice/status", self.public_url), &params)
            .await?;
        Ok(heard)
    }

    /// Sends a text; returns the replies.
    pub async fn sms(&self, body: &str) -> Result<Vec<String>, SimulatorError> {
        let params = vec![
            ("MessageSid".into(), random_sid("SM")),
            ("AccountSid".into(), random_sid("AC")),
            ("From".into(), self.from.as_str().to_owned()),
            ("To".into(), self.to.clone()),
            ("Body".into(), body.to_owned()),
            ("NumSegments".into(), "1".into()),
        ];
        let verbs = parse(
            &self
                .post(&format!("{}/twilio/sms", self.public_url), &params)
                .await?,
        )?;
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
        vec![
            ("CallSid".into(), sid.to_owned()),
            (
                "AccountSid".into(),
                "AC00000000000000000000000000000000".into(),
            ),
            ("From".into(), from),
            ("To".into(), to),
            ("CallStatus".into(), "in-progress".into()),
            ("Direction".into(), direction.into()),
        ]
    }

    /// Posts a signed form to a public URL, sending it to the server's address.
    async fn post(
        &self,
        public: &str,
        params: &[(String, String)],
    ) -> Result<String, SimulatorError> {
        let sig = signature::compute(&self.token, public, params);
        let target = match public.strip_prefix(&self.public_url) {
            Some(rest) => format!("{}{rest}", self.server),
            None => public.to_owned(),
        };
        let resp = self
            .client
            .post(target)
            .header("X-Twilio-Signature", sig)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(serde_urlencoded::to_string(params).unwrap_or_default())
            .send()
            .await?;
        let status = resp.status().as_u16();
        let body = resp.text().await?;
        if status != 200 {
            return Err(SimulatorError::Status { status, body });
        }
        Ok(body)
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

/// Reads a TwiML document into the verbs the simulator acts on.
pub fn parse(xml: &str) -> Result<Vec<Heard>, SimulatorError> {
    let mut reader = Reader::from_str(xml);
    let mut out = vec![];
    let mut stack: Vec<(String, Vec<(String, String)>)> = vec![];
    let mut gather: Option<(String, Vec<Heard>, bool)> = None;
    let mut text = String::new();
    let mut dial_number = String::new();
    let mut dial_whisper: Option<String> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| SimulatorError::Xml(e.to_string()))?;
        match event {
            Event::Eof => break,
            Event::Start(s) => {
                let (name, attrs) = element(&s)?;
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
                if name == "Gather" {
                    if let Some((action, prompts, speech)) = gather.take() {
                        out.push(Heard::Gather {
                            action,
                            prompts,
                            speech,
                        });
                    }
                } else if name == "Number" {
                    dial_number = text.trim().to_owned();
                    dial_whisper = attrs_opt(&attrs, "url");
                } else if name == "Dial" {
                    let number = std::mem::take(&mut dial_number);
                    out.push(Heard::Dial {
                        number,
                        action: attrs_opt(&attrs, "action"),
                        whisper: dial_whisper.take(),
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
    let name = String::from_utf8_lossy(s.name().as_ref()).into_owned();
    let mut attrs = vec![];
    for a in s.attributes() {
        let a = a.map_err(|e| SimulatorError::Xml(e.to_string()))?;
        let v = a
            .unescape_value()
            .map_err(|e| SimulatorError::Xml(e.to_string()))?;
        attrs.push((
            String::from_utf8_lossy(a.key.as_ref()).into_owned(),
            v.into_owned(),
        ));
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
