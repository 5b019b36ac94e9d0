//! Phone numbers and their patients: a number's preferences (language, SMS opt-out), the
//! patients it speaks for in keypad order, and what triage should know of a patient.

use sqlx::{FromRow, Row};

use super::{Store, StoreError};
use crate::domain::{now_unix, PhoneNumber};

/// A patient who belongs to a phone number.
#[derive(Clone, Debug, PartialEq, FromRow)]
pub struct Patient {
    pub id: i64,
    /// The keypad digit that picks this patient on a shared phone.
    pub slot: i64,
    pub relation: String,
    pub name: Option<String>,
    pub language: Option<String>,
    pub pincode: Option<String>,
}

/// A phone number's preferences.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PhoneRecord {
    pub language: Option<String>,
    pub sms_opted_out: bool,
}

#[derive(FromRow)]
struct PhoneRow {
    language: Option<String>,
    sms_opted_out: i64,
}

impl From<PhoneRow> for PhoneRecord {
    fn from(r: PhoneRow) -> Self {
        Self {
            language: r.language,
            sms_opted_out: r.sms_opted_out != 0,
        }
    }
}

#[derive(FromRow)]
struct ContextRow {
    age: Option<i64>,
    pregnant: i64,
}

const PATIENT_COLUMNS: &str = "id, slot, relation, name, language, pincode";

impl Store {
    /// The number's stored preferences, if we have seen it.
    pub async fn phone(&self, phone: &PhoneNumber) -> Result<Option<PhoneRecord>, StoreError> {
        let row = sqlx::query_as::<_, PhoneRow>(
            "SELECT language, sms_opted_out FROM phone_numbers WHERE e164 = $1",
        )
        .bind(phone.as_str())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(PhoneRecord::from))
    }

    /// The number's preferences and its patients, in one round trip (the incoming-call path).
    pub async fn phone_with_patients(
        &self,
        phone: &PhoneNumber,
    ) -> Result<Option<(PhoneRecord, Vec<Patient>)>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.language AS phone_language, p.sms_opted_out, pt.id, pt.slot, pt.relation, pt.name, pt.language, pt.pincode
             FROM phone_numbers p LEFT JOIN patients pt ON pt.phone = p.e164
             WHERE p.e164 = $1 ORDER BY pt.slot",
        )
        .bind(phone.as_str())
        .fetch_all(&self.pool)
        .await?;
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let record = PhoneRecord {
            language: first.try_get("phone_language")?,
            sms_opted_out: first.try_get::<i64, _>("sms_opted_out")? != 0,
        };
        // A number without patients comes back as one row of NULL patient columns.
        let mut patients = Vec::with_capacity(rows.len());
        for r in &rows {
            if r.try_get::<Option<i64>, _>("id")?.is_some() {
                patients.push(Patient::from_row(r)?);
            }
        }
        Ok(Some((record, patients)))
    }

    /// Records the number, setting its language when one is given.
    pub async fn upsert_phone(
        &self,
        phone: &PhoneNumber,
        language: Option<&str>,
    ) -> Result<(), StoreError> {
        let now = now_unix();
        sqlx::query(
            "INSERT INTO phone_numbers (e164, language, created_at, updated_at) VALUES ($1, $2, $3, $3)
             ON CONFLICT (e164) DO UPDATE SET language = COALESCE($2, phone_numbers.language), updated_at = $3",
        )
        .bind(phone.as_str())
        .bind(language)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Honours STOP (true) and START (false) for outbound SMS.
    pub async fn set_sms_opt_out(
        &self,
        phone: &PhoneNumber,
        opted_out: bool,
    ) -> Result<(), StoreError> {
        self.upsert_phone(phone, None).await?;
        sqlx::query("UPDATE phone_numbers SET sms_opted_out = $1, updated_at = $2 WHERE e164 = $3")
            .bind(opted_out as i64)
            .bind(now_unix())
            .bind(phone.as_str())
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Whether a number has sent STOP.
    pub async fn is_opted_out(&self, phone: &str) -> Result<bool, StoreError> {
        let opted_out =
            sqlx::query_scalar::<_, i64>("SELECT sms_opted_out FROM phone_numbers WHERE e164 = $1")
                .bind(phone)
                .fetch_optional(&self.pool)
                .await?;
        Ok(opted_out.is_some_and(|o| o != 0))
    }

    /// The patients a number speaks for, in keypad order.
    pub async fn patients(&self, phone: &PhoneNumber) -> Result<Vec<Patient>, StoreError> {
        Ok(sqlx::query_as::<_, Patient>(&format!(
            "SELECT {PATIENT_COLUMNS} FROM patients WHERE phone = $1 ORDER BY slot"
        ))
        .bind(phone.as_str())
        .fetch_all(&self.pool)
        .await?)
    }

    /// Adds a patient to a number (the number must exist), in the next free keypad slot.
    pub async fn add_patient(
        &self,
        phone: &PhoneNumber,
        relation: &str,
        name: Option<&str>,
        language: Option<&str>,
    ) -> Result<Patient, StoreError> {
        // Two requests adding at once (an SMS and a call, or two nodes) may pick the same
        // keypad slot, or both add the phone's "self": the database refuses the second, which
        // then takes the next slot, or the "self" that is there.
        for _ in 0..3 {
            let mut tx = self.writer.begin().await?;
            // The number may be new to the database (its first webhook met a stall).
            sqlx::query(
                "INSERT INTO phone_numbers (e164, created_at, updated_at) VALUES ($1, $2, $2)
                 ON CONFLICT (e164) DO NOTHING",
            )
            .bind(phone.as_str())
            .bind(now_unix())
            .execute(&mut *tx)
            .await?;
            let id = Self::next_id(&mut *tx, "patients").await?;
            let added = sqlx::query_as::<_, Patient>(&format!(
                "INSERT INTO patients (id, phone, slot, relation, name, language, created_at)
                 VALUES ($1, $2, (SELECT COALESCE(MAX(slot), 0) + 1 FROM patients WHERE phone = $2), $3, $4, $5, $6)
                 ON CONFLICT DO NOTHING
                 RETURNING {PATIENT_COLUMNS}"
            ))
            .bind(id)
            .bind(phone.as_str())
            .bind(relation)
            .bind(name)
            .bind(language)
            .bind(now_unix())
            .fetch_optional(&mut *tx)
            .await?;
            tx.commit().await?;
            if let Some(patient) = added {
                return Ok(patient);
            }
            if relation == "self" {
                let existing = sqlx::query_as::<_, Patient>(&format!(
                    "SELECT {PATIENT_COLUMNS} FROM patients
                     WHERE phone = $1 AND relation = 'self'"
                ))
                .bind(phone.as_str())
                .fetch_optional(&self.writer)
                .await?;
                if let Some(patient) = existing {
                    return Ok(patient);
                }
            }
        }
        Err(StoreError::Busy)
    }

    /// What triage should know of a patient: (age, pregnant).
    /// Nothing is known of no patient (a caller who has not said who the call is for).
    pub async fn patient_context(
        &self,
        patient_id: Option<i64>,
    ) -> Result<(Option<i64>, bool), StoreError> {
        let Some(patient_id) = patient_id else {
            return Ok((None, false));
        };
        let row =
            sqlx::query_as::<_, ContextRow>("SELECT age, pregnant FROM patients WHERE id = $1")
                .bind(patient_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row
            .map(|r| (r.age, r.pregnant != 0))
            .unwrap_or((None, false)))
    }
}
