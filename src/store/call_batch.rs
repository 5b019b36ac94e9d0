//! Group commit for the hottest write: the row every incoming call adds to `calls`, with the
//! positions of the call's first turn.
//!
//! Concurrent webhooks hand their row to one task, which writes everything waiting as a
//! single multi-row `INSERT … ON CONFLICT DO NOTHING` (and the positions beside it) in one
//! transaction, and then answers each of them. Each
//! webhook still waits until its row is committed (no call state lives only in memory); they
//! just share the commit. On SQLite, where one writer at a time pays a lock, a WAL append and
//! several thread hand-offs per statement, this is what lets the incoming-call webhook scale.

use sqlx::AnyPool;
use tokio::sync::{mpsc, oneshot};

/// The most rows one statement carries; batches are padded up to a size class so that only
/// a handful of distinct statements are ever prepared.
const SIZE_CLASSES: [usize; 5] = [1, 4, 16, 64, 128];

/// A `calls` row for a call that just arrived.
#[derive(Clone, Debug)]
pub struct NewCall {
    pub sid: String,
    pub from: String,
    pub to: String,
    pub language: Option<String>,
    pub patient_id: Option<i64>,
    pub at: i64,
    /// Where the first turn's next inputs lead.
    pub positions: Vec<super::NewPosition>,
}

type Reply = oneshot::Sender<Result<(), String>>;

/// Hands rows to the batching task.
#[derive(Clone)]
pub struct CallBatcher {
    queue: mpsc::Sender<(NewCall, Reply)>,
}

impl CallBatcher {
    /// Starts the batching task on the current runtime, among the store's tasks.
    pub(super) fn start(writer: AnyPool, tasks: &super::Background) -> Self {
        let (queue, rx) = mpsc::channel(4096);
        tasks.running.spawn(run(writer, rx, tasks.stop.clone()));
        Self { queue }
    }

    /// Inserts the row (once per CallSid) and returns when it is committed.
    pub async fn insert(&self, call: NewCall) -> Result<(), sqlx::Error> {
        let (tx, rx) = oneshot::channel();
        let closed = || sqlx::Error::PoolClosed;
        self.queue.send((call, tx)).await.map_err(|_| closed())?;
        match rx.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(message)) => Err(sqlx::Error::Protocol(message)),
            Err(_) => Err(closed()),
        }
    }
}

/// Writes batches until the store closes; rows already queued then are still written.
async fn run(
    writer: AnyPool,
    mut rx: mpsc::Receiver<(NewCall, Reply)>,
    stop: tokio_util::sync::CancellationToken,
) {
    let max = *SIZE_CLASSES.last().expect("non-empty");
    let mut batch = Vec::with_capacity(max);
    loop {
        let received = tokio::select! {
            biased;
            n = rx.recv_many(&mut batch, max) => n,
            _ = stop.cancelled() => 0,
        };
        if received == 0 {
            break;
        }
        let rows: Vec<&NewCall> = batch.iter().map(|(c, _)| c).collect();
        let result = insert_rows(&writer, &rows).await.map_err(|e| e.to_string());
        for (_, reply) in batch.drain(..) {
            let _ = reply.send(result.clone());
        }
    }
}

async fn insert_rows(writer: &AnyPool, rows: &[&NewCall]) -> Result<(), sqlx::Error> {
    let size = SIZE_CLASSES
        .iter()
        .copied()
        .find(|&s| s >= rows.len())
        .unwrap_or(rows.len());
    let sql = statement(size);
    let mut query = sqlx::query(&sql);
    // Padding repeats the last row; ON CONFLICT DO NOTHING makes the repeats harmless.
    for i in 0..size {
        let row = rows[i.min(rows.len() - 1)];
        query = query
            .bind(row.sid.as_str())
            .bind(row.from.as_str())
            .bind(row.to.as_str())
            .bind(row.language.as_deref())
            .bind(row.patient_id)
            .bind(row.at);
    }
    let positions: Vec<(&str, &super::NewPosition)> = rows
        .iter()
        .flat_map(|c| c.positions.iter().map(|p| (c.sid.as_str(), p)))
        .collect();
    if positions.is_empty() {
        query.execute(writer).await?;
        return Ok(());
    }
    let mut tx = writer.begin().await?;
    query.execute(&mut *tx).await?;
    super::positions::insert(&mut tx, &positions).await?;
    tx.commit().await?;
    Ok(())
}

fn statement(rows: usize) -> String {
    let values: Vec<String> = (0..rows)
        .map(|r| {
            let p = |k: usize| format!("${}", r * 6 + k);
            format!(
                "({}, {}, {}, {}, {}, 'ringing', {}, {})",
                p(1),
                p(2),
                p(3),
                p(4),
                p(5),
                p(6),
                p(6)
            )
        })
        .collect();
    format!(
        "INSERT INTO calls (call_sid, from_phone, to_phone, language, patient_id, status, started_at, updated_at) \
         VALUES {} ON CONFLICT (call_sid) DO NOTHING",
        values.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_number_their_parameters_in_order() {
        let s = statement(2);
        assert!(s.contains(
            "($1, $2, $3, $4, $5, 'ringing', $6, $6), ($7, $8, $9, $10, $11, 'ringing', $12, $12)"
        ));
    }
}
