//! Pharmacy storage: nearest stock, remembered searches, orders with atomic stock reservation.

use std::collections::HashSet;

use sqlx::FromRow;

use super::enums::{sql_literal, sql_literals};
use super::places::Point;
use super::{brand_key, Store, StoreError};
use crate::domain::{now_unix, PhoneNumber};

stored_enum! {
    /// Where a medicine order is: `placed` by the patient, `confirmed` by the pharmacy,
    /// `prepared` for collection, then `delivered`, or `cancelled` (the stock returned).
    pub enum OrderStatus ("order status") {
        Placed = "placed",
        Confirmed = "confirmed",
        Prepared = "prepared",
        Delivered = "delivered",
        Cancelled = "cancelled",
    }
}

impl OrderStatus {
    /// Not yet delivered or cancelled.
    pub const OPEN: &'static [Self] = &[Self::Placed, Self::Confirmed, Self::Prepared];
}

/// A pharmacy near the patient with the medicine in stock.
#[derive(Clone, Debug, PartialEq)]
pub struct NearbyOffer {
    pub inventory_id: i64,
    pub pharmacy_id: i64,
    pub pharmacy: String,
    pub phone: String,
    pub medicine: String,
    pub price_paise: i64,
    pub quantity: i64,
    pub distance_m: f64,
}

/// An order as the patient, the pharmacy and the notifications see it.
#[derive(Clone, Debug, PartialEq, FromRow)]
pub struct Order {
    pub id: i64,
    pub status: OrderStatus,
    pub patient_id: i64,
    pub patient_phone: String,
    pub patient_language: Option<String>,
    pub pharmacy_id: i64,
    pub pharmacy: String,
    pub pharmacy_phone: String,
    pub medicine: String,
    pub quantity: i64,
    pub price_paise: i64,
}

/// Why an order could not be placed.
#[derive(Clone, Debug, PartialEq)]
pub enum OrderRefused {
    /// The search result number is not in the sender's last search.
    UnknownChoice,
    /// Not enough unexpired stock left for the quantity.
    OutOfStock { pharmacy: String, medicine: String },
}

/// What a pharmacy may do to an order, and the status each leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderStep {
    Confirm,
    Ready,
    Delivered,
    Cancel,
}

impl OrderStep {
    /// Every step, in the order a pharmacy takes them.
    pub const ALL: [OrderStep; 4] = [Self::Confirm, Self::Ready, Self::Delivered, Self::Cancel];

    /// The step's name in URLs and forms.
    pub fn name(self) -> &'static str {
        match self {
            Self::Confirm => "confirm",
            Self::Ready => "ready",
            Self::Delivered => "delivered",
            Self::Cancel => "cancel",
        }
    }

    /// The step a name names.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Whether an order in `status` can take this step.
    pub fn applies_to(self, status: OrderStatus) -> bool {
        self.transition().0.contains(&status)
    }

    /// The statuses the step may start from, and the status it leads to.
    fn transition(self) -> (&'static [OrderStatus], OrderStatus) {
        use OrderStatus::{Cancelled, Confirmed, Delivered, Placed, Prepared};
        match self {
            Self::Confirm => (&[Placed], Confirmed),
            Self::Ready => (&[Placed, Confirmed], Prepared),
            Self::Delivered => (&[Confirmed, Prepared], Delivered),
            Self::Cancel => (OrderStatus::OPEN, Cancelled),
        }
    }
}

/// Why a pharmacy's step on an order was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum StepRefused {
    /// No such order at this pharmacy (another pharmacy's orders are not shown).
    NotFound,
    /// The order is in a status the step cannot start from (`None`: it vanished meanwhile).
    WrongStatus(Option<OrderStatus>),
}

const ORDER_SELECT: &str = "SELECT o.id, o.status, o.patient_id, pt.phone AS patient_phone,
        COALESCE(pt.language, ph.language) AS patient_language, o.pharmacy_id,
        p.name AS pharmacy, p.phone AS pharmacy_phone, i.medicine, oi.quantity, oi.price_paise
     FROM medicine_orders o
     JOIN patients pt ON pt.id = o.patient_id
     JOIN phone_numbers ph ON ph.e164 = pt.phone
     JOIN pharmacies p ON p.id = o.pharmacy_id
     JOIN order_items oi ON oi.order_id = o.id
     JOIN inventory i ON i.id = oi.inventory_id";

/// A stock line near the patient, before its distance is known.
#[derive(FromRow)]
struct StockRow {
    inventory_id: i64,
    pharmacy_id: i64,
    pharmacy: String,
    phone: String,
    medicine: String,
    price_paise: i64,
    quantity: i64,
    latitude: f64,
    longitude: f64,
}

/// The stock line a search result names, as an order reserves it.
#[derive(FromRow)]
struct ChosenRow {
    inventory_id: i64,
    pharmacy_id: i64,
    price_paise: i64,
    medicine: String,
    pharmacy: String,
}

/// A pharmacy as its own number finds it.
#[derive(FromRow)]
struct Named {
    id: i64,
    name: String,
}

/// A medicine a prescription names.
#[derive(FromRow)]
struct PrescribedRow {
    id: i64,
    medicine: String,
}

impl Store {
    /// Up to `limit` nearest pharmacies within `radius_m` of `origin` that have the medicine
    /// (brand name, generic name, or a one-word brand) in stock and unexpired on `today`;
    /// one line per pharmacy (the cheapest), nearest first.
    pub async fn nearest_stock(
        &self,
        medicine: &str,
        origin: Point,
        radius_m: f64,
        today: &str,
        limit: usize,
    ) -> Result<Vec<NearbyOffer>, StoreError> {
        let key = medicine.trim().to_lowercase();
        // A one-word search also matches brands by their first word ("crocin" → "Crocin 500");
        // a longer one must name the product exactly, so "crocin 650" never offers 500.
        // (A brand key is one word, so a multi-word key never matches it.)
        let brand = if key.contains(char::is_whitespace) {
            key.clone()
        } else {
            brand_key(&key)
        };
        let (lat0, lat1, lon0, lon1) = origin.bounding_box(radius_m);
        let rows = sqlx::query_as::<_, StockRow>(
            // Pharmacies in the box first (by the location index), then their stock lines:
            // CROSS JOIN fixes that order on SQLite; PostgreSQL plans it the same way itself.
            "SELECT i.id AS inventory_id, p.id AS pharmacy_id, p.name AS pharmacy, p.phone, i.medicine,
                 i.price_paise, i.quantity, p.latitude, p.longitude
             FROM pharmacies p CROSS JOIN inventory i
             WHERE i.pharmacy_id = p.id
               AND (i.medicine_key = $1 OR i.generic_key = $1 OR i.brand_key = $2)
               AND i.quantity > 0 AND i.expiry >= $3
               AND p.latitude BETWEEN $4 AND $5 AND p.longitude BETWEEN $6 AND $7",
        )
        .bind(&key)
        .bind(&brand)
        .bind(today)
        .bind(lat0)
        .bind(lat1)
        .bind(lon0)
        .bind(lon1)
        .fetch_all(&self.pool)
        .await?;
        let mut offers: Vec<NearbyOffer> = rows
            .into_iter()
            .map(|r| {
                let at = Point {
                    latitude: r.latitude,
                    longitude: r.longitude,
                };
                NearbyOffer {
                    inventory_id: r.inventory_id,
                    pharmacy_id: r.pharmacy_id,
                    pharmacy: r.pharmacy,
                    phone: r.phone,
                    medicine: r.medicine,
                    price_paise: r.price_paise,
                    quantity: r.quantity,
                    distance_m: origin.distance_m(at),
                }
            })
            .filter(|o| o.distance_m <= radius_m)
            .collect();
        offers.sort_by(|a, b| {
            a.distance_m
                .total_cmp(&b.distance_m)
                .then(a.price_paise.cmp(&b.price_paise))
                .then(a.inventory_id.cmp(&b.inventory_id))
        });
        let mut seen = HashSet::new();
        offers.retain(|o| seen.insert(o.pharmacy_id));
        offers.truncate(limit);
        Ok(offers)
    }

    /// Remembers a sender's search results (replacing the last search), numbered from 1.
    pub async fn save_search(
        &self,
        phone: &PhoneNumber,
        offers: &[NearbyOffer],
    ) -> Result<(), StoreError> {
        let now = now_unix();
        let mut tx = self.writer.begin().await?;
        sqlx::query("DELETE FROM medicine_searches WHERE phone = $1")
            .bind(phone.as_str())
            .execute(&mut *tx)
            .await?;
        for (i, o) in offers.iter().enumerate() {
            sqlx::query(
                "INSERT INTO medicine_searches (phone, choice, inventory_id, distance_m, searched_at)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(phone.as_str())
            .bind(i as i64 + 1)
            .bind(o.inventory_id)
            .bind(o.distance_m.round() as i64)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The medicine of result `choice` of the sender's last search.
    pub async fn searched_medicine(
        &self,
        phone: &PhoneNumber,
        choice: i64,
    ) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar::<_, String>(
            "SELECT i.medicine FROM medicine_searches s JOIN inventory i ON i.id = s.inventory_id
             WHERE s.phone = $1 AND s.choice = $2",
        )
        .bind(phone.as_str())
        .bind(choice)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Places an order for result `choice` of the sender's last search: reserves the stock
    /// (a conditional decrement, so concurrent orders never oversell) and records the order
    /// in one transaction. `prescription_id` links it to the prescription it fills.
    pub async fn place_order(
        &self,
        phone: &PhoneNumber,
        patient_id: i64,
        choice: i64,
        quantity: i64,
        today: &str,
        prescription_id: Option<i64>,
    ) -> Result<Result<Order, OrderRefused>, StoreError> {
        let mut tx = self.writer.begin().await?;
        let found = sqlx::query_as::<_, ChosenRow>(
            "SELECT i.id AS inventory_id, i.pharmacy_id, i.price_paise, i.medicine, p.name AS pharmacy
             FROM medicine_searches s JOIN inventory i ON i.id = s.inventory_id
             JOIN pharmacies p ON p.id = i.pharmacy_id
             WHERE s.phone = $1 AND s.choice = $2",
        )
        .bind(phone.as_str())
        .bind(choice)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(found) = found else {
            tx.rollback().await?;
            return Ok(Err(OrderRefused::UnknownChoice));
        };
        let (inventory_id, pharmacy_id, price) =
            (found.inventory_id, found.pharmacy_id, found.price_paise);
        let reserved = sqlx::query(
            "UPDATE inventory SET quantity = quantity - $1
             WHERE id = $2 AND quantity >= $1 AND expiry >= $3",
        )
        .bind(quantity)
        .bind(inventory_id)
        .bind(today)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if reserved != 1 {
            tx.rollback().await?;
            return Ok(Err(OrderRefused::OutOfStock {
                pharmacy: found.pharmacy,
                medicine: found.medicine,
            }));
        }
        let id = Self::next_id(&mut *tx, "orders").await?;
        let now = now_unix();
        sqlx::query(&format!(
            "INSERT INTO medicine_orders (id, patient_id, pharmacy_id, prescription_id, status, created_at, updated_at)
             VALUES ($1, $2, $3, $4, {}, $5, $5)",
            sql_literal(OrderStatus::Placed)
        ))
        .bind(id)
        .bind(patient_id)
        .bind(pharmacy_id)
        .bind(prescription_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO order_items (order_id, inventory_id, quantity, price_paise) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(inventory_id)
        .bind(quantity)
        .bind(price)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        let order = self.order(id).await?.expect("just inserted");
        Ok(Ok(order))
    }

    /// One order, whoever it belongs to (callers check ownership).
    pub async fn order(&self, id: i64) -> Result<Option<Order>, StoreError> {
        Ok(
            sqlx::query_as::<_, Order>(&format!("{ORDER_SELECT} WHERE o.id = $1"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Orders matching `filter` (with `$1` bound to `value`), oldest first.
    pub(super) async fn orders_where(
        &self,
        filter: &str,
        value: i64,
    ) -> Result<Vec<Order>, StoreError> {
        Ok(
            sqlx::query_as::<_, Order>(&format!("{ORDER_SELECT} WHERE {filter} ORDER BY o.id"))
                .bind(value)
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Open orders (not delivered or cancelled) of every patient on a number, oldest first.
    pub async fn open_orders(&self, phone: &PhoneNumber) -> Result<Vec<Order>, StoreError> {
        Ok(sqlx::query_as::<_, Order>(&format!(
            "{ORDER_SELECT} WHERE pt.phone = $1 AND o.status IN ({}) ORDER BY o.id",
            sql_literals(OrderStatus::OPEN)
        ))
        .bind(phone.as_str())
        .fetch_all(&self.pool)
        .await?)
    }

    /// A pharmacy moves one of its orders on. Cancelling returns the stock. Conditional on
    /// the status it started from, so two answers to the same order apply once.
    pub async fn step_order(
        &self,
        pharmacy_id: i64,
        order_id: i64,
        step: OrderStep,
    ) -> Result<Result<Order, StepRefused>, StoreError> {
        let Some(order) = self
            .order(order_id)
            .await?
            .filter(|o| o.pharmacy_id == pharmacy_id)
        else {
            return Ok(Err(StepRefused::NotFound));
        };
        let (from, to) = step.transition();
        if !from.contains(&order.status) {
            return Ok(Err(StepRefused::WrongStatus(Some(order.status))));
        }
        let mut tx = self.writer.begin().await?;
        let moved = sqlx::query(
            "UPDATE medicine_orders SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4",
        )
        .bind(to.as_str())
        .bind(now_unix())
        .bind(order_id)
        .bind(order.status.as_str())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if moved != 1 {
            tx.rollback().await?;
            let now = self.order(order_id).await?.map(|o| o.status);
            return Ok(Err(StepRefused::WrongStatus(now)));
        }
        if step == OrderStep::Cancel {
            sqlx::query(
                "UPDATE inventory SET quantity = quantity + (SELECT quantity FROM order_items
                     WHERE order_id = $1 AND inventory_id = inventory.id)
                 WHERE id IN (SELECT inventory_id FROM order_items WHERE order_id = $1)",
            )
            .bind(order_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Ok(self.order(order_id).await?.expect("exists")))
    }

    /// The pharmacy registered with this number: (id, name).
    pub async fn pharmacy_by_phone(
        &self,
        phone: &PhoneNumber,
    ) -> Result<Option<(i64, String)>, StoreError> {
        let row = sqlx::query_as::<_, Named>("SELECT id, name FROM pharmacies WHERE phone = $1")
            .bind(phone.as_str())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|p| (p.id, p.name)))
    }

    /// Units of a stock line left (for tests and the operator).
    pub async fn stock_quantity(&self, inventory_id: i64) -> Result<Option<i64>, StoreError> {
        Ok(
            sqlx::query_scalar::<_, i64>("SELECT quantity FROM inventory WHERE id = $1")
                .bind(inventory_id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// The patient's most recent prescription (within `since`) that names the medicine.
    pub async fn prescription_for(
        &self,
        patient_id: i64,
        medicine: &str,
        since: i64,
    ) -> Result<Option<i64>, StoreError> {
        let rows = sqlx::query_as::<_, PrescribedRow>(
            "SELECT p.id, i.medicine FROM prescriptions p JOIN prescription_items i ON i.prescription_id = p.id
             WHERE p.patient_id = $1 AND p.created_at >= $2 ORDER BY p.created_at DESC, p.id DESC",
        )
        .bind(patient_id)
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        let wanted = brand_key(medicine);
        Ok(rows
            .iter()
            .find(|r| {
                let named = r.medicine.to_lowercase();
                named == medicine.to_lowercase() || brand_key(&named) == wanted
            })
            .map(|r| r.id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_statuses_read_back_what_they_store() {
        super::super::enums::assert_round_trip(OrderStatus::ALL);
    }

    #[test]
    fn only_open_orders_take_a_step_and_no_step_leads_back_to_placed() {
        for step in OrderStep::ALL {
            let (from, to) = step.transition();
            assert!(
                from.iter().all(|s| OrderStatus::OPEN.contains(s)),
                "{step:?}"
            );
            assert_ne!(to, OrderStatus::Placed);
        }
        assert!(!OrderStep::Cancel.applies_to(OrderStatus::Delivered));
    }
}
