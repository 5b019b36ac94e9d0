//! Nearest-pharmacy search: `Pharmacy::search` (pincode → centroid → bounding box → haversine,
//! 5 km widening to 25 km) over 10,000 pharmacies and 200,000 inventory rows on SQLite.
//! `cargo bench --bench pharmacy_search`; `cargo test` runs a small smoke pass only.
//! Needs the pincode directory (`doorstep models fetch`).

use std::path::Path;
use std::time::{Duration, Instant};

use doorstep::domain::PhoneNumber;
use doorstep::languages::Catalog;
use doorstep::pharmacy::{Pharmacy, Search};
use doorstep::store::{NewPharmacy, NewStock, Store};
use rand::{Rng, SeedableRng};
use sqlx::Row;

const MEDICINES: usize = 200;

#[tokio::main]
async fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (pharmacies, lines_each, queries) = if full {
        (10_000, 20, 2_000)
    } else {
        (200, 20, 50)
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let directory = root.join("models").join(doorstep::app::PINCODE_DIRECTORY);
    if !directory.is_file() {
        eprintln!("pincode directory missing: run `cargo run -- models fetch` first");
        std::process::exit(2);
    }
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!(
        "sqlite://{}",
        dir.path().join("bench.db").display()
    ))
    .await
    .unwrap();
    store.load_pincodes(&directory).await.unwrap();
    let pins: Vec<(String, f64, f64)> =
        sqlx::query("SELECT pincode, latitude, longitude FROM pincodes")
            .fetch_all(store.pool())
            .await
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect();
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);

    let started = Instant::now();
    let phones: Vec<PhoneNumber> = (0..pharmacies)
        .map(|i| PhoneNumber::parse(&format!("+9170{i:08}")).unwrap())
        .collect();
    let names: Vec<String> = (0..pharmacies).map(|i| format!("Pharmacy {i}")).collect();
    let places: Vec<(String, f64, f64)> = (0..pharmacies)
        .map(|_| {
            let (pin, lat, lon) = &pins[rng.gen_range(0..pins.len())];
            // Within about 2 km of the pincode's centroid.
            (
                pin.clone(),
                lat + rng.gen_range(-0.02..0.02),
                lon + rng.gen_range(-0.02..0.02),
            )
        })
        .collect();
    let rows: Vec<NewPharmacy> = (0..pharmacies)
        .map(|i| NewPharmacy {
            name: &names[i],
            phone: &phones[i],
            address: "",
            pincode: &places[i].0,
            latitude: Some(places[i].1),
            longitude: Some(places[i].2),
            open_minute: 540,
            close_minute: 1260,
        })
        .collect();
    store.import_pharmacies(&rows).await.unwrap();
    let medicines: Vec<(String, String)> = (0..MEDICINES)
        .map(|m| (format!("Brand{m} 500"), format!("generic{}", m % 80)))
        .collect();
    let mut stock = Vec::with_capacity(pharmacies * lines_each);
    for phone in &phones {
        for m in rand::seq::index::sample(&mut rng, MEDICINES, lines_each) {
            let (brand, generic) = &medicines[m];
            let expiry = if rng.gen_bool(0.1) {
                "2020-01-01"
            } else {
                "2099-01-01"
            };
            stock.push((
                phone,
                NewStock {
                    medicine: brand,
                    generic_name: generic,
                    manufacturer: "Bench",
                    price_paise: rng.gen_range(500..50_000),
                    quantity: rng.gen_range(0..100),
                    expiry,
                },
            ));
        }
    }
    store.import_stock(&stock).await.unwrap().unwrap();
    let count: i64 = sqlx::query("SELECT COUNT(*) FROM inventory")
        .fetch_one(store.pool())
        .await
        .unwrap()
        .get(0);
    println!(
        "pharmacy search: {pharmacies} pharmacies, {count} inventory rows, {} pincodes (built in {:.1?})",
        pins.len(),
        started.elapsed()
    );

    let catalog = Catalog::load(&root.join("languages")).unwrap();
    let pharmacy = Pharmacy {
        store: &store,
        catalog: &catalog,
    };
    // Searches start at pincodes that have pharmacies (where people ask), for a brand or a
    // generic name.
    let mut samples: Vec<Duration> = Vec::with_capacity(queries);
    let mut found = 0;
    for _ in 0..queries {
        let pin = &places[rng.gen_range(0..places.len())].0;
        let (brand, generic) = &medicines[rng.gen_range(0..MEDICINES)];
        let name = if rng.gen_bool(0.5) {
            brand.clone()
        } else {
            generic.clone()
        };
        let t = Instant::now();
        let result = pharmacy.search(&name, pin).await.unwrap();
        samples.push(t.elapsed());
        if matches!(result, Search::Found { .. }) {
            found += 1;
        }
    }
    samples.sort();
    let pct = |q: f64| samples[((samples.len() - 1) as f64 * q) as usize];
    println!(
        "  {queries} searches ({found} found something): p50 {:?}, p99 {:?}, max {:?}",
        pct(0.5),
        pct(0.99),
        samples.last().unwrap()
    );
    store.close().await;
}
