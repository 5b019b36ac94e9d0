//! Who is signed in, and what a posted form must carry: the session cookie (HttpOnly,
//! SameSite=Strict, the database holding only its hash), the session's CSRF token, and a
//! one-time value claimed on first submission.

use std::sync::Arc;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use rand::RngCore;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::app::AppState;
use crate::domain::{now_unix, PhoneNumber};
use crate::languages::Language;
use crate::store::{stored_phone, Doctor, StoreError};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "dsd_session";
/// The cookie that carries the sign-in form's CSRF token before there is a session.
pub const PRE_COOKIE: &str = "dsd_pre";
/// The cookie naming the staff member's language, for pages rendered before a session.
pub const LANG_COOKIE: &str = "dsd_lang";
/// Forms are small: a prescription of a few rows, a line of stock. CSV uploads are larger.
const MAX_FORM_BYTES: usize = 32 * 1024;

/// What the signed-in member of staff is.
#[derive(Clone, Debug)]
pub enum Role {
    Doctor(Doctor),
    Pharmacist { id: i64, name: String },
    Operator,
}

/// A signed-in member of staff, checked against the roster on every request.
#[derive(Clone, Debug)]
pub struct Staff {
    pub role: Role,
    pub phone: PhoneNumber,
    /// The language their pages are in.
    pub lang: Language,
    /// The session's CSRF token, put in every form.
    pub csrf: String,
    /// The hash of the session's token (the key its forms are claimed under).
    pub token_hash: String,
}

impl Staff {
    /// The audit log's name for them.
    pub fn actor(&self) -> String {
        match &self.role {
            Role::Doctor(d) => format!("doctor:{}", d.id),
            Role::Pharmacist { id, .. } => format!("pharmacy:{id}"),
            Role::Operator => format!(
                "operator:{}",
                crate::domain::mask(self.phone.as_str(), 3, 4)
            ),
        }
    }

    /// The doctor, or a refusal for anyone else.
    pub fn doctor(&self) -> Result<&Doctor, ConsoleError> {
        match &self.role {
            Role::Doctor(d) => Ok(d),
            _ => Err(ConsoleError::Forbidden),
        }
    }

    /// The pharmacy's id, or a refusal for anyone else.
    pub fn pharmacy(&self) -> Result<i64, ConsoleError> {
        match &self.role {
            Role::Pharmacist { id, .. } => Ok(*id),
            _ => Err(ConsoleError::Forbidden),
        }
    }

    /// Nothing, or a refusal for anyone but an operator.
    pub fn operator(&self) -> Result<(), ConsoleError> {
        match &self.role {
            Role::Operator => Ok(()),
            _ => Err(ConsoleError::Forbidden),
        }
    }
}

/// Why a console request was not served; rendered as a page by [`super::page::render_failures`].
#[derive(Debug)]
pub enum ConsoleError {
    /// No session (or it expired): to the sign-in page.
    SignIn,
    /// Not this role's page, or the CSRF token is missing or wrong.
    Forbidden,
    /// Not there, or not theirs: the two look the same.
    NotFound,
    /// The form was submitted before.
    AlreadyDone,
    /// The form could not be read.
    BadForm,
    /// Storage failed.
    Unavailable(StoreError),
}

impl From<StoreError> for ConsoleError {
    fn from(e: StoreError) -> Self {
        Self::Unavailable(e)
    }
}

/// Which failure a response is, for the page renderer.
#[derive(Clone, Copy, Debug)]
pub struct Failure(pub &'static str);

impl IntoResponse for ConsoleError {
    fn into_response(self) -> Response {
        let (status, id) = match &self {
            Self::SignIn => return Redirect::to("/console/sign-in").into_response(),
            Self::Forbidden => (StatusCode::FORBIDDEN, "console-forbidden"),
            Self::NotFound => (StatusCode::NOT_FOUND, "console-not-found"),
            Self::AlreadyDone => (StatusCode::CONFLICT, "console-already-done"),
            Self::BadForm => (StatusCode::BAD_REQUEST, "console-bad-form"),
            Self::Unavailable(e) => {
                tracing::error!(error = %e, "console: storage failed");
                (StatusCode::SERVICE_UNAVAILABLE, "console-unavailable")
            }
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(Failure(id));
        response
    }
}

impl FromRequestParts<Arc<AppState>> for Staff {
    type Rejection = ConsoleError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let token = cookie(&parts.headers, SESSION_COOKIE).ok_or(ConsoleError::SignIn)?;
        let token_hash = sha256_hex(&token);
        let store = &state.store;
        let row = store
            .session(&token_hash, now_unix())
            .await?
            .ok_or(ConsoleError::SignIn)?;
        let phone = stored_phone(&row.phone)?;
        let role = match row.role.as_str() {
            "doctor" => Role::Doctor(
                store
                    .doctor(row.subject_id)
                    .await?
                    .filter(|d| d.phone == row.phone)
                    .ok_or(ConsoleError::SignIn)?,
            ),
            "pharmacist" => {
                let (id, name) = store
                    .pharmacy_by_phone(&phone)
                    .await?
                    .filter(|(id, _)| *id == row.subject_id)
                    .ok_or(ConsoleError::SignIn)?;
                Role::Pharmacist { id, name }
            }
            _ if store.is_operator(&phone).await? => Role::Operator,
            _ => return Err(ConsoleError::SignIn),
        };
        let lang = staff_language(state, &role, &phone).await?;
        Ok(Self {
            role,
            phone,
            lang,
            csrf: row.csrf,
            token_hash,
        })
    }
}

/// A doctor's first language; otherwise the language the number last used with us.
pub async fn staff_language(
    state: &AppState,
    role: &Role,
    phone: &PhoneNumber,
) -> Result<Language, StoreError> {
    let catalog = &state.catalog;
    if let Role::Doctor(d) = role {
        if let Some(lang) = d.languages.iter().find_map(|l| catalog.parse(l)) {
            return Ok(lang);
        }
    }
    let stored = state.store.phone(phone).await?.and_then(|p| p.language);
    Ok(stored
        .and_then(|l| catalog.parse(&l))
        .unwrap_or_else(|| catalog.fallback()))
}

/// A posted console form: only from a signed-in member of staff, with the session's CSRF
/// token, and only the first time this rendering of the form is submitted.
pub struct Posted<T> {
    pub staff: Staff,
    pub form: T,
    /// The form's one-time value, claimed.
    once: String,
}

impl<T> Posted<T> {
    /// Gives the form's one-time value back when its action failed, so sending the same
    /// form again (a reload after "try again") does the action rather than "already sent".
    pub async fn unless_failed<R>(
        &self,
        state: &AppState,
        result: Result<R, ConsoleError>,
    ) -> Result<R, ConsoleError> {
        if result.is_err() {
            if let Err(e) = state
                .store
                .release_post(&self.staff.token_hash, &self.once)
                .await
            {
                tracing::warn!(error = %e, "console form value not released");
            }
        }
        result
    }
}

/// The fields every console form carries.
#[derive(Deserialize)]
struct Guard {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    once: String,
}

impl<T: DeserializeOwned + Send> FromRequest<Arc<AppState>> for Posted<T> {
    type Rejection = ConsoleError;

    async fn from_request(req: Request, state: &Arc<AppState>) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let staff = Staff::from_request_parts(&mut parts, state).await?;
        let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES)
            .await
            .map_err(|_| ConsoleError::BadForm)?;
        let guard: Guard =
            serde_urlencoded::from_bytes(&bytes).map_err(|_| ConsoleError::BadForm)?;
        if !same_secret(&guard.csrf, &staff.csrf) || guard.once.is_empty() {
            tracing::warn!(actor = %staff.actor(), "console form refused: CSRF token missing or wrong");
            return Err(ConsoleError::Forbidden);
        }
        let form: T = serde_urlencoded::from_bytes(&bytes).map_err(|_| ConsoleError::BadForm)?;
        if !state
            .store
            .claim_post(&staff.token_hash, &guard.once, now_unix())
            .await?
        {
            return Err(ConsoleError::AlreadyDone);
        }
        Ok(Self {
            staff,
            form,
            once: guard.once,
        })
    }
}

/// Equal secrets, compared in constant time.
pub fn same_secret(given: &str, expected: &str) -> bool {
    !expected.is_empty() && bool::from(given.as_bytes().ct_eq(expected.as_bytes()))
}

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
        .filter(|v| !v.is_empty())
}

/// A `Set-Cookie` value scoped to the console: never readable by scripts, never sent from
/// another site, over HTTPS only when the service is served over HTTPS.
pub fn set_cookie(state: &AppState, name: &str, value: &str, max_age: i64) -> String {
    let secure = if state.settings.public_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    format!("{name}={value}; Path=/console; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}")
}

/// 32 random bytes as hex: session tokens, CSRF tokens.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex(&bytes)
}

/// SHA-256 as hex.
pub fn sha256_hex(s: &str) -> String {
    hex(&Sha256::digest(s.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_is_read_among_others_and_an_empty_one_is_none() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, "a=1; dsd_session=abc; b=2".parse().unwrap());
        assert_eq!(cookie(&headers, SESSION_COOKIE).as_deref(), Some("abc"));
        headers.insert(header::COOKIE, "dsd_session=".parse().unwrap());
        assert_eq!(cookie(&headers, SESSION_COOKIE), None);
    }

    #[test]
    fn an_empty_expected_secret_matches_nothing() {
        assert!(same_secret("x", "x"));
        assert!(!same_secret("", ""));
        assert!(!same_secret("x", "y"));
    }
}
