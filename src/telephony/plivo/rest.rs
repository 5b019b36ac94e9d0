//! Plivo's REST API for the SMS we send on our own initiative (reminders, prescriptions,
//! sign-in codes): `POST /v1/Account/{auth_id}/Message/` with basic auth and a JSON body.
//! The base URL is configurable (`PLIVO_API_BASE`), so tests run against loopback.

use serde::Deserialize;

use crate::telephony::rest::{failure, http_client, SendError};

/// What sending needs: the account, its token and our number.
#[derive(Clone)]
pub struct PlivoRest {
    client: reqwest::Client,
    base: String,
    auth_id: String,
    auth_token: String,
    /// Our number, as Plivo writes numbers (digits, no plus).
    from: String,
}

#[derive(Deserialize)]
struct Queued {
    message_uuid: Vec<String>,
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
        }
    }

    /// Sends an SMS; returns its message UUID.
    pub async fn send_sms(&self, to: &str, body: &str) -> Result<String, SendError> {
        let url = format!("{}/v1/Account/{}/Message/", self.base, self.auth_id);
        let payload = serde_json::json!({
            "src": self.from,
            "dst": to.trim_start_matches('+'),
            "text": body,
        });
        let resp = self
            .client
            .post(url)
            .basic_auth(&self.auth_id, Some(&self.auth_token))
            .json(&payload)
            .send()
            .await
            .map_err(|e| SendError::Temporary(e.to_string()))?;
        let status = resp.status();
        let text = resp
            .text()
            .await
            .map_err(|e| SendError::Temporary(e.to_string()))?;
        if status.is_success() {
            return serde_json::from_str::<Queued>(&text)
                .ok()
                .and_then(|q| q.message_uuid.into_iter().next())
                .ok_or_else(|| SendError::Temporary(format!("unreadable answer: {text}")));
        }
        let detail = serde_json::from_str::<PlivoError>(&text)
            .ok()
            .and_then(|e| e.error)
            .map(|e| e.to_string())
            .unwrap_or_else(|| text.chars().take(200).collect());
        Err(failure(status, &detail))
    }
}
