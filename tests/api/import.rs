//! Operator imports from CSV: idempotent, all or nothing, errors by line.

use std::path::Path;

use doorstep::domain::PhoneNumber;
use doorstep::import::{import, ImportError, Kind};

use crate::helpers::{spawn_app, Db};
use crate::on_both_databases;

fn demo(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("demo")
        .join(name)
}

async fn the_demo_roster_imports_twice_without_duplicates_and_is_searchable(db: Db) {
    let app = spawn_app(db).await;
    let (store, catalog) = (&app.state.store, &app.state.catalog);
    for _ in 0..2 {
        assert_eq!(
            import(store, catalog, Kind::Doctors, &demo("doctors.csv"))
                .await
                .unwrap(),
            3
        );
        assert_eq!(
            import(store, catalog, Kind::Pharmacies, &demo("pharmacies.csv"))
                .await
                .unwrap(),
            2
        );
        assert_eq!(
            import(store, catalog, Kind::Inventory, &demo("inventory.csv"))
                .await
                .unwrap(),
            3
        );
    }
    let doctors = store.doctors().await.unwrap();
    assert_eq!(doctors.len(), 3);
    assert_eq!(doctors[0].2, "hi;en");
    assert_eq!((doctors[0].3, doctors[0].4), (480, 1200));
    let here = store
        .pincode_location("110001")
        .await
        .unwrap()
        .expect("the pincode directory is loaded at start");
    let offers = store
        .nearest_stock("paracetamol", here, 5_000.0, "2026-01-01", 3)
        .await
        .unwrap();
    assert_eq!(
        offers.len(),
        2,
        "brand and generic name both match, one line per pharmacy"
    );
    let reply = app
        .phone("+919811100077")
        .sms("MED paracetamol 110001")
        .await
        .unwrap();
    assert!(
        reply[0].contains("Jan Aushadhi Kendra (demo) 1.0km Rs12.50"),
        "{reply:?}"
    );
}
on_both_databases!(the_demo_roster_imports_twice_without_duplicates_and_is_searchable);

async fn a_bad_file_names_every_bad_line_and_imports_nothing(db: Db) {
    let app = spawn_app(db).await;
    let (store, catalog) = (&app.state.store, &app.state.catalog);
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("doctors.csv");
    std::fs::write(
        &bad,
        "name,phone,languages,specializations,license,pincode,latitude,longitude,start,end\n\
         Dr Good,+919000000301,hi,general,L1,110001,28.6,77.2,09:00,17:00\n\
         Dr Bad,98765,xx,general,,1100,91.0,77.2,9am,17:00\n",
    )
    .unwrap();
    let Err(ImportError::Invalid(errors)) = import(store, catalog, Kind::Doctors, &bad).await
    else {
        panic!("must fail")
    };
    let text = errors.join("\n");
    for needle in [
        "line 3: phone",
        "line 3: languages",
        "line 3: license",
        "line 3: pincode",
        "line 3: latitude",
        "line 3: start",
    ] {
        assert!(text.contains(needle), "{needle} missing in:\n{text}");
    }
    assert!(store.doctors().await.unwrap().is_empty(), "all or nothing");

    let orphan = dir.path().join("inventory.csv");
    std::fs::write(&orphan, "pharmacy_phone,medicine,generic_name,manufacturer,price_inr,quantity,expiry\n+919000000999,X,Y,Z,1,1,2030-01-01\n").unwrap();
    let err = import(store, catalog, Kind::Inventory, &orphan)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("line 2: no pharmacy with phone +919000000999"),
        "{err}"
    );
    let header = dir.path().join("pharmacies.csv");
    std::fs::write(&header, "name,phone\nX,+919000000998\n").unwrap();
    assert!(import(store, catalog, Kind::Pharmacies, &header)
        .await
        .unwrap_err()
        .to_string()
        .contains("expected the columns"));
    assert!(PhoneNumber::parse("+919000000998").is_ok());
}
on_both_databases!(a_bad_file_names_every_bad_line_and_imports_nothing);
