//! Doctors and pharmacies through signed webhooks: the whole journey from a call to a
//! delivered order, the bridge's edge cases, and races for one doctor.

use doorstep::domain::{now_unix, PhoneNumber};
use doorstep::outbox::drain;
use doorstep::simulator::{parse, Heard};
use doorstep::store::{ConsultationStatus, NewDoctor, NewPharmacy, NewStock};
use doorstep::telephony::lines::Lines;
use doorstep::telephony::rest::TwilioRest;

use crate::helpers::{heard_text, spawn_app, Db, TestApp, OUR_NUMBER};
use crate::outbox::{fake_twilio, ACCOUNT};
use crate::{on_both_databases, on_every_carrier};

pub const PATIENT: &str = "+919811122233";
pub const DOCTOR_A: &str = "+919000000901";
pub const DOCTOR_B: &str = "+919000000902";
pub const PHARMACY: &str = "+919000000951";

/// Doctors on duty around the clock, speaking English and Hindi.
pub async fn add_doctors(app: &TestApp, phones: &[&str]) {
    let numbers: Vec<PhoneNumber> = phones
        .iter()
        .map(|p| PhoneNumber::parse(p).unwrap())
        .collect();
    let licences: Vec<String> = (0..phones.len()).map(|i| format!("TEST-{i}")).collect();
    let doctors: Vec<NewDoctor> = numbers
        .iter()
        .zip(&licences)
        .enumerate()
        .map(|(i, (phone, licence))| NewDoctor {
            name: if i == 0 { "Dr. Asha" } else { "Dr. Ravi" },
            phone,
            languages: vec!["en".into(), "hi".into()],
            specializations: vec!["general".into()],
            license: licence,
            pincode: None,
            latitude: None,
            longitude: None,
            start_minute: 0,
            end_minute: 24 * 60,
        })
        .collect();
    app.state.store.import_doctors(&doctors).await.unwrap();
}

/// A pharmacy at pincode 110001's centroid with `quantity` strips of Paracetamol 500.
pub async fn add_pharmacy(app: &TestApp, quantity: i64) -> i64 {
    let store = &app.state.store;
    let phone = PhoneNumber::parse(PHARMACY).unwrap();
    let id = store
        .upsert_pharmacy(&NewPharmacy {
            name: "Jan Aushadhi Kendra",
            phone: &phone,
            address: "Main Road",
            pincode: "110001",
            latitude: None,
            longitude: None,
            open_minute: 0,
            close_minute: 24 * 60,
        })
        .await
        .unwrap();
    store
        .upsert_stock(
            id,
            &NewStock {
                medicine: "Paracetamol 500",
                generic_name: "Paracetamol",
                manufacturer: "Demo",
                price_paise: 1250,
                quantity,
                expiry: "2099-12-31",
            },
        )
        .await
        .unwrap();
    id
}

/// One webhook of a call: posts `params` (plus the call's own) to an absolute action URL.
pub async fn step(
    app: &TestApp,
    url: &str,
    call: &[(&str, &str)],
    extra: &[(&str, &str)],
) -> (Vec<Heard>, String) {
    let path = url.strip_prefix(&app.base).expect("our own URL");
    let params: Vec<(&str, &str)> = call.iter().chain(extra).copied().collect();
    let response = app.post_signed(path, &params).await;
    assert_eq!(response.status(), 200);
    let xml = response.text().await.unwrap();
    (parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml}")), xml)
}

fn gather_action(heard: &[Heard]) -> String {
    heard
        .iter()
        .find_map(|h| match h {
            Heard::Gather { action, .. } => Some(action.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no Gather in {heard:?}"))
}

fn dial(heard: &[Heard]) -> Option<(String, String, Option<String>)> {
    heard.iter().find_map(|h| match h {
        Heard::Dial {
            number,
            action,
            whisper,
            ..
        } => Some((number.clone(), action.clone().unwrap(), whisper.clone())),
        _ => None,
    })
}

/// The doctor presses 1 after the whisper: on Twilio the whisper's `<Gather>` takes the key;
/// Plivo takes it itself (`confirmKey`) and reports the connection to the `Dial`'s
/// `callbackUrl`.
async fn accept(
    app: &TestApp,
    whisper: &[Heard],
    bridge: &[Heard],
    doctor_leg: &[(&str, &str)],
) -> (Vec<Heard>, String) {
    match app.carrier {
        doorstep::simulator::Carrier::Twilio => {
            step(app, &gather_action(whisper), doctor_leg, &[("Digits", "1")]).await
        }
        doorstep::simulator::Carrier::Plivo => {
            let screened = bridge
                .iter()
                .find_map(|h| match h {
                    Heard::Dial { screened, .. } => screened.clone(),
                    _ => None,
                })
                .expect("a Plivo bridge names its callbackUrl");
            step(app, &screened, doctor_leg, &[("DialAction", "connected")]).await
        }
    }
}

/// A call that presses `keys` at successive prompts; returns its CallSid and the last answer.
async fn call_pressing(app: &TestApp, from: &str, keys: &[&str]) -> (String, Vec<Heard>) {
    let sid = app.new_call_id();
    let call = [
        ("CallSid", sid.as_str()),
        ("From", from),
        ("To", OUR_NUMBER),
    ];
    let (mut heard, _) = step(app, &format!("{}/twilio/voice", app.base), &call, &[]).await;
    for key in keys {
        heard = step(app, &gather_action(&heard), &call, &[("Digits", key)])
            .await
            .0;
    }
    (sid, heard)
}

/// A new caller who picks English and presses 2 for a doctor.
async fn press_two_for_a_doctor(app: &TestApp, from: &str) -> (String, Vec<Heard>) {
    call_pressing(app, from, &["2", "2"]).await
}

/// A new caller picks English, presses 1, says `complaint`, answers no to the danger-sign
/// questions, then presses 1 for a doctor; returns
/// the answer to that last key.
async fn describe_then_ask_for_a_doctor(
    app: &TestApp,
    call: &[(&str, &str)],
    complaint: &str,
) -> Vec<Heard> {
    let (mut heard, _) = step(app, &format!("{}/twilio/voice", app.base), call, &[]).await;
    for answer in [
        ("Digits", "2"),
        ("Digits", "1"),
        ("SpeechResult", complaint),
    ] {
        heard = step(app, &gather_action(&heard), call, &[answer]).await.0;
    }
    // No to every danger-sign question, then 1 for the doctor.
    while gather_action(&heard).contains("/danger") {
        heard = step(app, &gather_action(&heard), call, &[("Digits", "2")])
            .await
            .0;
    }
    step(app, &gather_action(&heard), call, &[("Digits", "1")])
        .await
        .0
}

/// Every SMS the outbox sent through the loopback Twilio so far: (to, body).
fn texts(fake: &std::sync::Mutex<crate::outbox::Fake>) -> Vec<(String, String)> {
    let field = |form: &[(String, String)], k: &str| {
        form.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    fake.lock()
        .unwrap()
        .received
        .iter()
        .filter(|(resource, _)| resource == "Messages.json")
        .map(|(_, form)| (field(form, "To"), field(form, "Body")))
        .collect()
}

async fn sms_from(app: &TestApp, from: &str, body: &str) -> String {
    app.phone(from).sms(body).await.unwrap().join("\n")
}

async fn the_whole_journey_from_a_call_to_a_delivered_order(db: Db) {
    let app = spawn_app(db).await;
    let store = &app.state.store;
    add_doctors(&app, &[DOCTOR_A]).await;
    let pharmacy = add_pharmacy(&app, 10).await;
    let (twilio_base, fake) = fake_twilio().await;
    let twilio = Lines::from(
        TwilioRest::new(&twilio_base, ACCOUNT, "token", OUR_NUMBER).with_public_url(&app.base),
    );
    let reminders = app.state.reminders();
    let send = || drain(store, &twilio, &reminders, 100, now_unix());

    // The patient calls, picks English, describes the problem, and asks for a doctor.
    let sid = app.new_call_id();
    let call = [
        ("CallSid", sid.as_str()),
        ("From", PATIENT),
        ("To", OUR_NUMBER),
    ];
    let heard =
        describe_then_ask_for_a_doctor(&app, &call, "I have fever and body ache since two days")
            .await;
    assert!(
        heard_text(&heard).contains("Connecting you to a doctor"),
        "{heard:?}"
    );
    let (number, done_url, whisper) = dial(&heard).expect("the caller is bridged");
    assert_eq!(number, DOCTOR_A);

    // The doctor's phone answers: the whisper, then 1 accepts and Twilio bridges.
    let leg = app.new_call_id();
    let doctor_leg = [
        ("CallSid", leg.as_str()),
        ("From", PATIENT),
        ("To", DOCTOR_A),
        ("Direction", "outbound-dial"),
    ];
    let (whisper, _) = step(&app, &whisper.unwrap(), &doctor_leg, &[]).await;
    let said = heard_text(&whisper);
    assert!(said.contains("New patient."), "{said}");
    assert!(
        said.contains("Problem: I have fever and body ache since two days"),
        "{said}"
    );
    assert!(said.contains("To accept this patient, press 1."), "{said}");
    let (bridged, xml) = accept(&app, &whisper, &heard, &doctor_leg).await;
    assert!(
        bridged.is_empty(),
        "an empty answer bridges the call: {xml}"
    );
    let c = store.consultation(1001).await.unwrap().unwrap();
    assert_eq!(c.status, ConsultationStatus::InProgress);
    assert_eq!(c.specialization, "general");

    // The doctor got the SMS summary with the patient's profile.
    send().await.unwrap();
    let sent = texts(&fake);
    let summary = sent
        .iter()
        .find(|(to, _)| to == DOCTOR_A)
        .expect("summary to the doctor");
    assert!(
        summary.1.contains("Complaint: I have fever"),
        "{}",
        summary.1
    );
    assert!(summary.1.contains("Reply RX 1001"), "{}", summary.1);

    // The bridge ends: the consultation completes and the caller rates it.
    let (rate, _) = step(
        &app,
        &done_url,
        &call,
        &[("DialCallStatus", "completed"), ("DialCallDuration", "300")],
    )
    .await;
    assert!(heard_text(&rate).contains("Press a number from 1 to 5"));
    let (thanks, _) = step(&app, &gather_action(&rate), &call, &[("Digits", "5")]).await;
    assert!(heard_text(&thanks).contains("Thank you for your rating."));
    let doctor = store
        .doctor_by_phone(&PhoneNumber::parse(DOCTOR_A).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (doctor.rating, doctor.rating_count, doctor.completed),
        (5.0, 1, 1)
    );
    assert_eq!(
        store.consultation(1001).await.unwrap().unwrap().status,
        ConsultationStatus::Completed
    );

    // The doctor prescribes by SMS; the patient gets it in their language.
    let reply = sms_from(
        &app,
        DOCTOR_A,
        "RX 1001\nParacetamol 500; 1 tablet; twice a day; 3",
    )
    .await;
    assert!(
        reply.contains("Prescription 1 (1 lines) stored and sent"),
        "{reply}"
    );
    send().await.unwrap();
    let rx = texts(&fake)
        .into_iter()
        .find(|(to, body)| to == PATIENT && body.contains("Prescription 1"))
        .expect("prescription SMS to the patient");
    assert!(rx.1.contains("Dr. Asha"), "{}", rx.1);
    assert!(
        rx.1.contains("Paracetamol 500: 1 tablet, twice a day, for 3 days."),
        "{}",
        rx.1
    );

    // The patient finds it nearby and orders two strips (linked to the prescription).
    let found = sms_from(&app, PATIENT, "MED paracetamol 500 110001").await;
    assert!(
        found.contains("1. Jan Aushadhi Kendra 0.0km Rs12.50"),
        "{found}"
    );
    let placed = sms_from(&app, PATIENT, "ORDER 1 2").await;
    assert!(
        placed.contains("Order 5001: 2 x Paracetamol 500 from Jan Aushadhi Kendra, Rs 25.00"),
        "{placed}"
    );
    let line = store
        .nearest_stock(
            "paracetamol",
            store.pincode_location("110001").await.unwrap().unwrap(),
            5000.0,
            "2026-01-01",
            1,
        )
        .await
        .unwrap();
    assert_eq!(line[0].quantity, 8, "two reserved");
    send().await.unwrap();
    let to_pharmacy = texts(&fake)
        .into_iter()
        .find(|(to, _)| to == PHARMACY)
        .expect("the pharmacy is told");
    assert!(
        to_pharmacy
            .1
            .contains("New order 5001: 2 x Paracetamol 500, Rs 25.00 (prescription 1)"),
        "{}",
        to_pharmacy.1
    );
    assert!(sms_from(&app, PATIENT, "STATUS")
        .await
        .contains("5001 Paracetamol 500 x2 Jan Aushadhi Kendra: waiting for the pharmacy"));

    // The pharmacy confirms, prepares and delivers; the patient hears of each step.
    for (command, told) in [
        (
            "CONFIRM 5001",
            "Order 5001 is confirmed by Jan Aushadhi Kendra",
        ),
        ("READY 5001", "Order 5001 is ready at Jan Aushadhi Kendra"),
        ("DELIVERED 5001", "Order 5001 is delivered."),
    ] {
        let ack = sms_from(&app, PHARMACY, command).await;
        assert!(ack.contains("The patient has been told"), "{ack}");
        send().await.unwrap();
        assert!(
            texts(&fake)
                .iter()
                .any(|(to, body)| to == PATIENT && body.contains(told)),
            "{told}"
        );
    }
    assert!(sms_from(&app, PHARMACY, "CANCEL 5001")
        .await
        .contains("is delivered; that step does not apply"));
    assert!(sms_from(&app, PATIENT, "STATUS")
        .await
        .contains("no open requests"));
    let _ = pharmacy;
}
on_every_carrier!(the_whole_journey_from_a_call_to_a_delivered_order);

async fn two_callers_one_doctor_one_is_bridged_and_one_queued(db: Db) {
    let app = spawn_app(db).await;
    add_doctors(&app, &[DOCTOR_A]).await;
    let callers = [
        "+919811100001",
        "+919811100002",
        "+919811100003",
        "+919811100004",
    ];
    let (a, b, c, d) = tokio::join!(
        press_two_for_a_doctor(&app, callers[0]),
        press_two_for_a_doctor(&app, callers[1]),
        press_two_for_a_doctor(&app, callers[2]),
        press_two_for_a_doctor(&app, callers[3]),
    );
    let heard = [a, b, c, d];
    let bridged: Vec<_> = heard.iter().filter_map(|(_, h)| dial(h)).collect();
    assert_eq!(bridged.len(), 1, "one doctor, one bridge: {heard:?}");
    assert_eq!(bridged[0].0, DOCTOR_A);
    let queued = heard
        .iter()
        .filter(|(_, h)| heard_text(h).contains("All our doctors are busy"))
        .count();
    assert_eq!(queued, 3);
}
on_both_databases!(two_callers_one_doctor_one_is_bridged_and_one_queued);

async fn an_unanswered_doctor_passes_the_call_to_the_next(db: Db) {
    let app = spawn_app(db).await;
    add_doctors(&app, &[DOCTOR_A, DOCTOR_B]).await;
    let (sid, heard) = press_two_for_a_doctor(&app, PATIENT).await;
    let call = [
        ("CallSid", sid.as_str()),
        ("From", PATIENT),
        ("To", OUR_NUMBER),
    ];
    let (first, done, _) = dial(&heard).unwrap();
    let (again, _) = step(&app, &done, &call, &[("DialCallStatus", "no-answer")]).await;
    assert!(heard_text(&again).contains("We are trying another doctor"));
    let (second, done, whisper) = dial(&again).unwrap();
    assert_ne!(first, second);

    // The second doctor hears the whisper but does not press 1: the caller is queued.
    let leg = app.new_call_id();
    let doctor_leg = [
        ("CallSid", leg.as_str()),
        ("From", PATIENT),
        ("To", second.as_str()),
        ("Direction", "outbound-dial"),
    ];
    let (w, _) = step(&app, &whisper.unwrap(), &doctor_leg, &[]).await;
    let (declined, _) = step(&app, &gather_action(&w), &doctor_leg, &[("Digits", "2")]).await;
    assert!(
        matches!(declined.as_slice(), [Heard::Hangup]),
        "{declined:?}"
    );
    let (queued, _) = step(&app, &done, &call, &[("DialCallStatus", "completed")]).await;
    let text = heard_text(&queued);
    assert!(text.contains("All our doctors are busy"), "{text}");
    let c = app.state.store.consultation(1001).await.unwrap().unwrap();
    assert_eq!(c.status, ConsultationStatus::Queued);
    assert_eq!(c.tried_doctors.len(), 2);
    // Both doctors are free again: the first to say AVAILABLE is offered the waiting patient.
    let offer = sms_from(&app, &first, "AVAILABLE").await;
    assert!(offer.contains("reply CALL 1001"), "{offer}");
}
on_both_databases!(an_unanswered_doctor_passes_the_call_to_the_next);

async fn doctors_act_only_on_their_own_consultations(db: Db) {
    let app = spawn_app(db).await;
    add_doctors(&app, &[DOCTOR_A, DOCTOR_B]).await;
    let (_, heard) = press_two_for_a_doctor(&app, PATIENT).await;
    let (number, _, _) = dial(&heard).unwrap();
    let other = if number == DOCTOR_A {
        DOCTOR_B
    } else {
        DOCTOR_A
    };
    for command in [
        "DONE 1001 fine",
        "RX 1001\nParacetamol 500; 1 tablet; twice a day; 3",
        "CALL 1001",
    ] {
        let reply = sms_from(&app, other, command).await;
        assert_eq!(reply, "No consultation 1001 of yours.", "{command}");
    }
    // A prescription line that cannot be read sends nothing.
    let reply = sms_from(&app, &number, "RX 1001\nParacetamol 500; twice a day").await;
    assert!(
        reply.contains("Line 1 is not medicine; dose; frequency; days"),
        "{reply}"
    );
    assert!(app
        .state
        .store
        .latest_prescription(1)
        .await
        .unwrap()
        .is_none());
    // A stranger's "AVAILABLE" is a patient's message, not a doctor's command.
    let stranger = sms_from(&app, "+919811199999", "AVAILABLE").await;
    assert!(!stranger.contains("available for calls"), "{stranger}");
    assert!(sms_from(&app, &number, "BUSY")
        .await
        .contains("no calls until you send AVAILABLE"));
}
on_both_databases!(doctors_act_only_on_their_own_consultations);

async fn a_queued_patient_is_called_back_by_a_doctor_who_takes_the_case(db: Db) {
    let app = spawn_app(db).await;
    // Asked for by SMS with no doctor yet: queued.
    let booked = sms_from(&app, PATIENT, "DOCTOR").await;
    assert!(booked.contains("number 1001"), "{booked}");
    add_doctors(&app, &[DOCTOR_A]).await;
    let offer = sms_from(&app, DOCTOR_A, "AVAILABLE").await;
    assert!(offer.contains("reply CALL 1001"), "{offer}");
    let calling = sms_from(&app, DOCTOR_A, "CALL 1001").await;
    assert!(calling.contains("We are calling you now"), "{calling}");
    // The outbox places the call to the doctor; its TwiML connects the patient.
    let row = sqlx::query("SELECT body FROM outbox WHERE kind = 'call' AND to_phone = $1")
        .bind(DOCTOR_A)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    let body: String = sqlx::Row::get(&row, 0);
    let url = app.placed_url(&body);
    let leg = app.new_call_id();
    let doctor_leg = [
        ("CallSid", leg.as_str()),
        ("From", OUR_NUMBER),
        ("To", DOCTOR_A),
        ("Direction", "outbound-api"),
    ];
    let (heard, _) = step(&app, &url, &doctor_leg, &[]).await;
    let (number, done, _) = dial(&heard).expect("the patient is dialled");
    assert_eq!(number, PATIENT);
    let (end, _) = step(&app, &done, &doctor_leg, &[("DialCallStatus", "completed")]).await;
    assert!(heard_text(&end).contains("Consultation 1001 is complete"));
    // The patient rates by SMS.
    assert!(sms_from(&app, PATIENT, "4")
        .await
        .contains("Thank you for rating consultation 1001"));
    let doctor = app
        .state
        .store
        .doctor_by_phone(&PhoneNumber::parse(DOCTOR_A).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((doctor.rating, doctor.completed), (4.0, 1));
    // A second rating changes nothing.
    assert!(!sms_from(&app, PATIENT, "1").await.contains("Thank you"));
}
on_both_databases!(a_queued_patient_is_called_back_by_a_doctor_who_takes_the_case);

async fn the_doctor_summary_leaves_out_what_the_patient_hid(db: Db) {
    let app = spawn_app(db).await;
    let store = &app.state.store;
    add_doctors(&app, &[DOCTOR_A]).await;
    let phone = PhoneNumber::parse(PATIENT).unwrap();
    store.upsert_phone(&phone, Some("en")).await.unwrap();
    let patient = store
        .add_patient(&phone, "self", Some("Meena"), Some("en"))
        .await
        .unwrap();
    store
        .set_patient_details(patient.id, Some(34), Some("female"), Some("110001"))
        .await
        .unwrap();
    store
        .set_medical_profile(
            patient.id,
            "asthma since childhood",
            "penicillin",
            "",
            "allergies",
        )
        .await
        .unwrap();
    store
        .add_health_metric(patient.id, "blood pressure", 130.0, "mmHg")
        .await
        .unwrap();
    // A known caller: straight to the main menu, then 2.
    let (_, heard) = call_pressing(&app, PATIENT, &["2"]).await;
    assert!(dial(&heard).is_some(), "{heard:?}");
    let row = sqlx::query("SELECT body FROM outbox WHERE to_phone = $1")
        .bind(DOCTOR_A)
        .fetch_one(store.pool())
        .await
        .unwrap();
    let summary: String = sqlx::Row::get(&row, 0);
    assert!(summary.contains("Meena, age 34, female"), "{summary}");
    assert!(
        summary.contains("history: asthma since childhood"),
        "{summary}"
    );
    assert!(summary.contains("blood pressure: 130 mmHg"), "{summary}");
    assert!(
        !summary.contains("penicillin"),
        "hidden from doctors: {summary}"
    );
}
on_both_databases!(the_doctor_summary_leaves_out_what_the_patient_hid);

async fn the_whisper_stays_short_however_long_the_complaint(db: Db) {
    let app = spawn_app(db).await;
    add_doctors(&app, &[DOCTOR_A]).await;
    let sid = app.new_call_id();
    let call = [
        ("CallSid", sid.as_str()),
        ("From", PATIENT),
        ("To", OUR_NUMBER),
    ];
    let long =
        "my knee hurts when I walk to the fields in the morning and again at night ".repeat(5);
    let heard = describe_then_ask_for_a_doctor(&app, &call, &long).await;
    let (_, _, whisper) = dial(&heard).expect("bridged");
    let leg = app.new_call_id();
    let doctor_leg = [
        ("CallSid", leg.as_str()),
        ("From", PATIENT),
        ("To", DOCTOR_A),
        ("Direction", "outbound-dial"),
    ];
    let (w, _) = step(&app, &whisper.unwrap(), &doctor_leg, &[]).await;
    let said = heard_text(&w);
    // About 2.5 spoken words a second: 15 seconds is under 40 words, the key press included.
    let words = said.split_whitespace().count();
    assert!(words <= 40, "{words} words: {said}");
    assert!(
        said.contains("Problem: my knee hurts when I walk"),
        "{said}"
    );
}
on_both_databases!(the_whisper_stays_short_however_long_the_complaint);
