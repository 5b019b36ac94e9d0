//! The web console, for staff on a phone's browser over a weak connection: doctors work the
//! queue, a patient's record within their own consultation and prescriptions; pharmacists
//! their orders and stock; operators the roster, the outbox and the line's health.
//!
//! Server-rendered HTML (maud), usable without JavaScript, small pages. Sign-in is by a
//! one-time code sent by SMS (`sign_in.rs`); sessions and claimed forms live in the database
//! (`store/console.rs`), so any node serves any page. Every form carries the session's CSRF
//! token and a one-time value ([`auth::Posted`]), so a forged or double-submitted form does
//! nothing. Domain actions go through the same services as the SMS commands (`care`,
//! `pharmacy`, `import`): this module must not decide anything those decide.

mod auth;
mod chart;
mod doctor;
mod operator;
mod page;
mod pharmacist;
mod sign_in;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::app::AppState;
pub use auth::{Role, Staff};

/// Sessions end this long after sign-in.
pub const SESSION_SECS: i64 = 12 * 3600;

/// Every console URL.
pub fn router(state: Arc<AppState>) -> Router<Arc<AppState>> {
    Router::new()
        .route("/console", get(home))
        .route(
            "/console/sign-in",
            get(sign_in::form).post(sign_in::send_code),
        )
        .route("/console/verify", post(sign_in::verify))
        .route("/console/sign-out", post(sign_in::sign_out))
        .route("/console/queue", get(doctor::queue))
        .route("/console/availability", post(doctor::availability))
        .route("/console/consultations/{id}", get(doctor::consultation))
        .route("/console/consultations/{id}/accept", post(doctor::accept))
        .route("/console/consultations/{id}/call", post(doctor::call))
        .route(
            "/console/consultations/{id}/complete",
            post(doctor::complete),
        )
        .route(
            "/console/consultations/{id}/prescription",
            post(doctor::prescribe),
        )
        .route("/console/orders", get(pharmacist::orders))
        .route("/console/orders/{id}/{step}", post(pharmacist::step))
        .route(
            "/console/stock",
            get(pharmacist::stock).post(pharmacist::add_stock),
        )
        .route("/console/stock/{id}", post(pharmacist::edit_stock))
        .route("/console/roster", get(operator::roster))
        .route(
            "/console/roster/{kind}",
            post(operator::upload).layer(DefaultBodyLimit::max(operator::MAX_UPLOAD_BYTES)),
        )
        .route("/console/callbacks", get(operator::callbacks))
        .route("/console/outbox", get(operator::outbox))
        .route("/console/outbox/{id}/retry", post(operator::retry))
        .route("/console/health", get(operator::health))
        .layer(axum::middleware::from_fn_with_state(
            state,
            page::render_failures,
        ))
}

/// Each role's first page.
async fn home(staff: Staff) -> Response {
    let to = match staff.role {
        Role::Doctor(_) => "/console/queue",
        Role::Pharmacist { .. } => "/console/orders",
        Role::Operator => "/console/health",
    };
    Redirect::to(to).into_response()
}
