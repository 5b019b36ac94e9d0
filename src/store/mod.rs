//! Storage: every SQL statement the service runs, as small named functions over one pool.
//!
//! The same statements run on SQLite (the default, one file under `data/`) and PostgreSQL
//! (many stateless nodes), through sqlx's `Any` driver. Migrations live in `migrations/`.
//! This module knows rows and columns; it must not know about Twilio, TwiML or prompts.
//! Rows are read by column name: `FromRow` structs, or `try_get("column")`.
//!
//! Each concept has its own file, which adds its methods to [`Store`] in an `impl` block:
//! - here: the handle (connect, pool, close, ping, the write probe), [`StoreError`], id
//!   sequences, and what several files share ([`stored_phone`], [`brand_key`]);
//! - `sqlite.rs`: SQLite's connection settings, its file, and WAL checkpoints;
//! - `phones.rs`: phone numbers, their patients, SMS opt-out;
//! - `calls.rs`: a call's record (group-committed by `call_batch.rs`), state and statuses;
//!   `positions.rs`: where a call is between webhooks; `claims.rs`: each carrier request
//!   (a call's step, an inbound SMS) done once;
//! - `callbacks.rs`: callback requests; `conversations.rs`: triage conversations;
//!   `interviews.rs`: danger-sign interviews; `transcripts.rs`: recordings' transcripts;
//! - `care.rs`: doctors and consultations; `prescriptions.rs`: prescriptions;
//!   `records.rs`: the patient's own record; `reminders.rs`: medicine reminders, follow-ups;
//! - `pharmacy.rs`: nearest stock and orders; `places.rs`: pincodes and distances;
//!   `imports.rs`: the operator's pharmacy, stock and doctor imports;
//! - `outbox.rs`: outbound SMS and calls; `lines.rs`: the line a person last reached us on;
//!   `audit.rs`: the audit log;
//! - `console.rs`: the staff console's sign-in and pages;
//! - `enums.rs`: statuses and kinds stored as text, as enums ([`Stored`]).

use sqlx::{AnyPool, Executor};

use crate::domain::{now_unix, PhoneNumber};

#[macro_use]
mod enums;
mod audit;
mod call_batch;
mod callbacks;
mod calls;
mod care;
mod claims;
mod console;
mod conversations;
mod imports;
mod interviews;
mod lines;
mod outbox;
mod pharmacy;
mod phones;
pub mod places;
mod positions;
mod prescriptions;
mod records;
mod reminders;
mod sqlite;
mod transcripts;
use call_batch::CallBatcher;
pub use calls::CallState;
pub use care::*;
pub use claims::Claim;
pub use console::*;
pub use conversations::NewConversation;
pub use enums::{Stored, UnknownValue};
pub use imports::{NewDoctor, NewPharmacy, NewStock};
pub use interviews::{Answer, Interview};
pub use outbox::{OutboxItem, OutboxStatus, Outgoing, UnreadableItem};
pub use pharmacy::*;
pub use phones::{Patient, PhoneRecord};
pub use positions::{new_token as new_position_token, NewPosition, PositionRow};
pub use prescriptions::{Prescription, PrescriptionItem, Texted};
pub use records::{ItemKind, ProfileItem, StoredReading};
pub use reminders::{
    Adherence, Dose, DoseStatus, FollowUp, FollowUpStatus, NewPlan, Placed, PlannedDose,
};
pub use transcripts::Transcript;

/// A phone number read back from storage (validated when it was written); a row that does
/// not hold one is reported as corrupt rather than trusted.
pub fn stored_phone(raw: &str) -> Result<PhoneNumber, StoreError> {
    PhoneNumber::parse(raw).map_err(|_| {
        StoreError::Corrupt(format!("phone number {}", crate::domain::mask(raw, 3, 2)))
    })
}

/// A medicine's brand word: the first word of its name, lower-cased (stored with each
/// stock line by the imports, matched by the pharmacy search).
pub fn brand_key(medicine: &str) -> String {
    medicine
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase()
}

/// Why a storage call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
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

impl From<sqlx::Error> for StoreError {
    /// A status column a row could not read as its enum is corrupt data, as [`stored_phone`]
    /// reports a bad number; anything else is the database's own failure.
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::ColumnDecode { source, .. } = &e {
            if let Some(unknown) = source.downcast_ref::<UnknownValue>() {
                return unknown.clone().into();
            }
        }
        StoreError::Database(e)
    }
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
    /// The store's own background tasks (the call batcher, WAL checkpoints), stopped and
    /// awaited by [`Store::close`].
    tasks: Background,
}

/// The store's background tasks and the signal that stops them.
#[derive(Clone, Default)]
struct Background {
    stop: tokio_util::sync::CancellationToken,
    running: tokio_util::task::TaskTracker,
}

impl Store {
    /// Connects, creating a SQLite file (and its directory) if missing, and applies migrations.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let url = sqlite::prepare_sqlite_url(url)?;
        if !url.starts_with("sqlite:") {
            let pool = sqlite::open_pool(&url, 16, false).await?;
            sqlx::migrate!("./migrations").run(&pool).await?;
            let tasks = Background::default();
            let calls = CallBatcher::start(pool.clone(), &tasks);
            return Ok(Self {
                writer: pool.clone(),
                pool,
                calls,
                sqlite: false,
                tasks,
            });
        }
        let writer = sqlite::open_pool(&url, 1, true).await?;
        sqlx::migrate!("./migrations").run(&writer).await?;
        let pool = sqlite::open_pool(&url, 4, true).await?;
        let tasks = Background::default();
        let calls = CallBatcher::start(writer.clone(), &tasks);
        sqlite::checkpoint_in_background(
            sqlite::open_pool(&url, 1, true).await?,
            sqlite::wal_path(&url),
            &tasks,
        );
        Ok(Self {
            pool,
            writer,
            calls,
            sqlite: true,
            tasks,
        })
    }

    /// The pool, for tests that need to reach under the API (e.g. to lock the database).
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Stops the store's background tasks (a last WAL checkpoint empties the WAL file) and
    /// closes every connection; later calls fail fast. Every clone shares the close.
    pub async fn close(&self) {
        self.tasks.stop.cancel();
        self.tasks.running.close();
        self.tasks.running.wait().await;
        self.pool.close().await;
        self.writer.close().await;
    }

    /// A cheap round trip, for health checks.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").fetch_one(&self.pool).await?;
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
        Ok(sqlx::query_scalar::<_, i64>(
            "UPDATE id_sequences SET next_value = next_value + 1 WHERE name = $1 RETURNING next_value",
        )
        .bind(sequence)
        .fetch_one(executor)
        .await?)
    }
}
