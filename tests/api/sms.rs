use doorstep::domain::PhoneNumber;
use doorstep::simulator::{parse, random_sid, Heard};
use doorstep::store::{NewPharmacy, NewStock};
use doorstep::text::segments;

use crate::helpers::{spawn_app, Db};
use crate::on_both_databases;

const SENDER: &str = "+919900011122";

async fn one(app: &crate::helpers::TestApp, text: &str) -> String {
    let replies = app.phone(SENDER).sms(text).await.unwrap();
    assert_eq!(replies.len(), 1, "{replies:?}");
    assert!(segments(&replies[0]) <= 2, "{}", replies[0]);
    replies[0].clone()
}

async fn help_comes_back_in_the_senders_script(db: Db) {
    let app = spawn_app(db).await;
    assert!(one(&app, "मदद").await.contains("डॉक्टर कॉल: DOCTOR"));
    // Commands in another script: help in that script.
    assert!(one(&app, "সাহায্য").await.contains("ডাক্তার: DOCTOR"));
    // The first message stored Hindi for this number; Latin text keeps it.
    assert!(one(&app, "help").await.contains("डॉक्टर कॉल: DOCTOR"));
}
on_both_databases!(help_comes_back_in_the_senders_script);

async fn lang_lists_and_sets_the_language(db: Db) {
    let app = spawn_app(db).await;
    let list = one(&app, "LANG").await;
    assert!(
        list.contains("1 हिन्दी") && list.contains("9 മലയാളം"),
        "{list}"
    );
    assert_eq!(one(&app, "lang 6").await, "இனி தமிழில் பதில் அளிப்போம்.");
    let stored = app
        .state
        .store
        .phone(&PhoneNumber::parse(SENDER).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.language.as_deref(), Some("ta"));
    assert!(one(&app, "status").await.contains("திறந்த கோரிக்கைகள் இல்லை"));
}
on_both_databases!(lang_lists_and_sets_the_language);

async fn doctor_requests_show_in_status(db: Db) {
    let app = spawn_app(db).await;
    let booked = one(&app, "DOCTOR").await;
    assert!(booked.contains("number 1001"), "{booked}");
    assert_eq!(one(&app, "STATUS").await, "Open requests: 1001");
}
on_both_databases!(doctor_requests_show_in_status);

async fn stop_silences_everything_until_start(db: Db) {
    let app = spawn_app(db).await;
    assert!(one(&app, "STOP").await.contains("no more SMS"));
    assert!(app.phone(SENDER).sms("DOCTOR").await.unwrap().is_empty());
    assert!(one(&app, "START").await.contains("on again"));
    assert!(!one(&app, "STATUS").await.contains("Open requests"));
}
on_both_databases!(stop_silences_everything_until_start);

async fn med_finds_unexpired_stock_in_a_pincode(db: Db) {
    let app = spawn_app(db).await;
    let store = &app.state.store;
    let phone = PhoneNumber::parse("+919800000101").unwrap();
    let id = store
        .upsert_pharmacy(&NewPharmacy {
            name: "Jan Aushadhi Kendra",
            phone: &phone,
            address: "Main Road",
            pincode: "110001",
            latitude: None,
            longitude: None,
            open_minute: 540,
            close_minute: 1260,
        })
        .await
        .unwrap();
    let stock = |expiry, quantity| NewStock {
        medicine: "Crocin",
        generic_name: "Paracetamol",
        manufacturer: "GSK",
        price_paise: 2550,
        quantity,
        expiry,
    };
    store
        .upsert_stock(id, &stock("2099-01-01", 10))
        .await
        .unwrap();
    let other = PhoneNumber::parse("+919800000102").unwrap();
    let expired_only = store
        .upsert_pharmacy(&NewPharmacy {
            name: "Old Stock",
            phone: &other,
            address: "",
            pincode: "110001",
            latitude: None,
            longitude: None,
            open_minute: 540,
            close_minute: 1260,
        })
        .await
        .unwrap();
    store
        .upsert_stock(expired_only, &stock("2001-01-01", 10))
        .await
        .unwrap();

    let found = one(&app, "MED paracetamol 110001").await;
    // No coordinates imported: the pharmacy stands at its pincode's centroid.
    assert_eq!(
        found,
        "paracetamol in 110001:\n1. Jan Aushadhi Kendra 0.0km Rs25.50 +919800000101\nTo order, reply ORDER number quantity, e.g. ORDER 1 10"
    );
    assert!(one(&app, "MED crocin 560001")
        .await
        .contains("No pharmacy near 560001"));
    assert!(one(&app, "MED crocin 999999")
        .await
        .contains("We do not know the pincode 999999"));
    assert!(one(&app, "MED crocin")
        .await
        .contains("MED medicine-name pincode"));
}
on_both_databases!(med_finds_unexpired_stock_in_a_pincode);

async fn a_retried_message_is_answered_once(db: Db) {
    let app = spawn_app(db).await;
    let sid = random_sid("SM");
    let params = [
        ("MessageSid", sid.as_str()),
        ("From", SENDER),
        ("To", "+911800000000"),
        ("Body", "DOCTOR"),
    ];
    let a = app
        .post_signed("/twilio/sms", &params)
        .await
        .text()
        .await
        .unwrap();
    let b = app
        .post_signed("/twilio/sms", &params)
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(a, b);
    let Heard::Message(text) = &parse(&a).unwrap()[0] else {
        panic!("{a}")
    };
    assert!(text.contains("1001"));
    let open = app
        .state
        .store
        .open_consultations(&PhoneNumber::parse(SENDER).unwrap())
        .await
        .unwrap();
    assert_eq!(open, vec![1001]);
}
on_both_databases!(a_retried_message_is_answered_once);

async fn odd_input_gets_a_clear_answer(db: Db) {
    let app = spawn_app(db).await;
    for text in [
        "",
        "🙂🙂🙂",
        &"x".repeat(1600),
        "<Response>&amp;</Response>",
        "\u{0}\u{1}bell\u{7}",
    ] {
        let replies = app.phone(SENDER).sms(text).await.unwrap();
        assert_eq!(replies.len(), 1, "{text:?}");
        assert!(replies[0].contains("DOCTOR"));
    }
    let no_sender = app
        .post_signed(
            "/twilio/sms",
            &[
                ("MessageSid", &random_sid("SM")),
                ("From", "VM-DSDOCS"),
                ("Body", "hi"),
            ],
        )
        .await;
    assert_eq!(no_sender.status(), 200);
    assert!(parse(&no_sender.text().await.unwrap()).unwrap().is_empty());
}
on_both_databases!(odd_input_gets_a_clear_answer);
