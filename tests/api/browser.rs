//! The console in a real browser: Debian's Chromium, headless at a phone's width, driven
//! over the W3C WebDriver protocol by `chromedriver`. The code a doctor types is the one the
//! loopback Twilio was asked to text them.

use std::time::Duration;

use doorstep::store::OrderStatus;
use serde_json::{json, Value};

use crate::care::{add_doctors, add_pharmacy, DOCTOR_A, DOCTOR_B, PATIENT, PHARMACY};
use crate::console::{latest_code, queued_patient, send_outbox, texted, texts_to, TWO_LINES};
use crate::helpers::{spawn_app, Db, TestApp};
use crate::outbox::{fake_twilio, Fake};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";
/// W3C WebDriver's key for an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver process and one browser session in it.
struct Driver {
    process: std::process::Child,
    base: String,
    http: reqwest::Client,
}

impl Driver {
    /// Starts chromedriver and a headless Chromium 360 px wide, or None where they are not
    /// installed (the README's test command installs them and requires them).
    async fn start() -> Option<Self> {
        if !std::path::Path::new(CHROMEDRIVER).exists() {
            assert_ne!(
                std::env::var("DOORSTEP_REQUIRE_BROWSER").as_deref(),
                Ok("1"),
                "DOORSTEP_REQUIRE_BROWSER=1 but {CHROMEDRIVER} is missing"
            );
            eprintln!("skipped: {CHROMEDRIVER} is not installed");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let process = std::process::Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let http = reqwest::Client::new();
        let root = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if http.get(format!("{root}/status")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=360,800"]
            }
        }}});
        let created: Value = http
            .post(format!("{root}/session"))
            .json(&caps)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let session = created["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("{created}"))
            .to_owned();
        Some(Self {
            process,
            base: format!("{root}/session/{session}"),
            http,
        })
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if !body.is_null() {
            request = request.json(&body);
        }
        let v: Value = request.send().await.unwrap().json().await.unwrap();
        assert!(v["value"].get("error").is_none(), "{path}: {v}");
        v["value"].clone()
    }

    async fn goto(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", json!({ "url": url }))
            .await;
    }

    async fn find(&self, css: &str) -> String {
        let v = self
            .call(
                reqwest::Method::POST,
                "/element",
                json!({"using": "css selector", "value": css}),
            )
            .await;
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("{css}: {v}"))
            .to_owned()
    }

    async fn type_into(&self, css: &str, text: &str) {
        let el = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{el}/value"),
            json!({ "text": text }),
        )
        .await;
    }

    /// Clicks a button or link and waits for the page it leads to: every click in the
    /// console submits a form or follows a link.
    async fn click(&self, css: &str) {
        let old_page = self.find("html").await;
        let el = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{el}/click"),
            json!({}),
        )
        .await;
        for _ in 0..200 {
            let r = self
                .http
                .get(format!("{}/element/{old_page}/name", self.base))
                .send()
                .await
                .unwrap();
            let v: Value = r.json().await.unwrap();
            if v["value"]["error"] == "stale element reference" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        for _ in 0..200 {
            let state = self
                .call(
                    reqwest::Method::POST,
                    "/execute/sync",
                    json!({"script": "return document.readyState", "args": []}),
                )
                .await;
            if state == "complete" {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("the page after clicking {css} did not load");
    }

    async fn source(&self) -> String {
        self.call(reqwest::Method::GET, "/source", Value::Null)
            .await
            .as_str()
            .unwrap()
            .to_owned()
    }

    async fn url(&self) -> String {
        self.call(reqwest::Method::GET, "/url", Value::Null)
            .await
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Saves what the browser shows, for reading the pages as a phone shows them.
    async fn screenshot(&self, name: &str) {
        use base64::Engine;
        let png = self
            .call(reqwest::Method::GET, "/screenshot", Value::Null)
            .await;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().unwrap())
            .unwrap();
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("console-screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), bytes).unwrap();
    }

    /// Signs `phone` in through the pages, with the code the loopback Twilio received.
    async fn sign_in(
        &self,
        app: &TestApp,
        twilio: &(String, std::sync::Arc<std::sync::Mutex<Fake>>),
        phone: &str,
    ) {
        let before = texts_to(&twilio.1, phone).len();
        self.goto(&format!("{}/console", app.base)).await;
        assert!(self.url().await.ends_with("/console/sign-in"));
        self.type_into("#phone", phone).await;
        self.click("form[action='/console/sign-in'] button").await;
        texted(app, twilio, phone, before + 1).await;
        let code = latest_code(&twilio.1, phone).expect("a code was texted");
        self.type_into("#code", &code).await;
        self.click("form[action='/console/verify'] button").await;
    }

    async fn sign_out(&self) {
        self.click("form[action='/console/sign-out'] button").await;
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

#[tokio::test]
async fn a_doctor_and_a_pharmacist_work_the_console_in_a_real_browser() {
    let Some(browser) = Driver::start().await else {
        return;
    };
    let app = spawn_app(Db::Sqlite).await;
    add_doctors(&app, &[DOCTOR_A, DOCTOR_B]).await;
    add_pharmacy(&app, 10).await;
    let twilio = fake_twilio().await;
    let id = queued_patient(&app).await;
    app.phone(PATIENT)
        .sms("MED paracetamol 110001")
        .await
        .unwrap();
    app.phone(PATIENT).sms("ORDER 1 2").await.unwrap();

    // The doctor signs in with the texted code and accepts the waiting patient.
    browser.sign_in(&app, &twilio, DOCTOR_A).await;
    assert!(browser.url().await.ends_with("/console/queue"));
    assert!(browser.source().await.contains("Waiting for a doctor"));
    browser.screenshot("queue").await;
    browser
        .click(&format!(
            "form[action='/console/consultations/{id}/accept'] button"
        ))
        .await;
    assert!(browser
        .url()
        .await
        .contains(&format!("/console/consultations/{id}")));
    let record = browser.source().await;
    assert!(
        record.contains("penicillin") && record.contains("165/100"),
        "{record}"
    );
    assert!(
        !record.contains("tuberculosis"),
        "the hidden condition was shown"
    );
    browser.screenshot("consultation").await;

    // A two-line prescription, texted to the patient in Hindi.
    for (field, text) in TWO_LINES {
        browser
            .type_into(&format!("input[name='{field}']"), text)
            .await;
    }
    browser
        .click(&format!(
            "form[action='/console/consultations/{id}/prescription'] button"
        ))
        .await;
    assert!(browser
        .source()
        .await
        .contains("is stored and sent to the patient"));
    send_outbox(&app, &twilio.0).await;
    let sms = texts_to(&twilio.1, PATIENT).join("\n");
    assert!(sms.contains("Paracetamol") && sms.contains("ORS"), "{sms}");
    assert!(
        sms.chars().any(|c| ('\u{0900}'..='\u{097F}').contains(&c)),
        "not in Hindi: {sms}"
    );
    browser.sign_out().await;

    // Another doctor is refused the patient's page.
    browser.sign_in(&app, &twilio, DOCTOR_B).await;
    browser
        .goto(&format!("{}/console/consultations/{id}", app.base))
        .await;
    let refused = browser.source().await;
    assert!(refused.contains("There is nothing here for you") && !refused.contains("penicillin"));
    browser.click("a[href='/console']").await;
    browser.sign_out().await;

    // The pharmacist mistypes the code once, then confirms the order; the patient is told.
    browser.goto(&format!("{}/console/sign-in", app.base)).await;
    browser.type_into("#phone", PHARMACY).await;
    browser
        .click("form[action='/console/sign-in'] button")
        .await;
    texted(&app, &twilio, PHARMACY, 1).await;
    let code = latest_code(&twilio.1, PHARMACY).unwrap();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    browser.type_into("#code", wrong).await;
    browser.click("form[action='/console/verify'] button").await;
    assert!(browser.source().await.contains("That code is wrong"));
    browser.type_into("#code", &code).await;
    browser.click("form[action='/console/verify'] button").await;
    assert!(browser.url().await.ends_with("/console/orders"));
    browser.screenshot("orders").await;
    let before = texts_to(&twilio.1, PATIENT).len();
    browser
        .click("form[action='/console/orders/5001/confirm'] button")
        .await;
    assert_eq!(
        app.state.store.order(5001).await.unwrap().unwrap().status,
        OrderStatus::Confirmed
    );
    send_outbox(&app, &twilio.0).await;
    assert_eq!(texts_to(&twilio.1, PATIENT).len(), before + 1);
}
