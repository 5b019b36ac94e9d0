//! Operator imports: doctors, pharmacies and inventory from CSV (`doorstep import …`).
//!
//! Every line is parsed and checked first; any error (reported with its line number) imports
//! nothing. Then all rows are written in one transaction, keyed by phone number, so importing
//! the same file again updates rather than duplicates.

use std::path::Path;

use crate::domain::{PhoneNumber, Pincode};
use crate::languages::Catalog;
use crate::store::{NewDoctor, NewPharmacy, NewStock, Store, StoreError};

/// What can be imported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Doctors,
    Pharmacies,
    Inventory,
}

/// Why an import was refused.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {0}: {1}")]
    Read(String, String),
    #[error("nothing imported; fix these lines:\n{}", .0.join("\n"))]
    Invalid(Vec<String>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

const DOCTOR_COLUMNS: [&str; 10] = [
    "name",
    "phone",
    "languages",
    "specializations",
    "license",
    "pincode",
    "latitude",
    "longitude",
    "start",
    "end",
];
const PHARMACY_COLUMNS: [&str; 8] = [
    "name",
    "phone",
    "address",
    "pincode",
    "latitude",
    "longitude",
    "open",
    "close",
];
const INVENTORY_COLUMNS: [&str; 7] = [
    "pharmacy_phone",
    "medicine",
    "generic_name",
    "manufacturer",
    "price_inr",
    "quantity",
    "expiry",
];

/// Reads and imports a file; returns how many rows were written.
pub async fn import(
    store: &Store,
    catalog: &Catalog,
    kind: Kind,
    path: &Path,
) -> Result<usize, ImportError> {
    let shown = path.display().to_string();
    let file =
        std::fs::File::open(path).map_err(|e| ImportError::Read(shown.clone(), e.to_string()))?;
    import_from(store, catalog, kind, &shown, file).await
}

/// Imports CSV read from `source` (an uploaded file); `name` names it in errors.
pub async fn import_from(
    store: &Store,
    catalog: &Catalog,
    kind: Kind,
    name: &str,
    source: impl std::io::Read,
) -> Result<usize, ImportError> {
    let columns: &[&str] = match kind {
        Kind::Doctors => &DOCTOR_COLUMNS,
        Kind::Pharmacies => &PHARMACY_COLUMNS,
        Kind::Inventory => &INVENTORY_COLUMNS,
    };
    let records = read(name, source, columns)?;
    let mut errors = vec![];
    // Rows are keyed by a phone number: the entity's own, or for stock its pharmacy's.
    let (column, field) = if kind == Kind::Inventory {
        (0, "pharmacy_phone")
    } else {
        (1, "phone")
    };
    let phones: Vec<Option<PhoneNumber>> = records
        .iter()
        .map(|(line, r)| {
            check(
                &mut errors,
                *line,
                field,
                PhoneNumber::parse(&r[column]).map_err(|e| e.to_string()),
            )
        })
        .collect();
    match kind {
        Kind::Doctors => {
            let rows: Vec<NewDoctor> = records
                .iter()
                .zip(&phones)
                .filter_map(|((line, r), phone)| {
                    doctor(&mut errors, catalog, *line, r, phone.as_ref())
                })
                .collect();
            finish(errors)?;
            Ok(store.import_doctors(&rows).await?)
        }
        Kind::Pharmacies => {
            let rows: Vec<NewPharmacy> = records
                .iter()
                .zip(&phones)
                .filter_map(|((line, r), phone)| pharmacy(&mut errors, *line, r, phone.as_ref()))
                .collect();
            finish(errors)?;
            Ok(store.import_pharmacies(&rows).await?)
        }
        Kind::Inventory => {
            let rows: Vec<(&PhoneNumber, NewStock)> = records
                .iter()
                .zip(&phones)
                .filter_map(|((line, r), phone)| {
                    let stock = stock(&mut errors, *line, r);
                    Some((phone.as_ref()?, stock?))
                })
                .collect();
            finish(errors)?;
            match store.import_stock(&rows).await? {
                Ok(n) => Ok(n),
                Err(i) => Err(ImportError::Invalid(vec![format!(
                    "line {}: no pharmacy with phone {} (import pharmacies first)",
                    records[i - 1].0,
                    rows[i - 1].0.as_str()
                )])),
            }
        }
    }
}

fn finish(errors: Vec<String>) -> Result<(), ImportError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ImportError::Invalid(errors))
    }
}

/// Records with their line numbers; the header must name the expected columns in order.
fn read(
    shown: &str,
    source: impl std::io::Read,
    columns: &[&str],
) -> Result<Vec<(usize, Vec<String>)>, ImportError> {
    let shown = shown.to_owned();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(source);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| ImportError::Read(shown.clone(), e.to_string()))?
        .iter()
        .map(|h| h.to_lowercase())
        .collect();
    if header != columns {
        return Err(ImportError::Invalid(vec![format!(
            "line 1: expected the columns {}",
            columns.join(",")
        )]));
    }
    let mut out = vec![];
    let mut errors = vec![];
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = r.position().map(|p| p.line() as usize).unwrap_or(0);
                out.push((line, r.iter().map(str::to_owned).collect()));
            }
            Err(e) => errors.push(format!(
                "line {}: {e}",
                e.position().map(|p| p.line()).unwrap_or(0)
            )),
        }
    }
    finish(errors)?;
    Ok(out)
}

fn check<T>(
    errors: &mut Vec<String>,
    line: usize,
    column: &str,
    value: Result<T, String>,
) -> Option<T> {
    value
        .map_err(|e| errors.push(format!("line {line}: {column}: {e}")))
        .ok()
}

/// Checks every column (so each bad one is reported), then builds the row.
fn doctor<'a>(
    errors: &mut Vec<String>,
    catalog: &Catalog,
    line: usize,
    r: &'a [String],
    phone: Option<&'a PhoneNumber>,
) -> Option<NewDoctor<'a>> {
    let languages: Vec<String> = list(&r[2]);
    let unknown: Vec<&String> = languages
        .iter()
        .filter(|l| catalog.parse(l).is_none())
        .collect();
    let langs_ok = check(
        errors,
        line,
        "languages",
        if unknown.is_empty() && !languages.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "use language codes such as hi;en (unknown: {unknown:?})"
            ))
        },
    );
    let license = check(errors, line, "license", non_empty(&r[4]));
    let pincode = check(errors, line, "pincode", optional_pincode(&r[5]));
    let (latitude, longitude) = (
        check(errors, line, "latitude", coordinate(&r[6], 6.0, 38.0)),
        check(errors, line, "longitude", coordinate(&r[7], 68.0, 98.0)),
    );
    let (start, end) = (
        check(errors, line, "start", minutes(&r[8])),
        check(errors, line, "end", minutes(&r[9])),
    );
    let name = check(errors, line, "name", non_empty(&r[0]));
    langs_ok?;
    Some(NewDoctor {
        name: name?,
        phone: phone?,
        languages,
        specializations: list(&r[3]),
        license: license?,
        pincode: pincode?,
        latitude: latitude?,
        longitude: longitude?,
        start_minute: start?,
        end_minute: end?,
    })
}

fn pharmacy<'a>(
    errors: &mut Vec<String>,
    line: usize,
    r: &'a [String],
    phone: Option<&'a PhoneNumber>,
) -> Option<NewPharmacy<'a>> {
    let pincode = check(
        errors,
        line,
        "pincode",
        Pincode::parse(&r[3])
            .map(|_| r[3].as_str())
            .map_err(|e| e.to_string()),
    );
    let (latitude, longitude) = (
        check(errors, line, "latitude", coordinate(&r[4], 6.0, 38.0)),
        check(errors, line, "longitude", coordinate(&r[5], 68.0, 98.0)),
    );
    let (open, close) = (
        check(errors, line, "open", minutes(&r[6])),
        check(errors, line, "close", minutes(&r[7])),
    );
    let name = check(errors, line, "name", non_empty(&r[0]));
    Some(NewPharmacy {
        name: name?,
        phone: phone?,
        address: &r[2],
        pincode: pincode?,
        latitude: latitude?,
        longitude: longitude?,
        open_minute: open?,
        close_minute: close?,
    })
}

fn stock<'a>(errors: &mut Vec<String>, line: usize, r: &'a [String]) -> Option<NewStock<'a>> {
    let price = check(errors, line, "price_inr", paise(&r[4]));
    let quantity = check(
        errors,
        line,
        "quantity",
        r[5].parse::<i64>()
            .ok()
            .filter(|q| *q >= 0)
            .ok_or_else(|| "a whole number, 0 or more".to_owned()),
    );
    let expiry = check(errors, line, "expiry", date(&r[6]));
    let medicine = check(errors, line, "medicine", non_empty(&r[1]));
    Some(NewStock {
        medicine: medicine?,
        generic_name: &r[2],
        manufacturer: &r[3],
        price_paise: price?,
        quantity: quantity?,
        expiry: expiry?,
    })
}

fn list(raw: &str) -> Vec<String> {
    raw.split(';')
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

fn non_empty(raw: &str) -> Result<&str, String> {
    if raw.is_empty() {
        Err("is empty".into())
    } else {
        Ok(raw)
    }
}

fn optional_pincode(raw: &str) -> Result<Option<&str>, String> {
    if raw.is_empty() {
        return Ok(None);
    }
    Pincode::parse(raw)
        .map(|_| Some(raw))
        .map_err(|e| e.to_string())
}

/// Empty, or a number within India's bounding box.
fn coordinate(raw: &str, lo: f64, hi: f64) -> Result<Option<f64>, String> {
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<f64>() {
        Ok(v) if (lo..=hi).contains(&v) => Ok(Some(v)),
        _ => Err(format!("a number between {lo} and {hi} (India)")),
    }
}

/// `HH:MM` → minutes after midnight.
fn minutes(raw: &str) -> Result<i64, String> {
    let bad = || format!("'{raw}' is not a time as HH:MM");
    let (h, m) = raw.split_once(':').ok_or_else(bad)?;
    let (h, m): (i64, i64) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if (0..=24).contains(&h) && (0..60).contains(&m) && h * 60 + m <= 1440 {
        Ok(h * 60 + m)
    } else {
        Err(bad())
    }
}

/// Rupees with up to two decimals → paise.
pub fn paise(raw: &str) -> Result<i64, String> {
    let bad = || format!("'{raw}' is not a price in rupees");
    let (rupees, frac) = raw.split_once('.').unwrap_or((raw, ""));
    if frac.len() > 2 || rupees.is_empty() {
        return Err(bad());
    }
    let r: i64 = rupees.parse().map_err(|_| bad())?;
    let f: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}").parse().map_err(|_| bad())?
    };
    if r < 0 {
        return Err(bad());
    }
    Ok(r * 100 + f)
}

/// `YYYY-MM-DD` (kept as text: it sorts and compares the same on both databases).
pub fn date(raw: &str) -> Result<&str, String> {
    let parts: Vec<&str> = raw.split('-').collect();
    let ok = parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        && (1..=12).contains(&parts[1].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&parts[2].parse::<u32>().unwrap_or(0));
    if ok {
        Ok(raw)
    } else {
        Err(format!("'{raw}' is not a date as YYYY-MM-DD"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_parse_or_say_why() {
        assert_eq!(minutes("09:30"), Ok(570));
        assert!(minutes("9.30").is_err() && minutes("25:00").is_err());
        assert_eq!(paise("25.5"), Ok(2550));
        assert_eq!(paise("12"), Ok(1200));
        assert!(paise("1.234").is_err() && paise("-3").is_err());
        assert_eq!(date("2027-01-31"), Ok("2027-01-31"));
        assert!(date("31/01/2027").is_err());
        assert_eq!(coordinate("", 6.0, 38.0), Ok(None));
        assert!(coordinate("51.5", 6.0, 38.0).is_err());
    }
}
