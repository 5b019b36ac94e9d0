//! The console's page frame: the interface text in the staff member's language, the
//! navigation of their role, the hidden fields every form carries, and failure pages.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use fluent_bundle::FluentValue;
use maud::{html, Markup, DOCTYPE};

use super::auth::{cookie, random_token, Failure, Role, Staff, LANG_COOKIE};
use crate::app::AppState;
use crate::languages::{Catalog, Language};

/// Small, so a page loads on 2G: no fonts, no images, no scripts.
const STYLE: &str = "body{font:16px/1.4 sans-serif;margin:0 auto;max-width:40em;padding:0 .6em;color:#111}\
nav{display:flex;flex-wrap:wrap;gap:.8em;padding:.5em 0;border-bottom:1px solid #ccc}\
nav form{margin:0}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3em;text-align:left;vertical-align:top}\
input,select,textarea,button{font:inherit;max-width:100%}input[type=text],input[type=tel],input[type=number],textarea{width:100%;box-sizing:border-box}\
button{padding:.4em .8em;margin:.2em 0}.urgent{color:#a00;font-weight:bold}.note{background:#ffd;padding:.4em}\
.error{background:#fdd;padding:.4em}.row{display:grid;grid-template-columns:2fr 1fr 1fr 4em;gap:.3em}\
h1{font-size:1.3em}h2{font-size:1.1em;margin-top:1.2em}svg{max-width:100%;height:auto}";

/// The interface text in one language.
pub struct Ui<'a> {
    pub catalog: &'a Catalog,
    pub lang: Language,
}

impl<'a> Ui<'a> {
    /// The text of a staff member's pages.
    pub fn of(state: &'a AppState, staff: &Staff) -> Self {
        Self {
            catalog: &state.catalog,
            lang: staff.lang.clone(),
        }
    }

    /// A message without arguments.
    pub fn t(&self, id: &str) -> String {
        self.catalog.text(&self.lang, id, &[])
    }

    /// A message with arguments.
    pub fn ta(&self, id: &str, args: &[(&str, FluentValue)]) -> String {
        self.catalog.text(&self.lang, id, args)
    }
}

/// The hidden fields of a form: the session's CSRF token and a fresh one-time value.
pub fn guard(staff: &Staff) -> Markup {
    html! {
        input type="hidden" name="csrf" value=(staff.csrf);
        input type="hidden" name="once" value=(random_token()[..24]);
    }
}

/// A whole page: the role's navigation, then the body.
pub fn page(ui: &Ui, staff: Option<&Staff>, title: &str, body: Markup) -> Response {
    page_refreshed(ui, staff, title, body, None)
}

/// As [`page`], reloaded by the browser every `refresh` seconds (the queue: a doctor sees
/// new patients without a script).
pub fn page_refreshed(
    ui: &Ui,
    staff: Option<&Staff>,
    title: &str,
    body: Markup,
    refresh: Option<u32>,
) -> Response {
    let nav = staff.map(|s| nav(ui, s));
    let markup = html! {
        (DOCTYPE)
        html lang=(ui.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                @if let Some(secs) = refresh { meta http-equiv="refresh" content=(secs); }
                title { (title) " · DoorStepDoctor" }
                style { (STYLE) }
            }
            body {
                @if let Some(nav) = nav { (nav) }
                main {
                    h1 { (title) }
                    (body)
                }
            }
        }
    };
    let mut response = Html(markup.into_string()).into_response();
    // Pages hold patients' records: never kept by a shared browser or a proxy.
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    response
}

fn nav(ui: &Ui, staff: &Staff) -> Markup {
    let links: &[(&str, &str)] = match staff.role {
        Role::Doctor(_) => &[("/console/queue", "console-nav-queue")],
        Role::Pharmacist { .. } => &[
            ("/console/orders", "console-nav-orders"),
            ("/console/stock", "console-nav-stock"),
        ],
        Role::Operator => &[
            ("/console/health", "console-nav-health"),
            ("/console/roster", "console-nav-roster"),
            ("/console/callbacks", "console-nav-callbacks"),
            ("/console/outbox", "console-nav-outbox"),
        ],
    };
    html! {
        nav {
            @for (href, id) in links { a href=(href) { (ui.t(id)) } }
            form method="post" action="/console/sign-out" {
                (guard(staff))
                button type="submit" { (ui.t("console-sign-out")) }
            }
        }
    }
}

/// Renders a failure (see [`super::auth::ConsoleError`]) as a page in the staff member's
/// language: one place turns every refusal into words.
pub async fn render_failures(
    State(state): State<Arc<AppState>>,
    req: Request,
    next: Next,
) -> Response {
    let lang = cookie(req.headers(), LANG_COOKIE)
        .and_then(|l| state.catalog.parse(&l))
        .unwrap_or_else(|| state.catalog.fallback());
    let response = next.run(req).await;
    let Some(Failure(id)) = response.extensions().get::<Failure>().copied() else {
        return response;
    };
    let ui = Ui {
        catalog: &state.catalog,
        lang,
    };
    let body = html! {
        p class="error" { (ui.t(id)) }
        p { a href="/console" { (ui.t("console-back")) } }
    };
    let mut page = page(&ui, None, &ui.t("console-problem"), body);
    *page.status_mut() = response.status();
    page
}

/// Minutes (or hours) since a time, as a queue shows a wait.
pub fn waited(ui: &Ui, since: i64, now: i64) -> String {
    let minutes = ((now - since).max(0) / 60).max(0);
    if minutes < 120 {
        ui.ta("console-minutes", &[("n", minutes.into())])
    } else {
        ui.ta("console-hours", &[("n", (minutes / 60).into())])
    }
}
