//! Storage: every SQL statement the service runs, as small named functions over one pool.
//!
//! The same statements run on SQLite (the default, one file under `data/`) and PostgreSQL
//! (many stateless nodes), through sqlx's `Any` driver. Migrations live in `migrations/`.
//! This module knows rows and columns; it must not know about Twilio, TwiML or prompts.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Executor, Row};

use crate::domain::{now_unix, CallId, PhoneNumber};

mod call_batch;
mod care;
mod claims;
mod console;
mod interviews;
mod lines;
mod pharmacy;
pub mod places;
mod positions;
mod records;
mod reminders;
mod transcripts;
use call_batch::{CallBatcher, NewCall};
pub use care::*;
pub use claims::Claim;
pub use console::*;
pub use interviews::{Answer, Interview};
pub use pharmacy::*;
pub use positions::{new_token as new_position_token, NewPosition, PositionRow};
pub use records::{ItemKind, ProfileItem, StoredReading};
pub use reminders::{Adherence, Dose, FollowUp, NewPlan, Placed, PlannedDose};
pub use transcripts::Transcript;

/// A phone number read back from storage (validated when it was written); a row that does
/// not hold one is reported as corrupt rather than trusted.
pub fn stored_phone(raw: &str) -> Result<PhoneNumber, StoreError> {
    PhoneNumber::parse(raw).map_err(|_| {
        StoreError::Corrupt(format!("phone number {}", crate::domain::mask(raw, 3, 2)))
    })
}

/// Why a storage call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    /// Another attempt at the same carrier request is still working on it.
    #[error("a duplicate of this request is still being answered")]
    Busy,
    #[error("cannot create the database directory {path}: {source}")]
    Directory {
        path: String,
        source: std::io::Error,
    },
}

/// A handle on the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    /// Connections for reads, shared by every request.
    pool: AnyPool,
    /// Connections for writes. On SQLite a single connection: SQLite has one writer at a
    /// time, and queueing in the pool is far cheaper than SQLite's sleeping busy handler.
    /// On PostgreSQL the same pool as `pool`.
    writer: AnyPool,
    /// Group-commits the row each incoming call adds.
    calls: CallBatcher,
    /// Whether this is SQLite (which has a WAL to checkpoint).
    sqlite: bool,
}

/// A patient who belongs to a phone number.
#[derive(Clone, Debug, PartialEq)]
pub struct Patient {
    pub id: i64,
    /// The keypad digit that picks this patient on a shared phone.
    pub slot: i64,
    pub relation: String,
    pub name: Option<String>,
    pub language: Option<String>,
    pub pincode: Option<String>,
}

/// What later webhooks of a call need to know, as stored against its CallSid.
#[derive(Clone, Debug, PartialEq)]
pub struct CallState {
    pub from: String,
    pub language: Option<String>,
    pub patient_id: Option<i64>,
}

/// A phone number's preferences.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PhoneRecord {
    pub language: Option<String>,
    pub sms_opted_out: bool,
}

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
#[derive(Clone, Debug, PartialEq)]
pub struct PrescriptionItem {
    pub medicine: String,
    pub dose: String,
    pub frequency: String,
    pub days: i64,
}

/// An outbound SMS or call waiting in the outbox.
#[derive(Clone, Debug, PartialEq)]
pub struct OutboxItem {
    pub id: i64,
    /// `sms` or `call`.
    pub kind: String,
    pub to_phone: String,
    /// The SMS text, or for a call the URL of its TwiML.
    pub body: String,
    /// Attempts before this one.
    pub attempts: i64,
    /// What the item is for (`dose:17:1`, `callback:102:call`…), unique.
    pub key: String,
}

/// A triage conversation to record.
#[derive(Clone, Debug)]
pub struct NewConversation<'a> {
    pub phone: &'a PhoneNumber,
    pub patient_id: Option<i64>,
    /// `voice`, `voice-carrier-speech` (transcribed by the carrier, not by us) or `sms`.
    pub channel: &'a str,
    pub call_sid: Option<&'a str>,
    pub language: &'a str,
    pub symptoms: &'a str,
    pub urgency: &'a str,
    /// Red-flag categories triage found.
    pub red_flags: &'a [String],
    /// (role, content): `patient`, `assistant`, `triage`.
    pub messages: &'a [(&'a str, &'a str)],
}

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

impl Store {
    /// Connects, creating a SQLite file (and its directory) if missing, and applies migrations.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let url = prepare_sqlite_url(url)?;
        if !url.starts_with("sqlite:") {
            let pool = open_pool(&url, 16, false).await?;
            sqlx::migrate!("./migrations").run(&pool).await?;
            let calls = CallBatcher::start(pool.clone());
            return Ok(Self {
                writer: pool.clone(),
                pool,
                calls,
                sqlite: false,
            });
        }
        let writer = open_pool(&url, 1, true).await?;
        sqlx::migrate!("./migrations").run(&writer).await?;
        let pool = open_pool(&url, 4, true).await?;
        let calls = CallBatcher::start(writer.clone());
        checkpoint_in_background(
            open_pool(&url, 1, true).await?,
            pool.clone(),
            wal_path(&url),
        );
        Ok(Self {
            pool,
            writer,
            calls,
            sqlite: true,
        })
    }

    /// The pool, for tests that need to reach under the API (e.g. to lock the database).
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Closes every connection; later calls fail fast.
    pub async fn close(&self) {
        self.pool.close().await;
        self.writer.close().await;
    }

    /// A cheap round trip, for health checks.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").fetch_one(&self.pool).await?;
        Ok(())
    }

    /// Checkpoints and empties SQLite's WAL now (the background task does it every 30 s);
    /// nothing on PostgreSQL.
    pub async fn truncate_wal(&self) -> Result<(), StoreError> {
        if self.sqlite {
            checkpoint(&self.writer, true).await?;
        }
        Ok(())
    }

    /// Writes one row, to show that the database takes writes (not only reads).
    pub async fn probe_write(&self) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO health_probe (id, at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET at = $1",
        )
        .bind(now_unix())
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Takes the next id of a named sequence (portable across both databases).
    async fn next_id<'e, E>(executor: E, sequence: &str) -> Result<i64, StoreError>
    where
        E: Executor<'e, Database = sqlx::Any>,
    {
        let row = sqlx::query(
            "UPDATE id_sequences SET next_value = next_value + 1 WHERE name = $1 RETURNING next_value",
        )
        .bind(sequence)
        .fetch_one(executor)
        .await?;
        Ok(row.try_get(0)?)
    }

    // ----- phone numbers and patients -----

    /// The number's stored preferences, if we have seen it.
    pub async fn phone(&self, phone: &PhoneNumber) -> Result<Option<PhoneRecord>, StoreError> {
        let row = sqlx::query("SELECT language, sms_opted_out FROM phone_numbers WHERE e164 = $1")
            .bind(phone.as_str())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| PhoneRecord {
            language: r.get(0),
            sms_opted_out: r.get::<i64, _>(1) != 0,
        }))
    }

    /// The number's preferences and its patients, in one round trip (the incoming-call path).
    pub async fn phone_with_patients(
        &self,
        phone: &PhoneNumber,
    ) -> Result<Option<(PhoneRecord, Vec<Patient>)>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.language, p.sms_opted_out, pt.id, pt.slot, pt.relation, pt.name, pt.language, pt.pincode
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
            language: first.get(0),
            sms_opted_out: first.get::<i64, _>(1) != 0,
        };
        let patients = rows
            .iter()
            .filter(|r| r.get::<Option<i64>, _>(2).is_some())
            .map(|r| Patient {
                id: r.get(2),
                slot: r.get(3),
                relation: r.get(4),
                name: r.get(5),
                language: r.get(6),
                pincode: r.get(7),
            })
            .collect();
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

    /// The patients a number speaks for, in keypad order.
    pub async fn patients(&self, phone: &PhoneNumber) -> Result<Vec<Patient>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, slot, relation, name, language, pincode FROM patients WHERE phone = $1 ORDER BY slot",
        )
        .bind(phone.as_str())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(patient_from_row).collect())
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
            let row = sqlx::query(
                "INSERT INTO patients (id, phone, slot, relation, name, language, created_at)
                 VALUES ($1, $2, (SELECT COALESCE(MAX(slot), 0) + 1 FROM patients WHERE phone = $2), $3, $4, $5, $6)
                 ON CONFLICT DO NOTHING
                 RETURNING id, slot, relation, name, language, pincode",
            )
            .bind(id)
            .bind(phone.as_str())
            .bind(relation)
            .bind(name)
            .bind(language)
            .bind(now_unix())
            .fetch_optional(&mut *tx)
            .await?;
            tx.commit().await?;
            if let Some(row) = row {
                return Ok(patient_from_row(&row));
            }
            if relation == "self" {
                let existing = sqlx::query(
                    "SELECT id, slot, relation, name, language, pincode FROM patients
                     WHERE phone = $1 AND relation = 'self'",
                )
                .bind(phone.as_str())
                .fetch_optional(&self.writer)
                .await?;
                if let Some(row) = existing {
                    return Ok(patient_from_row(&row));
                }
            }
        }
        Err(StoreError::Busy)
    }

    // ----- calls -----

    /// Records an incoming call once, with its first turn's positions, in one commit shared
    /// with concurrent calls; a retried webhook leaves the first record alone.
    pub async fn start_call(
        &self,
        sid: &CallId,
        from: &PhoneNumber,
        to: &str,
        language: Option<&str>,
        patient_id: Option<i64>,
        positions: Vec<NewPosition>,
    ) -> Result<(), StoreError> {
        let call = NewCall {
            sid: sid.as_str().to_owned(),
            from: from.as_str().to_owned(),
            to: to.to_owned(),
            language: language.map(str::to_owned),
            patient_id,
            at: now_unix(),
            positions,
        };
        self.calls.insert(call).await?;
        Ok(())
    }

    /// What the call's earlier webhooks stored.
    pub async fn call_state(&self, sid: &CallId) -> Result<Option<CallState>, StoreError> {
        let row =
            sqlx::query("SELECT from_phone, language, patient_id FROM calls WHERE call_sid = $1")
                .bind(sid.as_str())
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|r| CallState {
            from: r.get(0),
            language: r.get(1),
            patient_id: r.get(2),
        }))
    }

    /// Sets the language the caller chose for this call.
    pub async fn set_call_language(&self, sid: &CallId, language: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE calls SET language = $1, updated_at = $2 WHERE call_sid = $3")
            .bind(language)
            .bind(now_unix())
            .bind(sid.as_str())
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Sets who the call is for; nothing is recorded against a patient before this.
    pub async fn set_call_patient(&self, sid: &CallId, patient_id: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE calls SET patient_id = $1, updated_at = $2 WHERE call_sid = $3")
            .bind(patient_id)
            .bind(now_unix())
            .bind(sid.as_str())
            .execute(&self.writer)
            .await?;
        // SMS commands then apply to the patient the phone last spoke for.
        sqlx::query(
            "UPDATE phone_numbers SET speaking_for = $1
             WHERE e164 = (SELECT from_phone FROM calls WHERE call_sid = $2)",
        )
        .bind(patient_id)
        .bind(sid.as_str())
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Appends a lifecycle status (once per status) and updates the call's current one.
    pub async fn record_call_status(
        &self,
        sid: &CallId,
        from: &PhoneNumber,
        to: &str,
        status: &str,
        duration_seconds: Option<i64>,
    ) -> Result<(), StoreError> {
        let now = now_unix();
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO calls (call_sid, from_phone, to_phone, status, duration_seconds, started_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)
             ON CONFLICT (call_sid) DO UPDATE SET status = $4,
                 duration_seconds = COALESCE($5, calls.duration_seconds), updated_at = $6",
        )
        .bind(sid.as_str())
        .bind(from.as_str())
        .bind(to)
        .bind(status)
        .bind(duration_seconds)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO call_status_history (call_sid, status, at, seq)
             VALUES ($1, $2, $3, (SELECT COUNT(*) FROM call_status_history WHERE call_sid = $1))
             ON CONFLICT (call_sid, status) DO NOTHING",
        )
        .bind(sid.as_str())
        .bind(status)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The call's statuses in the order they arrived.
    pub async fn call_status_history(&self, sid: &CallId) -> Result<Vec<String>, StoreError> {
        let rows =
            sqlx::query("SELECT status FROM call_status_history WHERE call_sid = $1 ORDER BY seq")
                .bind(sid.as_str())
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    // ----- callbacks, prescriptions, stock -----

    /// Files a request to be called back; returns its reference number.
    pub async fn request_callback(
        &self,
        phone: &PhoneNumber,
        patient_id: Option<i64>,
        topic: &str,
        channel: &str,
    ) -> Result<i64, StoreError> {
        let mut tx = self.writer.begin().await?;
        let id = Self::next_id(&mut *tx, "callback_requests").await?;
        sqlx::query(
            "INSERT INTO callback_requests (id, phone, patient_id, topic, channel, status, requested_at)
             VALUES ($1, $2, $3, $4, $5, 'open', $6)",
        )
        .bind(id)
        .bind(phone.as_str())
        .bind(patient_id)
        .bind(topic)
        .bind(channel)
        .bind(now_unix())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Missed-call callbacks scheduled for a number since `since`.
    pub async fn missed_call_callbacks_since(
        &self,
        phone: &PhoneNumber,
        since: i64,
    ) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "SELECT COUNT(*) FROM callback_requests WHERE phone = $1 AND topic = 'missed-call' AND requested_at >= $2",
        )
        .bind(phone.as_str())
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.get(0))
    }

    /// Records a missed-call callback due at `due_at`; returns its reference.
    pub async fn schedule_missed_call_callback(
        &self,
        phone: &PhoneNumber,
        due_at: i64,
        call_sid: &CallId,
    ) -> Result<Option<i64>, StoreError> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO phone_numbers (e164, created_at, updated_at) VALUES ($1, $2, $2) ON CONFLICT (e164) DO NOTHING",
        )
        .bind(phone.as_str())
        .bind(now_unix())
        .execute(&mut *tx)
        .await?;
        let id = Self::next_id(&mut *tx, "callback_requests").await?;
        // Once per call: a retried webhook or a second status callback schedules nothing.
        let inserted = sqlx::query(
            "INSERT INTO callback_requests (id, phone, topic, channel, status, requested_at, due_at, call_sid)
             VALUES ($1, $2, 'missed-call', 'voice', 'scheduled', $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(phone.as_str())
        .bind(now_unix())
        .bind(due_at)
        .bind(call_sid.as_str())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok((inserted == 1).then_some(id))
    }

    /// How many webhook steps of a call were answered after the first (0: the caller
    /// hung up during the first prompt).
    pub async fn answered_steps(&self, sid: &CallId) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) FROM call_steps WHERE call_sid = $1")
            .bind(sid.as_str())
            .fetch_one(&self.pool)
            .await?;
        Ok(row.get(0))
    }

    /// Open callback requests of a number, oldest first: (reference, topic).
    pub async fn open_callbacks(
        &self,
        phone: &PhoneNumber,
    ) -> Result<Vec<(i64, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, topic FROM callback_requests WHERE phone = $1 AND status = 'open' ORDER BY id",
        )
        .bind(phone.as_str())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// Every open callback request, for the operator's team: (reference, phone, topic, requested_at).
    pub async fn all_open_callbacks(&self) -> Result<Vec<(i64, String, String, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, phone, topic, requested_at FROM callback_requests WHERE status = 'open' ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect())
    }

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
        let Some(head) = sqlx::query(
            "SELECT p.id, d.name, p.created_at FROM prescriptions p LEFT JOIN doctors d ON d.id = p.doctor_id
             WHERE p.patient_id = $1 ORDER BY p.created_at DESC, p.id DESC LIMIT 1",
        )
        .bind(patient_id)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let id: i64 = head.get(0);
        let items = sqlx::query(
            "SELECT medicine, dose, frequency, days FROM prescription_items WHERE prescription_id = $1 ORDER BY line",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| PrescriptionItem {
            medicine: r.get(0),
            dose: r.get(1),
            frequency: r.get(2),
            days: r.get(3),
        })
        .collect();
        Ok(Some(Prescription {
            id,
            doctor_name: head.get(1),
            created_at: head.get(2),
            items,
        }))
    }

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
            let row = sqlx::query("SELECT id FROM pharmacies WHERE phone = $1")
                .bind(phone.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            let Some(row) = row else {
                tx.rollback().await?;
                return Ok(Err(i + 1));
            };
            upsert_stock_in(&mut tx, row.get(0), stock).await?;
        }
        tx.commit().await?;
        Ok(Ok(rows.len()))
    }

    /// Imports doctors all or nothing (by phone: a re-import updates).
    pub async fn import_doctors(&self, rows: &[NewDoctor<'_>]) -> Result<usize, StoreError> {
        let mut tx = self.writer.begin().await?;
        for d in rows {
            let existing = sqlx::query("SELECT id FROM doctors WHERE phone = $1")
                .bind(d.phone.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            let id = match existing {
                Some(r) => r.get(0),
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
        let rows = sqlx::query(
            "SELECT name, phone, languages, start_minute, end_minute FROM doctors ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
            .collect())
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
        let row = sqlx::query("SELECT age, pregnant FROM patients WHERE id = $1")
            .bind(patient_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row
            .map(|r| (r.get(0), r.get::<i64, _>(1) != 0))
            .unwrap_or((None, false)))
    }

    /// Records a triage conversation with its messages; returns its id.
    pub async fn add_conversation(&self, c: &NewConversation<'_>) -> Result<i64, StoreError> {
        let now = now_unix();
        let mut tx = self.writer.begin().await?;
        let id = Self::next_id(&mut *tx, "conversations").await?;
        sqlx::query(
            "INSERT INTO conversations (id, patient_id, phone, channel, call_sid, language, symptoms, urgency, created_at, updated_at, red_flags)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)",
        )
        .bind(id)
        .bind(c.patient_id)
        .bind(c.phone.as_str())
        .bind(c.channel)
        .bind(c.call_sid)
        .bind(c.language)
        .bind(c.symptoms)
        .bind(c.urgency)
        .bind(now)
        .bind(c.red_flags.join(";"))
        .execute(&mut *tx)
        .await?;
        for (seq, (role, content)) in c.messages.iter().enumerate() {
            sqlx::query(
                "INSERT INTO conversation_messages (conversation_id, seq, role, content, at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(seq as i64)
            .bind(*role)
            .bind(*content)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// A number's conversations, newest first: (id, channel, urgency, symptoms).
    pub async fn conversations(
        &self,
        phone: &PhoneNumber,
    ) -> Result<Vec<(i64, String, Option<String>, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, channel, urgency, symptoms FROM conversations WHERE phone = $1 ORDER BY id DESC",
        )
        .bind(phone.as_str())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect())
    }

    /// A conversation's messages in order: (role, content).
    pub async fn conversation_messages(
        &self,
        id: i64,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let rows = sqlx::query("SELECT role, content FROM conversation_messages WHERE conversation_id = $1 ORDER BY seq")
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// Queues an outbound SMS or call; a repeated `key` queues nothing. Returns the new id.
    pub async fn enqueue_outbox(
        &self,
        kind: &str,
        to: &PhoneNumber,
        body: &str,
        key: &str,
    ) -> Result<Option<i64>, StoreError> {
        self.enqueue_outbox_at(kind, to, body, key, now_unix())
            .await
    }

    /// As [`Store::enqueue_outbox`], sent no earlier than `at`.
    pub async fn enqueue_outbox_at(
        &self,
        kind: &str,
        to: &PhoneNumber,
        body: &str,
        key: &str,
        at: i64,
    ) -> Result<Option<i64>, StoreError> {
        let now = now_unix();
        let mut tx = self.writer.begin().await?;
        let id = Self::next_id(&mut *tx, "outbox").await?;
        let inserted = sqlx::query(
            "INSERT INTO outbox (id, kind, to_phone, body, idempotency_key, status, next_attempt_at, created_at)
             VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7) ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind(id)
        .bind(kind)
        .bind(to.as_str())
        .bind(body)
        .bind(key)
        .bind(at)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok((inserted == 1).then_some(id))
    }

    /// Claims up to `limit` due items for `lease` seconds, the lease held by `owner` (who
    /// may renew it; another worker skips them until it runs out).
    pub async fn claim_outbox_as(
        &self,
        now: i64,
        limit: i64,
        lease: i64,
        owner: &str,
    ) -> Result<Vec<OutboxItem>, StoreError> {
        let rows = sqlx::query(
            "UPDATE outbox SET status = 'sending', next_attempt_at = $2, lease_owner = $4
             WHERE id IN (SELECT id FROM outbox WHERE status IN ('pending', 'sending') AND next_attempt_at <= $1
                          ORDER BY id LIMIT $3)
               AND next_attempt_at <= $1
             RETURNING id, kind, to_phone, body, attempts, idempotency_key",
        )
        .bind(now)
        .bind(now + lease)
        .bind(limit)
        .bind(owner)
        .fetch_all(&self.writer)
        .await?;
        let mut items: Vec<OutboxItem> = rows
            .iter()
            .map(|r| OutboxItem {
                id: r.get(0),
                kind: r.get(1),
                to_phone: r.get(2),
                body: r.get(3),
                attempts: r.get(4),
                key: r.get(5),
            })
            .collect();
        items.sort_by_key(|i| i.id);
        Ok(items)
    }

    /// Extends the lease `owner` holds on items still being sent, to `until`.
    pub async fn renew_outbox_lease(&self, owner: &str, until: i64) -> Result<u64, StoreError> {
        Ok(sqlx::query(
            "UPDATE outbox SET next_attempt_at = $1 WHERE status = 'sending' AND lease_owner = $2",
        )
        .bind(until)
        .bind(owner)
        .execute(&self.writer)
        .await?
        .rows_affected())
    }

    /// Records a final outcome: `sent`, `failed` or `skipped`.
    pub async fn finish_outbox(
        &self,
        id: i64,
        status: &str,
        provider_sid: Option<&str>,
        error: Option<&str>,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE outbox SET status = $1, provider_sid = $2, last_error = $3, attempts = attempts + 1, sent_at = $4
             WHERE id = $5",
        )
        .bind(status)
        .bind(provider_sid)
        .bind(error)
        .bind(now)
        .bind(id)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Puts an item back for another attempt at `at`.
    pub async fn retry_outbox(&self, id: i64, at: i64, error: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE outbox SET status = 'pending', attempts = attempts + 1, next_attempt_at = $1, last_error = $2
             WHERE id = $3",
        )
        .bind(at)
        .bind(error)
        .bind(id)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// An item's (status, attempts, provider SID), by its idempotency key.
    pub async fn outbox_status(
        &self,
        key: &str,
    ) -> Result<Option<(String, i64, Option<String>)>, StoreError> {
        let row = sqlx::query(
            "SELECT status, attempts, provider_sid FROM outbox WHERE idempotency_key = $1",
        )
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| (r.get(0), r.get(1), r.get(2))))
    }

    /// Whether a number has sent STOP.
    pub async fn is_opted_out(&self, phone: &str) -> Result<bool, StoreError> {
        let row = sqlx::query("SELECT sms_opted_out FROM phone_numbers WHERE e164 = $1")
            .bind(phone)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some_and(|r| r.get::<i64, _>(0) != 0))
    }

    /// Appends to the audit log. `subject` must not be a raw phone number or symptom.
    pub async fn audit(
        &self,
        actor: &str,
        action: &str,
        subject: &str,
        detail: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        let id = Self::next_id(&mut *tx, "audit_log").await?;
        sqlx::query("INSERT INTO audit_log (id, at, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(id)
            .bind(now_unix())
            .bind(actor)
            .bind(action)
            .bind(subject)
            .bind(detail)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Copies the SQLite WAL back into the database every second, off every request's path,
/// until the store is closed. A passive checkpoint never blocks readers or the writer.
fn checkpoint_in_background(checkpointer: AnyPool, readers: AnyPool, wal: Option<PathBuf>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        let mut ticks: u64 = 0;
        loop {
            tick.tick().await;
            ticks += 1;
            if readers.is_closed() {
                checkpointer.close().await;
                return;
            }
            // PASSIVE every second never waits for readers; TRUNCATE now and then empties
            // the WAL file when no reader holds it, so it stays bounded.
            if let Err(e) =
                checkpoint(&checkpointer, ticks.is_multiple_of(TRUNCATE_EVERY_TICKS)).await
            {
                tracing::warn!(error = %e, "WAL checkpoint failed");
            }
            if let Some(size) = wal.as_ref().and_then(|w| std::fs::metadata(w).ok()) {
                metrics::gauge!("doorstep_sqlite_wal_bytes").set(size.len() as f64);
            }
        }
    });
}

/// `synchronous=FULL` unless `DOORSTEP_SQLITE_SYNCHRONOUS=normal` (for benchmarks, or a
/// deployment on a battery-backed disk that accepts losing the last commits to a power cut).
fn synchronous_pragma() -> &'static str {
    match std::env::var("DOORSTEP_SQLITE_SYNCHRONOUS").as_deref() {
        Ok("normal") | Ok("NORMAL") => "PRAGMA synchronous = NORMAL",
        _ => "PRAGMA synchronous = FULL",
    }
}

/// Checkpoints SQLite's WAL into the database; `truncate` also empties the WAL file.
async fn checkpoint(pool: &AnyPool, truncate: bool) -> Result<(), StoreError> {
    let mode = if truncate { "TRUNCATE" } else { "PASSIVE" };
    sqlx::query(&format!("PRAGMA wal_checkpoint({mode})"))
        .fetch_all(pool)
        .await?;
    Ok(())
}

/// Every this many seconds the checkpoint truncates the WAL file.
const TRUNCATE_EVERY_TICKS: u64 = 30;

/// The WAL file beside a SQLite database URL's file.
fn wal_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest
        .split('?')
        .next()
        .filter(|p| !p.is_empty() && *p != ":memory:")?;
    Some(PathBuf::from(format!("{path}-wal")))
}

async fn open_pool(url: &str, connections: u32, sqlite: bool) -> Result<AnyPool, StoreError> {
    let pool = AnyPoolOptions::new()
        .max_connections(connections)
        .acquire_timeout(Duration::from_secs(1))
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if sqlite {
                    // WAL lets readers run beside the one writer. FULL syncs the WAL at
                    // every commit: a 200 to a carrier means the record survives a power cut
                    // (NORMAL only survives a crash of the process). The group commit of
                    // incoming calls keeps that to one sync per batch.
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute(synchronous_pragma()).await?;
                    // A checkpointed WAL is cut back to this size rather than kept at its peak.
                    conn.execute("PRAGMA journal_size_limit = 67108864").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    // Checkpoints run in the background (see `checkpoint_in_background`) so
                    // that no webhook's commit pays for one.
                    conn.execute("PRAGMA wal_autocheckpoint = 0").await?;
                }
                Ok(())
            })
        })
        .connect(url)
        .await?;
    Ok(pool)
}

async fn upsert_pharmacy_in(
    tx: &mut sqlx::AnyConnection,
    p: &NewPharmacy<'_>,
) -> Result<i64, StoreError> {
    let existing = sqlx::query("SELECT id FROM pharmacies WHERE phone = $1")
        .bind(p.phone.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    let id = match existing {
        Some(r) => r.get(0),
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

/// A medicine's brand word: the first word of its name, lower-cased.
pub fn brand_key(medicine: &str) -> String {
    medicine
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase()
}

fn patient_from_row(r: &AnyRow) -> Patient {
    Patient {
        id: r.get(0),
        slot: r.get(1),
        relation: r.get(2),
        name: r.get(3),
        language: r.get(4),
        pincode: r.get(5),
    }
}

/// For SQLite: creates the file's directory and asks sqlx to create the file.
fn prepare_sqlite_url(url: &str) -> Result<String, StoreError> {
    let Some(rest) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    else {
        return Ok(url.to_owned());
    };
    let path = rest.split('?').next().unwrap_or("");
    if path.is_empty() || path == ":memory:" {
        return Ok(url.to_owned());
    }
    if let Some(dir) = Path::new(path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Directory {
            path: dir.display().to_string(),
            source,
        })?;
    }
    if url.contains("mode=") {
        return Ok(url.to_owned());
    }
    let sep = if url.contains('?') { '&' } else { '?' };
    Ok(format!("{url}{sep}mode=rwc"))
}
