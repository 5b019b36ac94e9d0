//! The operator's pages: the roster with CSV upload (the same all-or-nothing, line-numbered
//! checks as `doorstep import`), open callbacks and queued consultations, the outbox with
//! retry, and the line's health drawn as charts. Patients' numbers are masked except on the
//! callbacks page, where the team needs them to call back.

use std::sync::Arc;

use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};

use super::auth::{same_secret, ConsoleError, Posted, Staff};
use super::chart;
use super::page::{guard, page, waited, Ui};
use super::sign_in::Empty;
use crate::app::AppState;
use crate::domain::{india_datetime, india_day_label, mask, now_unix, IST_OFFSET_SECS};
use crate::import::{ImportError, Kind};
use crate::store::{OutboxStatus, PerDay};

/// The health page covers this many days.
const HEALTH_DAYS: i64 = 14;
/// Largest CSV the roster page takes.
pub const MAX_UPLOAD_BYTES: usize = 8 * 1024 * 1024;

/// Doctors and pharmacies, and the upload forms.
pub async fn roster(
    State(state): State<Arc<AppState>>,
    staff: Staff,
) -> Result<Response, ConsoleError> {
    staff.operator()?;
    roster_page(&state, &staff, None).await
}

async fn roster_page(
    state: &AppState,
    staff: &Staff,
    result: Option<Markup>,
) -> Result<Response, ConsoleError> {
    let ui = Ui::of(state, staff);
    let doctors = state.store.roster_doctors().await?;
    let pharmacies = state.store.roster_pharmacies().await?;
    let upload = |kind: &str| {
        html! {
            form method="post" action={ "/console/roster/" (kind) } enctype="multipart/form-data" {
                (guard(staff))
                label { (ui.t(&format!("console-upload-{kind}"))) " " input type="file" name="file" accept=".csv,text/csv" required; }
                button type="submit" { (ui.t("console-upload")) }
            }
        }
    };
    let body = html! {
        @if let Some(r) = result { (r) }
        h2 { (ui.t("console-doctors")) " (" (doctors.len()) ")" }
        table { @for d in &doctors { tr { td { (d.name) } td { (d.phone) } td { (d.detail) } td { (d.extra) } } } }
        (upload("doctors"))
        h2 { (ui.t("console-pharmacies")) " (" (pharmacies.len()) ")" }
        table { @for p in &pharmacies { tr { td { (p.name) } td { (p.phone) } td { (p.detail) } td { (ui.ta("console-stock-lines", &[("n", p.extra.parse::<i64>().unwrap_or(0).into())])) } } } }
        (upload("pharmacies"))
        (upload("inventory"))
    };
    Ok(page(&ui, Some(staff), &ui.t("console-nav-roster"), body))
}

/// A CSV upload: everything imported, or nothing and every bad line named.
pub async fn upload(
    State(state): State<Arc<AppState>>,
    Path(kind): Path<String>,
    staff: Staff,
    mut multipart: Multipart,
) -> Result<Response, ConsoleError> {
    staff.operator()?;
    let kind = match kind.as_str() {
        "doctors" => Kind::Doctors,
        "pharmacies" => Kind::Pharmacies,
        "inventory" => Kind::Inventory,
        _ => return Err(ConsoleError::NotFound),
    };
    let (mut csrf, mut once, mut file) = (String::new(), String::new(), Vec::new());
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| ConsoleError::BadForm)?
    {
        match field.name() {
            Some("csrf") => csrf = field.text().await.map_err(|_| ConsoleError::BadForm)?,
            Some("once") => once = field.text().await.map_err(|_| ConsoleError::BadForm)?,
            Some("file") => {
                file = field
                    .bytes()
                    .await
                    .map_err(|_| ConsoleError::BadForm)?
                    .to_vec()
            }
            _ => {}
        }
    }
    if !same_secret(&csrf, &staff.csrf) || once.is_empty() {
        return Err(ConsoleError::Forbidden);
    }
    if !state
        .store
        .claim_post(&staff.token_hash, &once, now_unix())
        .await?
    {
        return Err(ConsoleError::AlreadyDone);
    }
    let ui = Ui::of(&state, &staff);
    let result = match crate::import::import_from(
        &state.store,
        &state.catalog,
        kind,
        "upload",
        file.as_slice(),
    )
    .await
    {
        Ok(n) => {
            state
                .store
                .audit(
                    &staff.actor(),
                    "roster_import",
                    &format!("{kind:?}").to_lowercase(),
                    &n.to_string(),
                )
                .await?;
            html! { p class="note" { (ui.ta("console-imported", &[("n", (n as i64).into())])) } }
        }
        Err(ImportError::Invalid(lines)) => html! {
            div class="error" { p { (ui.t("console-import-refused")) } ul { @for l in &lines { li { (l) } } } }
        },
        Err(ImportError::Read(_, why)) => {
            html! { p class="error" { (ui.t("console-import-refused")) " " (why) } }
        }
        Err(ImportError::Store(e)) => return Err(e.into()),
    };
    roster_page(&state, &staff, Some(result)).await
}

/// Open callback requests (with the numbers to call) and consultations waiting for a doctor.
pub async fn callbacks(
    State(state): State<Arc<AppState>>,
    staff: Staff,
) -> Result<Response, ConsoleError> {
    staff.operator()?;
    let ui = Ui::of(&state, &staff);
    let open = state.store.all_open_callbacks().await?;
    let queued = state.store.queued_consultations(100).await?;
    let now = now_unix();
    let body = html! {
        h2 { (ui.t("console-open-callbacks")) " (" (open.len()) ")" }
        table { @for (id, phone, topic, at) in &open { tr { td { (id) } td { a href={ "tel:" (phone) } { (phone) } } td { (topic) } td { (india_datetime(*at)) } } } }
        h2 { (ui.t("console-queued")) " (" (queued.len()) ")" }
        table {
            @for q in &queued {
                tr { td { (q.id) } td { (ui.t(&format!("console-urgency-{}", q.urgency.as_deref().unwrap_or("none")))) }
                     td { (q.red_flags.replace(';', ", ")) } td { (q.language.as_deref().unwrap_or("")) } td { (waited(&ui, q.requested_at, now)) } }
            }
        }
    };
    Ok(page(
        &ui,
        Some(&staff),
        &ui.t("console-nav-callbacks"),
        body,
    ))
}

/// SMS and calls not sent yet, or given up on, with retry.
pub async fn outbox(
    State(state): State<Arc<AppState>>,
    staff: Staff,
) -> Result<Response, ConsoleError> {
    staff.operator()?;
    let ui = Ui::of(&state, &staff);
    let rows = state.store.outbox_unsent(200).await?;
    let body = html! {
        @if rows.is_empty() { p { (ui.t("console-none")) } }
        table {
            @for r in &rows {
                tr {
                    td { (r.id) " " (r.kind) } td { (mask(&r.to_phone, 3, 4)) }
                    // The key's first part says what it is for; the rest may name a medicine.
                    td { (r.idempotency_key.split(':').next().unwrap_or("")) }
                    td { (ui.t(&format!("console-outbox-{}", r.status))) " · " (r.attempts)
                         @if let Some(e) = &r.last_error { br; small { (mask_numbers(e)) } } }
                    td { @if r.status == OutboxStatus::Failed {
                        form method="post" action={ "/console/outbox/" (r.id) "/retry" } { (guard(&staff)) button type="submit" { (ui.t("console-retry")) } }
                    } @else { (india_datetime(r.next_attempt_at)) } }
                }
            }
        }
    };
    Ok(page(&ui, Some(&staff), &ui.t("console-nav-outbox"), body))
}

/// Sends a given-up item again.
pub async fn retry(
    State(state): State<Arc<AppState>>,
    Path(id): Path<i64>,
    posted: Posted<Empty>,
) -> Result<Response, ConsoleError> {
    posted.staff.operator()?;
    if !state.store.retry_failed_outbox(id, now_unix()).await? {
        return Err(ConsoleError::NotFound);
    }
    state
        .store
        .audit(
            &posted.staff.actor(),
            "outbox_retry",
            &format!("outbox:{id}"),
            "",
        )
        .await?;
    Ok(Redirect::to("/console/outbox").into_response())
}

/// The line's last two weeks: calls, SMS and emergencies per day, triage levels, the median
/// wait for a doctor, and this node's webhook fallbacks.
pub async fn health(
    State(state): State<Arc<AppState>>,
    staff: Staff,
) -> Result<Response, ConsoleError> {
    staff.operator()?;
    let ui = Ui::of(&state, &staff);
    let now = now_unix();
    let today = (now + IST_OFFSET_SECS).div_euclid(86_400);
    let since = (today - HEALTH_DAYS + 1) * 86_400 - IST_OFFSET_SECS;
    let daily = |counts: Vec<crate::store::DayCount>| -> Vec<(String, f64)> {
        (today - HEALTH_DAYS + 1..=today)
            .map(|day| {
                let n = counts.iter().find(|c| c.day == day).map_or(0, |c| c.n);
                (india_day_label(day), n as f64)
            })
            .collect()
    };
    let calls = daily(state.store.per_day(PerDay::Calls, since).await?);
    let sms = daily(state.store.per_day(PerDay::SmsIn, since).await?);
    let emergencies = daily(state.store.per_day(PerDay::Emergencies, since).await?);
    let mut levels = state.store.urgency_counts(since).await?;
    levels.sort_by_key(|(u, _)| {
        ["emergency", "high", "medium", "low", "none"]
            .iter()
            .position(|x| x == u)
    });
    let levels: Vec<(String, f64)> = levels
        .into_iter()
        .map(|(u, n)| (ui.t(&format!("console-urgency-{u}")), n as f64))
        .collect();
    let waits = state.store.doctor_waits(since).await?;
    let median = waits.get(waits.len() / 2).copied();
    let fallbacks = webhook_fallbacks(&state.metrics.render());
    let total = |v: &[(String, f64)]| v.iter().map(|(_, n)| *n).sum::<f64>() as i64;
    let section = |id: &str, values: &[(String, f64)]| {
        let title = ui.t(id);
        html! { h2 { (title) " (" (total(values)) ")" } (chart::bars(&title, values)) }
    };
    let body = html! {
        p { (ui.ta("console-health-days", &[("n", HEALTH_DAYS.into())])) }
        (section("console-health-calls", &calls))
        (section("console-health-sms", &sms))
        (section("console-health-emergencies", &emergencies))
        (section("console-health-levels", &levels))
        h2 { (ui.t("console-health-wait")) }
        p { @match median {
            Some(s) => { (ui.ta("console-minutes", &[("n", (s / 60).into())])) " (" (waits.len()) ")" }
            None => { (ui.t("console-none")) }
        } }
        h2 { (ui.t("console-health-fallbacks")) }
        p { (fallbacks) }
    };
    Ok(page(&ui, Some(&staff), &ui.t("console-nav-health"), body))
}

/// A carrier's error without the numbers it quotes: runs of 6 or more digits are masked.
fn mask_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            run.push(c);
            continue;
        }
        if run.len() >= 6 {
            out.push_str(&mask(&run, 2, 2));
        } else {
            out.push_str(&run);
        }
        run.clear();
        out.push(c);
    }
    out.pop();
    out
}

/// Webhooks this node answered with a fallback or after its budget, from its metrics.
fn webhook_fallbacks(metrics: &str) -> i64 {
    metrics
        .lines()
        .filter(|l| l.starts_with("doorstep_webhooks_total{"))
        .filter(|l| l.contains("outcome=\"fallback\"") || l.contains("outcome=\"timeout\""))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum::<f64>() as i64
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_in_carrier_errors_are_masked() {
        assert_eq!(
            super::mask_numbers("21211 The 'To' number +919811122233 is not valid"),
            "21211 The 'To' number +91********33 is not valid"
        );
    }

    #[test]
    fn fallbacks_are_summed_from_the_metrics() {
        let text = "doorstep_webhooks_total{route=\"voice\",outcome=\"ok\"} 9\n\
                    doorstep_webhooks_total{route=\"voice\",outcome=\"fallback\"} 2\n\
                    doorstep_webhooks_total{route=\"sms\",outcome=\"timeout\"} 1\n";
        assert_eq!(super::webhook_fallbacks(text), 3);
    }
}
