//! The patient's own record (readings, profile, privacy, household) by SMS and keypad, and
//! the calls the line places: medicine reminders, follow-ups, missed-call replays. Sends go
//! through the outbox to a loopback server that speaks Twilio's REST API; the clock is the
//! `now` handed to the outbox worker and the reminder service, so days pass in milliseconds.

use doorstep::domain::{india_day_start, minute_in_india, now_unix, PhoneNumber};
use doorstep::outbox::drain;
use doorstep::simulator::{Heard, Phone};
use doorstep::store::{FollowUpStatus, PrescriptionItem};
use doorstep::telephony::lines::Lines;
use doorstep::telephony::rest::TwilioRest;

use crate::helpers::{heard_text, spawn_app, spawn_app_with, Db, TestApp, OUR_NUMBER};
use crate::on_both_databases;
use crate::outbox::{fake_twilio, Fake, ACCOUNT};

const PATIENT: &str = "+919811122233";

async fn sms(app: &TestApp, text: &str) -> String {
    let replies = app.phone(PATIENT).sms(text).await.unwrap();
    assert_eq!(replies.len(), 1, "{text}: {replies:?}");
    replies[0].clone()
}

fn phone() -> PhoneNumber {
    PhoneNumber::parse(PATIENT).unwrap()
}

/// The number's first patient (created by its first message).
async fn first_patient(app: &TestApp) -> i64 {
    app.state.store.patients(&phone()).await.unwrap()[0].id
}

async fn readings_by_sms_are_stored_refused_or_escalated(db: Db) {
    let app = spawn_app(db).await;
    let saved = sms(&app, "BP 140/90").await;
    assert!(
        saved.contains("BP 140/90") && saved.contains("READINGS"),
        "{saved}"
    );
    let store = &app.state.store;
    let patient = first_patient(&app).await;
    let stored = store.readings(patient, 10).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(
        (stored[0].value, stored[0].second_value),
        (140.0, Some(90.0))
    );

    // Implausible or unreadable: asked again, nothing stored.
    for bad in ["BP 400/90", "BP 90/140", "SUGAR 2000", "TEMP 60", "BP 140"] {
        let reply = sms(&app, bad).await;
        assert!(reply.contains("check the reading"), "{bad}: {reply}");
    }
    assert_eq!(store.readings(patient, 10).await.unwrap().len(), 1);

    // Past a threshold: same-day advice and a doctor; with symptoms, an emergency.
    let high = sms(&app, "BP 190/125").await;
    assert!(
        high.contains("see a doctor today") && high.contains("DOCTOR"),
        "{high}"
    );
    let emergency = sms(&app, "BP 190/125 severe chest pain").await;
    assert!(
        emergency.contains("dangerous") && emergency.contains("108"),
        "{emergency}"
    );
    let low = sms(&app, "SUGAR 45").await;
    assert!(
        low.contains("dangerous") && low.contains("something sweet"),
        "{low}"
    );
    let fasting = sms(&app, "sugar 110 fasting").await;
    assert!(fasting.contains("Sugar 110 mg/dL fasting"), "{fasting}");
    // Indic digits read as numbers; a reading keyword with no number is symptoms.
    assert!(sms(&app, "BP १३०/८५").await.contains("BP 130/85"));
    // Symptoms written with a reading are answered as symptoms, whatever the reading.
    let with_words = sms(&app, "BP 150/95 severe chest pain and sweating").await;
    assert!(with_words.contains("108"), "{with_words}");
    let refused_with_words = sms(&app, "BP 200 chest pain, cannot breathe").await;
    assert!(refused_with_words.contains("108"), "{refused_with_words}");
    let words = sms(&app, "bp is very high and I feel dizzy").await;
    assert!(!words.contains("check the reading"), "{words}");

    // The alerts are conversations, so DOCTOR and the doctor's queue see them.
    let urgency = store
        .latest_sms_triage(&phone(), now_unix() - 60)
        .await
        .unwrap()
        .unwrap();
    assert!(urgency.urgency.is_some());

    let list = sms(&app, "READINGS").await;
    assert_eq!(
        list.lines().count(),
        6,
        "a heading and five readings: {list}"
    );
    assert!(
        list.lines().nth(1).unwrap().contains("BP 150/95"),
        "newest first: {list}"
    );
    let summary = store.patient_summary(patient).await.unwrap();
    assert_eq!(summary.metrics[0].1, "150/95");
}
on_both_databases!(readings_by_sms_are_stored_refused_or_escalated);

async fn profile_items_are_listed_hidden_from_doctors_and_shown_again(db: Db) {
    let app = spawn_app(db).await;
    assert!(sms(&app, "ALLERGY penicillin")
        .await
        .contains("Allergy: penicillin"));
    sms(&app, "CONDITION diabetes").await;
    sms(&app, "MEDS one tablet of my sugar medicine every morning").await;
    let profile = sms(&app, "PROFILE").await;
    assert!(profile.contains("1. Allergy: penicillin"), "{profile}");
    assert!(profile.contains("2. Condition: diabetes"), "{profile}");
    assert!(profile.contains("3. Medicine:"), "{profile}");

    let store = &app.state.store;
    let patient = first_patient(&app).await;
    let shown = |s: &doorstep::store::PatientSummary| {
        s.profile.iter().map(|(_, t)| t.clone()).collect::<Vec<_>>()
    };
    assert!(sms(&app, "HIDE 1").await.contains("hidden from doctors"));
    let summary = store.patient_summary(patient).await.unwrap();
    assert!(
        !shown(&summary).contains(&"penicillin".to_owned()),
        "{summary:?}"
    );
    assert!(shown(&summary).contains(&"diabetes".to_owned()));
    assert!(sms(&app, "PROFILE").await.contains("penicillin (hidden)"));
    assert!(sms(&app, "SHOW 1").await.contains("shown to doctors"));
    let summary = store.patient_summary(patient).await.unwrap();
    assert!(shown(&summary).contains(&"penicillin".to_owned()));

    assert!(sms(&app, "REMOVE 2").await.contains("deleted"));
    assert!(sms(&app, "REMOVE 9").await.contains("no item 9"));
    assert!(sms(&app, "HIDE").await.contains("no item"));
    assert_eq!(store.profile_items(patient).await.unwrap().len(), 2);
    assert!(sms(&app, "ALLERGY").await.contains("for example"));

    // What the patient asked to file is filed; words that may be an emergency happening
    // now also get the emergency number.
    let reply = sms(&app, "ALLERGY my face is swelling and I cannot breathe").await;
    assert!(reply.contains("happening now, call 108"), "{reply}");
    assert!(reply.contains("Added"), "{reply}");
    assert_eq!(store.profile_items(patient).await.unwrap().len(), 3);
    let calm = sms(&app, "ALLERGY sulfa drugs").await;
    assert!(!calm.contains("108"), "{calm}");
}
on_both_databases!(profile_items_are_listed_hidden_from_doctors_and_shown_again);

async fn for_n_makes_commands_apply_to_another_patient_of_the_household(db: Db) {
    let app = spawn_app(db).await;
    sms(&app, "BP 120/80").await;
    let store = &app.state.store;
    let child = store
        .add_patient(&phone(), "child", Some("Meena"), Some("en"))
        .await
        .unwrap();
    let list = sms(&app, "FOR").await;
    assert!(
        list.contains("1 yourself") && list.contains("2 Meena"),
        "{list}"
    );
    let reply = sms(&app, "FOR 2 TEMP 101.2").await;
    assert!(
        reply.contains("Meena") && reply.contains("101.2"),
        "{reply}"
    );
    // The phone now speaks for Meena until told otherwise.
    sms(&app, "ALLERGY peanuts").await;
    assert_eq!(store.profile_items(child.id).await.unwrap().len(), 1);
    assert_eq!(store.readings(child.id, 5).await.unwrap().len(), 1);
    assert!(sms(&app, "FOR 7").await.contains("no patient 7"));
    sms(&app, "FOR 1").await;
    let me = first_patient(&app).await;
    sms(&app, "WEIGHT 62 kg").await;
    assert_eq!(store.readings(me, 5).await.unwrap().len(), 2);
    // "for two days…" is words, not a command.
    let words = sms(&app, "for 2 days I have had a cough").await;
    assert!(!words.contains("no patient"), "{words}");
}
on_both_databases!(for_n_makes_commands_apply_to_another_patient_of_the_household);

/// A patient with a prescription of one medicine for `days` days; returns (patient, rx).
async fn prescribe(app: &TestApp, days: i64) -> (i64, i64) {
    let store = &app.state.store;
    store.upsert_phone(&phone(), Some("en")).await.unwrap();
    let patient = match store.patients(&phone()).await.unwrap().first() {
        Some(p) => p.id,
        None => {
            store
                .add_patient(&phone(), "self", Some("Asha"), Some("en"))
                .await
                .unwrap()
                .id
        }
    };
    let item = PrescriptionItem {
        medicine: "Amoxicillin".into(),
        dose: "500 mg".into(),
        frequency: "three times a day".into(),
        days,
    };
    let rx = store
        .add_prescription(patient, None, None, &[item])
        .await
        .unwrap();
    (patient, rx)
}

/// Outbox items whose key starts with `prefix`: (key, due, status), in due order.
async fn queued(app: &TestApp, prefix: &str) -> Vec<(String, i64, String)> {
    sqlx::query_as(
        "SELECT idempotency_key, next_attempt_at, status FROM outbox
         WHERE idempotency_key LIKE $1 ORDER BY next_attempt_at, id",
    )
    .bind(format!("{prefix}%"))
    .fetch_all(app.state.store.pool())
    .await
    .unwrap()
}

fn rest(app: &TestApp, base: &str) -> Lines {
    Lines::from(TwilioRest::new(base, ACCOUNT, "token", OUR_NUMBER).with_public_url(&app.base))
}

/// The forms the fake Twilio accepted for `resource` (`Calls.json`, `Messages.json`).
fn sent(fake: &std::sync::Mutex<Fake>, resource: &str) -> Vec<Vec<(String, String)>> {
    fake.lock()
        .unwrap()
        .received
        .iter()
        .filter(|(r, _)| r == resource)
        .map(|(_, f)| f.clone())
        .collect()
}

fn field<'a>(form: &'a [(String, String)], name: &str) -> &'a str {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// No quiet hours: tests that run on the wall clock must not depend on the hour.
const NO_QUIET_HOURS: (&str, &str) = ("DOORSTEP_QUIET_HOURS", "00:00-00:00");

async fn a_three_day_prescription_reminds_by_sms_at_the_chosen_times_until_stop(db: Db) {
    let app = spawn_app(db).await;
    let store = &app.state.store;
    let (patient, rx) = prescribe(&app, 3).await;
    let reply = sms(&app, "REMIND 1 4").await;
    assert!(reply.contains(&format!("prescription {rx}")), "{reply}");
    assert!(reply.contains("morning, night"), "{reply}");

    // Morning (8:00) and night (20:30) India time, after the prescription, for three days.
    let written = store
        .latest_prescription(patient)
        .await
        .unwrap()
        .unwrap()
        .created_at;
    let mut expected = vec![];
    for day in 0..=3 {
        for minute in [480, 1230] {
            let at = india_day_start(written) + day * 86_400 + minute * 60;
            if at > written && at <= written + 3 * 86_400 {
                expected.push(at);
            }
        }
    }
    let doses = queued(&app, "dose:").await;
    let times: Vec<i64> = doses.iter().map(|d| d.1).collect();
    assert_eq!(times, expected);
    assert_eq!(times.len(), 6);

    let (base, fake) = fake_twilio().await;
    let twilio = rest(&app, &base);
    let reminders = app.state.reminders();
    for at in &times[..3] {
        let early = drain(store, &twilio, &reminders, 10, at - 60)
            .await
            .unwrap();
        assert_eq!(early.sent, 0, "nothing before its time");
        assert_eq!(
            drain(store, &twilio, &reminders, 10, *at)
                .await
                .unwrap()
                .sent,
            1
        );
    }
    let texts = sent(&fake, "Messages.json");
    assert_eq!(texts.len(), 3);
    let body = field(&texts[0], "Body");
    assert!(
        body.contains("Asha") && body.contains("Amoxicillin 500 mg"),
        "{body}"
    );
    // A lone 1 answers the reminder just sent.
    assert!(sms(&app, "1").await.contains("taken"));
    let summary = store.patient_summary(patient).await.unwrap();
    assert_eq!(summary.adherence.taken, 1);

    assert!(sms(&app, "STOP").await.contains("no more SMS"));
    for at in &times[3..] {
        assert_eq!(
            drain(store, &twilio, &reminders, 10, *at)
                .await
                .unwrap()
                .sent,
            0
        );
    }
    assert_eq!(sent(&fake, "Messages.json").len(), 3, "nothing after STOP");
}
on_both_databases!(a_three_day_prescription_reminds_by_sms_at_the_chosen_times_until_stop);

async fn reminders_honour_quiet_hours_and_the_daily_cap(db: Db) {
    let app = spawn_app_with(
        db,
        &[
            ("DOORSTEP_QUIET_HOURS", "21:00-09:00"),
            ("DOORSTEP_REMINDER_DAILY_CAP", "2"),
        ],
    )
    .await;
    let store = &app.state.store;
    prescribe(&app, 2).await;
    sms(&app, "REMIND 1234").await;
    let doses = queued(&app, "dose:").await;
    // Morning (8:00) is quiet: moved to 9:00. Nothing is due in quiet hours.
    for (_, at, _) in &doses {
        let minute = minute_in_india(*at);
        assert!([540, 780, 1080, 1230].contains(&minute), "{minute}");
    }
    let (base, fake) = fake_twilio().await;
    let twilio = rest(&app, &base);
    let reminders = app.state.reminders();
    let first_day = india_day_start(doses[0].1);
    let mut sent_first_day = 0;
    for (_, at, _) in doses.iter().filter(|d| india_day_start(d.1) == first_day) {
        sent_first_day += drain(store, &twilio, &reminders, 10, *at)
            .await
            .unwrap()
            .sent;
    }
    assert_eq!(
        sent_first_day,
        2.min(
            doses
                .iter()
                .filter(|d| india_day_start(d.1) == first_day)
                .count()
        )
    );
    // A worker that was down and wakes in quiet hours sends nothing then.
    let late = queued(&app, "dose:").await;
    let pending: Vec<_> = late.iter().filter(|d| d.2 == "pending").collect();
    let night = india_day_start(pending[0].1) + 23 * 3600;
    assert!(night >= pending[0].1);
    assert_eq!(
        drain(store, &twilio, &reminders, 1, night)
            .await
            .unwrap()
            .sent,
        0
    );
    assert_eq!(sent(&fake, "Messages.json").len(), sent_first_day);
}
on_both_databases!(reminders_honour_quiet_hours_and_the_daily_cap);

async fn an_unanswered_reminder_call_is_retried_twice_fifteen_minutes_apart(db: Db) {
    let app = spawn_app_with(db, &[NO_QUIET_HOURS]).await;
    let store = &app.state.store;
    let (patient, _) = prescribe(&app, 2).await;
    assert!(sms(&app, "REMIND 1 CALL").await.contains("by call"));
    let doses = queued(&app, "dose:").await;
    let (key, t0, _) = doses[0].clone();
    let (base, fake) = fake_twilio().await;
    let twilio = rest(&app, &base);
    let reminders = app.state.reminders();
    assert_eq!(
        drain(store, &twilio, &reminders, 10, t0)
            .await
            .unwrap()
            .sent,
        1
    );
    let call = sent(&fake, "Calls.json")[0].clone();
    assert!(
        field(&call, "Url").contains("/twilio/voice?dose="),
        "{call:?}"
    );
    assert_eq!(
        field(&call, "StatusCallback"),
        format!("{}/twilio/voice/status", app.base)
    );
    let sid = store.outbox_status(&key).await.unwrap().unwrap().2.unwrap();

    // Twilio's status callback says nobody answered: a second call, 15 minutes later.
    let status = [
        ("CallSid", sid.as_str()),
        ("AccountSid", ACCOUNT),
        ("From", OUR_NUMBER),
        ("To", PATIENT),
        ("CallStatus", "no-answer"),
        ("Direction", "outbound-api"),
    ];
    assert!(app
        .post_signed("/twilio/voice/status", &status)
        .await
        .status()
        .is_success());
    let dose_id = key.split(':').nth(1).unwrap().to_owned();
    let second = queued(&app, &format!("dose:{dose_id}:2")).await;
    assert_eq!(second.len(), 1);
    let wall = now_unix();
    assert!(
        (wall + 890..=wall + 900).contains(&second[0].1),
        "{second:?}"
    );

    // On the injected clock: the retry waits its 15 minutes, then a third, then no more.
    let mut at = t0 + 60;
    for n in 2..=3 {
        let previous = format!("dose:{dose_id}:{}", n - 1);
        let sid = store
            .outbox_status(&previous)
            .await
            .unwrap()
            .unwrap()
            .2
            .unwrap();
        if n == 3 {
            reminders.call_ended(&sid, "busy", at).await.unwrap();
        }
        let retry = format!("dose:{dose_id}:{n}");
        let due = queued(&app, &retry).await[0].1;
        if n == 3 {
            assert_eq!(due, at + 900);
        }
        assert_eq!(
            drain(store, &twilio, &reminders, 10, due - 1)
                .await
                .unwrap()
                .sent,
            0
        );
        assert_eq!(
            drain(store, &twilio, &reminders, 10, due)
                .await
                .unwrap()
                .sent,
            1
        );
        at = due + 60;
    }
    let third = store
        .outbox_status(&format!("dose:{dose_id}:3"))
        .await
        .unwrap()
        .unwrap()
        .2
        .unwrap();
    reminders.call_ended(&third, "no-answer", at).await.unwrap();
    assert!(queued(&app, &format!("dose:{dose_id}:4")).await.is_empty());
    assert_eq!(sent(&fake, "Calls.json").len(), 3);
    assert_eq!(
        store
            .patient_summary(patient)
            .await
            .unwrap()
            .adherence
            .missed,
        1
    );

    // The next dose's call is answered: the medicine as the doctor wrote it, 1 is taken.
    let (_, t1, _) = doses[1].clone();
    assert_eq!(
        drain(store, &twilio, &reminders, 10, t1)
            .await
            .unwrap()
            .sent,
        1
    );
    let call = sent(&fake, "Calls.json")[3].clone();
    let sid = store
        .outbox_status(&doses[1].0)
        .await
        .unwrap()
        .unwrap()
        .2
        .unwrap();
    let heard = answer(&app, field(&call, "Url"), &sid, &["1"]).await;
    let text = heard_text(&heard);
    assert!(
        text.contains("Amoxicillin 500 mg") && text.contains("Asha"),
        "{text}"
    );
    assert!(text.contains("Thank you"), "{text}");
    let summary = store.patient_summary(patient).await.unwrap();
    assert_eq!((summary.adherence.taken, summary.adherence.missed), (1, 1));
}
on_both_databases!(an_unanswered_reminder_call_is_retried_twice_fifteen_minutes_apart);

/// Answers a call the service placed, as Twilio would post it.
async fn answer(app: &TestApp, url: &str, sid: &str, keys: &[&str]) -> Vec<Heard> {
    let mut it = keys.iter().map(|k| k.to_string());
    let mut out = vec![];
    app.phone(PATIENT)
        .answer(url, sid, &mut it, &mut out)
        .await
        .expect("call runs")
}

async fn place_follow_up(
    app: &TestApp,
    fake: &std::sync::Mutex<Fake>,
    twilio: &Lines,
) -> (String, String) {
    let store = &app.state.store;
    let due = queued(app, "follow-up:").await;
    let (key, at, _) = due.iter().find(|d| d.2 == "pending").cloned().unwrap();
    let before = sent(fake, "Calls.json").len();
    let reminders = app.state.reminders();
    assert_eq!(
        drain(store, twilio, &reminders, 10, at).await.unwrap().sent,
        1
    );
    let call = sent(fake, "Calls.json")[before].clone();
    let sid = store.outbox_status(&key).await.unwrap().unwrap().2.unwrap();
    (field(&call, "Url").to_owned(), sid)
}

async fn a_follow_up_call_asks_how_the_patient_is_and_acts_on_the_answer(db: Db) {
    let app = spawn_app_with(db, &[NO_QUIET_HOURS]).await;
    let store = &app.state.store;
    store.upsert_phone(&phone(), Some("en")).await.unwrap();
    let patient = store
        .add_patient(&phone(), "self", None, Some("en"))
        .await
        .unwrap()
        .id;
    let before = now_unix();
    sms(&app, "I have had fever and a cough for three days").await;
    let due = queued(&app, "follow-up:").await;
    assert_eq!(due.len(), 1, "a medium triage is followed up");
    assert!((before + 48 * 3600..=now_unix() + 48 * 3600).contains(&due[0].1));

    let (base, fake) = fake_twilio().await;
    let twilio = rest(&app, &base);
    let (url, sid) = place_follow_up(&app, &fake, &twilio).await;
    assert!(url.contains("follow_up="), "{url}");
    // Worse: the danger-sign question; a yes dials the emergency number.
    let heard = answer(&app, &url, &sid, &["3", "1"]).await;
    let text = heard_text(&heard);
    assert!(text.contains("If worse, press 3"), "{text}");
    assert!(text.contains("unconscious"), "{text}");
    assert!(
        heard
            .iter()
            .any(|h| matches!(h, Heard::Dial { number, .. } if number == "108")),
        "{heard:?}"
    );

    // The same: a doctor is offered. Better: thanks.
    let reminders = app.state.reminders();
    let lang = app.state.catalog.fallback();
    for (cause, key, expect) in [
        ("test:same", "2", "speak to a doctor"),
        ("test:better", "1", "glad"),
    ] {
        reminders
            .follow_up_after(cause, Some(patient), &phone(), &lang, None, now_unix())
            .await
            .unwrap()
            .unwrap();
        let (url, sid) = place_follow_up(&app, &fake, &twilio).await;
        let text = heard_text(&answer(&app, &url, &sid, &[key]).await);
        assert!(text.contains(expect), "{key}: {text}");
    }

    // No answer: called once more, then recorded as unanswered.
    let id = reminders
        .follow_up_after(
            "test:silent",
            Some(patient),
            &phone(),
            &lang,
            None,
            now_unix(),
        )
        .await
        .unwrap()
        .unwrap();
    let (_, sid) = place_follow_up(&app, &fake, &twilio).await;
    let t = now_unix() + 48 * 3600 + 60;
    reminders.call_ended(&sid, "no-answer", t).await.unwrap();
    let retry = queued(&app, &format!("follow-up:{id}:2")).await;
    assert_eq!(retry[0].1, t + 3 * 3600);
    let (_, sid) = place_follow_up(&app, &fake, &twilio).await;
    reminders
        .call_ended(&sid, "no-answer", t + 4 * 3600)
        .await
        .unwrap();
    assert!(queued(&app, &format!("follow-up:{id}:3")).await.is_empty());
    assert_eq!(
        store.follow_up(id).await.unwrap().unwrap().status,
        FollowUpStatus::Unanswered
    );
}
on_both_databases!(a_follow_up_call_asks_how_the_patient_is_and_acts_on_the_answer);

async fn a_missed_call_replays_the_last_message_before_the_callback_menu(db: Db) {
    let missed = "+911800000099";
    let app = spawn_app_with(
        db,
        &[
            NO_QUIET_HOURS,
            ("DOORSTEP_MISSED_CALL_NUMBER", missed),
            ("DOORSTEP_CALLBACK_DELAY_SECS", "0"),
        ],
    )
    .await;
    let store = &app.state.store;
    prescribe(&app, 2).await;
    sms(&app, "REMIND 1").await;
    let (base, fake) = fake_twilio().await;
    let twilio = rest(&app, &base);
    let reminders = app.state.reminders();
    let first = queued(&app, "dose:").await[0].1;
    assert_eq!(
        drain(store, &twilio, &reminders, 10, first)
            .await
            .unwrap()
            .sent,
        1
    );

    let phone = Phone {
        to: missed.into(),
        ..app.phone(PATIENT)
    };
    let mut none = std::iter::empty();
    let heard = phone.call(&mut none, &mut vec![]).await.unwrap();
    assert_eq!(
        heard,
        vec![Heard::Hangup],
        "a missed call is rejected unanswered"
    );
    assert_eq!(
        drain(store, &twilio, &reminders, 10, now_unix())
            .await
            .unwrap()
            .sent,
        1
    );
    let call = sent(&fake, "Calls.json")[0].clone();
    let url = field(&call, "Url");
    assert!(url.contains("callback="), "{url}");
    let (_, _, sid) = store
        .outbox_status(&queued(&app, "callback:").await[0].0)
        .await
        .unwrap()
        .unwrap();
    let text = heard_text(&answer(&app, url, &sid.unwrap(), &[]).await);
    assert!(text.contains("Here is our last message"), "{text}");
    assert!(text.contains("Amoxicillin 500 mg"), "{text}");
    assert!(text.contains("press 1"), "then the menu: {text}");
}
on_both_databases!(a_missed_call_replays_the_last_message_before_the_callback_menu);

async fn the_record_is_kept_by_keypad(db: Db) {
    let app = spawn_app(db).await;
    let store = &app.state.store;
    // A new caller: English (2), then the record (5), a reading (1), blood pressure (1).
    let (heard, _) = app
        .call(PATIENT, &["2", "5", "1", "1", "140#", "90#"])
        .await;
    let text = heard_text(&heard);
    assert!(text.contains("For your health record, press 5"), "{text}");
    assert!(text.contains("top number"), "{text}");
    assert!(text.contains("BP 140/90 is saved"), "{text}");
    let patient = first_patient(&app).await;
    assert_eq!(
        store.readings(patient, 5).await.unwrap()[0].second_value,
        Some(90.0)
    );

    let text = heard_text(&app.call(PATIENT, &["5", "1", "4", "101*2#"]).await.0);
    assert!(text.contains("101.2"), "{text}");
    let text = heard_text(&app.call(PATIENT, &["5", "1", "2", "9#"]).await.0);
    assert!(text.contains("does not look right"), "{text}");

    // A very high temperature and a danger sign: the emergency number too.
    let (heard, _) = app.call(PATIENT, &["5", "1", "4", "104*5#", "1"]).await;
    assert!(
        heard
            .iter()
            .any(|h| matches!(h, Heard::Dial { number, .. } if number == "108")),
        "{heard:?}"
    );

    // Past a threshold with a danger symptom: the emergency number.
    let (heard, _) = app
        .call(PATIENT, &["5", "1", "1", "190#", "125#", "1"])
        .await;
    assert!(
        heard_text(&heard).contains("see a doctor today"),
        "{}",
        heard_text(&heard)
    );
    assert!(
        heard
            .iter()
            .any(|h| matches!(h, Heard::Dial { number, .. } if number == "108")),
        "{heard:?}"
    );

    // A condition by key, a pregnancy with its month, an allergy said aloud.
    let text = heard_text(&app.call(PATIENT, &["5", "2", "2", "1"]).await.0);
    assert!(text.contains("diabetes is saved"), "{text}");
    let text = heard_text(&app.call(PATIENT, &["5", "2", "2", "6", "7"]).await.0);
    assert!(text.contains("month 7 is saved"), "{text}");
    assert!(store.patient_summary(patient).await.unwrap().pregnant);
    let text = heard_text(&app.call(PATIENT, &["5", "2", "1", "penicillin"]).await.0);
    assert!(text.contains("penicillin is saved"), "{text}");

    // The record read out; its first item hidden from doctors by its number.
    let text = heard_text(&app.call(PATIENT, &["5", "3", "1"]).await.0);
    assert!(
        text.contains("Item 1: diabetes") && text.contains("Item 3: penicillin"),
        "{text}"
    );
    assert!(text.contains("Item 1 is now hidden"), "{text}");
    let summary = store.patient_summary(patient).await.unwrap();
    assert!(
        !summary.profile.iter().any(|(_, t)| t == "diabetes"),
        "{summary:?}"
    );
    assert!(summary.profile.iter().any(|(_, t)| t == "penicillin"));
    // A hidden pregnancy is hidden everywhere a doctor looks, "Pregnant." included.
    assert!(app.phone(PATIENT).sms("HIDE 2").await.unwrap()[0].contains("month 7"));
    assert!(!store.patient_summary(patient).await.unwrap().pregnant);
    app.phone(PATIENT).sms("SHOW 2").await.unwrap();
    assert!(store.patient_summary(patient).await.unwrap().pregnant);
    // Said aloud and filed; words that may be an emergency now point to 0.
    let text = heard_text(&app.call(PATIENT, &["5", "2", "2", "7", "asthma"]).await.0);
    assert!(
        text.contains("asthma is saved") && text.contains("press 0"),
        "{text}"
    );

    // After the prescription: reminders by SMS at morning and night.
    prescribe(&app, 3).await;
    let text = heard_text(&app.call(PATIENT, &["4", "1", "2", "14#"]).await.0);
    assert!(text.contains("Amoxicillin"), "{text}");
    assert!(text.contains("remind you at morning, night"), "{text}");
    assert_eq!(queued(&app, "dose:").await.len(), 6);
}
on_both_databases!(the_record_is_kept_by_keypad);

async fn reminders_are_sent_once_across_a_crashed_worker_and_two_nodes(db: Db) {
    let app = spawn_app_with(db, &[("DOORSTEP_REMINDER_DAILY_CAP", "100")]).await;
    let store = &app.state.store;
    prescribe(&app, 2).await;
    sms(&app, "REMIND 1234").await;
    let doses = queued(&app, "dose:").await;
    let (base, fake) = fake_twilio().await;
    let twilio = rest(&app, &base);
    let reminders = app.state.reminders();
    let first = doses[0].1;
    // A worker claims the first dose and dies before sending it.
    let claimed = store
        .claim_outbox_as(first, 1, doorstep::outbox::LEASE_SECONDS, "crashed")
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(
        drain(store, &twilio, &reminders, 10, first + 10)
            .await
            .unwrap()
            .sent,
        0
    );
    // After its lease the dose is sent, once.
    let after = first + doorstep::outbox::LEASE_SECONDS + 1;
    assert_eq!(
        drain(store, &twilio, &reminders, 10, after)
            .await
            .unwrap()
            .sent,
        1
    );
    assert_eq!(
        drain(store, &twilio, &reminders, 10, after)
            .await
            .unwrap()
            .sent,
        0
    );

    // Two nodes draining at once send every other dose once between them.
    let last = doses.last().unwrap().1;
    let (a, b) = tokio::join!(
        drain(store, &twilio, &reminders, 100, last),
        drain(store, &twilio, &reminders, 100, last)
    );
    assert_eq!(a.unwrap().sent + b.unwrap().sent, doses.len() - 1);
    assert_eq!(sent(&fake, "Messages.json").len(), doses.len());
    let statuses = queued(&app, "dose:").await;
    assert!(statuses.iter().all(|d| d.2 == "sent"), "{statuses:?}");
}
on_both_databases!(reminders_are_sent_once_across_a_crashed_worker_and_two_nodes);
