//! A bounded local spool for what arrived while storage was down: an SMS and the reply we
//! gave, what a caller said, a call's status. Each is appended (and synced) as one JSON line
//! under the data directory before the carrier gets its answer, and stored in the database
//! by a background task once writes work again. It must not decide anything: the webhooks
//! answer first, from what needs no database.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::domain::{CallId, MessageSid, PhoneNumber};
use crate::store::{Claim, NewConversation, Store, StoreError};
use crate::triage::{PatientContext, Triage};

/// How long a webhook waits to spool what it could not store.
pub const PUSH_WITHIN: Duration = Duration::from_millis(300);

/// The spool stops taking entries at this size (about 20,000 messages).
const MAX_BYTES: u64 = 8 * 1024 * 1024;

/// One thing the database could not take when it arrived.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Spooled {
    /// An inbound SMS and the reply it got.
    Sms {
        sid: String,
        from: String,
        to: String,
        body: String,
        language: String,
        reply: String,
        at: i64,
    },
    /// What a caller said at a step (transcribed), and the call it was in.
    Speech {
        call_sid: String,
        from: String,
        language: String,
        text: String,
        at: i64,
    },
    /// A call's status callback.
    Status {
        call_sid: String,
        from: String,
        to: String,
        status: String,
        duration: Option<i64>,
        /// A call the caller made (else one we placed: a reminder, a follow-up).
        #[serde(default = "inbound_default")]
        inbound: bool,
        at: i64,
    },
}

fn inbound_default() -> bool {
    true
}

/// Entries waiting for the writer thread; beyond this a push is refused at once.
const QUEUE: usize = 4096;

/// One entry for the writer thread and where to say whether it was kept.
type Job = (Spooled, tokio::sync::oneshot::Sender<bool>);

/// The spool file, one writer at a time.
pub struct Spool {
    path: PathBuf,
    lock: Mutex<()>,
    /// The writer thread's queue, started on the first [`Spool::push_within`].
    writer: OnceLock<std::sync::mpsc::SyncSender<Job>>,
}

impl Spool {
    /// A spool in `data_dir` (created on first use).
    pub fn new(data_dir: &Path) -> Self {
        Self {
            path: data_dir.join("spool.jsonl"),
            lock: Mutex::new(()),
            writer: OnceLock::new(),
        }
    }

    /// Appends an entry and syncs it to disk; false when the spool is full or unwritable.
    pub fn push(&self, entry: &Spooled) -> bool {
        self.push_all(std::slice::from_ref(entry))
    }

    /// Appends entries with one sync (a group commit); false when none could be kept.
    fn push_all(&self, entries: &[Spooled]) -> bool {
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let size = std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0);
        if size >= MAX_BYTES {
            tracing::error!(
                entries = entries.len(),
                "spool full: entries could not be kept"
            );
            return false;
        }
        let mut lines = String::new();
        for entry in entries {
            let Ok(line) = serde_json::to_string(entry) else {
                return false;
            };
            lines.push_str(&line);
            lines.push('\n');
        }
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .and_then(|mut f| {
                f.write_all(lines.as_bytes())?;
                f.sync_data()
            });
        match written {
            Ok(()) => {
                metrics::counter!("doorstep_spooled_total").increment(entries.len() as u64);
                true
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot write the spool");
                false
            }
        }
    }

    /// As [`Spool::push`], within `within`, on the spool's one writer thread: a stalled disk
    /// (often the database's disk too) never holds the async workers answering callers, and
    /// a burst of pushes is one thread and one sync per batch, not a thread each. False
    /// when the entry could not be kept in time.
    pub async fn push_within(self: &Arc<Self>, entry: Spooled, within: Duration) -> bool {
        let (done, kept) = tokio::sync::oneshot::channel();
        if self.writer().try_send((entry, done)).is_err() {
            tracing::error!("spool writer behind: an entry could not be kept");
            return false;
        }
        matches!(tokio::time::timeout(within, kept).await, Ok(Ok(true)))
    }

    fn writer(self: &Arc<Self>) -> &std::sync::mpsc::SyncSender<Job> {
        self.writer.get_or_init(|| {
            let (queue, jobs) = std::sync::mpsc::sync_channel::<Job>(QUEUE);
            // Holds only a weak reference, so a dropped spool ends the thread.
            let spool = Arc::downgrade(self);
            std::thread::Builder::new()
                .name("doorstep-spool".into())
                .spawn(move || write_batches(&spool, &jobs))
                .expect("the spool writer thread starts");
            queue
        })
    }

    /// The entries to store: the spool is moved aside first (`.taking`), and only
    /// [`Spool::taken`] deletes it, so a crash while storing loses nothing (the next take
    /// reads the leftover again; entries already stored are not stored twice).
    pub fn take(&self) -> Vec<Spooled> {
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let taking = self.path.with_extension("jsonl.taking");
        if !taking.exists() {
            if let Err(e) = std::fs::rename(&self.path, &taking) {
                if self.path.exists() {
                    tracing::warn!(error = %e, "cannot move the spool aside");
                }
                return vec![];
            }
        }
        let Ok(raw) = std::fs::read_to_string(&taking) else {
            return vec![];
        };
        let entries = raw
            .lines()
            .filter(|l| !l.trim().is_empty())
            .filter_map(|l| match serde_json::from_str(l) {
                Ok(e) => Some(e),
                Err(e) => {
                    tracing::warn!(error = %e, "unreadable spool line dropped");
                    None
                }
            })
            .collect();
        entries
    }

    /// Deletes what [`Spool::take`] moved aside, once its entries are stored (or re-spooled).
    pub fn taken(&self) {
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let _ = std::fs::remove_file(self.path.with_extension("jsonl.taking"));
    }

    /// Whether anything waits (in the spool, or left aside by an interrupted take).
    pub fn is_empty(&self) -> bool {
        let waiting = |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.len() > 0);
        !waiting(&self.path) && !waiting(&self.path.with_extension("jsonl.taking"))
    }
}

/// The writer thread: takes what is queued, writes it with one sync, says which were kept.
fn write_batches(spool: &Weak<Spool>, jobs: &std::sync::mpsc::Receiver<Job>) {
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        batch.extend(jobs.try_iter().take(255));
        let Some(spool) = spool.upgrade() else {
            return;
        };
        let (entries, waiting): (Vec<Spooled>, Vec<_>) = batch.into_iter().unzip();
        let kept = spool.push_all(&entries);
        for done in waiting {
            // A webhook that stopped waiting has answered already; the entry is kept anyway.
            let _ = done.send(kept);
        }
    }
}

/// Stores one spooled entry; an SMS already stored (its webhook was retried and answered
/// once storage was back) is not stored twice. Only symptoms become conversations; a spooled
/// STOP is carried out; a placed call's status drives its retry as the webhook would.
pub async fn apply(state: &crate::app::AppState, entry: &Spooled) -> Result<(), StoreError> {
    let (store, triage) = (&state.store, &state.triage);
    match entry {
        Spooled::Sms {
            sid,
            from,
            to,
            body,
            language,
            reply,
            ..
        } => {
            let (Ok(sid), Ok(from)) = (MessageSid::parse_any(sid), PhoneNumber::parse(from)) else {
                return Ok(());
            };
            let now = crate::domain::now_unix();
            // Stored already if the carrier retried it once storage was back. A claim the
            // stalled webhook left behind is taken over (-1: any claim is stale): its reply
            // was the one given, and it is the one spooled.
            if store.claim_sms(&sid, &from, to, body, now, -1).await? != Claim::Mine {
                return Ok(());
            }
            store.upsert_phone(&from, None).await?;
            match crate::sms::parse(&state.catalog, body).0 {
                crate::sms::Command::FreeText => {
                    conversation(store, triage, &from, "sms", None, language, body, reply).await?;
                }
                crate::sms::Command::Stop => {
                    store.set_sms_opt_out(&from, true).await?;
                    store.stop_reminders(&from).await?;
                }
                _ => {}
            }
            store.answer_sms(&sid, language, reply).await
        }
        Spooled::Speech {
            call_sid,
            from,
            language,
            text,
            ..
        } => {
            let Ok(from) = PhoneNumber::parse(from) else {
                return Ok(());
            };
            store.upsert_phone(&from, None).await?;
            conversation(
                store,
                triage,
                &from,
                "voice",
                Some(call_sid),
                language,
                text,
                "",
            )
            .await
            .map(|_| ())
        }
        Spooled::Status {
            call_sid,
            from,
            to,
            status,
            duration,
            inbound,
            ..
        } => {
            let (Ok(sid), Ok(from)) = (CallId::parse(call_sid), PhoneNumber::parse(from)) else {
                return Ok(());
            };
            store
                .record_call_status(&sid, &from, to, status, *duration)
                .await?;
            if !inbound {
                let now = crate::domain::now_unix();
                state.reminders().call_ended(call_sid, status, now).await?;
            }
            Ok(())
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn conversation(
    store: &Store,
    triage: &Triage,
    from: &PhoneNumber,
    channel: &str,
    call_sid: Option<&str>,
    language: &str,
    said: &str,
    reply: &str,
) -> Result<i64, StoreError> {
    let a = triage.assess(said, &PatientContext::default());
    let note = format!(
        "{}; {}; by rules, while storage was down",
        a.urgency, a.reason
    );
    let mut messages = vec![("patient", said), ("triage", note.as_str())];
    if !reply.is_empty() {
        messages.push(("assistant", reply));
    }
    let patient = store.patients(from).await?.first().map(|p| p.id);
    store
        .add_conversation(&NewConversation {
            phone: from,
            patient_id: patient,
            channel,
            call_sid,
            language,
            symptoms: said,
            urgency: a.urgency.as_str(),
            red_flags: &a.red_flags,
            messages: &messages,
        })
        .await
}

/// Every `every`, stores what was spooled once the database takes writes; entries that
/// still fail go back into the spool.
pub async fn run(state: std::sync::Arc<crate::app::AppState>, every: Duration) {
    let mut tick = tokio::time::interval(every);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = state.shutdown.cancelled() => return,
        }
        if state.spool.is_empty() || state.store.probe_write().await.is_err() {
            continue;
        }
        let entries = state.spool.take();
        let mut stored = 0;
        for entry in &entries {
            match apply(&state, entry).await {
                Ok(()) => stored += 1,
                Err(e) => {
                    tracing::warn!(error = %e, "spooled entry not stored yet");
                    state.spool.push(entry);
                }
            }
        }
        state.spool.taken();
        if stored > 0 {
            tracing::info!(stored, "spooled entries stored");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(n: i64) -> Spooled {
        Spooled::Status {
            call_sid: format!("CA{n:032x}"),
            from: "+919800000001".into(),
            to: "+911800000000".into(),
            status: "completed".into(),
            duration: Some(n),
            inbound: true,
            at: n,
        }
    }

    #[test]
    fn a_take_interrupted_before_its_entries_are_stored_loses_none() {
        let dir = tempfile::tempdir().unwrap();
        let spool = Spool::new(dir.path());
        assert!(spool.is_empty());
        assert!(spool.push(&status(1)) && spool.push(&status(2)));
        assert_eq!(spool.take(), vec![status(1), status(2)]);
        // A crash here (nothing stored, `taken` never called): the next take reads them again,
        // with whatever arrived since left for the take after.
        assert!(spool.push(&status(3)));
        assert!(!spool.is_empty());
        assert_eq!(spool.take(), vec![status(1), status(2)]);
        spool.taken();
        assert_eq!(spool.take(), vec![status(3)]);
        spool.taken();
        assert!(spool.is_empty());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_burst_of_pushes_is_kept_whole_by_one_writer() {
        let dir = tempfile::tempdir().unwrap();
        let spool = Arc::new(Spool::new(dir.path()));
        let mut pushes = tokio::task::JoinSet::new();
        for n in 0..500 {
            let spool = spool.clone();
            pushes.spawn(async move { spool.push_within(status(n), Duration::from_secs(5)).await });
        }
        assert!(pushes.join_all().await.into_iter().all(|kept| kept));
        let mut taken: Vec<i64> = spool
            .take()
            .iter()
            .map(|e| match e {
                Spooled::Status { at, .. } => *at,
                other => panic!("{other:?}"),
            })
            .collect();
        taken.sort_unstable();
        assert_eq!(taken, (0..500).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn an_unwritable_spool_says_the_entry_was_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let spool = Arc::new(Spool::new(&dir.path().join("missing")));
        assert!(!spool.push_within(status(1), Duration::from_secs(5)).await);
    }
}
