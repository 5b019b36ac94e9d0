//! Prescriptions: storing one with its lines (and, in the same transaction, the SMS that
//! tells the patient), and reading a patient's back, newest first.

use super::{Store, StoreError};
use crate::domain::{now_unix, PhoneNumber};

/// The SMS to queue with a prescription: to whom, and its text given the prescription's id.
pub struct Texted<'a> {
    pub to: &'a PhoneNumber,
    pub text: &'a (dyn Fn(i64) -> String + Sync),
}

/// A stored prescription, ready to be read out or texted.
#[derive(Clone, Debug, PartialEq)]
pub struct Prescription {
    pub id: i64,
    pub doctor_name: Option<String>,
    pub created_at: i64,
    pub items: Vec<PrescriptionItem>,
}

/// One line of a prescription.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct PrescriptionItem {
    pub medicine: String,
    pub dose: String,
    pub frequency: String,
    pub days: i64,
}

/// A prescription without its lines.
#[derive(sqlx::FromRow)]
struct Head {
    id: i64,
    doctor_name: Option<String>,
    created_at: i64,
}

impl Store {
    /// Stores a prescription with its lines; returns its id.
    pub async fn add_prescription(
        &self,
        patient_id: i64,
        doctor_id: Option<i64>,
        consultation_id: Option<i64>,
        items: &[PrescriptionItem],
    ) -> Result<i64, StoreError> {
        let mut tx = self.writer.begin().await?;
        let id = Self::insert_prescription(&mut tx, patient_id, doctor_id, consultation_id, items)
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// As [`Store::add_prescription`], with the SMS that tells the patient queued in the same
    /// transaction (key `prescription:<id>:sms`); returns the id and the text.
    pub async fn add_prescription_texted(
        &self,
        patient_id: i64,
        doctor_id: Option<i64>,
        consultation_id: Option<i64>,
        items: &[PrescriptionItem],
        texted: Texted<'_>,
    ) -> Result<(i64, String), StoreError> {
        let mut tx = self.writer.begin().await?;
        let id = Self::insert_prescription(&mut tx, patient_id, doctor_id, consultation_id, items)
            .await?;
        let text = (texted.text)(id);
        let outbox = Self::next_id(&mut *tx, "outbox").await?;
        let now = now_unix();
        sqlx::query(
            "INSERT INTO outbox (id, kind, to_phone, body, idempotency_key, status, next_attempt_at, created_at)
             VALUES ($1, 'sms', $2, $3, $4, 'pending', $5, $5) ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind(outbox)
        .bind(texted.to.as_str())
        .bind(&text)
        .bind(format!("prescription:{id}:sms"))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok((id, text))
    }

    async fn insert_prescription(
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        patient_id: i64,
        doctor_id: Option<i64>,
        consultation_id: Option<i64>,
        items: &[PrescriptionItem],
    ) -> Result<i64, StoreError> {
        let id = Self::next_id(&mut **tx, "prescriptions").await?;
        sqlx::query(
            "INSERT INTO prescriptions (id, consultation_id, patient_id, doctor_id, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(consultation_id)
        .bind(patient_id)
        .bind(doctor_id)
        .bind(now_unix())
        .execute(&mut **tx)
        .await?;
        for (line, item) in items.iter().enumerate() {
            sqlx::query(
                "INSERT INTO prescription_items (prescription_id, line, medicine, dose, frequency, days)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(line as i64 + 1)
            .bind(&item.medicine)
            .bind(&item.dose)
            .bind(&item.frequency)
            .bind(item.days)
            .execute(&mut **tx)
            .await?;
        }
        Ok(id)
    }

    /// The patient's most recent prescription.
    pub async fn latest_prescription(
        &self,
        patient_id: i64,
    ) -> Result<Option<Prescription>, StoreError> {
        Ok(self.patient_prescriptions(patient_id, 1).await?.pop())
    }

    /// A patient's prescriptions with their lines, newest first.
    pub async fn patient_prescriptions(
        &self,
        patient_id: i64,
        limit: i64,
    ) -> Result<Vec<Prescription>, StoreError> {
        let heads = sqlx::query_as::<_, Head>(
            "SELECT p.id, d.name AS doctor_name, p.created_at FROM prescriptions p LEFT JOIN doctors d ON d.id = p.doctor_id
             WHERE p.patient_id = $1 ORDER BY p.created_at DESC, p.id DESC LIMIT $2",
        )
        .bind(patient_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(heads.len());
        for head in heads {
            let items = sqlx::query_as::<_, PrescriptionItem>(
                "SELECT medicine, dose, frequency, days FROM prescription_items WHERE prescription_id = $1 ORDER BY line",
            )
            .bind(head.id)
            .fetch_all(&self.pool)
            .await?;
            out.push(Prescription {
                id: head.id,
                doctor_name: head.doctor_name,
                created_at: head.created_at,
                items,
            });
        }
        Ok(out)
    }
}
