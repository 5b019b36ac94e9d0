//! The pharmacist's pages: their pharmacy's open orders (each step tells the patient, as
//! the SMS commands do) and their stock.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;

use super::auth::{ConsoleError, Posted, Staff};
use super::page::{guard, page, Ui};
use super::sign_in::Empty;
use crate::app::AppState;
use crate::pharmacy::rupees;
use crate::store::{NewStock, OrderStep, StepRefused};

/// Open orders, oldest first, with the steps each can take.
pub async fn orders(
    State(state): State<Arc<AppState>>,
    staff: Staff,
) -> Result<Response, ConsoleError> {
    let pharmacy = staff.pharmacy()?;
    let ui = Ui::of(&state, &staff);
    let orders = state.store.pharmacy_orders(pharmacy).await?;
    let body = html! {
        @if orders.is_empty() { p { (ui.t("console-none")) } }
        @for o in &orders {
            section {
                h2 { (ui.ta("console-order", &[("order", o.id.into())])) }
                p { (o.quantity) " × " (o.medicine) " · Rs " (rupees(o.price_paise * o.quantity)) }
                p { (ui.t(&format!("console-order-status-{}", o.status))) " · " (ui.t("console-phone")) ": " (o.patient_phone) }
                @for step in OrderStep::ALL.into_iter().filter(|s| s.applies_to(o.status) && *s != OrderStep::Cancel) {
                    form method="post" action={ "/console/orders/" (o.id) "/" (step.name()) } style="display:inline" {
                        (guard(&staff))
                        button type="submit" { (ui.t(&format!("console-step-{}", step.name()))) }
                    }
                }
                // Cancelling texts the patient and cannot be undone: one tap more, no script.
                @if OrderStep::Cancel.applies_to(o.status) {
                    details {
                        summary { (ui.t("console-step-cancel")) }
                        form method="post" action={ "/console/orders/" (o.id) "/cancel" } {
                            (guard(&staff))
                            button type="submit" { (ui.t("console-cancel-confirm")) }
                        }
                    }
                }
            }
        }
    };
    Ok(page(&ui, Some(&staff), &ui.t("console-nav-orders"), body))
}

/// Moves an order on and tells the patient.
pub async fn step(
    State(state): State<Arc<AppState>>,
    Path((id, step)): Path<(i64, String)>,
    posted: Posted<Empty>,
) -> Result<Response, ConsoleError> {
    let pharmacy = posted.staff.pharmacy()?;
    let step = OrderStep::parse(&step).ok_or(ConsoleError::NotFound)?;
    match state.pharmacy().step(pharmacy, id, step).await? {
        Ok(_) | Err(StepRefused::WrongStatus(_)) => {
            Ok(Redirect::to("/console/orders").into_response())
        }
        Err(StepRefused::NotFound) => Err(ConsoleError::NotFound),
    }
}

/// The pharmacy's stock, each line editable, and a form to add a medicine.
pub async fn stock(
    State(state): State<Arc<AppState>>,
    staff: Staff,
) -> Result<Response, ConsoleError> {
    stock_page(&state, &staff, None).await
}

async fn stock_page(
    state: &AppState,
    staff: &Staff,
    error: Option<&str>,
) -> Result<Response, ConsoleError> {
    let pharmacy = staff.pharmacy()?;
    let ui = Ui::of(state, staff);
    let lines = state.store.pharmacy_stock(pharmacy).await?;
    let body = html! {
        @if let Some(e) = error { p class="error" { (e) } }
        table {
            tr { th { (ui.t("console-medicine")) } th { (ui.t("console-quantity")) } th { (ui.t("console-price")) } th { (ui.t("console-expiry")) } }
            @for l in &lines {
                tr {
                    td { (l.medicine) @if !l.generic_name.is_empty() { br; small { (l.generic_name) } } }
                    td colspan="3" {
                        form method="post" action={ "/console/stock/" (l.id) } {
                            (guard(staff))
                            input type="hidden" name="was" value=(l.quantity);
                            input type="number" name="quantity" min="0" value=(l.quantity) aria-label=(ui.t("console-quantity"));
                            input type="text" name="price" inputmode="decimal" value=(rupees(l.price_paise)) aria-label=(ui.t("console-price"));
                            input type="text" name="expiry" placeholder="YYYY-MM-DD" value=(l.expiry) aria-label=(ui.t("console-expiry"));
                            button type="submit" { (ui.t("console-save")) }
                        }
                    }
                }
            }
        }
        h2 { (ui.t("console-add-medicine")) }
        form method="post" action="/console/stock" {
            (guard(staff))
            label { (ui.t("console-medicine")) input type="text" name="medicine" required; }
            label { (ui.t("console-generic")) input type="text" name="generic_name"; }
            label { (ui.t("console-manufacturer")) input type="text" name="manufacturer"; }
            label { (ui.t("console-quantity")) input type="number" name="quantity" min="0" required; }
            label { (ui.t("console-price")) input type="text" name="price" inputmode="decimal" required; }
            label { (ui.t("console-expiry")) input type="text" name="expiry" placeholder="YYYY-MM-DD" required; }
            button type="submit" { (ui.t("console-add")) }
        }
    };
    Ok(page(&ui, Some(staff), &ui.t("console-nav-stock"), body))
}

/// A stock line as posted.
#[derive(Deserialize)]
pub struct StockForm {
    #[serde(default)]
    medicine: String,
    #[serde(default)]
    generic_name: String,
    #[serde(default)]
    manufacturer: String,
    #[serde(default)]
    quantity: String,
    /// The quantity the page showed (an edit applies the change from it).
    #[serde(default)]
    was: String,
    #[serde(default)]
    price: String,
    #[serde(default)]
    expiry: String,
}

/// Quantity, price in paise and expiry, checked as the CSV import checks them.
fn checked(form: &StockForm) -> Result<(i64, i64, String), &'static str> {
    let quantity = crate::text::ascii_digits(form.quantity.trim())
        .parse::<i64>()
        .ok()
        .filter(|q| (0..=1_000_000).contains(q))
        .ok_or("console-stock-quantity")?;
    let price = crate::import::paise(form.price.trim()).map_err(|_| "console-stock-price")?;
    let expiry = crate::import::date(form.expiry.trim()).map_err(|_| "console-stock-expiry")?;
    Ok((quantity, price, expiry.to_owned()))
}

/// Changes a line's quantity, price and expiry.
pub async fn edit_stock(
    State(state): State<Arc<AppState>>,
    Path(id): Path<i64>,
    posted: Posted<StockForm>,
) -> Result<Response, ConsoleError> {
    let pharmacy = posted.staff.pharmacy()?;
    let (quantity, price, expiry) = match checked(&posted.form) {
        Ok(v) => v,
        Err(why) => return refused(&state, &posted.staff, why).await,
    };
    let was = posted.form.was.trim().parse::<i64>().unwrap_or(quantity);
    if !state
        .store
        .update_stock_line(pharmacy, id, was, quantity, price, &expiry)
        .await?
    {
        return Err(ConsoleError::NotFound);
    }
    state
        .store
        .audit(
            &posted.staff.actor(),
            "stock_changed",
            &format!("inventory:{id}"),
            &format!("quantity={quantity}"),
        )
        .await?;
    Ok(Redirect::to("/console/stock").into_response())
}

/// Adds a medicine to the stock (or updates the same medicine, maker and expiry).
pub async fn add_stock(
    State(state): State<Arc<AppState>>,
    posted: Posted<StockForm>,
) -> Result<Response, ConsoleError> {
    let pharmacy = posted.staff.pharmacy()?;
    let f = &posted.form;
    let (quantity, price_paise, expiry) = match checked(f) {
        Ok(v) if !f.medicine.trim().is_empty() => v,
        Ok(_) => return refused(&state, &posted.staff, "console-stock-medicine").await,
        Err(why) => return refused(&state, &posted.staff, why).await,
    };
    let line = NewStock {
        medicine: f.medicine.trim(),
        generic_name: f.generic_name.trim(),
        manufacturer: f.manufacturer.trim(),
        price_paise,
        quantity,
        expiry: &expiry,
    };
    state.store.upsert_stock(pharmacy, &line).await?;
    state
        .store
        .audit(
            &posted.staff.actor(),
            "stock_added",
            &format!("pharmacy:{pharmacy}"),
            line.medicine,
        )
        .await?;
    Ok(Redirect::to("/console/stock").into_response())
}

async fn refused(state: &AppState, staff: &Staff, why: &str) -> Result<Response, ConsoleError> {
    let message = Ui::of(state, staff).t(why);
    let mut r = stock_page(state, staff, Some(&message)).await?;
    *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(r)
}
