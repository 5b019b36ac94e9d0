//! The Plivo edge (India's toll-free and local numbers): Plivo's signed form posts in, Plivo
//! XML out. Only this module knows Plivo's field names, its V3 signature and its XML; what
//! an inbound SMS gets is decided in `telephony::inbound_sms`, shared with every carrier.
//!
//! Voice at `POST /plivo/voice…` (`voice.rs`), inbound SMS at `POST /plivo/sms` answered
//! inline with `<Message src dst>`, and outbound SMS and calls through Plivo's REST API
//! (`rest.rs`). Without `PLIVO_AUTH_TOKEN` every Plivo request is refused: nothing unsigned
//! is answered.

pub mod rest;
pub mod signature;
pub mod voice;

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::inbound_sms::InboundSms;
use super::{clean_text, record};
use crate::app::AppState;
use crate::domain::{mask, MessageSid, PhoneNumber};

/// Why a Plivo request was refused before the domain saw it.
#[derive(Debug, thiserror::Error)]
pub enum PlivoError {
    #[error("PLIVO_AUTH_TOKEN is not set: Plivo requests cannot be verified")]
    NotConfigured,
    #[error("missing X-Plivo-Signature-V3 or its nonce")]
    MissingSignature,
    #[error("X-Plivo-Signature-V3 does not match this request")]
    BadSignature,
    #[error("body is not a form: {0}")]
    Garbled(String),
    #[error("missing or invalid field {0}")]
    Field(&'static str),
    #[error("unknown voice step '{0}'")]
    UnknownStep(String),
}

impl IntoResponse for PlivoError {
    fn into_response(self) -> Response {
        let status = match self {
            Self::NotConfigured | Self::MissingSignature | Self::BadSignature => {
                StatusCode::FORBIDDEN
            }
            Self::Garbled(_) | Self::Field(_) => StatusCode::BAD_REQUEST,
            Self::UnknownStep(_) => StatusCode::NOT_FOUND,
        };
        super::refused("plivo", status, &self)
    }
}

/// A Plivo form post whose V3 signature has been checked against the public URL.
pub struct PlivoForm {
    /// Every POST parameter, in the order sent.
    pub params: Vec<(String, String)>,
    /// The query string's parameters (our own, in the URLs we gave Plivo; signed too).
    pub query: std::collections::HashMap<String, String>,
}

impl PlivoForm {
    fn get(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl FromRequest<Arc<AppState>> for PlivoForm {
    type Rejection = PlivoError;

    async fn from_request(req: Request, state: &Arc<AppState>) -> Result<Self, Self::Rejection> {
        let token = state
            .settings
            .plivo_auth_token
            .clone()
            .ok_or(PlivoError::NotConfigured)?;
        let uri: Uri = req.uri().clone();
        let headers: HeaderMap = req.headers().clone();
        let body = Bytes::from_request(req, state)
            .await
            .map_err(|r| PlivoError::Garbled(r.body_text()))?;
        let params = super::parse_form(&body).map_err(PlivoError::Garbled)?;
        let mut seen = std::collections::HashSet::new();
        if !params.iter().all(|(k, _)| seen.insert(k.as_str())) {
            return Err(PlivoError::Garbled("a field is repeated".into()));
        }
        let header_of = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let (Some(signature), Some(nonce)) = (
            header_of("x-plivo-signature-v3"),
            header_of("x-plivo-signature-v3-nonce"),
        ) else {
            return Err(PlivoError::MissingSignature);
        };
        let path_and_query = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
        let url = format!("{}{}", state.settings.public_url, path_and_query);
        if !signature::validate(&token, &url, &params, nonce, signature) {
            return Err(PlivoError::BadSignature);
        }
        Ok(Self {
            params,
            query: super::query_of(&uri),
        })
    }
}

/// A number as Plivo writes it (`919876543210`, no plus) or in E.164.
pub fn plivo_number(raw: &str) -> Option<PhoneNumber> {
    let raw = raw.trim();
    if raw.starts_with('+') {
        return PhoneNumber::parse(raw).ok();
    }
    PhoneNumber::parse(&format!("+{raw}")).ok()
}

/// `POST /plivo/sms`: an inbound text, answered inline with Plivo's `<Message>`.
pub async fn sms(
    State(state): State<Arc<AppState>>,
    form: PlivoForm,
) -> Result<Response, PlivoError> {
    let started = Instant::now();
    let id = form
        .get("MessageUUID")
        .and_then(|s| MessageSid::parse_any(s).ok())
        .ok_or(PlivoError::Field("MessageUUID"))?;
    tracing::Span::current().record("sid", id.as_str());
    let (from_raw, to_raw) = (form.get("From").unwrap_or(""), form.get("To").unwrap_or(""));
    let Some(from) = plivo_number(from_raw) else {
        tracing::info!(from = %mask(from_raw, 2, 2), "SMS from a non-phone sender ignored");
        record("plivo-sms", "ignored", started);
        return Ok(xml_response(message_xml(None)));
    };
    let sms = InboundSms {
        id,
        from,
        to: to_raw.to_owned(),
        body: clean_text(form.get("Text").unwrap_or("")),
    };
    let (text, outcome) = super::inbound_sms::answer(&state, &sms, started).await;
    record("plivo-sms", outcome, started);
    let reply = (!text.is_empty()).then_some((to_raw, from_raw, text.as_str()));
    Ok(xml_response(message_xml(reply)))
}

/// `<Response>` with one `<Message src dst type="sms">` (from our number back to the sender),
/// or empty.
pub fn message_xml(reply: Option<(&str, &str, &str)>) -> String {
    let mut w = Writer::new(Vec::with_capacity(256));
    let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let _ = w.write_event(Event::Start(BytesStart::new("Response")));
    if let Some((src, dst, text)) = reply {
        let mut message = BytesStart::new("Message");
        message.push_attribute(("src", src));
        message.push_attribute(("dst", dst));
        message.push_attribute(("type", "sms"));
        let _ = w.write_event(Event::Start(message));
        let _ = w.write_event(Event::Text(BytesText::new(text)));
        let _ = w.write_event(Event::End(BytesEnd::new("Message")));
    }
    let _ = w.write_event(Event::End(BytesEnd::new("Response")));
    String::from_utf8(w.into_inner()).expect("writer only receives UTF-8")
}

fn xml_response(xml: String) -> Response {
    (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        xml,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_come_with_or_without_the_plus() {
        assert_eq!(
            plivo_number("919876543210").unwrap().as_str(),
            "+919876543210"
        );
        assert_eq!(
            plivo_number("+919876543210").unwrap().as_str(),
            "+919876543210"
        );
        assert!(plivo_number("VM-DSDOCR").is_none());
    }

    #[test]
    fn the_reply_is_escaped_and_goes_back_to_the_sender() {
        let xml = message_xml(Some(("911800", "919800", "a < b & \"c\"")));
        assert!(xml.contains(r#"<Message src="911800" dst="919800" type="sms">a &lt; b &amp; &quot;c&quot;</Message>"#), "{xml}");
        assert!(message_xml(None).ends_with("<Response></Response>"));
    }
}
