//! The web console over HTTP, as a browser without JavaScript speaks to it: sign-in by the
//! code the loopback Twilio received, cookies, CSRF tokens and one-time form values.

use std::collections::HashMap;

use doorstep::domain::{now_unix, PhoneNumber};
use doorstep::outbox::drain;
use doorstep::store::{
    ConsultationStatus, ItemKind, NewConsultation, NewConversation, OrderStatus, OutboxStatus,
    Outgoing, StoreError, StoredReading,
};
use doorstep::telephony::lines::Lines;
use doorstep::telephony::rest::TwilioRest;
use sqlx::Executor;

use crate::care::{add_doctors, add_pharmacy, DOCTOR_A, DOCTOR_B, PATIENT, PHARMACY};
use crate::helpers::{spawn_app, Db, TestApp, OUR_NUMBER};
use crate::on_both_databases;
use crate::outbox::{fake_twilio, Fake, ACCOUNT};

pub const OPERATOR: &str = "+919000000999";
/// A prescription of two lines, as its form's fields.
pub const TWO_LINES: [(&str, &str); 8] = [
    ("medicine_1", "Paracetamol"),
    ("dose_1", "500 mg"),
    ("frequency_1", "twice a day"),
    ("days_1", "3"),
    ("medicine_2", "ORS"),
    ("dose_2", "1 packet"),
    ("frequency_2", "after each stool"),
    ("days_2", "2"),
];
type Twilio = std::sync::Arc<std::sync::Mutex<Fake>>;

/// A browser's view of the console: cookies kept, redirects not followed.
pub struct Browser {
    base: String,
    client: reqwest::Client,
    cookies: HashMap<String, String>,
}

/// What a request got back.
pub struct Page {
    pub status: u16,
    pub location: String,
    pub body: String,
}

impl Browser {
    pub fn new(app: &TestApp) -> Self {
        Self {
            base: app.base.clone(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: HashMap::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn keep(&mut self, r: reqwest::Response) -> Page {
        for v in r.headers().get_all("set-cookie") {
            let v = v.to_str().unwrap();
            assert!(
                v.contains("HttpOnly") && v.contains("SameSite=Strict"),
                "{v}"
            );
            let (pair, _) = v.split_once(';').unwrap();
            let (k, val) = pair.split_once('=').unwrap();
            if val.is_empty() {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), val.to_owned());
            }
        }
        let status = r.status().as_u16();
        let location = r
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let body = r.text().await.unwrap();
        assert!(body.len() < 50_000, "a page over 50 KB: {}", body.len());
        Page {
            status,
            location,
            body,
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let r = self
            .client
            .get(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .send()
            .await
            .unwrap();
        self.keep(r).await
    }

    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let r = self
            .client
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .form(fields)
            .send()
            .await
            .unwrap();
        self.keep(r).await
    }

    /// Submits the form of `page` whose action is `action`, with its hidden fields and `fields`.
    pub async fn submit(&mut self, page: &Page, action: &str, fields: &[(&str, &str)]) -> Page {
        let hidden = form_hidden(&page.body, action);
        let mut all: Vec<(&str, &str)> = hidden
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        all.extend_from_slice(fields);
        self.post(action, &all).await
    }
}

/// The hidden inputs of the form posting to `action`.
pub fn form_hidden(html: &str, action: &str) -> Vec<(String, String)> {
    let start = html
        .find(&format!("action=\"{action}\""))
        .unwrap_or_else(|| panic!("no form to {action} in {html}"));
    let form = &html[start..start + html[start..].find("</form>").unwrap()];
    form.split("<input type=\"hidden\" ")
        .skip(1)
        .map(|input| {
            let attr = |name: &str| {
                let from = input.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                input[from..from + input[from..].find('"').unwrap()].to_owned()
            };
            (attr("name"), attr("value"))
        })
        .collect()
}

/// Every SMS the loopback Twilio was asked to send to `to`.
pub fn texts_to(fake: &Twilio, to: &str) -> Vec<String> {
    fake.lock()
        .unwrap()
        .received
        .iter()
        .filter(|(resource, _)| resource == "Messages.json")
        .filter(|(_, form)| form.iter().any(|(k, v)| k == "To" && v == to))
        .filter_map(|(_, form)| {
            form.iter()
                .find(|(k, _)| k == "Body")
                .map(|(_, v)| v.clone())
        })
        .collect()
}

/// Sends what the outbox holds through the loopback Twilio.
pub async fn send_outbox(app: &TestApp, twilio_base: &str) {
    let twilio = Lines::from(
        TwilioRest::new(twilio_base, ACCOUNT, "token", OUR_NUMBER).with_public_url(&app.base),
    );
    let reminders = app.state.reminders();
    drain(&app.state.store, &twilio, &reminders, 100, now_unix() + 1)
        .await
        .unwrap();
}

/// The 6-digit code in the newest SMS to `to`.
pub fn latest_code(fake: &Twilio, to: &str) -> Option<String> {
    let last = texts_to(fake, to).pop()?;
    last.split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .map(str::to_owned)
}

/// Asks for a code for `phone`: the page after it.
pub async fn ask_code(b: &mut Browser, phone: &str) -> Page {
    let form = b.get("/console/sign-in").await;
    assert_eq!(form.status, 200);
    b.submit(&form, "/console/sign-in", &[("phone", phone)])
        .await
}

/// Sends the outbox until `phone` has received `n` SMS (codes are queued just after the
/// page answers), for at most 5 s; returns how many it has.
pub async fn texted(app: &TestApp, twilio: &(String, Twilio), phone: &str, n: usize) -> usize {
    for _ in 0..100 {
        send_outbox(app, &twilio.0).await;
        if texts_to(&twilio.1, phone).len() >= n {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    texts_to(&twilio.1, phone).len()
}

/// Signs `phone` in with the code the loopback Twilio received.
pub async fn sign_in(app: &TestApp, twilio: &(String, Twilio), phone: &str) -> Browser {
    let mut b = Browser::new(app);
    let before = texts_to(&twilio.1, phone).len();
    let asked = ask_code(&mut b, phone).await;
    texted(app, twilio, phone, before + 1).await;
    let code = latest_code(&twilio.1, phone).expect("a code was sent");
    let done = b
        .submit(&asked, "/console/verify", &[("code", &code)])
        .await;
    assert_eq!(
        (done.status, done.location.as_str()),
        (303, "/console"),
        "{}",
        done.body
    );
    b
}

/// A Hindi-speaking patient with a visible allergy, a hidden condition, two readings and a
/// queued consultation; returns its id.
pub async fn queued_patient(app: &TestApp) -> i64 {
    let store = &app.state.store;
    let phone = PhoneNumber::parse(PATIENT).unwrap();
    store.upsert_phone(&phone, Some("hi")).await.unwrap();
    let patient = store
        .add_patient(&phone, "self", Some("Sita"), Some("hi"))
        .await
        .unwrap();
    let now = now_unix();
    store
        .add_profile_item(patient.id, ItemKind::Allergy, "penicillin", now)
        .await
        .unwrap();
    let hidden = store
        .add_profile_item(patient.id, ItemKind::Condition, "tuberculosis", now)
        .await
        .unwrap();
    assert!(store
        .set_profile_item_hidden(patient.id, hidden, true)
        .await
        .unwrap());
    for (value, second, at) in [(150.0, 95.0, now - 86_400), (165.0, 100.0, now)] {
        let reading = StoredReading {
            kind: "bp".into(),
            value,
            second_value: Some(second),
            unit: "mmHg".into(),
            context: String::new(),
            recorded_at: at,
        };
        store.add_reading(patient.id, &reading).await.unwrap();
    }
    let flags = vec!["headache".to_owned()];
    let conversation = store
        .add_conversation(&NewConversation {
            phone: &phone,
            patient_id: Some(patient.id),
            channel: "sms",
            call_sid: None,
            language: "hi",
            symptoms: "sir dard aur chakkar",
            urgency: "high",
            red_flags: &flags,
            messages: &[
                ("patient", "sir dard aur chakkar"),
                ("triage", "high: severe headache"),
            ],
        })
        .await
        .unwrap();
    let id = store
        .open_consultation(&NewConsultation {
            patient_id: patient.id,
            call_sid: None,
            conversation_id: Some(conversation),
            language: "hi",
            urgency: Some("high"),
            specialization: "general",
            complaint: "sir dard aur chakkar",
            red_flags: &flags,
        })
        .await
        .unwrap();
    store.queue_consultation(id).await.unwrap();
    id
}

async fn a_doctor_accepts_a_patient_sees_the_record_without_what_was_hidden_and_prescribes(db: Db) {
    let app = spawn_app(db).await;
    add_doctors(&app, &[DOCTOR_A, DOCTOR_B]).await;
    add_pharmacy(&app, 10).await;
    let twilio = fake_twilio().await;
    let id = queued_patient(&app).await;
    let mut doctor = sign_in(&app, &twilio, DOCTOR_A).await;

    let home = doctor.get("/console").await;
    assert_eq!(
        (home.status, home.location.as_str()),
        (303, "/console/queue")
    );
    let queue = doctor.get("/console/queue").await;
    assert!(queue
        .body
        .contains(r#"<meta http-equiv="refresh" content="60">"#));
    assert!(
        queue.body.contains("Waiting for a doctor") && queue.body.contains("Same day"),
        "{}",
        queue.body
    );
    assert!(
        !queue.body.contains("chakkar"),
        "the queue shows no patient's words"
    );
    let accept = format!("/console/consultations/{id}/accept");
    let accepted = doctor.submit(&queue, &accept, &[]).await;
    assert_eq!(
        accepted.location,
        format!("/console/consultations/{id}?m=calling")
    );
    let calls: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE kind = 'call'")
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(calls, 1, "accepting rings the doctor, then the patient");

    let record = doctor.get(&accepted.location).await;
    assert_eq!(record.status, 200);
    for shown in [
        "penicillin",
        "Sita",
        "sir dard aur chakkar",
        "severe headache",
        "165/100",
        "<svg",
        "Paracetamol",
    ] {
        assert!(
            record.body.contains(shown),
            "{shown} missing from the record"
        );
    }
    assert!(
        !record.body.contains("tuberculosis"),
        "a hidden item was shown"
    );
    assert!(
        !record.body.contains(&PATIENT[3..]),
        "the patient's full number was shown"
    );
    let views: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'record_viewed'")
            .fetch_one(app.state.store.pool())
            .await
            .unwrap();
    assert_eq!(views, 1);

    // A row without its dose is named, and nothing is stored or sent.
    let rx = format!("/console/consultations/{id}/prescription");
    let bad = doctor
        .submit(
            &record,
            &rx,
            &[
                ("medicine_1", "Paracetamol"),
                ("dose_1", "500 mg"),
                ("frequency_1", "twice a day"),
                ("days_1", "3"),
                ("medicine_2", "ORS"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body.contains("Row 2") && bad.body.contains("value=\"ORS\""),
        "{}",
        bad.body
    );
    let rows = TWO_LINES;
    let sent = doctor.submit(&bad, &rx, &rows).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    // The same form sent twice (a double tap) stores one prescription.
    let hidden = form_hidden(&bad.body, &rx);
    let mut replay: Vec<(&str, &str)> = hidden
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    replay.extend_from_slice(&rows);
    let again = doctor.post(&rx, &replay).await;
    assert_eq!(again.status, 409);
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM prescription_items")
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(stored, 2);
    send_outbox(&app, &twilio.0).await;
    let patient_sms = texts_to(&twilio.1, PATIENT).join("\n");
    assert!(
        patient_sms.contains("Paracetamol") && patient_sms.contains("ORS"),
        "{patient_sms}"
    );
    assert!(
        patient_sms
            .chars()
            .any(|c| ('\u{0900}'..='\u{097F}').contains(&c)),
        "not in Hindi: {patient_sms}"
    );

    // Another doctor is refused the page, exactly as if it did not exist.
    let mut other = sign_in(&app, &twilio, DOCTOR_B).await;
    let refused = other.get(&format!("/console/consultations/{id}")).await;
    let missing = other.get("/console/consultations/999999").await;
    assert_eq!((refused.status, missing.status), (404, 404));
    assert_eq!(refused.body, missing.body);

    // Completing sends the rating question; the record stays open to its doctor for a while.
    let page = doctor.get(&format!("/console/consultations/{id}")).await;
    let done = doctor
        .submit(
            &page,
            &format!("/console/consultations/{id}/complete"),
            &[("notes", "BP high, review in 2 days")],
        )
        .await;
    assert_eq!(done.status, 303);
    let c = app.state.store.consultation(id).await.unwrap().unwrap();
    assert_eq!(c.status, ConsultationStatus::Completed);
    assert_eq!(
        doctor
            .get(&format!("/console/consultations/{id}"))
            .await
            .status,
        200
    );
}
on_both_databases!(
    a_doctor_accepts_a_patient_sees_the_record_without_what_was_hidden_and_prescribes
);

async fn sign_in_refuses_wrong_and_expired_codes_and_never_says_which_numbers_exist(db: Db) {
    let app = spawn_app(db).await;
    add_doctors(&app, &[DOCTOR_A]).await;
    let twilio = fake_twilio().await;

    let mut stranger = Browser::new(&app);
    let unknown = ask_code(&mut stranger, "+919999999999").await;
    let mut doctor = Browser::new(&app);
    let known = ask_code(&mut doctor, DOCTOR_A).await;
    let strip = |p: &Page, phone: &str| {
        p.body
            .replace(phone, "")
            .split("name=\"csrf\"")
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(strip(&unknown, "+919999999999"), strip(&known, DOCTOR_A));
    assert_eq!(texted(&app, &twilio, DOCTOR_A, 1).await, 1);
    assert!(texts_to(&twilio.1, "+919999999999").is_empty());
    let code = latest_code(&twilio.1, DOCTOR_A).unwrap();

    // Five wrong tries use the code up: the sixth, right or not, is refused.
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        let r = doctor
            .submit(&known, "/console/verify", &[("code", wrong)])
            .await;
        assert_eq!(r.status, 401);
    }
    let sixth = doctor
        .submit(&known, "/console/verify", &[("code", &code)])
        .await;
    assert_eq!(sixth.status, 401);
    assert!(!doctor.cookies.contains_key("dsd_session"));

    // An expired code is refused.
    let asked = ask_code(&mut doctor, DOCTOR_A).await;
    assert_eq!(texted(&app, &twilio, DOCTOR_A, 2).await, 2);
    let code = latest_code(&twilio.1, DOCTOR_A).unwrap();
    app.state
        .store
        .pool()
        .execute("UPDATE sign_in_codes SET expires_at = 0")
        .await
        .unwrap();
    assert_eq!(
        doctor
            .submit(&asked, "/console/verify", &[("code", &code)])
            .await
            .status,
        401
    );

    // A form without the sign-in page's token is refused.
    let forged = doctor
        .post(
            "/console/sign-in",
            &[("phone", DOCTOR_A), ("csrf", "forged")],
        )
        .await;
    assert_eq!(forged.status, 403);

    // At most five codes an hour, though the page reads the same.
    for _ in 0..6 {
        ask_code(&mut doctor, DOCTOR_A).await;
    }
    assert_eq!(texted(&app, &twilio, DOCTOR_A, 5).await, 5);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        texted(&app, &twilio, DOCTOR_A, 6).await,
        5,
        "a sixth code in the hour"
    );
}
on_both_databases!(sign_in_refuses_wrong_and_expired_codes_and_never_says_which_numbers_exist);

async fn a_consultation_status_no_version_wrote_is_reported_as_corrupt_not_guessed(db: Db) {
    let app = spawn_app(db).await;
    let store = &app.state.store;
    let id = queued_patient(&app).await;
    let patient: i64 = sqlx::query_scalar("SELECT patient_id FROM consultations WHERE id = $1")
        .bind(id)
        .fetch_one(store.pool())
        .await
        .unwrap();
    store
        .pool()
        .execute("UPDATE consultations SET status = 'lost'")
        .await
        .unwrap();

    let read = store.consultation(id).await;
    let past = store.patient_consultations(patient, 10).await;

    assert!(matches!(read, Err(StoreError::Corrupt(_))), "{read:?}");
    assert!(matches!(past, Err(StoreError::Corrupt(_))), "{past:?}");
}
on_both_databases!(a_consultation_status_no_version_wrote_is_reported_as_corrupt_not_guessed);

async fn forms_need_the_sessions_token_and_sessions_end(db: Db) {
    let app = spawn_app(db).await;
    add_doctors(&app, &[DOCTOR_A]).await;
    let twilio = fake_twilio().await;
    let mut doctor = sign_in(&app, &twilio, DOCTOR_A).await;
    let queue = doctor.get("/console/queue").await;
    let hidden = form_hidden(&queue.body, "/console/availability");
    let once = &hidden.iter().find(|(k, _)| k == "once").unwrap().1;

    let missing = doctor
        .post(
            "/console/availability",
            &[("once", once), ("available", "0")],
        )
        .await;
    let wrong = doctor
        .post(
            "/console/availability",
            &[("csrf", "0000"), ("once", once), ("available", "0")],
        )
        .await;
    assert_eq!((missing.status, wrong.status), (403, 403));
    let store = &app.state.store;
    assert!(
        store.doctor(1).await.unwrap().unwrap().available,
        "a forged form changed nothing"
    );
    let busy = doctor.submit(&queue, "/console/availability", &[]).await;
    assert_eq!(busy.status, 303);
    assert!(!store.doctor(1).await.unwrap().unwrap().available);

    // Pages of other roles are refused.
    assert_eq!(doctor.get("/console/health").await.status, 403);
    assert_eq!(doctor.get("/console/orders").await.status, 403);

    // Sign-out ends the session; an expired session is the same as none.
    let queue = doctor.get("/console/queue").await;
    let out = doctor.submit(&queue, "/console/sign-out", &[]).await;
    assert_eq!(out.location, "/console/sign-in");
    assert_eq!(
        doctor.get("/console/queue").await.location,
        "/console/sign-in"
    );
    let mut again = sign_in(&app, &twilio, DOCTOR_A).await;
    store
        .pool()
        .execute("UPDATE console_sessions SET expires_at = 1")
        .await
        .unwrap();
    assert_eq!(
        again.get("/console/queue").await.location,
        "/console/sign-in"
    );

    // A doctor who left is blocked: their session ends and no code is sent any more.
    let mut leaving = sign_in(&app, &twilio, DOCTOR_A).await;
    let doctor_phone = PhoneNumber::parse(DOCTOR_A).unwrap();
    store
        .set_console_blocked(&doctor_phone, true, now_unix())
        .await
        .unwrap();
    assert_eq!(
        leaving.get("/console/queue").await.location,
        "/console/sign-in"
    );
    let sent = texts_to(&twilio.1, DOCTOR_A).len();
    ask_code(&mut leaving, DOCTOR_A).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        texted(&app, &twilio, DOCTOR_A, sent + 1).await,
        sent,
        "no code for a blocked number"
    );
}
on_both_databases!(forms_need_the_sessions_token_and_sessions_end);

async fn a_pharmacist_moves_an_order_on_and_keeps_the_stock(db: Db) {
    let app = spawn_app(db).await;
    add_pharmacy(&app, 10).await;
    let twilio = fake_twilio().await;
    app.phone(PATIENT)
        .sms("MED paracetamol 110001")
        .await
        .unwrap();
    let placed = app
        .phone(PATIENT)
        .sms("ORDER 1 2")
        .await
        .unwrap()
        .join("\n");
    assert!(placed.contains("5001"), "{placed}");
    send_outbox(&app, &twilio.0).await;
    let told_before = texts_to(&twilio.1, PATIENT).len();

    let mut pharmacist = sign_in(&app, &twilio, PHARMACY).await;
    let orders = pharmacist.get("/console/orders").await;
    assert!(
        orders.body.contains("5001") && orders.body.contains("Paracetamol 500"),
        "{}",
        orders.body
    );
    let confirmed = pharmacist
        .submit(&orders, "/console/orders/5001/confirm", &[])
        .await;
    assert_eq!(confirmed.status, 303);
    assert_eq!(
        app.state.store.order(5001).await.unwrap().unwrap().status,
        OrderStatus::Confirmed
    );
    send_outbox(&app, &twilio.0).await;
    assert_eq!(
        texts_to(&twilio.1, PATIENT).len(),
        told_before + 1,
        "the patient is told"
    );

    let stock = pharmacist.get("/console/stock").await;
    let line: i64 = sqlx::query_scalar("SELECT id FROM inventory")
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    let action = format!("/console/stock/{line}");
    let bad = pharmacist
        .submit(
            &stock,
            &action,
            &[
                ("quantity", "5"),
                ("price", "12.345"),
                ("expiry", "2099-12-31"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("rupees"), "{}", bad.body);
    let saved = pharmacist
        .submit(
            &bad,
            &action,
            &[
                ("quantity", "5"),
                ("price", "13.50"),
                ("expiry", "2099-12-31"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303);
    assert_eq!(app.state.store.stock_quantity(line).await.unwrap(), Some(5));
    let stock = pharmacist.get("/console/stock").await;
    let added = pharmacist
        .submit(
            &stock,
            "/console/stock",
            &[
                ("medicine", "ORS"),
                ("generic_name", "Oral rehydration salts"),
                ("manufacturer", "Demo"),
                ("quantity", "40"),
                ("price", "20"),
                ("expiry", "2099-01-31"),
            ],
        )
        .await;
    assert_eq!(added.status, 303);
    assert!(pharmacist
        .get("/console/stock")
        .await
        .body
        .contains("Oral rehydration salts"));
    // A doctor's pages are not a pharmacist's.
    assert_eq!(pharmacist.get("/console/queue").await.status, 403);
}
on_both_databases!(a_pharmacist_moves_an_order_on_and_keeps_the_stock);

async fn an_operator_uploads_the_roster_and_watches_the_line(db: Db) {
    let app = spawn_app(db).await;
    let twilio = fake_twilio().await;
    let store = &app.state.store;
    store
        .add_operator(&PhoneNumber::parse(OPERATOR).unwrap(), "Meena")
        .await
        .unwrap();
    queued_patient(&app).await;
    let mut operator = sign_in(&app, &twilio, OPERATOR).await;
    assert_eq!(operator.get("/console").await.location, "/console/health");
    let health = operator.get("/console/health").await;
    assert_eq!(health.status, 200);
    assert!(health.body.matches("<svg").count() >= 4, "{}", health.body);

    let roster = operator.get("/console/roster").await;
    let upload = |csv: &'static str, hidden: Vec<(String, String)>| {
        let mut form = reqwest::multipart::Form::new();
        for (k, v) in hidden {
            form = form.text(k, v);
        }
        form.part(
            "file",
            reqwest::multipart::Part::bytes(csv.as_bytes()).file_name("doctors.csv"),
        )
    };
    let header =
        "name,phone,languages,specializations,license,pincode,latitude,longitude,start,end\n";
    let bad = format!("{header}Dr. One,+919000000801,hi,general,L-1,,,,09:00,17:00\nDr. Two,not-a-phone,hi,general,L-2,,,,09:00,17:00\n");
    let bad: &'static str = Box::leak(bad.into_boxed_str());
    let post = |form: reqwest::multipart::Form, cookies: String| {
        let url = format!("{}/console/roster/doctors", app.base);
        async move {
            let r = reqwest::Client::new()
                .post(url)
                .header("cookie", cookies)
                .multipart(form)
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let (status, body) = post(
        upload(bad, form_hidden(&roster.body, "/console/roster/doctors")),
        operator.cookie_header(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        body.contains("Nothing was imported") && body.contains("line 3"),
        "{body}"
    );
    assert!(store.doctors().await.unwrap().is_empty());
    let good: &'static str = Box::leak(
        format!("{header}Dr. One,+919000000801,hi,general,L-1,,,,09:00,17:00\n").into_boxed_str(),
    );
    let roster = operator.get("/console/roster").await;
    let (status, body) = post(
        upload(good, form_hidden(&roster.body, "/console/roster/doctors")),
        operator.cookie_header(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        body.contains("Imported 1 rows") && body.contains("Dr. One"),
        "{body}"
    );
    let (forged, _) = post(
        upload(
            good,
            vec![("csrf".into(), "x".into()), ("once".into(), "y".into())],
        ),
        operator.cookie_header(),
    )
    .await;
    assert_eq!(forged, 403);

    let callbacks = operator.get("/console/callbacks").await;
    assert!(
        callbacks
            .body
            .contains("Consultations waiting for a doctor")
            && callbacks.body.contains("Same day")
    );

    // A given-up SMS is listed (number masked) and sent again on request.
    let to = PhoneNumber::parse(PATIENT).unwrap();
    let item = store
        .enqueue_outbox(Outgoing::Sms, &to, "text", "test:given-up")
        .await
        .unwrap()
        .unwrap();
    store
        .finish_outbox(
            item,
            OutboxStatus::Failed,
            None,
            Some("21211 invalid number"),
            now_unix(),
        )
        .await
        .unwrap();
    let outbox = operator.get("/console/outbox").await;
    assert!(
        outbox.body.contains("21211") && !outbox.body.contains(PATIENT),
        "{}",
        outbox.body
    );
    let retried = operator
        .submit(&outbox, &format!("/console/outbox/{item}/retry"), &[])
        .await;
    assert_eq!(retried.status, 303);
    assert_eq!(
        store
            .outbox_status("test:given-up")
            .await
            .unwrap()
            .unwrap()
            .0,
        OutboxStatus::Pending
    );
    // What `doorstep outbox --to` prints: the waiting items of one number, with their text.
    let waiting = store.outbox_waiting(Some(&to)).await.unwrap();
    let keys: Vec<&str> = waiting.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, ["test:given-up"]);
    let doctor = PhoneNumber::parse(DOCTOR_A).unwrap();
    assert!(store
        .outbox_waiting(Some(&doctor))
        .await
        .unwrap()
        .is_empty());
}
on_both_databases!(an_operator_uploads_the_roster_and_watches_the_line);

async fn a_doctor_whose_first_language_is_hindi_works_in_hindi(db: Db) {
    use doorstep::store::NewDoctor;
    let app = spawn_app(db).await;
    let twilio = fake_twilio().await;
    let phone = PhoneNumber::parse(DOCTOR_A).unwrap();
    let doctor = NewDoctor {
        name: "डॉ. मीरा",
        phone: &phone,
        languages: vec!["hi".into(), "en".into()],
        specializations: vec!["general".into()],
        license: "HI-1",
        pincode: None,
        latitude: None,
        longitude: None,
        start_minute: 0,
        end_minute: 24 * 60,
    };
    app.state.store.import_doctors(&[doctor]).await.unwrap();
    let mut b = sign_in(&app, &twilio, DOCTOR_A).await;
    let code_sms = texts_to(&twilio.1, DOCTOR_A).pop().unwrap();
    assert!(
        code_sms
            .chars()
            .any(|c| ('\u{0900}'..='\u{097F}').contains(&c)),
        "{code_sms}"
    );
    let queue = b.get("/console/queue").await;
    assert!(
        queue.body.contains("lang=\"hi\"") && queue.body.contains("डॉक्टर का इंतज़ार"),
        "{}",
        queue.body
    );
    // Failures are in Hindi too.
    let missing = b.get("/console/consultations/424242").await;
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("lang=\"hi\""));
}
on_both_databases!(a_doctor_whose_first_language_is_hindi_works_in_hindi);
