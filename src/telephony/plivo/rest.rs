//! Plivo's REST API for the SMS we send and the calls we place on our own initiative
//! (reminders, prescriptions, sign-in codes, callbacks): `POST /v1/Account/{auth_id}/Message/`
//! and `…/Call/`, with basic auth and a JSON body.
//! The base URL is configurable (`PLIVO_API_BASE`), so tests run against loopback.

use serde::Deserialize;

use crate::telephony::lines::Outbound;
use crate::telephony::rest::{http_client, send, SendError};

/// What sending needs: the account, its token and our number.
#[derive(Clone)]
pub struct PlivoRest {
    client: reqwest::Client,
    base: String,
    auth_id: String,
    auth_token: String,
    /// Our number, as Plivo writes numbers (digits, no plus).
    from: String,
    /// Our public URL: a placed call's answer and hang-up webhooks go there.
    public_url: Option<String>,
}

#[derive(Deserialize)]
struct Queued {
    message_uuid: Vec<String>,
}

/// `{"api_id": …, "message": "call fired", "request_uuid": "…"}` (a list for bulk calls).
#[derive(Deserialize)]
struct Fired {
    #[serde(deserialize_with = "one_or_many")]
    request_uuid: Vec<String>,
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

#[derive(Deserialize)]
struct PlivoError {
    error: Option<serde_json::Value>,
}

impl PlivoRest {
    /// A client for `base` (normally `https://api.plivo.com`).
    pub fn new(base: &str, auth_id: &str, auth_token: &str, from: &str) -> Self {
        Self {
            client: http_client(),
            base: base.trim_end_matches('/').to_owned(),
            auth_id: auth_id.to_owned(),
            auth_token: auth_token.to_owned(),
            from: from.trim_start_matches('+').to_owned(),
            public_url: None,
        }
    }

    /// Places calls whose webhooks reach this service at `public_url`.
    pub fn with_public_url(mut self, public_url: &str) -> Self {
        self.public_url = Some(public_url.trim_end_matches('/').to_owned());
        self
    }

    /// Posts `payload` to the account's `resource`; the answer's body when Plivo took it.
    async fn post(&self, resource: &str, payload: &serde_json::Value) -> Result<String, SendError> {
        let url = format!("{}/v1/Account/{}/{resource}/", self.base, self.auth_id);
        let request = self
            .client
            .post(url)
            .basic_auth(&self.auth_id, Some(&self.auth_token))
            .json(payload);
        send(request, |body| {
            let e = serde_json::from_str::<PlivoError>(body).ok()?.error?;
            Some(e.to_string())
        })
        .await
    }
}

impl Outbound for PlivoRest {
    /// Our number this client sends from unless told another (as Plivo writes it).
    fn number(&self) -> &str {
        &self.from
    }

    /// Places a call from our number `from` for `body` (a stored [`crate::ivr::Intent`]) through `POST
    /// /v1/Account/{auth_id}/Call/`; returns its request UUID, which Plivo's webhooks for
    /// the call carry as `RequestUUID`.
    async fn place_call(&self, from: &str, to: &str, body: &str) -> Result<String, SendError> {
        let public = self.public_url.as_deref().ok_or_else(|| {
            SendError::Permanent("calls need DOORSTEP_PUBLIC_URL for their webhooks".into())
        })?;
        let intent = crate::ivr::Intent::parse_stored(body)
            .ok_or_else(|| SendError::Permanent(format!("not a call Plivo can place: {body}")))?;
        let payload = serde_json::json!({
            "from": from.trim_start_matches('+'),
            "to": to.trim_start_matches('+'),
            "answer_url": crate::telephony::voice::placed_call_url(public, "plivo", intent),
            "answer_method": "POST",
            "hangup_url": format!("{public}/plivo/voice/status"),
            "hangup_method": "POST",
        });
        let text = self.post("Call", &payload).await?;
        serde_json::from_str::<Fired>(&text)
            .ok()
            .and_then(|f| f.request_uuid.into_iter().next())
            .ok_or_else(|| SendError::Temporary(format!("unreadable answer: {text}")))
    }

    /// Sends an SMS from our number `from`; returns its message UUID.
    async fn send_sms(&self, from: &str, to: &str, body: &str) -> Result<String, SendError> {
        let payload = serde_json::json!({
            "src": from.trim_start_matches('+'),
            "dst": to.trim_start_matches('+'),
            "text": body,
        });
        let text = self.post("Message", &payload).await?;
        serde_json::from_str::<Queued>(&text)
            .ok()
            .and_then(|q| q.message_uuid.into_iter().next())
            .ok_or_else(|| SendError::Temporary(format!("unreadable answer: {text}")))
    }
}
