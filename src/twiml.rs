//! A small typed builder for TwiML (voice `<Response>` and messaging `<Response>`).
//!
//! Telephony formats are data: documents are trees of [`Verb`]s written with quick-xml, and
//! every piece of user text is escaped here, once. Nothing else in the crate writes XML.

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

/// One TwiML verb or noun.
#[derive(Clone, Debug, PartialEq)]
pub enum Verb {
    /// Text read by Twilio's text-to-speech.
    Say(Say),
    /// An audio file fetched and played by Twilio.
    Play {
        url: String,
        loop_count: Option<u32>,
    },
    /// Silence, in seconds.
    Pause { length: u32 },
    /// Collects keypad digits (or speech) and posts them to `action`.
    Gather(Gather),
    /// Records the caller and posts the recording to `action`.
    Record(Record),
    /// Connects the caller to another party.
    Dial(Dial),
    /// Puts the caller in a named queue.
    Enqueue {
        name: String,
        wait_url: Option<String>,
        action: Option<String>,
    },
    /// Continues the call with the TwiML at another URL.
    Redirect { url: String },
    /// Ends the call.
    Hangup,
    /// Refuses the call before it is answered, so it costs nothing.
    Reject { reason: Option<String> },
    /// Streams the call's audio to a websocket.
    Connect {
        stream_url: String,
        parameters: Vec<(String, String)>,
        /// Requested when the stream ends (else the next verb runs).
        action: Option<String>,
    },
    /// An SMS reply (messaging TwiML only).
    Message { body: String, to: Option<String> },
}

/// `<Say>`: text plus the BCP-47 language Twilio should speak it in.
#[derive(Clone, Debug, PartialEq)]
pub struct Say {
    pub text: String,
    pub language: Option<String>,
    pub voice: Option<String>,
}

/// `<Gather>` and the prompts nested inside it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Gather {
    pub action: String,
    pub input: Option<&'static str>,
    pub num_digits: Option<u32>,
    pub timeout: Option<u32>,
    pub finish_on_key: Option<String>,
    pub language: Option<String>,
    /// For speech: `auto` ends listening at the first pause.
    pub speech_timeout: Option<String>,
    /// Only `Say`, `Play` and `Pause` are allowed inside `<Gather>`.
    pub prompts: Vec<Verb>,
}

/// `<Record>`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Record {
    pub action: String,
    pub max_length: Option<u32>,
    pub play_beep: bool,
    pub timeout: Option<u32>,
    pub finish_on_key: Option<String>,
}

/// `<Dial>` with its nouns.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Dial {
    pub caller_id: Option<String>,
    pub timeout: Option<u32>,
    pub action: Option<String>,
    pub targets: Vec<DialTarget>,
}

/// What `<Dial>` connects to.
#[derive(Clone, Debug, PartialEq)]
pub enum DialTarget {
    /// A phone number; `whisper_url` is played to the callee before the bridge.
    Number {
        number: String,
        whisper_url: Option<String>,
    },
    /// A caller waiting in a named queue.
    Queue { name: String, url: Option<String> },
}

/// Renders a voice or messaging `<Response>` document.
pub fn render(verbs: &[Verb]) -> String {
    let mut w = Writer::new(Vec::with_capacity(512));
    let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    start(&mut w, "Response", &[]);
    for verb in verbs {
        write_verb(&mut w, verb);
    }
    end(&mut w, "Response");
    String::from_utf8(w.into_inner()).expect("writer only receives UTF-8")
}

fn write_verb(w: &mut Writer<Vec<u8>>, verb: &Verb) {
    match verb {
        Verb::Say(say) => {
            let mut attrs = vec![];
            push_opt(&mut attrs, "language", say.language.as_deref());
            push_opt(&mut attrs, "voice", say.voice.as_deref());
            element(w, "Say", &attrs, Some(&say.text));
        }
        Verb::Play { url, loop_count } => {
            let l = loop_count.map(|n| n.to_string());
            let mut attrs = vec![];
            push_opt(&mut attrs, "loop", l.as_deref());
            element(w, "Play", &attrs, Some(url));
        }
        Verb::Pause { length } => element(w, "Pause", &[("length", length.to_string())], None),
        Verb::Gather(g) => write_gather(w, g),
        Verb::Record(r) => write_record(w, r),
        Verb::Dial(d) => write_dial(w, d),
        Verb::Enqueue {
            name,
            wait_url,
            action,
        } => {
            let mut attrs = vec![];
            push_opt(&mut attrs, "waitUrl", wait_url.as_deref());
            push_opt(&mut attrs, "action", action.as_deref());
            element(w, "Enqueue", &attrs, Some(name));
        }
        Verb::Redirect { url } => element(w, "Redirect", &[("method", "POST".into())], Some(url)),
        Verb::Hangup => element(w, "Hangup", &[], None),
        Verb::Reject { reason } => {
            let mut attrs = vec![];
            push_opt(&mut attrs, "reason", reason.as_deref());
            element(w, "Reject", &attrs, None);
        }
        Verb::Connect {
            stream_url,
            parameters,
            action,
        } => {
            let mut attrs = vec![];
            push_opt(&mut attrs, "action", action.as_deref());
            if action.is_some() {
                attrs.push(("method", "POST".into()));
            }
            start(w, "Connect", &attrs);
            start(w, "Stream", &[("url", stream_url.clone())]);
            for (name, value) in parameters {
                element(
                    w,
                    "Parameter",
                    &[("name", name.clone()), ("value", value.clone())],
                    None,
                );
            }
            end(w, "Stream");
            end(w, "Connect");
        }
        Verb::Message { body, to } => {
            let mut attrs = vec![];
            push_opt(&mut attrs, "to", to.as_deref());
            element(w, "Message", &attrs, Some(body));
        }
    }
}

fn write_gather(w: &mut Writer<Vec<u8>>, g: &Gather) {
    let mut attrs = vec![("action", g.action.clone()), ("method", "POST".into())];
    push_opt(&mut attrs, "input", g.input);
    let n = g.num_digits.map(|n| n.to_string());
    push_opt(&mut attrs, "numDigits", n.as_deref());
    let t = g.timeout.map(|n| n.to_string());
    push_opt(&mut attrs, "timeout", t.as_deref());
    push_opt(&mut attrs, "finishOnKey", g.finish_on_key.as_deref());
    push_opt(&mut attrs, "language", g.language.as_deref());
    push_opt(&mut attrs, "speechTimeout", g.speech_timeout.as_deref());
    start(w, "Gather", &attrs);
    for p in &g.prompts {
        write_verb(w, p);
    }
    end(w, "Gather");
}

fn write_record(w: &mut Writer<Vec<u8>>, r: &Record) {
    let mut attrs = vec![("action", r.action.clone()), ("method", "POST".into())];
    let m = r.max_length.map(|n| n.to_string());
    push_opt(&mut attrs, "maxLength", m.as_deref());
    attrs.push(("playBeep", r.play_beep.to_string()));
    let t = r.timeout.map(|n| n.to_string());
    push_opt(&mut attrs, "timeout", t.as_deref());
    push_opt(&mut attrs, "finishOnKey", r.finish_on_key.as_deref());
    element(w, "Record", &attrs, None);
}

fn write_dial(w: &mut Writer<Vec<u8>>, d: &Dial) {
    let mut attrs = vec![];
    push_opt(&mut attrs, "callerId", d.caller_id.as_deref());
    let t = d.timeout.map(|n| n.to_string());
    push_opt(&mut attrs, "timeout", t.as_deref());
    push_opt(&mut attrs, "action", d.action.as_deref());
    if d.action.is_some() {
        attrs.push(("method", "POST".into()));
    }
    start(w, "Dial", &attrs);
    for target in &d.targets {
        match target {
            DialTarget::Number {
                number,
                whisper_url,
            } => {
                let mut a = vec![];
                push_opt(&mut a, "url", whisper_url.as_deref());
                element(w, "Number", &a, Some(number));
            }
            DialTarget::Queue { name, url } => {
                let mut a = vec![];
                push_opt(&mut a, "url", url.as_deref());
                element(w, "Queue", &a, Some(name));
            }
        }
    }
    end(w, "Dial");
}

type Attrs = Vec<(&'static str, String)>;

fn push_opt(attrs: &mut Attrs, name: &'static str, value: Option<&str>) {
    if let Some(v) = value {
        attrs.push((name, v.to_owned()));
    }
}

fn start(w: &mut Writer<Vec<u8>>, name: &str, attrs: &[(&'static str, String)]) {
    let _ = w.write_event(Event::Start(open_tag(name, attrs)));
}

fn end(w: &mut Writer<Vec<u8>>, name: &str) {
    let _ = w.write_event(Event::End(BytesEnd::new(name)));
}

fn element(
    w: &mut Writer<Vec<u8>>,
    name: &str,
    attrs: &[(&'static str, String)],
    text: Option<&str>,
) {
    match text {
        None => {
            let _ = w.write_event(Event::Empty(open_tag(name, attrs)));
        }
        Some(text) => {
            start(w, name, attrs);
            let escaped = escape(&xml_safe(text), false);
            let _ = w.write_event(Event::Text(BytesText::from_escaped(escaped)));
            end(w, name);
        }
    }
}

fn open_tag<'a>(name: &'a str, attrs: &[(&'static str, String)]) -> BytesStart<'a> {
    let mut tag = BytesStart::new(name);
    for (k, v) in attrs {
        let escaped = escape(&xml_safe(v), true);
        tag.push_attribute(quick_xml::events::attributes::Attribute {
            key: quick_xml::name::QName(k.as_bytes()),
            value: escaped.into_bytes().into(),
        });
    }
    tag
}

/// Drops characters XML 1.0 cannot carry at all (most C0 controls, U+FFFE, U+FFFF).
pub fn xml_safe(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r')
                || ('\u{20}'..='\u{D7FF}').contains(&c)
                || ('\u{E000}'..='\u{FFFD}').contains(&c)
                || c >= '\u{10000}'
        })
        .collect()
}

/// Escapes markup and the whitespace an XML parser would otherwise normalise away.
fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use quick_xml::events::Event;
    use quick_xml::Reader;

    /// Parses a document and returns every text node and attribute value, unescaped.
    fn texts_and_attrs(xml: &str) -> (Vec<String>, Vec<(String, String)>) {
        let mut reader = Reader::from_str(xml);
        let (mut texts, mut attrs) = (vec![], vec![]);
        loop {
            match reader.read_event().expect("well-formed XML") {
                Event::Eof => break,
                Event::Text(t) => texts.push(t.unescape().expect("valid escapes").into_owned()),
                Event::Start(s) | Event::Empty(s) => {
                    for a in s.attributes() {
                        let a = a.expect("valid attribute");
                        let k = String::from_utf8(a.key.as_ref().to_vec()).unwrap();
                        attrs.push((k, a.unescape_value().unwrap().into_owned()));
                    }
                }
                _ => {}
            }
        }
        (texts, attrs)
    }

    #[test]
    fn a_gather_menu_renders_as_twilio_expects() {
        let xml = render(&[
            Verb::Gather(Gather {
                action: "/twilio/voice/menu?n=1".into(),
                input: Some("dtmf"),
                num_digits: Some(1),
                timeout: Some(6),
                prompts: vec![Verb::Say(Say {
                    text: "हिंदी के लिए 1 दबाएँ".into(),
                    language: Some("hi-IN".into()),
                    voice: None,
                })],
                ..Default::default()
            }),
            Verb::Redirect {
                url: "/twilio/voice?attempt=2".into(),
            },
        ]);
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Gather action=\"/twilio/voice/menu?n=1\" \
             method=\"POST\" input=\"dtmf\" numDigits=\"1\" timeout=\"6\"><Say language=\"hi-IN\">हिंदी के लिए 1 दबाएँ</Say>\
             </Gather><Redirect method=\"POST\">/twilio/voice?attempt=2</Redirect></Response>"
        );
    }

    #[test]
    fn dial_carries_a_whisper_url_and_queue() {
        let xml = render(&[Verb::Dial(Dial {
            caller_id: Some("+911800000000".into()),
            timeout: Some(20),
            action: Some("/twilio/voice/dial-status?a=1&b=2".into()),
            targets: vec![
                DialTarget::Number {
                    number: "+919800000001".into(),
                    whisper_url: Some("/w?x=1&y=2".into()),
                },
                DialTarget::Queue {
                    name: "doctors".into(),
                    url: None,
                },
            ],
        })]);
        assert!(xml.contains("action=\"/twilio/voice/dial-status?a=1&amp;b=2\""));
        assert!(xml.contains("<Number url=\"/w?x=1&amp;y=2\">+919800000001</Number>"));
        assert!(xml.contains("<Queue>doctors</Queue>"));
    }

    #[test]
    fn every_verb_renders_well_formed() {
        let xml = render(&[
            Verb::Play {
                url: "https://x/a.wav".into(),
                loop_count: Some(2),
            },
            Verb::Pause { length: 1 },
            Verb::Record(Record {
                action: "/r".into(),
                max_length: Some(30),
                play_beep: true,
                ..Default::default()
            }),
            Verb::Enqueue {
                name: "q".into(),
                wait_url: Some("/wait".into()),
                action: None,
            },
            Verb::Connect {
                stream_url: "wss://x/s".into(),
                parameters: vec![("lang".into(), "hi".into())],
                action: Some("/after".into()),
            },
            Verb::Reject {
                reason: Some("busy".into()),
            },
            Verb::Hangup,
            Verb::Message {
                body: "hi <there>".into(),
                to: None,
            },
        ]);
        let (texts, attrs) = texts_and_attrs(&xml);
        assert!(texts.contains(&"hi <there>".to_string()));
        assert!(attrs.contains(&("maxLength".into(), "30".into())));
        assert!(attrs.contains(&("name".into(), "lang".into())));
    }

    proptest! {
        #[test]
        fn any_text_round_trips_through_say_and_attributes(s in any::<String>()) {
            let xml = render(&[
                Verb::Say(Say { text: s.clone(), language: Some(s.clone()), voice: None }),
                Verb::Message { body: s.clone(), to: None },
            ]);
            let (texts, attrs) = texts_and_attrs(&xml);
            let safe = xml_safe(&s);
            let expected: Vec<String> = if safe.is_empty() { vec![] } else { vec![safe.clone(), safe.clone()] };
            prop_assert_eq!(texts, expected);
            prop_assert_eq!(&attrs[0], &("language".to_string(), safe));
        }
    }
}
