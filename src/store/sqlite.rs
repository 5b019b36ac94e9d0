//! SQLite's side of the store: connection settings (WAL, `synchronous`), creating the
//! database file and its directory, and the background WAL checkpoints.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor};

use super::{Store, StoreError};

/// Every this many seconds the checkpoint truncates the WAL file.
const TRUNCATE_EVERY_TICKS: u64 = 30;

impl Store {
    /// Checkpoints and empties SQLite's WAL now (the background task does it every 30 s);
    /// nothing on PostgreSQL.
    pub async fn truncate_wal(&self) -> Result<(), StoreError> {
        if self.sqlite {
            checkpoint(&self.writer, true).await?;
        }
        Ok(())
    }
}

/// Copies the SQLite WAL back into the database every second, off every request's path,
/// until the store is closed; closing checkpoints once more and empties the WAL file. A
/// passive checkpoint never blocks readers or the writer.
pub(super) fn checkpoint_in_background(
    checkpointer: AnyPool,
    wal: Option<PathBuf>,
    tasks: &super::Background,
) {
    let stop = tasks.stop.clone();
    tasks.running.spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        let mut ticks: u64 = 0;
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = stop.cancelled() => break,
            }
            ticks += 1;
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
        if let Err(e) = checkpoint(&checkpointer, true).await {
            tracing::warn!(error = %e, "last WAL checkpoint failed");
        }
        checkpointer.close().await;
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

/// The WAL file beside a SQLite database URL's file.
pub(super) fn wal_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest
        .split('?')
        .next()
        .filter(|p| !p.is_empty() && *p != ":memory:")?;
    Some(PathBuf::from(format!("{path}-wal")))
}

/// A pool of `connections` to `url`; with `sqlite`, each connection gets SQLite's settings.
pub(super) async fn open_pool(
    url: &str,
    connections: u32,
    sqlite: bool,
) -> Result<AnyPool, StoreError> {
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

/// For SQLite: creates the file's directory and asks sqlx to create the file.
pub(super) fn prepare_sqlite_url(url: &str) -> Result<String, StoreError> {
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
