//! Twilio's REST API for what we send on our own initiative: Messages (SMS) and Calls.
//!
//! A small client over reqwest rather than the `twilio` crate: that crate hardcodes
//! `https://api.twilio.com` and sits on hyper 0.14, so it cannot be pointed at the loopback
//! server our tests run, nor share this service's HTTP stack. The base URL is configurable
//! (`TWILIO_API_BASE`), so tests and regional edges work alike.

use std::time::Duration;

use serde::Deserialize;

use crate::telephony::lines::Outbound;

/// What sending needs: the account, its secret and our number.
#[derive(Clone)]
pub struct TwilioRest {
    client: reqwest::Client,
    base: String,
    account_sid: String,
    auth_token: String,
    from: String,
    /// Our public URL: a placed call's first webhook and its final status (unanswered
    /// reminders are retried) go there.
    public_url: Option<String>,
}

/// How a send failed, and whether trying again may help.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// Network trouble, timeouts, 429 and 5xx: retry later.
    #[error("temporary: {0}")]
    Temporary(String),
    /// Twilio refused the request itself (bad number, unsubscribed, …): do not retry.
    #[error("permanent: {0}")]
    Permanent(String),
}

#[derive(Deserialize)]
struct Created {
    sid: String,
}

#[derive(Deserialize)]
struct TwilioError {
    code: Option<i64>,
    message: Option<String>,
}

impl TwilioRest {
    /// A client for `base` (normally `https://api.twilio.com`).
    pub fn new(base: &str, account_sid: &str, auth_token: &str, from: &str) -> Self {
        Self {
            client: http_client(),
            base: base.trim_end_matches('/').to_owned(),
            account_sid: account_sid.to_owned(),
            auth_token: auth_token.to_owned(),
            from: from.to_owned(),
            public_url: None,
        }
    }

    /// Places calls whose webhooks reach this service at `public_url`.
    pub fn with_public_url(mut self, public_url: &str) -> Self {
        self.public_url = Some(public_url.trim_end_matches('/').to_owned());
        self
    }

    async fn create(&self, resource: &str, form: &[(&str, &str)]) -> Result<String, SendError> {
        let url = format!(
            "{}/2010-04-01/Accounts/{}/{resource}",
            self.base, self.account_sid
        );
        let request = self
            .client
            .post(url)
            .basic_auth(&self.account_sid, Some(&self.auth_token))
            .form(form);
        let text = send(request, |body| {
            let e = serde_json::from_str::<TwilioError>(body).ok()?;
            Some(format!(
                "{} {}",
                e.code.unwrap_or_default(),
                e.message.unwrap_or_default()
            ))
        })
        .await?;
        serde_json::from_str::<Created>(&text)
            .map(|c| c.sid)
            .map_err(|e| SendError::Temporary(format!("unreadable answer: {e}")))
    }
}

/// Sends a carrier's REST request: the body of a 2xx answer, or the refusal classified
/// ([`failure`]) with the carrier's own words for it (`detail` reads them from the body;
/// else the body's start).
pub(crate) async fn send(
    request: reqwest::RequestBuilder,
    detail: impl Fn(&str) -> Option<String>,
) -> Result<String, SendError> {
    let resp = request
        .send()
        .await
        .map_err(|e| SendError::Temporary(e.to_string()))?;
    let status = resp.status();
    let text = resp
        .text()
        .await
        .map_err(|e| SendError::Temporary(e.to_string()))?;
    if status.is_success() {
        return Ok(text);
    }
    let detail = detail(&text).unwrap_or_else(|| text.chars().take(200).collect());
    Err(failure(status, &detail))
}

/// The HTTP client every carrier's REST API is called with: a send never hangs the outbox.
pub(crate) fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(15))
        .build()
        .unwrap_or_default()
}

/// A carrier's refusal: 429 and 5xx may pass (retry later), any other is the request's fault.
pub(crate) fn failure(status: reqwest::StatusCode, detail: &str) -> SendError {
    if status.as_u16() == 429 || status.is_server_error() {
        SendError::Temporary(format!("{status}: {detail}"))
    } else {
        SendError::Permanent(format!("{status}: {detail}"))
    }
}

impl Outbound for TwilioRest {
    /// Our number this client sends from unless told another.
    fn number(&self) -> &str {
        &self.from
    }

    /// Sends an SMS from our number `from`; returns the message SID.
    async fn send_sms(&self, from: &str, to: &str, body: &str) -> Result<String, SendError> {
        self.create(
            "Messages.json",
            &[("To", to), ("From", from), ("Body", body)],
        )
        .await
    }

    /// Places a call from our number `from` for `body` (a stored [`crate::ivr::Intent`]; an
    /// older row's TwiML URL is used as it is); returns the call SID.
    async fn place_call(&self, from: &str, to: &str, body: &str) -> Result<String, SendError> {
        let public = self.public_url.as_deref().ok_or_else(|| {
            SendError::Permanent("calls need DOORSTEP_PUBLIC_URL for their webhooks".into())
        })?;
        let url = match crate::ivr::Intent::parse_stored(body) {
            Some(intent) => crate::telephony::voice::placed_call_url(public, "twilio", intent),
            None if body.starts_with("http") => body.to_owned(),
            None => return Err(SendError::Permanent(format!("not a call: {body}"))),
        };
        let status = format!("{public}/twilio/voice/status");
        let form = [
            ("To", to),
            ("From", from),
            ("Url", url.as_str()),
            ("Method", "POST"),
            ("StatusCallback", status.as_str()),
            ("StatusCallbackMethod", "POST"),
        ];
        self.create("Calls.json", &form).await
    }
}
