//! The patient's own record: health readings, profile items they add, hide or show, which
//! patient of a household the phone speaks for, and the last message meant for a number.

use sqlx::FromRow;

use super::{Store, StoreError};
use crate::domain::PhoneNumber;

/// What a profile item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Allergy,
    Condition,
    Medicine,
}

impl ItemKind {
    /// As stored, and in message ids (`profile-allergy`).
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Allergy => "allergy",
            ItemKind::Condition => "condition",
            ItemKind::Medicine => "medicine",
        }
    }

    /// The kind a stored name or a URL parameter names.
    pub fn parse(s: &str) -> Option<Self> {
        [ItemKind::Allergy, ItemKind::Condition, ItemKind::Medicine]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// One allergy, condition or medicine a patient told us of.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileItem {
    pub id: i64,
    pub kind: ItemKind,
    pub text: String,
    /// Left out of everything a doctor sees.
    pub hidden: bool,
}

#[derive(FromRow)]
struct ItemRow {
    id: i64,
    kind: String,
    text: String,
    hidden: i64,
}

#[derive(FromRow)]
struct LastMessage {
    last_message: Option<String>,
    last_message_language: Option<String>,
}

/// A health reading as stored: `value` (and `second` for the bottom number of a blood
/// pressure) in `unit`; `context` says fasting or after food for sugar.
#[derive(Clone, Debug, PartialEq, FromRow)]
pub struct StoredReading {
    pub kind: String,
    pub value: f64,
    pub second_value: Option<f64>,
    pub unit: String,
    pub context: String,
    pub recorded_at: i64,
}

impl Store {
    /// Adds an item to a patient's profile; returns its id.
    pub async fn add_profile_item(
        &self,
        patient_id: i64,
        kind: ItemKind,
        text: &str,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.writer.begin().await?;
        let id = Self::next_id(&mut *tx, "profile_items").await?;
        sqlx::query(
            "INSERT INTO profile_items (id, patient_id, kind, text, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(patient_id)
        .bind(kind.as_str())
        .bind(text)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Records a pregnancy as the patient told it: the item, and the patient as pregnant
    /// (which triage reads), together.
    pub async fn add_pregnancy_item(
        &self,
        patient_id: i64,
        text: &str,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.writer.begin().await?;
        let id = Self::next_id(&mut *tx, "profile_items").await?;
        sqlx::query(
            "INSERT INTO profile_items (id, patient_id, kind, text, marks_pregnancy, created_at)
             VALUES ($1, $2, 'condition', $3, 1, $4)",
        )
        .bind(id)
        .bind(patient_id)
        .bind(text)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE patients SET pregnant = 1 WHERE id = $1")
            .bind(patient_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Whether the patient hid their pregnancy from doctors.
    pub async fn pregnancy_hidden(&self, patient_id: i64) -> Result<bool, StoreError> {
        let hidden: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM profile_items WHERE patient_id = $1 AND marks_pregnancy = 1 AND hidden = 1",
        )
        .bind(patient_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(hidden > 0)
    }

    /// A patient's profile items, oldest first: the patient numbers them 1, 2, 3…
    pub async fn profile_items(&self, patient_id: i64) -> Result<Vec<ProfileItem>, StoreError> {
        let rows: Vec<ItemRow> = sqlx::query_as(
            "SELECT id, kind, text, hidden FROM profile_items WHERE patient_id = $1 ORDER BY id",
        )
        .bind(patient_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                Some(ProfileItem {
                    id: r.id,
                    kind: ItemKind::parse(&r.kind)?,
                    text: r.text,
                    hidden: r.hidden != 0,
                })
            })
            .collect())
    }

    /// Deletes one of a patient's items; false when it is not theirs.
    pub async fn remove_profile_item(&self, patient_id: i64, id: i64) -> Result<bool, StoreError> {
        let mut tx = self.writer.begin().await?;
        // Removing the pregnancy item ends the pregnancy in the record.
        sqlx::query(
            "UPDATE patients SET pregnant = 0 WHERE id = $1
               AND EXISTS (SELECT 1 FROM profile_items WHERE id = $2 AND patient_id = $1 AND marks_pregnancy = 1)",
        )
        .bind(patient_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let done = sqlx::query("DELETE FROM profile_items WHERE id = $1 AND patient_id = $2")
            .bind(id)
            .bind(patient_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// Hides one of a patient's items from doctors, or shows it again.
    pub async fn set_profile_item_hidden(
        &self,
        patient_id: i64,
        id: i64,
        hidden: bool,
    ) -> Result<bool, StoreError> {
        let done =
            sqlx::query("UPDATE profile_items SET hidden = $1 WHERE id = $2 AND patient_id = $3")
                .bind(i64::from(hidden))
                .bind(id)
                .bind(patient_id)
                .execute(&self.writer)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Stores a reading the patient sent or keyed.
    pub async fn add_reading(
        &self,
        patient_id: i64,
        reading: &StoredReading,
    ) -> Result<(), StoreError> {
        // No NULL is ever bound for the bottom number: through sqlx's Any driver, a statement
        // PostgreSQL first prepared with a NULL there refused the next real number
        // ("incorrect binary data format"). One statement with it, one without.
        let sql = match reading.second_value {
            Some(_) => {
                "INSERT INTO health_metrics (id, patient_id, kind, value, unit, context, recorded_at, second_value)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
            }
            None => {
                "INSERT INTO health_metrics (id, patient_id, kind, value, unit, context, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)"
            }
        };
        let mut tx = self.writer.begin().await?;
        let id = Self::next_id(&mut *tx, "health_metrics").await?;
        let mut query = sqlx::query(sql)
            .bind(id)
            .bind(patient_id)
            .bind(&reading.kind)
            .bind(reading.value)
            .bind(&reading.unit)
            .bind(&reading.context)
            .bind(reading.recorded_at);
        if let Some(second) = reading.second_value {
            query = query.bind(second);
        }
        query.execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A patient's latest readings, newest first.
    pub async fn readings(
        &self,
        patient_id: i64,
        limit: i64,
    ) -> Result<Vec<StoredReading>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT kind, value, second_value, unit, context, recorded_at FROM health_metrics
             WHERE patient_id = $1 ORDER BY recorded_at DESC, id DESC LIMIT $2",
        )
        .bind(patient_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The patient the phone last spoke for, if it chose one.
    pub async fn speaking_for(&self, phone: &PhoneNumber) -> Result<Option<i64>, StoreError> {
        let row: Option<Option<i64>> =
            sqlx::query_scalar("SELECT speaking_for FROM phone_numbers WHERE e164 = $1")
                .bind(phone.as_str())
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.flatten())
    }

    /// Remembers which patient the phone speaks for (a call's choice, or SMS `FOR n`).
    pub async fn set_speaking_for(
        &self,
        phone: &PhoneNumber,
        patient_id: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE phone_numbers SET speaking_for = $1 WHERE e164 = $2")
            .bind(patient_id)
            .bind(phone.as_str())
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Keeps the last message meant for a number, to replay when it rings the missed-call line.
    pub async fn set_last_message(
        &self,
        phone: &PhoneNumber,
        text: &str,
        language: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE phone_numbers SET last_message = $1, last_message_language = $2 WHERE e164 = $3",
        )
        .bind(text)
        .bind(language)
        .bind(phone.as_str())
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// The last message meant for a number and its language.
    pub async fn last_message(
        &self,
        phone: &PhoneNumber,
    ) -> Result<Option<(String, String)>, StoreError> {
        let row: Option<LastMessage> = sqlx::query_as(
            "SELECT last_message, last_message_language FROM phone_numbers WHERE e164 = $1",
        )
        .bind(phone.as_str())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(|m| Some((m.last_message?, m.last_message_language?))))
    }
}
