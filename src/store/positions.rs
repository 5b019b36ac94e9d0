//! Where each call is between webhooks. A turn stores one row per place its next input can
//! lead (the keys' step, the silence's step, a dial's outcome), under a random key that the
//! carrier's URL names; the next webhook reads its row back. The URL carries nothing else of
//! the call's state, so carriers' logs hold no caller's words and any node can answer.

use sqlx::AnyPool;
use tokio::sync::{mpsc, oneshot};

use super::{Store, StoreError};
use crate::domain::CallId;

/// A stored position, read by name.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct PositionRow {
    pub call_sid: String,
    pub route: String,
    pub attempt: i64,
    pub topic: Option<String>,
    pub consultation: Option<i64>,
    pub medicine: Option<String>,
    pub carry: Option<String>,
}

/// A position to store under `token`.
pub struct NewPosition<'a> {
    pub token: &'a str,
    pub route: &'a str,
    pub attempt: i64,
    pub topic: Option<&'a str>,
    pub consultation: Option<i64>,
    pub medicine: Option<&'a str>,
    pub carry: Option<&'a str>,
}

/// A position row owned by the batching task.
struct Owned {
    token: String,
    call: String,
    route: String,
    attempt: i64,
    topic: Option<String>,
    consultation: Option<i64>,
    medicine: Option<String>,
    carry: Option<String>,
    at: i64,
}

type Reply = oneshot::Sender<Result<(), String>>;

/// Group commit for positions: every turn of every call stores its positions, the incoming
/// call's first turn included, so concurrent turns share one multi-row statement (as the
/// `calls` rows do), each still answered only once its rows are committed.
#[derive(Clone)]
pub(super) struct PositionBatcher {
    queue: mpsc::Sender<(Vec<Owned>, Reply)>,
}

/// The most rows one statement carries; batches are padded up to a size class so that only
/// a handful of distinct statements are ever prepared.
const SIZE_CLASSES: [usize; 5] = [1, 4, 16, 64, 128];

impl PositionBatcher {
    pub(super) fn start(writer: AnyPool) -> Self {
        let (queue, rx) = mpsc::channel(4096);
        tokio::spawn(run(writer, rx));
        Self { queue }
    }
}

async fn run(writer: AnyPool, mut rx: mpsc::Receiver<(Vec<Owned>, Reply)>) {
    let mut batch = Vec::with_capacity(64);
    while rx.recv_many(&mut batch, 64).await > 0 {
        let rows: Vec<&Owned> = batch.iter().flat_map(|(rows, _)| rows.iter()).collect();
        let mut result = Ok(());
        for chunk in rows.chunks(*SIZE_CLASSES.last().expect("non-empty")) {
            if let Err(e) = insert_rows(&writer, chunk).await {
                result = Err(e.to_string());
                break;
            }
        }
        for (_, reply) in batch.drain(..) {
            let _ = reply.send(result.clone());
        }
    }
}

async fn insert_rows(writer: &AnyPool, rows: &[&Owned]) -> Result<(), sqlx::Error> {
    let size = SIZE_CLASSES
        .iter()
        .copied()
        .find(|&s| s >= rows.len())
        .unwrap_or(rows.len());
    let values: Vec<String> = (0..size)
        .map(|r| {
            let p: Vec<String> = (1..=9).map(|k| format!("${}", r * 9 + k)).collect();
            format!("({})", p.join(", "))
        })
        .collect();
    let sql = format!(
        "INSERT INTO call_positions (token, call_sid, route, attempt, topic, consultation, medicine, carry, created_at)
         VALUES {} ON CONFLICT (token) DO NOTHING",
        values.join(", ")
    );
    let mut query = sqlx::query(&sql);
    // Padding repeats the last row; ON CONFLICT DO NOTHING makes the repeats harmless.
    for i in 0..size {
        let p = rows[i.min(rows.len() - 1)];
        query = query
            .bind(p.token.as_str())
            .bind(p.call.as_str())
            .bind(p.route.as_str())
            .bind(p.attempt)
            .bind(p.topic.as_deref())
            .bind(p.consultation)
            .bind(p.medicine.as_deref())
            .bind(p.carry.as_deref())
            .bind(p.at);
    }
    query.execute(writer).await?;
    Ok(())
}

impl Store {
    /// Stores a turn's positions (nothing when there are none); returns once committed.
    pub async fn save_positions(
        &self,
        call: &CallId,
        positions: &[NewPosition<'_>],
        now: i64,
    ) -> Result<(), StoreError> {
        if positions.is_empty() {
            return Ok(());
        }
        let rows = positions
            .iter()
            .map(|p| Owned {
                token: p.token.to_owned(),
                call: call.as_str().to_owned(),
                route: p.route.to_owned(),
                attempt: p.attempt,
                topic: p.topic.map(str::to_owned),
                consultation: p.consultation,
                medicine: p.medicine.map(str::to_owned),
                carry: p.carry.map(str::to_owned),
                at: now,
            })
            .collect();
        let (tx, rx) = oneshot::channel();
        let closed = || StoreError::Database(sqlx::Error::PoolClosed);
        self.positions
            .queue
            .send((rows, tx))
            .await
            .map_err(|_| closed())?;
        match rx.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(message)) => Err(StoreError::Database(sqlx::Error::Protocol(message))),
            Err(_) => Err(closed()),
        }
    }

    /// The position stored under `token`, if any.
    pub async fn position(&self, token: &str) -> Result<Option<PositionRow>, StoreError> {
        let row = sqlx::query_as::<_, PositionRow>(
            "SELECT call_sid, route, attempt, topic, consultation, medicine, carry
             FROM call_positions WHERE token = $1",
        )
        .bind(token)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row)
    }

    /// Forgets positions older than `before` (calls last minutes; a day is plenty).
    pub async fn forget_positions(&self, before: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM call_positions WHERE created_at < $1")
            .bind(before)
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected())
    }
}
