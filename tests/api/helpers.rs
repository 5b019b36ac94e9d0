use std::collections::HashMap;
use std::sync::Arc;

use doorstep::app::{AppState, Application};
use doorstep::config::{Overrides, Settings};
use doorstep::domain::PhoneNumber;
use doorstep::simulator::{self, Carrier, Heard, Phone};
use doorstep::telephony::signature;
use sqlx::Executor;

pub const TOKEN: &str = "test-auth-token-0123456789";
pub const OUR_NUMBER: &str = "+911800000000";

/// Which database a test runs on.
#[derive(Clone, Copy, Debug)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// Runs a test body once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($name:ident) => {
        mod $name {
            $crate::database_tests!($name);
        }
    };
}

/// The two tests [`on_both_databases`] and [`on_every_carrier`] make of a body.
#[macro_export]
macro_rules! database_tests {
    ($name:ident) => {
        #[tokio::test]
        async fn on_sqlite() {
            super::$name($crate::helpers::Db::Sqlite).await
        }
        #[tokio::test]
        async fn on_postgres() {
            if let Some(_) = $crate::helpers::postgres_admin_url() {
                super::$name($crate::helpers::Db::Postgres).await
            }
        }
    };
}

tokio::task_local! {
    /// The carrier whose edge a test's calls and texts go through (Twilio unless a test
    /// runs inside [`on_every_carrier`]'s Plivo scope).
    pub static CARRIER: Carrier;
}

/// The carrier of the running test.
pub fn carrier() -> Carrier {
    CARRIER.try_with(|c| *c).unwrap_or_default()
}

/// Runs a journey test on SQLite and PostgreSQL through Twilio, and on SQLite through Plivo:
/// the same steps, each carrier's fields, signature and XML.
#[macro_export]
macro_rules! on_every_carrier {
    ($name:ident) => {
        mod $name {
            $crate::database_tests!($name);
            #[tokio::test]
            async fn through_plivo() {
                $crate::helpers::CARRIER
                    .scope(
                        doorstep::simulator::Carrier::Plivo,
                        super::$name($crate::helpers::Db::Sqlite),
                    )
                    .await
            }
        }
    };
}

/// The PostgreSQL server for tests; required when DOORSTEP_REQUIRE_POSTGRES=1 (the README's
/// test command sets both).
pub fn postgres_admin_url() -> Option<String> {
    let url = std::env::var("DOORSTEP_TEST_POSTGRES")
        .ok()
        .filter(|u| !u.is_empty());
    if url.is_none() && std::env::var("DOORSTEP_REQUIRE_POSTGRES").as_deref() == Ok("1") {
        panic!("DOORSTEP_REQUIRE_POSTGRES=1 but DOORSTEP_TEST_POSTGRES is not set");
    }
    url
}

pub struct TestApp {
    pub base: String,
    /// The carrier this test's calls and texts come through.
    pub carrier: Carrier,
    pub state: Arc<AppState>,
    pub client: reqwest::Client,
    /// The running service: ends when `state.shutdown` is cancelled.
    pub served: tokio::task::JoinHandle<std::io::Result<()>>,
    dir: tempfile::TempDir,
}

pub async fn database_url(db: Db, dir: &std::path::Path) -> String {
    match db {
        Db::Sqlite => format!("sqlite://{}", dir.join("test.db").display()),
        Db::Postgres => {
            let admin = postgres_admin_url().expect("checked by the macro");
            sqlx::any::install_default_drivers();
            let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin)
                .await
                .expect("connect to PostgreSQL");
            let name = format!("dsd_{}", &simulator::random_sid("xx")[2..18]);
            conn.execute(format!("CREATE DATABASE {name}").as_str())
                .await
                .expect("create database");
            let (base, _) = admin.rsplit_once('/').expect("admin URL has a database");
            format!("{base}/{name}")
        }
    }
}

pub async fn spawn_app(db: Db) -> TestApp {
    spawn_app_with(db, &[]).await
}

pub async fn spawn_app_with(db: Db, env: &[(&str, &str)]) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = database_url(db, dir.path()).await;
    let mut vars: HashMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    vars.insert("TWILIO_AUTH_TOKEN".into(), TOKEN.into());
    if carrier() == Carrier::Plivo {
        vars.entry("PLIVO_AUTH_TOKEN".into())
            .or_insert_with(|| TOKEN.into());
    }
    // Embedding the ranker's examples takes seconds; the tests that need it turn it on.
    vars.entry("DOORSTEP_EMBEDDINGS".into())
        .or_insert_with(|| "off".into());
    // Loading voices and recognisers takes seconds too; the speech tests turn them on.
    vars.entry("DOORSTEP_SPEECH".into())
        .or_insert_with(|| "off".into());
    // Media streams change how a speaking caller is heard; the media tests turn them on.
    vars.entry("DOORSTEP_MEDIA".into())
        .or_insert_with(|| "off".into());
    // The public URL (which signatures cover) must name the real port, so a free port is
    // found first; another test may take it before the app binds it: then try another.
    let mut tries = 0;
    let (app, base) = loop {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let base = format!("http://{addr}");
        vars.insert("DOORSTEP_PUBLIC_URL".into(), base.clone());
        let overrides = Overrides {
            bind: Some(addr.to_string()),
            database_url: Some(url.clone()),
            data_dir: Some(dir.path().to_owned()),
            ..Default::default()
        };
        let settings = Settings::load_from(&overrides, |k| vars.get(k).cloned()).unwrap();
        match Application::build(settings).await {
            Ok(app) => break (app, base),
            Err(e) if tries < 5 && format!("{e:?}").contains("AddrInUse") => tries += 1,
            Err(e) => panic!("app builds: {e:?}"),
        }
    };
    let state = app.state();
    let served = tokio::spawn(app.run_until(std::future::pending()));
    TestApp {
        base,
        carrier: carrier(),
        state,
        client: reqwest::Client::new(),
        served,
        dir,
    }
}

impl TestApp {
    /// The service's data directory (its SQLite database, spool and audio).
    pub fn data_dir(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// A phone that calls and texts this service as the test's carrier would.
    pub fn phone(&self, from: &str) -> Phone {
        Phone {
            client: self.client.clone(),
            server: self.base.clone(),
            public_url: self.base.clone(),
            token: TOKEN.into(),
            from: PhoneNumber::parse(from).unwrap(),
            to: OUR_NUMBER.into(),
            carrier: self.carrier,
            stream_audio: None,
        }
    }

    /// The test carrier's answer URL for calls (`…/twilio/voice`, `…/plivo/voice`).
    pub fn voice_url(&self) -> String {
        format!("{}/{}/voice", self.base, self.carrier.name())
    }

    /// The first URL of a call the outbox places for `body` (a stored intent), on the test's
    /// carrier, as that carrier's REST client makes it.
    pub fn placed_url(&self, body: &str) -> String {
        let intent = doorstep::ivr::Intent::parse_stored(body)
            .unwrap_or_else(|| panic!("not a call intent: {body}"));
        doorstep::telephony::voice::placed_call_url(&self.base, self.carrier.name(), intent)
    }

    /// Stores a position for `call` at `route` (a step's name) carrying `topic`, as a turn
    /// would; returns the key a step's URL names it by (`at`).
    pub async fn position(&self, call: &str, route: &'static str, topic: Option<&str>) -> String {
        let token = doorstep::store::new_position_token();
        let position = doorstep::store::NewPosition {
            token: token.clone(),
            route,
            attempt: 1,
            topic: topic.map(str::to_owned),
            consultation: None,
            medicine: None,
            carry: None,
        };
        let call = doorstep::domain::CallId::parse(call).unwrap();
        self.state
            .store
            .save_positions(&call, &[position])
            .await
            .unwrap();
        token
    }

    /// A new call id as the test's carrier makes them.
    pub fn new_call_id(&self) -> String {
        self.carrier.new_call_id()
    }

    /// Places a call typing `keys` at the prompts (end of keys hangs up).
    pub async fn call(&self, from: &str, keys: &[&str]) -> (Vec<Heard>, String) {
        let mut out = Vec::new();
        let mut it = keys.iter().map(|k| k.to_string());
        let heard = self
            .phone(from)
            .call(&mut it, &mut out)
            .await
            .expect("call runs");
        (heard, String::from_utf8(out).unwrap())
    }

    /// Posts a form to `path` signed with the service's token, as the test's carrier would:
    /// `params` are written with Twilio's names and a `/twilio/…` path names Twilio's URL;
    /// through Plivo both become Plivo's.
    pub async fn post_signed(&self, path: &str, params: &[(&str, &str)]) -> reqwest::Response {
        let owned: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let (path, owned) = match self.carrier {
            Carrier::Twilio => (path.to_owned(), owned),
            Carrier::Plivo => (
                path.replacen("/twilio/", "/plivo/", 1),
                self.carrier.form(&owned),
            ),
        };
        let url = format!("{}{}", self.base, path);
        let mut request = self.client.post(url.clone());
        request = match self.carrier {
            Carrier::Twilio => request.header(
                "X-Twilio-Signature",
                signature::compute(TOKEN, &url, &owned),
            ),
            Carrier::Plivo => {
                let nonce = "12345678901234567890";
                let sig =
                    doorstep::telephony::plivo::signature::compute(TOKEN, &url, &owned, nonce);
                request
                    .header("X-Plivo-Signature-V3", sig)
                    .header("X-Plivo-Signature-V3-Nonce", nonce)
            }
        };
        request
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(serde_urlencoded::to_string(&owned).unwrap())
            .send()
            .await
            .unwrap()
    }
}

/// An inbound SMS's fields as Twilio posts them.
pub fn sms_form<'a>(sid: &'a str, from: &'a str, body: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("MessageSid", sid),
        ("AccountSid", "AC00000000000000000000000000000000"),
        ("From", from),
        ("To", OUR_NUMBER),
        ("Body", body),
    ]
}

/// Every `Say` text heard, in order, including prompts inside a `Gather`.
pub fn spoken(heard: &[Heard]) -> Vec<(String, String)> {
    let mut out = vec![];
    for h in heard {
        match h {
            Heard::Say { language, text } => out.push((language.clone(), text.clone())),
            Heard::Gather { prompts, .. } => out.extend(spoken(prompts)),
            _ => {}
        }
    }
    out
}

pub fn heard_text(heard: &[Heard]) -> String {
    spoken(heard)
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Waits up to ten seconds for `done` (a background worker's effect); the caller asserts
/// what it expects afterwards, so a timeout fails there with the state it found.
pub async fn eventually(mut done: impl FnMut() -> bool) {
    for _ in 0..200 {
        if done() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
