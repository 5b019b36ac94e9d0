//! Medicine search and orders under contention, and missed-call callbacks.

use doorstep::domain::{now_unix, PhoneNumber};
use sqlx::Row;

use crate::care::{add_pharmacy, PHARMACY};
use crate::helpers::{spawn_app, spawn_app_with, Db};
use crate::{on_both_databases, on_every_carrier};

async fn concurrent_orders_never_oversell(db: Db) {
    let app = spawn_app(db).await;
    add_pharmacy(&app, 5).await;
    let senders: Vec<String> = (0..10).map(|i| format!("+91981110{i:04}")).collect();
    for s in &senders {
        let found = app.phone(s).sms("MED paracetamol 110001").await.unwrap();
        assert!(found[0].contains("Jan Aushadhi Kendra"), "{found:?}");
    }
    let mut tasks = tokio::task::JoinSet::new();
    for s in &senders {
        let phone = app.phone(s);
        tasks.spawn(async move { phone.sms("ORDER 1 1").await.unwrap().join("\n") });
    }
    let mut placed = 0;
    let mut refused = 0;
    while let Some(reply) = tasks.join_next().await {
        let reply = reply.unwrap();
        if reply.contains("We will tell you when the pharmacy confirms") {
            placed += 1;
        } else {
            assert!(
                reply.contains("does not have 1 of Paracetamol 500 now"),
                "{reply}"
            );
            refused += 1;
        }
    }
    assert_eq!((placed, refused), (5, 5));
    let left: i64 = sqlx::query("SELECT quantity FROM inventory")
        .fetch_one(app.state.store.pool())
        .await
        .unwrap()
        .get(0);
    assert_eq!(left, 0);
}
on_both_databases!(concurrent_orders_never_oversell);

async fn a_cancelled_order_returns_its_stock_and_others_cannot_touch_it(db: Db) {
    let app = spawn_app(db).await;
    add_pharmacy(&app, 3).await;
    let patient = "+919811100077";
    app.phone(patient)
        .sms("MED paracetamol 110001")
        .await
        .unwrap();
    assert!(app.phone(patient).sms("ORDER 1 3").await.unwrap()[0].contains("Order 5001"));
    assert!(app.phone(patient).sms("ORDER 1 1").await.unwrap()[0].contains("does not have 1"));
    assert!(app.phone(patient).sms("ORDER 7 1").await.unwrap()[0].contains("first send MED"));
    // Another pharmacy cannot move this order; the patient cannot either.
    let other = PhoneNumber::parse("+919000000952").unwrap();
    app.state
        .store
        .upsert_pharmacy(&doorstep::store::NewPharmacy {
            name: "Other",
            phone: &other,
            address: "",
            pincode: "110001",
            latitude: None,
            longitude: None,
            open_minute: 0,
            close_minute: 1440,
        })
        .await
        .unwrap();
    let refused = app.phone(other.as_str()).sms("CANCEL 5001").await.unwrap();
    assert_eq!(refused[0], "No order 5001 at your pharmacy.");
    let cancelled = app.phone(PHARMACY).sms("CANCEL 5001").await.unwrap();
    assert!(cancelled[0].contains("now cancelled"), "{cancelled:?}");
    let again = app.phone(PHARMACY).sms("CANCEL 5001").await.unwrap();
    assert!(
        again[0].contains("is cancelled; that step does not apply"),
        "{again:?}"
    );
    let left: i64 = sqlx::query("SELECT quantity FROM inventory")
        .fetch_one(app.state.store.pool())
        .await
        .unwrap()
        .get(0);
    assert_eq!(left, 3, "the stock came back once");
    assert!(app.phone(PHARMACY).sms("hello").await.unwrap()[0].contains("Pharmacy commands"));
}
on_both_databases!(a_cancelled_order_returns_its_stock_and_others_cannot_touch_it);

async fn search_widens_to_25_km_when_nothing_is_near(db: Db) {
    let app = spawn_app(db).await;
    add_pharmacy(&app, 5).await;
    // 122001 (Gurugram) is about 25 km from 110001's centroid... choose a pincode whose
    // centroid is 5-25 km away, found from the directory itself.
    let store = &app.state.store;
    let here = store.pincode_location("110001").await.unwrap().unwrap();
    let mut far = None;
    for pin in ["110020", "110017", "110045", "110085", "110092", "110075"] {
        if let Some(p) = store.pincode_location(pin).await.unwrap() {
            let d = here.distance_m(p);
            if (6_000.0..24_000.0).contains(&d) {
                far = Some((pin, d));
                break;
            }
        }
    }
    let (pin, d) = far.expect("a Delhi pincode 6-24 km from 110001");
    let reply = app
        .phone("+919811100088")
        .sms(&format!("MED paracetamol {pin}"))
        .await
        .unwrap();
    let km = format!("{:.1}km", d / 1000.0);
    assert!(reply[0].contains(&km), "{reply:?} {km}");
    // Nothing within 25 km of Chennai.
    let none = app
        .phone("+919811100088")
        .sms("MED paracetamol 600001")
        .await
        .unwrap();
    assert!(none[0].contains("No pharmacy near 600001"), "{none:?}");
}
on_both_databases!(search_widens_to_25_km_when_nothing_is_near);

async fn a_missed_call_is_rejected_and_called_back_once(db: Db) {
    let missed = "+911800000099";
    let app = spawn_app_with(
        db,
        &[
            ("DOORSTEP_MISSED_CALL_NUMBER", missed),
            ("DOORSTEP_CALLBACK_DELAY_SECS", "90"),
            ("DOORSTEP_QUIET_HOURS", "00:00-00:00"),
        ],
    )
    .await;
    let caller = "+919811100099";
    for _ in 0..2 {
        let sid = app.new_call_id();
        let xml = app
            .post_signed(
                "/twilio/voice",
                &[("CallSid", sid.as_str()), ("From", caller), ("To", missed)],
            )
            .await
            .text()
            .await
            .unwrap();
        // Refused before it is answered, so the call costs the caller nothing.
        let refused = match app.carrier {
            doorstep::simulator::Carrier::Twilio => "<Reject reason=\"busy\"/>",
            doorstep::simulator::Carrier::Plivo => "<Hangup reason=\"busy\"/>",
        };
        assert!(xml.contains(refused), "{xml}");
    }
    let rows = sqlx::query("SELECT kind, to_phone, body, next_attempt_at FROM outbox")
        .fetch_all(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(rows.len(), 1, "rate-limited to one callback");
    let (kind, to, url, at): (String, String, String, i64) = (
        rows[0].get(0),
        rows[0].get(1),
        rows[0].get(2),
        rows[0].get(3),
    );
    assert_eq!((kind.as_str(), to.as_str()), ("call", caller));
    assert!(
        (80..=100).contains(&(at - now_unix())),
        "{}",
        at - now_unix()
    );
    // The callback: we call them, so Twilio's From is our number and To is theirs.
    let sid = app.new_call_id();
    let url = app.placed_url(&url);
    let path = url.strip_prefix(&app.base).unwrap();
    let xml = app
        .post_signed(
            path,
            &[
                ("CallSid", sid.as_str()),
                ("From", crate::helpers::OUR_NUMBER),
                ("To", caller),
                ("Direction", "outbound-api"),
            ],
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(xml.contains("For English, press 2."), "{xml}");
}
on_every_carrier!(a_missed_call_is_rejected_and_called_back_once);

async fn hanging_up_before_the_menu_gets_a_callback(db: Db) {
    let app = spawn_app(db).await;
    let caller = "+919811100098";
    let sid = app.new_call_id();
    let call = [
        ("CallSid", sid.as_str()),
        ("From", caller),
        ("To", crate::helpers::OUR_NUMBER),
    ];
    app.post_signed("/twilio/voice", &call).await;
    let mut status = call.to_vec();
    status.extend([
        ("CallStatus", "completed"),
        ("Direction", "inbound"),
        ("CallDuration", "4"),
    ]);
    app.post_signed("/twilio/voice/status", &status).await;
    let calls: i64 =
        sqlx::query("SELECT COUNT(*) FROM outbox WHERE kind = 'call' AND to_phone = $1")
            .bind(caller)
            .fetch_one(app.state.store.pool())
            .await
            .unwrap()
            .get(0);
    // The default quiet hours may move it to the morning; either way exactly one is queued.
    assert_eq!(calls, 1);
    // A caller who pressed a key did reach the menu: no callback.
    let (_, _) = app.call("+919811100097", &["2"]).await;
    let calls: i64 =
        sqlx::query("SELECT COUNT(*) FROM outbox WHERE kind = 'call' AND to_phone = $1")
            .bind("+919811100097")
            .fetch_one(app.state.store.pool())
            .await
            .unwrap()
            .get(0);
    assert_eq!(calls, 0);
}
on_every_carrier!(hanging_up_before_the_menu_gets_a_callback);
