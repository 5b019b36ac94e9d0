//! Pharmacies: the nearest ones with a medicine in stock, orders, and what a pharmacist can
//! do by SMS.
//!
//! Search widens from 5 km to 25 km around the patient's pincode (India Post centroid).
//! An order names a result of the sender's last search; its stock is reserved when it is
//! placed and returned if the pharmacy cancels. The patient is told each change by SMS.

use fluent_bundle::FluentValue;

use crate::domain::{now_unix, today_in_india, PhoneNumber, Pincode};
use crate::languages::{Catalog, Language};
use crate::store::{
    NearbyOffer, Order, OrderRefused, OrderStatus, OrderStep, Outgoing, StepRefused, Store,
    StoreError,
};
use crate::text::{fit, MAX_SEGMENTS};

/// Search radii, tried in order until something is found.
pub const SEARCH_RADII_M: [f64; 2] = [5_000.0, 25_000.0];
/// Results offered to the patient.
pub const MAX_RESULTS: usize = 3;
/// Largest quantity one SMS order may ask for.
pub const MAX_ORDER_QUANTITY: i64 = 500;
/// A prescription this recent is linked to an order for one of its medicines.
const PRESCRIPTION_WINDOW_SECS: i64 = 30 * 86_400;

/// The outcome of a medicine search.
#[derive(Clone, Debug, PartialEq)]
pub enum Search {
    /// Nearest first, within `radius_m`.
    Found {
        offers: Vec<NearbyOffer>,
        radius_m: f64,
    },
    NoneNearby,
    /// The pincode is not in the India Post directory.
    UnknownPincode,
}

/// A pharmacist's SMS command.
#[derive(Clone, Debug, PartialEq)]
pub enum PharmacistCommand {
    Step { step: OrderStep, order: i64 },
    Help,
}

/// Reads `CONFIRM|READY|DELIVERED|CANCEL <order>`; anything else is `HELP`.
pub fn parse_pharmacist_command(body: &str) -> PharmacistCommand {
    let mut words = body.split_whitespace();
    let step = match words.next().unwrap_or("").to_uppercase().as_str() {
        "CONFIRM" | "CONFIRMED" | "OK" => OrderStep::Confirm,
        "READY" | "PACKED" => OrderStep::Ready,
        "DELIVERED" | "COLLECTED" => OrderStep::Delivered,
        "CANCEL" | "CANCELLED" => OrderStep::Cancel,
        _ => return PharmacistCommand::Help,
    };
    match words
        .next()
        .and_then(|w| w.trim_start_matches('#').parse().ok())
    {
        Some(order) => PharmacistCommand::Step { step, order },
        None => PharmacistCommand::Help,
    }
}

/// Rupees and paise, as a price is written: `12.50`.
pub fn rupees(paise: i64) -> String {
    format!("{}.{:02}", paise / 100, paise % 100)
}

/// Kilometres with one decimal: `1.2`.
pub fn kilometres(metres: f64) -> String {
    format!("{:.1}", metres / 1000.0)
}

/// The pharmacy side of the service.
pub struct Pharmacy<'a> {
    pub store: &'a Store,
    pub catalog: &'a Catalog,
}

impl Pharmacy<'_> {
    /// The nearest pharmacies to a pincode with the medicine in stock, widening the radius
    /// when nothing is near.
    pub async fn search(&self, medicine: &str, pincode: &str) -> Result<Search, StoreError> {
        let Some(origin) = self.store.pincode_location(pincode).await? else {
            return Ok(Search::UnknownPincode);
        };
        // One query over the widest radius; the nearest come first, so the results within a
        // smaller radius are a prefix of them.
        let widest = SEARCH_RADII_M[SEARCH_RADII_M.len() - 1];
        let offers = self
            .store
            .nearest_stock(medicine, origin, widest, &today_in_india(), MAX_RESULTS)
            .await?;
        for radius_m in SEARCH_RADII_M {
            let within: Vec<NearbyOffer> = offers
                .iter()
                .filter(|o| o.distance_m <= radius_m)
                .cloned()
                .collect();
            if !within.is_empty() {
                return Ok(Search::Found {
                    offers: within,
                    radius_m,
                });
            }
        }
        Ok(Search::NoneNearby)
    }

    /// Searches for a sender, remembers the results for `ORDER`, and writes the SMS answer.
    pub async fn search_sms(
        &self,
        from: &PhoneNumber,
        medicine: &str,
        pincode: &str,
        lang: &Language,
    ) -> Result<String, StoreError> {
        let found = self.search(medicine, pincode).await?;
        self.results_sms(from, &found, medicine, pincode, lang)
            .await
    }

    /// The SMS answer to a search; remembers found results for `ORDER`.
    pub async fn results_sms(
        &self,
        from: &PhoneNumber,
        found: &Search,
        medicine: &str,
        pincode: &str,
        lang: &Language,
    ) -> Result<String, StoreError> {
        let args = [
            ("medicine", FluentValue::from(medicine)),
            ("pincode", pincode.into()),
        ];
        match found {
            Search::UnknownPincode => Ok(self.catalog.text(lang, "sms-med-unknown-pincode", &args)),
            Search::NoneNearby => Ok(self.catalog.text(lang, "sms-med-none", &args)),
            Search::Found { offers, .. } => {
                self.store.save_search(from, offers).await?;
                let mut text = self.catalog.text(lang, "sms-med-found", &args);
                for (i, o) in offers.iter().enumerate() {
                    text.push_str(&format!(
                        "\n{}. {} {}km Rs{} {}",
                        i + 1,
                        o.pharmacy,
                        kilometres(o.distance_m),
                        rupees(o.price_paise),
                        o.phone
                    ));
                }
                text.push('\n');
                text.push_str(&self.catalog.text(lang, "sms-med-order-hint", &[]));
                Ok(fit(&text, MAX_SEGMENTS + 1))
            }
        }
    }

    /// Places an order for result `choice` of the sender's last search.
    pub async fn order(
        &self,
        from: &PhoneNumber,
        patient_id: i64,
        choice: i64,
        quantity: i64,
        lang: &Language,
    ) -> Result<String, StoreError> {
        if !(1..=MAX_ORDER_QUANTITY).contains(&quantity) {
            return Ok(self.catalog.text(lang, "sms-order-usage", &[]));
        }
        let medicine = self.store.searched_medicine(from, choice).await?;
        let prescription = match &medicine {
            Some(m) => {
                self.store
                    .prescription_for(patient_id, m, now_unix() - PRESCRIPTION_WINDOW_SECS)
                    .await?
            }
            None => None,
        };
        let placed = self
            .store
            .place_order(
                from,
                patient_id,
                choice,
                quantity,
                &today_in_india(),
                prescription,
            )
            .await?;
        let order = match placed {
            Ok(order) => order,
            Err(OrderRefused::UnknownChoice) => {
                return Ok(self.catalog.text(lang, "sms-order-usage", &[]))
            }
            Err(OrderRefused::OutOfStock { pharmacy, medicine }) => {
                return Ok(self.catalog.text(
                    lang,
                    "sms-order-out-of-stock",
                    &[
                        ("pharmacy", pharmacy.into()),
                        ("medicine", medicine.into()),
                        ("quantity", quantity.into()),
                    ],
                ))
            }
        };
        let pharmacy_text = self.catalog.text(
            &self.catalog.fallback(),
            "staff-order-new",
            &[
                ("order", order.id.into()),
                ("quantity", order.quantity.into()),
                ("medicine", order.medicine.as_str().into()),
                ("total", rupees(order.price_paise * order.quantity).into()),
                ("phone", order.patient_phone.as_str().into()),
                (
                    "rx",
                    match prescription {
                        Some(rx) => format!(" (prescription {rx})"),
                        None => String::new(),
                    }
                    .into(),
                ),
            ],
        );
        let to = crate::store::stored_phone(&order.pharmacy_phone)?;
        self.store
            .enqueue_outbox(
                Outgoing::Sms,
                &to,
                &pharmacy_text,
                &format!("order:{}:placed", order.id),
            )
            .await?;
        self.store
            .audit(
                "patient",
                "order_placed",
                &format!("order:{}", order.id),
                "",
            )
            .await?;
        Ok(self.order_text(lang, "sms-order-placed", &order))
    }

    /// Answers a registered pharmacy's SMS; tells the patient when an order moves.
    pub async fn pharmacist_sms(&self, pharmacy_id: i64, body: &str) -> Result<String, StoreError> {
        let en = self.catalog.fallback();
        let PharmacistCommand::Step { step, order } = parse_pharmacist_command(body) else {
            return Ok(self.catalog.text(&en, "staff-pharmacy-help", &[]));
        };
        let order = match self.step(pharmacy_id, order, step).await? {
            Ok(o) => o,
            Err(StepRefused::NotFound) => {
                return Ok(self.catalog.text(
                    &en,
                    "staff-order-not-found",
                    &[("order", order.into())],
                ))
            }
            Err(StepRefused::WrongStatus(status)) => {
                let status = status.map_or("", OrderStatus::as_str);
                return Ok(self.catalog.text(
                    &en,
                    "staff-order-wrong-status",
                    &[("order", order.into()), ("status", status.into())],
                ));
            }
        };
        Ok(self.catalog.text(
            &en,
            "staff-order-updated",
            &[
                ("order", order.id.into()),
                ("status", order.status.as_str().into()),
            ],
        ))
    }

    /// A pharmacy moves one of its orders on, and the patient is told in their language.
    pub async fn step(
        &self,
        pharmacy_id: i64,
        order: i64,
        step: OrderStep,
    ) -> Result<Result<Order, StepRefused>, StoreError> {
        let order = match self.store.step_order(pharmacy_id, order, step).await? {
            Ok(o) => o,
            refused => return Ok(refused),
        };
        let lang = order
            .patient_language
            .as_deref()
            .and_then(|l| self.catalog.parse(l))
            .unwrap_or_else(|| self.catalog.fallback());
        let id = format!("sms-order-{}", order.status);
        let text = self.order_text(&lang, &id, &order);
        let to = crate::store::stored_phone(&order.patient_phone)?;
        self.store
            .enqueue_outbox(
                Outgoing::Sms,
                &to,
                &text,
                &format!("order:{}:{}", order.id, order.status),
            )
            .await?;
        self.store
            .audit(
                &format!("pharmacy:{pharmacy_id}"),
                &format!("order_{}", order.status),
                &format!("order:{}", order.id),
                "",
            )
            .await?;
        Ok(Ok(order))
    }

    /// A patient's open orders, one line each, for `STATUS`.
    pub async fn open_orders_text(
        &self,
        from: &PhoneNumber,
        lang: &Language,
    ) -> Result<Option<String>, StoreError> {
        let orders = self.store.open_orders(from).await?;
        if orders.is_empty() {
            return Ok(None);
        }
        let lines: Vec<String> = orders
            .iter()
            .map(|o| {
                let status = self
                    .catalog
                    .text(lang, &format!("order-status-{}", o.status), &[]);
                format!(
                    "{} {} x{} {}: {status}",
                    o.id, o.medicine, o.quantity, o.pharmacy
                )
            })
            .collect();
        Ok(Some(format!(
            "{}\n{}",
            self.catalog.text(lang, "sms-status-orders", &[]),
            lines.join("\n")
        )))
    }

    fn order_text(&self, lang: &Language, id: &str, o: &Order) -> String {
        fit(
            &self.catalog.text(
                lang,
                id,
                &[
                    ("order", o.id.into()),
                    ("quantity", o.quantity.into()),
                    ("medicine", o.medicine.as_str().into()),
                    ("pharmacy", o.pharmacy.as_str().into()),
                    ("total", rupees(o.price_paise * o.quantity).into()),
                    ("phone", o.pharmacy_phone.as_str().into()),
                ],
            ),
            MAX_SEGMENTS,
        )
    }
}

/// A pincode typed or keyed by a caller, if it is one.
pub fn pincode_of(raw: &str) -> Option<String> {
    Pincode::parse(raw).ok().map(|p| p.as_str().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pharmacist_commands_name_an_order() {
        assert_eq!(
            parse_pharmacist_command("confirm 5001"),
            PharmacistCommand::Step {
                step: OrderStep::Confirm,
                order: 5001
            }
        );
        assert_eq!(
            parse_pharmacist_command("CANCEL #5002 no stock"),
            PharmacistCommand::Step {
                step: OrderStep::Cancel,
                order: 5002
            }
        );
        assert_eq!(parse_pharmacist_command("READY"), PharmacistCommand::Help);
        assert_eq!(parse_pharmacist_command("hello"), PharmacistCommand::Help);
    }

    #[test]
    fn prices_and_distances_are_written_plainly() {
        assert_eq!(rupees(1250), "12.50");
        assert_eq!(rupees(5), "0.05");
        assert_eq!(kilometres(1249.0), "1.2");
    }
}
