//! The running service: shared state, the router (the whole URL table in one place), and
//! start-up and shutdown. Handlers live with their edge (`telephony`); this module wires them.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, MatchedPath, State};
use axum::http::{header, Request, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::TraceLayer;
use tracing::Instrument;

use crate::config::{Settings, TokenSource};
use crate::languages::Catalog;
use crate::store::Store;
use crate::telephony::lines::Lines;
use crate::telephony::plivo::rest::PlivoRest;
use crate::telephony::rest::TwilioRest;
use crate::telephony::{plivo, twilio};
use crate::triage::guide::{ChatModel, Guide, OpenAiCompatible, Prompts};
use crate::triage::Triage;

/// Larger bodies are refused with 413; Twilio's webhooks are a few hundred bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What every handler shares.
pub struct AppState {
    /// Validated settings (public URL, token, emergency number).
    pub settings: Settings,
    /// The database.
    pub store: Store,
    /// Languages, prompts and SMS keywords.
    pub catalog: Catalog,
    /// Red-flag rules.
    pub triage: Triage,
    /// Guidance: an LLM when configured, templates always.
    pub guide: Guide,
    /// Renders `/metrics`.
    pub metrics: PrometheusHandle,
    /// Piper voices and Vosk recognisers (empty without `--features speech`).
    pub speech: Arc<crate::speech::Speech>,
    /// Plausible ranges and danger thresholds of health readings.
    pub thresholds: crate::readings::Thresholds,
    /// What arrived while storage was down, stored once it is back.
    pub spool: Arc<crate::spool::Spool>,
    /// The language this node last heard each caller in: a hint for fallbacks only.
    pub language_hints:
        std::sync::Mutex<std::collections::HashMap<String, crate::languages::Language>>,
    /// Cancelled once, when the service stops: every background loop ends on it.
    pub shutdown: CancellationToken,
    /// Every task spawned off a request or running in the background, awaited at shutdown.
    tasks: TaskTracker,
}

/// The domain services, each a cheap view over the state built once in
/// [`Application::build`]: edges take them from here and never assemble one themselves.
impl AppState {
    /// The phone tree, on this state's store, rules and settings.
    pub fn ivr(&self) -> crate::ivr::Ivr<'_> {
        crate::ivr::Ivr {
            store: &self.store,
            catalog: &self.catalog,
            emergency: &self.settings.emergency_number,
            triage: &self.triage,
            guide: &self.guide,
            callbacks: &self.settings.callbacks,
            thresholds: &self.thresholds,
            reminders: &self.settings.reminders,
        }
    }

    /// The doctors' side, on this state's store and settings.
    pub fn care(&self) -> crate::care::Care<'_> {
        crate::care::Care {
            store: &self.store,
            catalog: &self.catalog,
            reminders: &self.settings.reminders,
            quiet: &self.settings.callbacks,
        }
    }

    /// SMS commands and symptoms, on this state's store and settings.
    pub fn sms(&self) -> crate::sms::Sms<'_> {
        crate::sms::Sms {
            store: &self.store,
            catalog: &self.catalog,
            emergency: &self.settings.emergency_number,
            triage: &self.triage,
            guide: &self.guide,
            thresholds: &self.thresholds,
            reminder_policy: &self.settings.reminders,
            quiet: &self.settings.callbacks,
        }
    }

    /// The pharmacies' side, on this state's store.
    pub fn pharmacy(&self) -> crate::pharmacy::Pharmacy<'_> {
        crate::pharmacy::Pharmacy {
            store: &self.store,
            catalog: &self.catalog,
        }
    }

    /// Medicine reminders and follow-ups, on this state's store and settings.
    pub fn reminders(&self) -> crate::reminders::Reminders<'_> {
        crate::reminders::Reminders {
            store: &self.store,
            catalog: &self.catalog,
            policy: &self.settings.reminders,
            quiet: &self.settings.callbacks,
        }
    }

    /// Runs `task` beside the request that spawned it, in that request's span; shutdown waits
    /// for it (at most [`SHUTDOWN_GRACE`]).
    pub fn spawn(&self, task: impl Future<Output = ()> + Send + 'static) {
        self.tasks.spawn(task.in_current_span());
    }

    /// Tasks spawned with [`AppState::spawn`] still running.
    pub fn tasks_running(&self) -> usize {
        self.tasks.len()
    }
}

/// How long shutdown waits for background tasks and requests' leftover work (a transcript
/// being made, reply audio, a sign-in code) before closing the database anyway.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// A built service, bound to its port, ready to run.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: Arc<AppState>,
}

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Languages(#[from] crate::languages::CatalogError),
    #[error(transparent)]
    Lexicon(#[from] crate::triage::LexiconError),
    #[error(transparent)]
    Thresholds(#[from] crate::readings::ThresholdsError),
    #[error("cannot read the prompts in {0}: {1}")]
    Prompts(String, std::io::Error),
    #[error("LLM: {0}")]
    Llm(String),
    #[error("speech: {0}")]
    Speech(String),
    #[error("cannot listen on {0}: {1}")]
    Bind(String, std::io::Error),
}

impl Application {
    /// Opens the database (applying migrations), loads languages and binds the listener.
    pub async fn build(settings: Settings) -> Result<Self, StartError> {
        let catalog = Catalog::load(&settings.languages_dir)?;
        let triage = triage_engine(&settings)?;
        let thresholds = crate::readings::Thresholds::load(&settings.languages_dir)?;
        let spool = Arc::new(crate::spool::Spool::new(&settings.data_dir));
        let guide = build_guide(&settings)?;
        let store = Store::connect(&settings.database_url).await?;
        load_places(&store, &settings.models_dir).await?;
        let speech_settings = settings.speech.clone();
        let speech =
            tokio::task::spawn_blocking(move || crate::speech::Speech::load(&speech_settings))
                .await
                .map_err(|e| StartError::Speech(e.to_string()))?
                .map_err(|e| StartError::Speech(e.to_string()))?;
        let listener = TcpListener::bind(&settings.bind)
            .await
            .map_err(|e| StartError::Bind(settings.bind.clone(), e))?;
        match settings.token_source {
            TokenSource::Generated => tracing::warn!(
                path = %settings.data_dir.join("twilio_auth_token").display(),
                "no TWILIO_AUTH_TOKEN set: generated a random webhook signing token and stored it; \
                 set TWILIO_AUTH_TOKEN to your Twilio auth token for real calls"
            ),
            TokenSource::ExistingFile => tracing::info!(
                path = %settings.data_dir.join("twilio_auth_token").display(),
                "webhook signatures checked with the stored generated token"
            ),
            TokenSource::Environment => {
                tracing::info!("webhook signatures checked with TWILIO_AUTH_TOKEN")
            }
        }
        let state = Arc::new(AppState {
            settings,
            store,
            catalog,
            triage,
            guide,
            metrics: metrics_handle(),
            speech: Arc::new(speech),
            thresholds,
            spool,
            language_hints: Default::default(),
            shutdown: CancellationToken::new(),
            tasks: TaskTracker::new(),
        });
        Ok(Self {
            router: router(state.clone()),
            listener,
            state,
        })
    }

    /// Synthesises every fixed prompt of the languages with a voice in the background, so
    /// the first callers hear Piper rather than `<Say>`. Cached prompts cost a file check.
    fn warm_prompts(&self) {
        let state = self.state.clone();
        let stop = state.shutdown.clone();
        self.state.spawn(async move {
            let warm = async {
                let mut made = 0;
                for info in state.catalog.languages() {
                    let lang = info.language.code();
                    if !state.speech.has_voice(lang) {
                        continue;
                    }
                    let sentences: Vec<String> = state
                        .catalog
                        .fixed_prompts(&info.language)
                        .iter()
                        .flat_map(|text| crate::text::sentences(text))
                        .collect();
                    made += state
                        .speech
                        .prepare(lang, &sentences, crate::speech::Keep::Fixed)
                        .await;
                }
                made
            };
            tokio::select! {
                made = warm => if made > 0 {
                    tracing::info!(sentences = made, "fixed prompts ready as Piper audio");
                },
                _ = stop.cancelled() => {}
            }
        });
    }

    /// Every five minutes: reply audio may quote a caller's words, so it is kept only as long
    /// as a call needs it; so are calls' positions (a day is far longer than any call).
    fn sweep_expired(&self) {
        let state = self.state.clone();
        let retention = state.settings.speech.reply_retention;
        self.state.spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(300));
            loop {
                tokio::select! {
                    _ = tick.tick() => {}
                    _ = state.shutdown.cancelled() => return,
                }
                let swept = state.speech.sweep(retention);
                if swept > 0 {
                    tracing::info!(files = swept, "expired reply audio deleted");
                }
                let day_ago = crate::domain::now_unix() - 24 * 3600;
                match state.store.forget_positions(day_ago).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(positions = n, "calls' old positions forgotten"),
                    Err(e) => tracing::warn!(error = %e, "cannot forget old call positions"),
                }
            }
        });
    }

    /// The address actually bound (port 0 picks a free one).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Shared state, for tests that inspect the database behind the running service.
    pub fn state(&self) -> Arc<AppState> {
        self.state.clone()
    }

    /// Serves until `shutdown` resolves or [`AppState::shutdown`] is cancelled, then stops in
    /// order: new connections are refused and requests in flight finish; the shutdown token
    /// ends every background loop (the spool, the outbox worker between passes, the sweeper,
    /// prompt warming), and what requests left running finishes, within [`SHUTDOWN_GRACE`];
    /// last the store stops its own tasks and closes, emptying SQLite's WAL.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        tracing::info!(addr = %self.local_addr(), public_url = %self.state.settings.public_url, "DoorStepDoctor listening");
        let state = self.state.clone();
        state.spawn(crate::spool::run(state.clone(), Duration::from_secs(2)));
        self.start_outbox_worker();
        self.warm_prompts();
        self.sweep_expired();
        let stop = state.shutdown.clone();
        let served = axum::serve(self.listener, self.router)
            .with_graceful_shutdown(async move {
                tokio::select! {
                    _ = shutdown => {}
                    _ = stop.cancelled() => {}
                }
            })
            .await;
        state.shutdown.cancel();
        state.tasks.close();
        if tokio::time::timeout(SHUTDOWN_GRACE, state.tasks.wait())
            .await
            .is_err()
        {
            tracing::warn!(
                tasks = state.tasks.len(),
                "background work still running at shutdown: closing the database anyway"
            );
        }
        state.store.close().await;
        tracing::info!("DoorStepDoctor stopped");
        served
    }

    /// Sends queued SMS and places queued calls through the carriers configured: each
    /// patient from the line they last reached us on, anyone else through
    /// `DOORSTEP_OUTBOUND_CARRIER` (`plivo` or `twilio`) when set, else Plivo when its
    /// account, token and number are set, else Twilio; off when none is configured.
    fn start_outbox_worker(&self) {
        let s = &self.state.settings;
        let twilio = match (&s.twilio_account_sid, &s.twilio_from_number) {
            (Some(account), Some(from)) => Some(
                TwilioRest::new(&s.twilio_api_base, account, &s.twilio_auth_token, from)
                    .with_public_url(&s.public_url),
            ),
            _ => None,
        };
        let plivo = match (&s.plivo_auth_id, &s.plivo_auth_token, &s.plivo_from_number) {
            (Some(id), Some(token), Some(from)) => Some(
                PlivoRest::new(&s.plivo_api_base, id, token, from).with_public_url(&s.public_url),
            ),
            _ => None,
        };
        let Some(lines) = Lines::new(twilio, plivo, &s.lines, s.outbound_carrier) else {
            tracing::warn!("outbox worker off: set TWILIO_ACCOUNT_SID and TWILIO_FROM_NUMBER, or PLIVO_AUTH_ID, PLIVO_AUTH_TOKEN and PLIVO_FROM_NUMBER (for the carrier DOORSTEP_OUTBOUND_CARRIER names, if set), to send SMS and calls");
            return;
        };
        let default = lines.default_carrier().name();
        let state = self.state.clone();
        self.state
            .spawn(crate::outbox::run(state, lines, Duration::from_secs(1)));
        tracing::info!(
            default,
            lines = s.lines.len(),
            "outbox worker: SMS and calls"
        );
    }
}

/// The rules, plus the embedding ranker when built in (`--features embeddings`) and fetched.
pub fn triage_engine(settings: &Settings) -> Result<Triage, StartError> {
    let triage = Triage::load(&settings.languages_dir)?;
    #[cfg(feature = "embeddings")]
    if settings.embeddings {
        let model = settings.models_dir.join("e5/e5-small-q4.bin");
        let started = std::time::Instant::now();
        let cache = settings.models_dir.join("cache");
        match crate::triage::Ranker::load(&model, &settings.languages_dir, Some(&cache)) {
            Ok(r) => {
                tracing::info!(
                    examples = r.examples(),
                    load_ms = started.elapsed().as_millis() as u64,
                    "embedding ranker loaded"
                );
                return Ok(triage.with_ranker(r));
            }
            Err(e) => tracing::warn!(error = %e, "triage runs on rules only"),
        }
    }
    Ok(triage)
}

fn build_guide(settings: &Settings) -> Result<Guide, StartError> {
    let prompts = Prompts::load(&settings.prompts_dir)
        .map_err(|e| StartError::Prompts(settings.prompts_dir.display().to_string(), e))?;
    // Guidance must finish inside the webhook's budget, leaving time to store and render;
    // otherwise the caller would get the apology instead of the template.
    let cap = settings.webhook_budget_ms.saturating_sub(500);
    if settings.llm_timeout_ms > cap {
        tracing::warn!(
            llm_timeout_ms = settings.llm_timeout_ms,
            cap,
            "LLM timeout capped to fit the webhook budget"
        );
    }
    let timeout = Duration::from_millis(settings.llm_timeout_ms.min(cap));
    Ok(Guide::new(chat_model(settings)?, prompts, timeout))
}

/// The configured LLM: a remote endpoint, else an embedded GGUF model, else none (templates).
fn chat_model(settings: &Settings) -> Result<Option<Arc<dyn ChatModel>>, StartError> {
    if let Some(url) = &settings.llm_url {
        tracing::info!(%url, model = %settings.llm_model, "guidance from an OpenAI-compatible endpoint");
        let remote = OpenAiCompatible::new(url, &settings.llm_model, settings.llm_api_key.clone());
        return Ok(Some(Arc::new(remote)));
    }
    let Some(path) = &settings.llm_model_path else {
        tracing::info!("no LLM configured: guidance comes from the templates in languages/");
        return Ok(None);
    };
    #[cfg(feature = "embedded-llm")]
    {
        let model = crate::triage::embedded::Embedded::load(path, settings.llm_threads)
            .map_err(|e| StartError::Llm(e.to_string()))?;
        tracing::info!(path = %path.display(), load_ms = model.load_time.as_millis() as u64, "embedded LLM loaded");
        Ok(Some(Arc::new(model)))
    }
    #[cfg(not(feature = "embedded-llm"))]
    Err(StartError::Llm(format!(
        "DOORSTEP_LLM_MODEL_PATH is set ({}) but this build has no embedded LLM: build with --features embedded-llm",
        path.display()
    )))
}

/// Every URL the service answers.
pub fn router(state: Arc<AppState>) -> Router {
    let router = Router::new();
    // Media streams need our own ears and voice.
    #[cfg(feature = "speech")]
    let router = router
        .route("/twilio/media", get(crate::media::socket::twilio))
        .route("/plivo/media", get(crate::media::socket::plivo))
        .route("/exotel/media", get(crate::media::socket::exotel));
    router
        .route("/healthz", get(healthz))
        .route("/exotel/connect", get(crate::telephony::exotel::connect))
        .route(
            "/exotel/connect/done",
            get(crate::telephony::exotel::connect_done),
        )
        .route("/metrics", get(metrics))
        .route("/twilio/voice", post(twilio::voice_incoming))
        .route("/twilio/voice/status", post(twilio::voice_status))
        .route("/twilio/voice/{step}", post(twilio::voice_step))
        .route("/twilio/sms", post(twilio::sms))
        .route("/plivo/voice", post(plivo::voice::incoming))
        .route("/plivo/voice/status", post(plivo::voice::status))
        .route("/plivo/voice/fallback", post(plivo::voice::fallback))
        .route("/plivo/voice/{step}", post(plivo::voice::step))
        .route("/plivo/sms", post(plivo::sms))
        .route("/audio/{file}", get(audio))
        .merge(crate::console::router(state.clone()))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// Each request's span: method, matched route, request id; handlers add the Twilio SID.
fn request_span<B>(req: &Request<B>) -> tracing::Span {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str())
        .unwrap_or("unmatched");
    let id = req
        .extensions()
        .get::<RequestId>()
        .and_then(|r| r.header_value().to_str().ok())
        .unwrap_or("-");
    tracing::info_span!("request", method = %req.method(), route, request_id = id, sid = tracing::field::Empty)
}

/// `GET /audio/<id>.wav`: synthesised speech for Twilio's `<Play>` (8 kHz mono WAV). The id
/// is a hash of voice and text, so the files hold no patient data worth guessing for.
async fn audio(
    State(state): State<Arc<AppState>>,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> axum::response::Response {
    let path = file
        .strip_suffix(".wav")
        .and_then(|id| state.speech.audio_path(id));
    let Some(path) = path else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    match tokio::fs::read(&path).await {
        Ok(bytes) => (
            [
                (axum::http::header::CONTENT_TYPE, "audio/wav"),
                (axum::http::header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => axum::http::StatusCode::NOT_FOUND.into_response(),
    }
}

/// 200 when the database reads and writes within a second; 503 saying which failed (a
/// locked or full database reads but cannot write, and webhooks then answer fallbacks).
async fn healthz(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    let limit = Duration::from_secs(1);
    let degraded = |why: String| {
        metrics::gauge!("doorstep_healthy").set(0.0);
        (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("degraded: {why}\n"),
        )
    };
    match tokio::time::timeout(limit, state.store.ping()).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return degraded(format!("database reads fail: {e}")),
        Err(_) => return degraded("database reads take over a second".into()),
    }
    match tokio::time::timeout(limit, state.store.probe_write()).await {
        Ok(Ok(())) => {
            metrics::gauge!("doorstep_healthy").set(1.0);
            (StatusCode::OK, "ok\n".to_owned())
        }
        Ok(Err(e)) => degraded(format!("database writes fail: {e}")),
        Err(_) => degraded("database writes take over a second".into()),
    }
}

async fn metrics(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    // Threads are counted where it matters: work that outlives its deadline shows here.
    if let Some(threads) = process_threads() {
        metrics::gauge!("doorstep_threads").set(threads as f64);
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
}

/// The process's thread count (Linux), from `/proc/self/status`.
pub fn process_threads() -> Option<u64> {
    std::fs::read_to_string("/proc/self/status")
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))?
        .trim()
        .parse()
        .ok()
}

/// One Prometheus recorder per process (tests start several services in one process).
fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new().build_recorder();
            let handle = recorder.handle();
            // Another recorder may already be installed by an embedding program; then ours
            // still renders, just empty.
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

/// Where `doorstep models fetch` puts the India Post pincode directory.
pub const PINCODE_DIRECTORY: &str = "places/india-pincodes.sqlite";

/// Loads the pincode directory into a database that lacks it (once; later starts skip it).
pub async fn load_places(store: &Store, models_dir: &std::path::Path) -> Result<(), StartError> {
    let path = models_dir.join(PINCODE_DIRECTORY);
    if !path.is_file() {
        if store.pincode_count().await? == 0 {
            tracing::warn!(
                path = %path.display(),
                "pincode directory missing (run `doorstep models fetch`): medicine searches \
                 will not know where a pincode is"
            );
        }
        return Ok(());
    }
    let loaded = store.load_pincodes(&path).await?;
    if loaded > 0 {
        tracing::info!(
            pincodes = loaded,
            "pincode directory loaded into the database"
        );
    }
    Ok(())
}
