//! The operator's imports: pharmacies, their stock and doctors (all or nothing, a re-import
//! by phone updates), and the doctors' list that checks them.

use sqlx::FromRow;

use super::{brand_key, Store, StoreError};
use crate::domain::{now_unix, PhoneNumber};

/// A pharmacy as imported by the operator.
#[derive(Clone, Debug)]
pub struct NewPharmacy<'a> {
    pub name: &'a str,
    pub phone: &'a PhoneNumber,
    pub address: &'a str,
    pub pincode: &'a str,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// Opening hours, minutes after midnight, India time.
    pub open_minute: i64,
    pub close_minute: i64,
}

/// A doctor as imported by the operator.
#[derive(Clone, Debug)]
pub struct NewDoctor<'a> {
    pub name: &'a str,
    pub phone: &'a PhoneNumber,
    pub languages: Vec<String>,
    pub specializations: Vec<String>,
    pub license: &'a str,
    pub pincode: Option<&'a str>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// Working hours, minutes after midnight, India time.
    pub start_minute: i64,
    pub end_minute: i64,
}

/// An inventory line as imported by the operator.
#[derive(Clone, Debug)]
pub struct NewStock<'a> {
    pub medicine: &'a str,
    pub generic_name: &'a str,
    pub manufacturer: &'a str,
    pub price_paise: i64,
    pub quantity: i64,
    /// `YYYY-MM-DD`, so it sorts and compares as text on both databases.
    pub expiry: &'a str,
}

/// A doctor as the list for checks shows them.
#[derive(FromRow)]
struct Listed {
    name: String,
    phone: String,
    languages: String,
    start_minute: i64,
    end_minute: i64,
}

impl Store {
    /// Adds or updates a pharmacy by phone; returns its id.
    pub async fn upsert_pharmacy(&self, p: &NewPharmacy<'_>) -> Result<i64, StoreError> {
        let mut tx = self.writer.begin().await?;
        let id = upsert_pharmacy_in(&mut tx, p).await?;
        tx.commit().await?;
        self.fill_pharmacy_locations().await?;
        Ok(id)
    }

    /// Adds stock to a pharmacy, or replaces the quantity and price of the same line.
    pub async fn upsert_stock(&self, pharmacy_id: i64, s: &NewStock<'_>) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        upsert_stock_in(&mut tx, pharmacy_id, s).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Imports pharmacies all or nothing (by phone: a re-import updates).
    pub async fn import_pharmacies(&self, rows: &[NewPharmacy<'_>]) -> Result<usize, StoreError> {
        let mut tx = self.writer.begin().await?;
        for p in rows {
            upsert_pharmacy_in(&mut tx, p).await?;
        }
        tx.commit().await?;
        self.fill_pharmacy_locations().await?;
        Ok(rows.len())
    }

    /// Imports stock lines all or nothing; each names its pharmacy by phone. Returns the
    /// (1-based) index of the first line whose pharmacy is unknown, if any, importing nothing.
    pub async fn import_stock(
        &self,
        rows: &[(&PhoneNumber, NewStock<'_>)],
    ) -> Result<Result<usize, usize>, StoreError> {
        let mut tx = self.writer.begin().await?;
        for (i, (phone, stock)) in rows.iter().enumerate() {
            let Some(pharmacy_id) = id_by_phone(&mut tx, "pharmacies", phone).await? else {
                tx.rollback().await?;
                return Ok(Err(i + 1));
            };
            upsert_stock_in(&mut tx, pharmacy_id, stock).await?;
        }
        tx.commit().await?;
        Ok(Ok(rows.len()))
    }

    /// Imports doctors all or nothing (by phone: a re-import updates).
    pub async fn import_doctors(&self, rows: &[NewDoctor<'_>]) -> Result<usize, StoreError> {
        let mut tx = self.writer.begin().await?;
        for d in rows {
            let id = match id_by_phone(&mut tx, "doctors", d.phone).await? {
                Some(id) => id,
                None => Self::next_id(&mut *tx, "doctors").await?,
            };
            sqlx::query(
                "INSERT INTO doctors (id, name, phone, license_number, specializations, languages, pincode,
                     latitude, longitude, start_minute, end_minute, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                 ON CONFLICT (id) DO UPDATE SET name = $2, license_number = $4, specializations = $5,
                     languages = $6, pincode = $7, latitude = $8, longitude = $9, start_minute = $10, end_minute = $11",
            )
            .bind(id)
            .bind(d.name)
            .bind(d.phone.as_str())
            .bind(d.license)
            .bind(d.specializations.join(";"))
            .bind(d.languages.join(";"))
            .bind(d.pincode)
            .bind(d.latitude)
            .bind(d.longitude)
            .bind(d.start_minute)
            .bind(d.end_minute)
            .bind(now_unix())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(rows.len())
    }

    /// Doctors as (name, phone, languages, start, end), by name: for checks and listings.
    pub async fn doctors(&self) -> Result<Vec<(String, String, String, i64, i64)>, StoreError> {
        let rows = sqlx::query_as::<_, Listed>(
            "SELECT name, phone, languages, start_minute, end_minute FROM doctors ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|d| (d.name, d.phone, d.languages, d.start_minute, d.end_minute))
            .collect())
    }
}

/// The id of the pharmacy or doctor (`table`) registered with this number.
async fn id_by_phone(
    tx: &mut sqlx::AnyConnection,
    table: &str,
    phone: &PhoneNumber,
) -> Result<Option<i64>, StoreError> {
    Ok(
        sqlx::query_scalar::<_, i64>(&format!("SELECT id FROM {table} WHERE phone = $1"))
            .bind(phone.as_str())
            .fetch_optional(&mut *tx)
            .await?,
    )
}

async fn upsert_pharmacy_in(
    tx: &mut sqlx::AnyConnection,
    p: &NewPharmacy<'_>,
) -> Result<i64, StoreError> {
    let id = match id_by_phone(&mut *tx, "pharmacies", p.phone).await? {
        Some(id) => id,
        None => Store::next_id(&mut *tx, "pharmacies").await?,
    };
    sqlx::query(
        "INSERT INTO pharmacies (id, name, phone, address, pincode, latitude, longitude, open_minute, close_minute, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (id) DO UPDATE SET name = $2, address = $4, pincode = $5, latitude = $6, longitude = $7,
             open_minute = $8, close_minute = $9",
    )
    .bind(id)
    .bind(p.name)
    .bind(p.phone.as_str())
    .bind(p.address)
    .bind(p.pincode)
    .bind(p.latitude)
    .bind(p.longitude)
    .bind(p.open_minute)
    .bind(p.close_minute)
    .bind(now_unix())
    .execute(&mut *tx)
    .await?;
    Ok(id)
}

async fn upsert_stock_in(
    tx: &mut sqlx::AnyConnection,
    pharmacy_id: i64,
    s: &NewStock<'_>,
) -> Result<(), StoreError> {
    let id = Store::next_id(&mut *tx, "inventory").await?;
    sqlx::query(
        "INSERT INTO inventory (id, pharmacy_id, medicine, generic_name, medicine_key, generic_key,
             manufacturer, price_paise, quantity, expiry, brand_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (pharmacy_id, medicine_key, manufacturer, expiry)
         DO UPDATE SET price_paise = $8, quantity = $9, generic_name = $4, generic_key = $6, brand_key = $11",
    )
    .bind(id)
    .bind(pharmacy_id)
    .bind(s.medicine)
    .bind(s.generic_name)
    .bind(s.medicine.to_lowercase())
    .bind(s.generic_name.to_lowercase())
    .bind(s.manufacturer)
    .bind(s.price_paise)
    .bind(s.quantity)
    .bind(s.expiry)
    .bind(brand_key(s.medicine))
    .execute(&mut *tx)
    .await?;
    Ok(())
}
