//! Sign-in by a one-time code sent by SMS. Only numbers on the roster (doctors, pharmacies,
//! operators) get a code, and every page reads the same whether the number exists or not.
//! Codes are 6 digits, stored as an HMAC under the deployment's console secret, valid for 5
//! minutes and 5 tries; a number gets at most 5 codes an hour.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use hmac::{Hmac, Mac};
use maud::html;
use rand::Rng;
use serde::Deserialize;
use sha2::Sha256;

use super::auth::{
    cookie, random_token, same_secret, set_cookie, sha256_hex, staff_language, ConsoleError,
    Posted, Role, LANG_COOKIE, PRE_COOKIE, SESSION_COOKIE,
};
use super::page::{page, Ui};
use super::SESSION_SECS;
use crate::app::AppState;
use crate::domain::{now_unix, PhoneNumber};
use crate::store::{Outgoing, SessionRow};

/// A code works this long.
pub const CODE_SECS: i64 = 300;
/// Wrong tries a code survives.
pub const MAX_TRIES: i64 = 5;
/// Codes a number may be sent in an hour.
pub const MAX_SENDS_PER_HOUR: i64 = 5;

/// The sign-in form: the number.
pub async fn form(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let pre = cookie(&headers, PRE_COOKIE).unwrap_or_else(random_token);
    let ui = ui(&state, &headers);
    let body = html! {
        form method="post" action="/console/sign-in" {
            input type="hidden" name="csrf" value=(pre);
            label for="phone" { (ui.t("console-phone")) }
            input type="tel" id="phone" name="phone" autocomplete="tel" required;
            button type="submit" { (ui.t("console-send-code")) }
        }
    };
    let mut response = page(&ui, None, &ui.t("console-sign-in"), body);
    set(&mut response, &set_cookie(&state, PRE_COOKIE, &pre, 3600));
    response
}

/// What the sign-in forms post.
#[derive(Deserialize)]
pub struct SignIn {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    code: String,
}

/// Sends a code if the number may sign in; the answer is the same either way.
pub async fn send_code(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(f): Form<SignIn>,
) -> Result<Response, ConsoleError> {
    let (ui, phone) = match posted_phone(&state, &headers, &f)? {
        Ok(read) => read,
        Err(again) => return Ok(again),
    };
    // Whether the number is on the roster is found out after the answer, so the answer takes
    // the same time for every number.
    let (state_bg, phone_bg) = (state.clone(), phone.clone());
    state.spawn(async move {
        if let Err(e) = send_if_on_roster(&state_bg, &phone_bg).await {
            tracing::error!(error = ?e, "console sign-in code not sent");
        }
    });
    Ok(code_form(&ui, &f.csrf, &phone, None))
}

/// Texts a code to a roster number, within the hourly limit.
async fn send_if_on_roster(state: &AppState, phone: &PhoneNumber) -> Result<(), ConsoleError> {
    let Some(role) = roster_role(state, phone).await? else {
        return Ok(());
    };
    let now = now_unix();
    if state
        .store
        .count_code_send(phone, now, MAX_SENDS_PER_HOUR)
        .await?
    {
        send_sms_code(state, &role, phone, now).await?;
    } else {
        tracing::warn!(%phone, "console sign-in codes: hourly limit reached");
    }
    Ok(())
}

/// The sign-in form's number, after its token is checked; or the form again, if the number
/// cannot be read.
fn posted_phone<'a>(
    state: &'a AppState,
    headers: &HeaderMap,
    f: &SignIn,
) -> Result<Result<(Ui<'a>, PhoneNumber), Response>, ConsoleError> {
    check_pre(headers, &f.csrf)?;
    let ui = ui(state, headers);
    Ok(match console_phone(&f.phone) {
        Some(phone) => Ok((ui, phone)),
        None => Err(phone_again(&ui, &f.csrf, "console-phone-invalid")),
    })
}

/// A new code, stored as its hash and texted in the staff member's language.
async fn send_sms_code(
    state: &AppState,
    role: &Role,
    phone: &PhoneNumber,
    now: i64,
) -> Result<(), ConsoleError> {
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
    let hash = code_hash(&state.settings.console_secret, phone, &code);
    let id = state
        .store
        .add_sign_in_code(phone, &hash, now, now + CODE_SECS)
        .await?;
    let lang = staff_language(state, role, phone).await?;
    let args = [("code", code.as_str().into())];
    let text = state.catalog.text(&lang, "console-code-sms", &args);
    let key = format!("console-code:{id}");
    state
        .store
        .enqueue_outbox(Outgoing::Sms, phone, &text, &key)
        .await?;
    tracing::info!(%phone, "console sign-in code sent");
    Ok(())
}

/// Checks the code; signs in with a new session.
pub async fn verify(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(f): Form<SignIn>,
) -> Result<Response, ConsoleError> {
    let (ui, phone) = match posted_phone(&state, &headers, &f)? {
        Ok(read) => read,
        Err(again) => return Ok(again),
    };
    let now = now_unix();
    let wrong = || {
        let mut r = code_form(&ui, &f.csrf, &phone, Some("console-code-wrong"));
        *r.status_mut() = StatusCode::UNAUTHORIZED;
        r
    };
    let code: String = crate::text::ascii_digits(&f.code)
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let given = code_hash(&state.settings.console_secret, &phone, &code);
    let open = state
        .store
        .open_sign_in_codes(&phone, now, MAX_TRIES)
        .await?;
    let Some(matched) = open.iter().find(|c| same_secret(&given, &c.code_hash)) else {
        // Counted the same way whether the number has codes or not.
        state.store.sign_in_codes_wrong(&phone, now).await?;
        tracing::warn!(%phone, "console sign-in: wrong or expired code");
        return Ok(wrong());
    };
    let role = roster_role(&state, &phone).await?;
    let (Some(role), true) = (
        role,
        state.store.use_sign_in_code(matched.id, MAX_TRIES).await?,
    ) else {
        return Ok(wrong());
    };
    let token = random_token();
    let (role_name, subject_id) = match &role {
        Role::Doctor(d) => ("doctor", d.id),
        Role::Pharmacist { id, .. } => ("pharmacist", *id),
        Role::Operator => ("operator", 0),
    };
    let session = SessionRow {
        token_hash: sha256_hex(&token),
        phone: phone.as_str().to_owned(),
        role: role_name.to_owned(),
        subject_id,
        csrf: random_token(),
        expires_at: now + SESSION_SECS,
    };
    state.store.add_session(&session, now).await?;
    let lang = staff_language(&state, &role, &phone).await?;
    state
        .store
        .audit(
            &format!("{role_name}:{subject_id}"),
            "console_sign_in",
            &format!("{role_name}:{subject_id}"),
            "",
        )
        .await?;
    let mut response = Redirect::to("/console").into_response();
    set(
        &mut response,
        &set_cookie(&state, SESSION_COOKIE, &token, SESSION_SECS),
    );
    set(
        &mut response,
        &set_cookie(&state, LANG_COOKIE, lang.code(), SESSION_SECS),
    );
    set(&mut response, &set_cookie(&state, PRE_COOKIE, "", 0));
    Ok(response)
}

/// Nothing but the guard fields.
#[derive(Deserialize)]
pub struct Empty {}

/// Ends the session.
pub async fn sign_out(
    State(state): State<Arc<AppState>>,
    posted: Posted<Empty>,
) -> Result<Response, ConsoleError> {
    state
        .store
        .end_session(&posted.staff.token_hash, now_unix())
        .await?;
    let mut response = Redirect::to("/console/sign-in").into_response();
    set(&mut response, &set_cookie(&state, SESSION_COOKIE, "", 0));
    Ok(response)
}

/// A number typed into the sign-in form: E.164, or an Indian mobile's 10 digits.
pub fn console_phone(raw: &str) -> Option<PhoneNumber> {
    let digits: String = crate::text::ascii_digits(raw)
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .collect();
    if digits.len() == 10 && digits.bytes().all(|b| b.is_ascii_digit()) {
        return PhoneNumber::parse(&format!("+91{digits}")).ok();
    }
    PhoneNumber::parse(&digits).ok()
}

/// What a number is on the roster, if anything: doctor, pharmacy, operator.
async fn roster_role(state: &AppState, phone: &PhoneNumber) -> Result<Option<Role>, ConsoleError> {
    let store = &state.store;
    if store.console_blocked(phone).await? {
        return Ok(None);
    }
    if let Some(d) = store.doctor_by_phone(phone).await? {
        return Ok(Some(Role::Doctor(d)));
    }
    if let Some((id, name)) = store.pharmacy_by_phone(phone).await? {
        return Ok(Some(Role::Pharmacist { id, name }));
    }
    Ok(store.is_operator(phone).await?.then_some(Role::Operator))
}

/// The code's HMAC: a stolen database gives no codes without the deployment's secret.
fn code_hash(secret: &str, phone: &PhoneNumber, code: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(phone.as_str().as_bytes());
    mac.update(b":");
    mac.update(code.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The sign-in forms carry the token of the `dsd_pre` cookie.
fn check_pre(headers: &HeaderMap, given: &str) -> Result<(), ConsoleError> {
    match cookie(headers, PRE_COOKIE) {
        Some(expected) if same_secret(given, &expected) => Ok(()),
        _ => Err(ConsoleError::Forbidden),
    }
}

fn ui<'a>(state: &'a AppState, headers: &HeaderMap) -> Ui<'a> {
    Ui {
        catalog: &state.catalog,
        lang: cookie(headers, LANG_COOKIE)
            .and_then(|l| state.catalog.parse(&l))
            .unwrap_or_else(|| state.catalog.fallback()),
    }
}

fn code_form(ui: &Ui, pre: &str, phone: &PhoneNumber, error: Option<&str>) -> Response {
    let body = html! {
        @if let Some(id) = error { p class="error" { (ui.t(id)) } }
        p class="note" { (ui.t("console-code-sent")) }
        form method="post" action="/console/verify" {
            input type="hidden" name="csrf" value=(pre);
            input type="hidden" name="phone" value=(phone.as_str());
            label for="code" { (ui.t("console-code")) }
            input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required;
            button type="submit" { (ui.t("console-sign-in")) }
        }
        p { a href="/console/sign-in" { (ui.t("console-other-number")) } }
    };
    page(ui, None, &ui.t("console-sign-in"), body)
}

fn phone_again(ui: &Ui, pre: &str, error: &str) -> Response {
    let body = html! {
        p class="error" { (ui.t(error)) }
        form method="post" action="/console/sign-in" {
            input type="hidden" name="csrf" value=(pre);
            label for="phone" { (ui.t("console-phone")) }
            input type="tel" id="phone" name="phone" required;
            button type="submit" { (ui.t("console-send-code")) }
        }
    };
    let mut r = page(ui, None, &ui.t("console-sign-in"), body);
    *r.status_mut() = StatusCode::BAD_REQUEST;
    r
}

fn set(response: &mut Response, cookie: &str) {
    if let Ok(v) = header::HeaderValue::from_str(cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_read_as_typed_on_an_indian_phone() {
        let p = |s: &str| console_phone(s).map(|p| p.as_str().to_owned());
        assert_eq!(p("98765 43210").as_deref(), Some("+919876543210"));
        assert_eq!(p("+91 98765-43210").as_deref(), Some("+919876543210"));
        assert_eq!(p("९८७६५४३२१०").as_deref(), Some("+919876543210"));
        assert_eq!(p("12345"), None);
    }

    #[test]
    fn a_code_hash_depends_on_the_secret_the_number_and_the_code() {
        let phone = PhoneNumber::parse("+919876543210").unwrap();
        let other = PhoneNumber::parse("+919876543211").unwrap();
        let h = code_hash("s", &phone, "123456");
        assert_eq!(h, code_hash("s", &phone, "123456"));
        assert_ne!(h, code_hash("t", &phone, "123456"));
        assert_ne!(h, code_hash("s", &other, "123456"));
        assert_ne!(h, code_hash("s", &phone, "123457"));
    }
}
