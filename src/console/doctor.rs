//! The doctor's pages: the queue, and a patient's record only within a consultation
//! assigned to them (every view written to the audit log), with its actions: call the
//! patient now, complete with notes, prescribe by form (stored and texted exactly as `RX`).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use serde::Deserialize;

use super::auth::{ConsoleError, Posted, Staff};
use super::chart;
use super::page::{guard, page, page_refreshed, waited, Ui};
use super::sign_in::Empty;
use crate::app::AppState;
use crate::domain::{india_datetime, mask, now_unix};
use crate::store::{
    Consultation, ConsultationStatus, ConsultationTimes, Doctor, PrescriptionItem, Waiting,
};

/// A completed consultation's record stays open to its doctor this long (to prescribe
/// after the call, or answer a follow-up).
pub const AFTER_COMPLETION_SECS: i64 = 72 * 3600;
/// Medicine names suggested in the prescription form (the page stays small).
const MAX_SUGGESTIONS: usize = 100;
/// Characters of an earlier complaint or note shown.
const SHORT_CHARS: usize = 200;

/// At most [`SHORT_CHARS`] characters, with an ellipsis when cut.
fn short(text: &str) -> String {
    let mut out: String = text.chars().take(SHORT_CHARS).collect();
    if text.chars().count() > SHORT_CHARS {
        out.push('…');
    }
    out
}

/// The queue page reloads itself this often.
const QUEUE_REFRESH_SECS: u32 = 60;
/// Rows of the prescription form.
const RX_ROWS: usize = 5;
/// Longest medicine name, dose and frequency a row takes.
const RX_FIELD_CHARS: usize = 80;

/// The queue: the doctor's open consultations, then those waiting for a doctor like them.
pub async fn queue(
    State(state): State<Arc<AppState>>,
    staff: Staff,
) -> Result<Response, ConsoleError> {
    let doctor = staff.doctor()?;
    let ui = Ui::of(&state, &staff);
    let mine = state.store.doctor_open_consultations(doctor.id).await?;
    let waiting = state
        .store
        .doctor_queue(&doctor.languages, &doctor.specializations, 50)
        .await?;
    let now = now_unix();
    let body = html! {
        form method="post" action="/console/availability" {
            (guard(&staff))
            @if doctor.available {
                p { (ui.t("console-you-are-available")) " "
                    input type="hidden" name="available" value="0";
                    button type="submit" { (ui.t("console-set-busy")) } }
            } @else {
                p { (ui.t("console-you-are-busy")) " "
                    input type="hidden" name="available" value="1";
                    button type="submit" { (ui.t("console-set-available")) } }
            }
        }
        h2 { (ui.t("console-your-patients")) }
        (waiting_table(&ui, &staff, &mine, now, false))
        h2 { (ui.t("console-waiting")) }
        (waiting_table(&ui, &staff, &waiting, now, true))
    };
    let title = ui.t("console-nav-queue");
    Ok(page_refreshed(
        &ui,
        Some(&staff),
        &title,
        body,
        Some(QUEUE_REFRESH_SECS),
    ))
}

fn waiting_table(ui: &Ui, staff: &Staff, rows: &[Waiting], now: i64, accept: bool) -> Markup {
    html! {
        @if rows.is_empty() { p { (ui.t("console-none")) } } @else {
            table {
                tr { th { "#" } th { (ui.t("console-urgency")) } th { (ui.t("console-danger-signs")) } th { (ui.t("console-waited")) } th {} }
                @for w in rows {
                    tr {
                        td { (w.id) }
                        td class=[urgent_class(w.urgency.as_deref())] { (urgency(ui, w.urgency.as_deref())) }
                        td { (w.red_flags.replace(';', ", ")) " · " (w.language.as_deref().unwrap_or("")) }
                        td { (waited(ui, w.requested_at, now)) }
                        td {
                            @if accept {
                                form method="post" action={ "/console/consultations/" (w.id) "/accept" } {
                                    (guard(staff))
                                    button type="submit" { (ui.t("console-accept")) }
                                }
                            } @else {
                                a href={ "/console/consultations/" (w.id) } { (ui.t("console-open")) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Takes a queued consultation in one of the doctor's languages and rings the doctor, then
/// the patient (as the SMS `CALL` does): a taken patient is never left without a call.
pub async fn accept(
    State(state): State<Arc<AppState>>,
    Path(id): Path<i64>,
    posted: Posted<Empty>,
) -> Result<Response, ConsoleError> {
    let doctor = posted.staff.doctor()?;
    let taken = async {
        let c = state
            .store
            .consultation(id)
            .await?
            .ok_or(ConsoleError::NotFound)?;
        let speaks = c
            .language
            .as_ref()
            .is_some_and(|l| doctor.languages.contains(l));
        if c.status != ConsultationStatus::Queued
            || !speaks
            || !state.care().call_patient(doctor, &c).await?
        {
            return Err(ConsoleError::NotFound);
        }
        state
            .store
            .audit(
                &posted.staff.actor(),
                "consultation_accepted",
                &format!("consultation:{id}"),
                "console",
            )
            .await?;
        Ok(())
    }
    .await;
    posted.unless_failed(&state, taken).await?;
    Ok(Redirect::to(&format!("/console/consultations/{id}?m=calling")).into_response())
}

/// A consultation of the doctor's own, or nothing (the same answer as a missing one).
async fn own(
    state: &AppState,
    doctor: &Doctor,
    id: i64,
) -> Result<(Consultation, ConsultationTimes), ConsoleError> {
    own_while(state, doctor, id, true).await
}

/// As [`own`]; with `after_completion` false, only while the consultation is open.
async fn own_while(
    state: &AppState,
    doctor: &Doctor,
    id: i64,
    after_completion: bool,
) -> Result<(Consultation, ConsultationTimes), ConsoleError> {
    let c = state
        .store
        .consultation(id)
        .await?
        .filter(|c| c.doctor_id == Some(doctor.id));
    let times = state.store.consultation_times(id).await?;
    let (Some(c), Some(times)) = (c, times) else {
        return Err(ConsoleError::NotFound);
    };
    let open = c.status.is_with_doctor();
    let recent = after_completion
        && c.status == ConsultationStatus::Completed
        && times
            .ended_at
            .is_some_and(|t| t > now_unix() - AFTER_COMPLETION_SECS);
    if open || recent {
        Ok((c, times))
    } else {
        Err(ConsoleError::NotFound)
    }
}

/// Which notice a page shows after an action.
#[derive(Deserialize)]
pub struct Notice {
    #[serde(default)]
    m: String,
    #[serde(default)]
    rx: Option<i64>,
}

/// The patient's record within a consultation, with its actions.
pub async fn consultation(
    State(state): State<Arc<AppState>>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(notice): Query<Notice>,
) -> Result<Response, ConsoleError> {
    let doctor = staff.doctor()?;
    let (c, times) = own(&state, doctor, id).await?;
    let notice = match notice.m.as_str() {
        "calling" => Some(Ui::of(&state, &staff).t("console-calling")),
        "completed" => Some(Ui::of(&state, &staff).t("console-completed")),
        "prescribed" => Some(Ui::of(&state, &staff).ta(
            "console-prescribed",
            &[("rx", notice.rx.unwrap_or(0).into())],
        )),
        _ => None,
    };
    record_page(&state, &staff, &c, &times, notice.as_deref(), None).await
}

/// The record page, with a notice or a form error (and the rows the doctor typed).
async fn record_page(
    state: &AppState,
    staff: &Staff,
    c: &Consultation,
    times: &ConsultationTimes,
    notice: Option<&str>,
    rx_error: Option<(&str, &HashMap<String, String>)>,
) -> Result<Response, ConsoleError> {
    let ui = Ui::of(state, staff);
    let store = &state.store;
    store
        .audit(
            &staff.actor(),
            "record_viewed",
            &format!("patient:{}", c.patient_id),
            &format!("consultation:{}", c.id),
        )
        .await?;
    let summary = store.patient_summary(c.patient_id).await?;
    let readings = store.readings(c.patient_id, 30).await?;
    let said = match times.conversation_id {
        Some(conversation) => store.conversation_messages(conversation).await?,
        None => vec![],
    };
    let past: Vec<_> = store
        .patient_consultations(c.patient_id, 10)
        .await?
        .into_iter()
        .filter(|p| p.id != c.id)
        .collect();
    // What the patient hid could be read off earlier complaints, notes or prescriptions:
    // when anything is hidden, those say only when and with whom.
    let hides = store.hides_anything(c.patient_id).await?;
    let prescriptions = if hides {
        vec![]
    } else {
        store.patient_prescriptions(c.patient_id, 10).await?
    };
    let mut names = store
        .medicine_names_near(store.patient_pincode(c.patient_id).await?.as_deref())
        .await?;
    names.truncate(MAX_SUGGESTIONS);
    let open = c.status.is_with_doctor();
    let language = c
        .language
        .as_deref()
        .and_then(|l| state.catalog.get(l))
        .map(|l| l.name.clone())
        .unwrap_or_default();
    let body = html! {
        @if let Some(n) = notice { p class="note" { (n) } }
        p {
            (ui.t("console-status")) ": " (ui.t(&format!("console-status-{}", c.status)))
            " · " (ui.t("console-urgency")) ": "
            span class=[urgent_class(c.urgency.as_deref())] { (urgency(&ui, c.urgency.as_deref())) }
        }
        @if !c.red_flags.is_empty() { p { (ui.t("console-danger-signs")) ": " (c.red_flags.join(", ")) } }
        h2 { (ui.t("console-patient")) }
        table {
            tr { th { (ui.t("console-name")) } td { (summary.name.as_deref().unwrap_or("—")) " (" (summary.relation) ")" } }
            tr { th { (ui.t("console-age")) } td { (summary.age.map(|a| a.to_string()).unwrap_or_else(|| "—".into())) } }
            tr { th { (ui.t("console-sex")) } td { (summary.sex.as_deref().unwrap_or("—")) } }
            tr { th { (ui.t("console-language")) } td { (language) } }
            tr { th { (ui.t("console-phone")) } td { (mask(&c.patient_phone, 3, 2)) } }
            @if summary.pregnant { tr { th { (ui.t("console-pregnant")) } td { "✓" } } }
            @for (field, text) in &summary.profile {
                tr { th { (ui.t(&format!("console-field-{field}"))) } td { (text) } }
            }
        }
        h2 { (ui.t("console-said")) }
        @if said.is_empty() { p { (c.complaint) } }
        @for (role, content) in &said {
            @let who = match role.as_str() { "patient" | "triage" | "interview" => role.as_str(), _ => "line" };
            p { b { (ui.t(&format!("console-said-{who}"))) ": " } (content) }
        }
        h2 { (ui.t("console-readings")) }
        (chart::readings(&ui, &readings))
        h2 { (ui.t("console-earlier")) }
        @if past.is_empty() { p { (ui.t("console-none")) } }
        @for p in &past {
            p { (india_datetime(p.requested_at)) " · #" (p.id) " · " (ui.t(&format!("console-status-{}", p.status)))
                @if let Some(d) = &p.doctor_name { " · " (d) }
                @if !hides { br; (short(&p.complaint)) @if !p.notes.is_empty() { br; i { (short(&p.notes)) } } } }
        }
        h2 { (ui.t("console-prescriptions")) }
        @if hides { p { (ui.t("console-some-hidden")) } } @else if prescriptions.is_empty() { p { (ui.t("console-none")) } }
        @for rx in &prescriptions {
            p { (india_datetime(rx.created_at)) " · Rx " (rx.id) @if let Some(d) = &rx.doctor_name { " · " (d) } }
            ul { @for item in &rx.items { li { (item.medicine) ", " (item.dose) ", " (item.frequency) ", " (item.days) " " (ui.t("console-days")) } } }
        }
        @if open {
            h2 { (ui.t("console-actions")) }
            form method="post" action={ "/console/consultations/" (c.id) "/call" } {
                (guard(staff))
                button type="submit" { (ui.t("console-call-now")) }
            }
        }
        h2 { (ui.t("console-write-rx")) }
        (rx_form(&ui, staff, c.id, &names, rx_error))
        @if open {
            h2 { (ui.t("console-complete")) }
            form method="post" action={ "/console/consultations/" (c.id) "/complete" } {
                (guard(staff))
                label for="notes" { (ui.t("console-notes")) }
                textarea id="notes" name="notes" rows="3" maxlength="2000" {}
                button type="submit" { (ui.t("console-complete")) }
            }
        }
    };
    let title = ui.ta("console-consultation", &[("id", c.id.into())]);
    Ok(page(&ui, Some(staff), &title, body))
}

fn rx_form(
    ui: &Ui,
    staff: &Staff,
    id: i64,
    names: &[String],
    error: Option<(&str, &HashMap<String, String>)>,
) -> Markup {
    let empty = HashMap::new();
    let typed = error.map(|(_, t)| t).unwrap_or(&empty);
    let value = |field: &str, row: usize| {
        typed
            .get(&format!("{field}_{row}"))
            .cloned()
            .unwrap_or_default()
    };
    html! {
        @if let Some((message, _)) = error { p class="error" { (message) } }
        form method="post" action={ "/console/consultations/" (id) "/prescription" } {
            (guard(staff))
            div class="row" { b { (ui.t("console-medicine")) } b { (ui.t("console-dose")) } b { (ui.t("console-frequency")) } b { (ui.t("console-days")) } }
            @for row in 1..=RX_ROWS {
                div class="row" {
                    input type="text" name={ "medicine_" (row) } list="medicines" value=(value("medicine", row)) aria-label={ (ui.t("console-medicine")) " " (row) };
                    input type="text" name={ "dose_" (row) } value=(value("dose", row)) aria-label={ (ui.t("console-dose")) " " (row) };
                    input type="text" name={ "frequency_" (row) } value=(value("frequency", row)) aria-label={ (ui.t("console-frequency")) " " (row) };
                    input type="number" name={ "days_" (row) } min="1" max="365" value=(value("days", row)) aria-label={ (ui.t("console-days")) " " (row) };
                }
            }
            datalist id="medicines" { @for n in names { option value=(n) {} } }
            button type="submit" { (ui.t("console-send-rx")) }
        }
    }
}

/// The rows of a posted prescription, or the first row that is wrong (1-based) and why.
pub fn prescription_rows(
    form: &HashMap<String, String>,
) -> Result<Vec<PrescriptionItem>, (usize, &'static str)> {
    let mut items = vec![];
    for row in 1..=RX_ROWS {
        let field = |name: &str| {
            form.get(&format!("{name}_{row}"))
                .map(|v| v.trim())
                .unwrap_or("")
        };
        let (medicine, dose, frequency, days) = (
            field("medicine"),
            field("dose"),
            field("frequency"),
            field("days"),
        );
        if [medicine, dose, frequency, days]
            .iter()
            .all(|v| v.is_empty())
        {
            continue;
        }
        if [medicine, dose, frequency].iter().any(|v| v.is_empty()) {
            return Err((row, "console-rx-row-missing"));
        }
        if [medicine, dose, frequency]
            .iter()
            .any(|v| v.chars().count() > RX_FIELD_CHARS)
        {
            return Err((row, "console-rx-row-long"));
        }
        let days = crate::text::ascii_digits(days)
            .parse::<i64>()
            .ok()
            .filter(|d| (1..=365).contains(d));
        let Some(days) = days else {
            return Err((row, "console-rx-row-days"));
        };
        items.push(PrescriptionItem {
            medicine: medicine.to_owned(),
            dose: dose.to_owned(),
            frequency: frequency.to_owned(),
            days,
        });
    }
    if items.is_empty() {
        return Err((1, "console-rx-empty"));
    }
    Ok(items)
}

/// Stores and texts a prescription; a wrong row shows the form again with what was typed.
pub async fn prescribe(
    State(state): State<Arc<AppState>>,
    Path(id): Path<i64>,
    posted: Posted<HashMap<String, String>>,
) -> Result<Response, ConsoleError> {
    let staff = &posted.staff;
    let doctor = staff.doctor()?;
    let (c, times) = own(&state, doctor, id).await?;
    let items = match prescription_rows(&posted.form) {
        Ok(items) => items,
        Err((row, why)) => {
            let ui = Ui::of(&state, staff);
            let message = ui.ta(why, &[("row", (row as i64).into())]);
            let mut r = record_page(
                &state,
                staff,
                &c,
                &times,
                None,
                Some((&message, &posted.form)),
            )
            .await?;
            *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(r);
        }
    };
    let stored = state
        .care()
        .prescribe(doctor, &c, &items)
        .await
        .map_err(Into::into);
    let rx = posted.unless_failed(&state, stored).await?;
    Ok(Redirect::to(&format!("/console/consultations/{id}?m=prescribed&rx={rx}")).into_response())
}

/// What the complete form posts.
#[derive(Deserialize)]
pub struct Completion {
    #[serde(default)]
    notes: String,
}

/// Completes the consultation with notes.
pub async fn complete(
    State(state): State<Arc<AppState>>,
    Path(id): Path<i64>,
    posted: Posted<Completion>,
) -> Result<Response, ConsoleError> {
    let doctor = posted.staff.doctor()?;
    let (c, _) = own_while(&state, doctor, id, false).await?;
    let notes: String = posted.form.notes.trim().chars().take(2000).collect();
    let done = state
        .care()
        .complete(doctor, &c, &notes)
        .await
        .map_err(Into::into);
    posted.unless_failed(&state, done).await?;
    Ok(Redirect::to(&format!("/console/consultations/{id}?m=completed")).into_response())
}

/// Has the outbox ring the doctor and bridge the patient.
pub async fn call(
    State(state): State<Arc<AppState>>,
    Path(id): Path<i64>,
    posted: Posted<Empty>,
) -> Result<Response, ConsoleError> {
    let doctor = posted.staff.doctor()?;
    let (c, _) = own_while(&state, doctor, id, false).await?;
    let called = state
        .care()
        .call_patient(doctor, &c)
        .await
        .map_err(Into::into);
    if !posted.unless_failed(&state, called).await? {
        return Err(ConsoleError::NotFound);
    }
    Ok(Redirect::to(&format!("/console/consultations/{id}?m=calling")).into_response())
}

/// What the availability form posts.
#[derive(Deserialize)]
pub struct Availability {
    #[serde(default)]
    available: String,
}

/// Available (and offered the queue) or busy.
pub async fn availability(
    State(state): State<Arc<AppState>>,
    posted: Posted<Availability>,
) -> Result<Response, ConsoleError> {
    let doctor = posted.staff.doctor()?;
    state
        .care()
        .set_available(doctor, posted.form.available == "1")
        .await?;
    Ok(Redirect::to("/console/queue").into_response())
}

fn urgency(ui: &Ui, u: Option<&str>) -> String {
    ui.t(&format!("console-urgency-{}", u.unwrap_or("none")))
}

fn urgent_class(u: Option<&str>) -> Option<&'static str> {
    matches!(u, Some("emergency" | "high")).then_some("urgent")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn filled_rows_become_items_and_empty_rows_are_skipped() {
        let f = form(&[
            ("medicine_1", "Paracetamol 500"),
            ("dose_1", "1 tablet"),
            ("frequency_1", "3 times a day"),
            ("days_1", "3"),
            ("medicine_3", "ORS"),
            ("dose_3", "1 packet"),
            ("frequency_3", "after each stool"),
            ("days_3", "२"),
        ]);
        let items = prescription_rows(&f).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].days, 2);
    }

    #[test]
    fn a_wrong_row_is_named() {
        let f = form(&[
            ("medicine_1", "ORS"),
            ("dose_1", "1"),
            ("frequency_1", "daily"),
            ("days_1", "2"),
            ("medicine_2", "Zinc"),
        ]);
        assert_eq!(prescription_rows(&f), Err((2, "console-rx-row-missing")));
        let f = form(&[
            ("medicine_1", "ORS"),
            ("dose_1", "1"),
            ("frequency_1", "daily"),
            ("days_1", "0"),
        ]);
        assert_eq!(prescription_rows(&f), Err((1, "console-rx-row-days")));
        assert_eq!(prescription_rows(&form(&[])), Err((1, "console-rx-empty")));
    }
}
