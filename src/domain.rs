//! Validated identifiers built once at the edge (phone numbers, Twilio SIDs, pincodes).
//!
//! Inner code never handles these as raw strings: if a value exists, it was parsed.
//! This module must not know about HTTP, SQL or Twilio's field names.

use std::fmt;

/// Why an identifier was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseError {
    #[error("not an E.164 phone number (expected + then 8 to 15 digits)")]
    Phone,
    #[error("not a Twilio {0} SID")]
    Sid(&'static str),
    #[error("not a 6-digit Indian pincode")]
    Pincode,
}

/// A phone number in E.164 form (`+` then 8–15 digits). Its `Display` masks it for logs.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Accepts E.164, tolerating spaces, dashes and a `00` international prefix.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let cleaned: String = raw
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
            .collect();
        let digits = if let Some(rest) = cleaned.strip_prefix('+') {
            rest
        } else if let Some(rest) = cleaned.strip_prefix("00") {
            rest
        } else {
            return Err(ParseError::Phone);
        };
        let ok = (8..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        if ok {
            Ok(Self(format!("+{digits}")))
        } else {
            Err(ParseError::Phone)
        }
    }

    /// A short service number such as the emergency line `108`, which is dialled as-is.
    pub fn parse_dialable(raw: &str) -> Result<Self, ParseError> {
        let raw = raw.trim();
        if (3..=6).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(Self(raw.to_owned()));
        }
        Self::parse(raw)
    }

    /// The full number, for storage and for Twilio; never for logs.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PhoneNumber {
    /// Masked: `+91******3210`, so logs identify a caller to an operator without exposing them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&mask(&self.0, 3, 4))
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhoneNumber({self})")
    }
}

/// Keeps `head` and `tail` characters and stars the rest.
pub fn mask(s: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= head + tail {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..head].iter().collect();
    out.push_str(&"*".repeat(chars.len() - head - tail));
    out.extend(&chars[chars.len() - tail..]);
    out
}

/// Free text from a caller or a message, shown in logs only as its length.
pub struct Redacted<'a>(pub &'a str);

impl fmt::Display for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} chars>", self.0.chars().count())
    }
}

macro_rules! sid {
    ($name:ident, $prefix:literal, $what:literal) => {
        #[doc = concat!("A Twilio ", $what, " SID: `", $prefix, "` and 32 hex digits.")]
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            /// Parses a SID as Twilio sends it.
            pub fn parse(raw: &str) -> Result<Self, ParseError> {
                let ok = raw.len() == 34
                    && raw.is_ascii()
                    && raw.starts_with($prefix)
                    && raw[2..].bytes().all(|b| b.is_ascii_hexdigit());
                if ok {
                    Ok(Self(raw.to_owned()))
                } else {
                    Err(ParseError::Sid($what))
                }
            }

            /// The SID as Twilio knows it.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

sid!(MessageSid, "SM", "message");

/// A call, whichever carrier carries it: Twilio's CallSid (`CA` and 32 hex digits) or
/// Plivo's CallUUID (a UUID, kept lower-case). The engine keys everything about a call by it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CallId(String);

impl CallId {
    /// Parses a call id as a carrier sends it.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let twilio = raw.len() == 34
            && raw.is_ascii()
            && raw.starts_with("CA")
            && raw[2..].bytes().all(|b| b.is_ascii_hexdigit());
        // Exotel's call ids are 32 hex digits.
        let exotel = raw.len() == 32 && raw.bytes().all(|b| b.is_ascii_hexdigit());
        if twilio {
            Ok(Self(raw.to_owned()))
        } else if exotel || is_uuid(raw) {
            Ok(Self(raw.to_ascii_lowercase()))
        } else {
            Err(ParseError::Sid("call"))
        }
    }

    /// Parses an Exotel call id (32 hex digits), where only Exotel's calls may come: another
    /// carrier's id there is refused, so Exotel's applets cannot touch other calls' steps.
    pub fn parse_exotel(raw: &str) -> Result<Self, ParseError> {
        if raw.len() == 32 && raw.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(Self(raw.to_ascii_lowercase()))
        } else {
            Err(ParseError::Sid("Exotel call"))
        }
    }

    /// The id as its carrier knows it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CallId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How a dial (to the emergency number, a doctor or a patient) ended, in every carrier's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialOutcome {
    /// Answered and talked, then hung up.
    Completed,
    /// Rang out unanswered.
    NoAnswer,
    Busy,
    /// Could not be placed (a bad number, a network fault).
    Failed,
    /// The caller hung up while it rang.
    Canceled,
}

impl DialOutcome {
    /// Twilio's `DialCallStatus` or Plivo's `DialStatus`.
    pub fn parse(raw: &str) -> Option<Self> {
        Some(match raw {
            "completed" | "answered" | "in-progress" => Self::Completed,
            "no-answer" | "timeout" => Self::NoAnswer,
            "busy" => Self::Busy,
            "failed" => Self::Failed,
            "canceled" | "cancel" => Self::Canceled,
            _ => return None,
        })
    }
}

impl MessageSid {
    /// Any carrier's message id: Twilio's `SM…` (and `MM…` for multimedia messages), or
    /// Plivo's MessageUUID (a UUID, kept lower-case).
    pub fn parse_any(raw: &str) -> Result<Self, ParseError> {
        match raw.get(..2) {
            Some("MM") => Self::parse(&format!("SM{}", &raw[2..])).map(|_| Self(raw.to_owned())),
            _ if is_uuid(raw) => Ok(Self(raw.to_ascii_lowercase())),
            _ => Self::parse(raw),
        }
    }
}

/// `8-4-4-4-12` hex digits.
fn is_uuid(raw: &str) -> bool {
    let groups: Vec<&str> = raw.split('-').collect();
    groups.len() == 5
        && groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A six-digit Indian postal code; the first digit is never 0.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Pincode(String);

impl Pincode {
    /// Parses `110001` or `110 001`.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        let ok = digits.len() == 6
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        if ok {
            Ok(Self(digits))
        } else {
            Err(ParseError::Pincode)
        }
    }

    /// The six digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Seconds since the Unix epoch: the one clock representation stored in the database.
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// India Standard Time's offset from UTC, in seconds (no daylight saving).
pub const IST_OFFSET_SECS: i64 = 19_800;

/// Minutes after midnight in India at a Unix time.
pub fn minute_in_india(unix: i64) -> i64 {
    (unix + IST_OFFSET_SECS).rem_euclid(86_400) / 60
}

/// The Unix time of the last midnight in India at or before `unix`.
pub fn india_day_start(unix: i64) -> i64 {
    (unix + IST_OFFSET_SECS).div_euclid(86_400) * 86_400 - IST_OFFSET_SECS
}

/// Today's date in India (UTC+05:30) as `YYYY-MM-DD`, the form expiry dates are stored in.
pub fn today_in_india() -> String {
    let days = (now_unix() + 19_800).div_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A date in India as a feature-phone SMS shows it: `24/11`.
pub fn india_date(unix: i64) -> String {
    let (_, m, d) = civil_from_days((unix + IST_OFFSET_SECS).div_euclid(86_400));
    format!("{d:02}/{m:02}")
}

/// A time in India as the console shows it: `2026-11-24 09:05`.
pub fn india_datetime(unix: i64) -> String {
    let (y, m, d) = civil_from_days((unix + IST_OFFSET_SECS).div_euclid(86_400));
    let minute = minute_in_india(unix);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", minute / 60, minute % 60)
}

/// An India day number (days since 1970-01-01 in India) as `24/11`.
pub fn india_day_label(day: i64) -> String {
    let (_, m, d) = civil_from_days(day);
    format!("{d:02}/{m:02}")
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A telephony carrier we answer and send through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Carrier {
    Twilio,
    Plivo,
}

impl Carrier {
    /// `twilio` or `plivo`, as configuration and URLs name them.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "twilio" => Some(Self::Twilio),
            "plivo" => Some(Self::Plivo),
            _ => None,
        }
    }

    /// The carrier's name in configuration, URLs and logs.
    pub fn name(self) -> &'static str {
        match self {
            Self::Twilio => "twilio",
            Self::Plivo => "plivo",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn phone_numbers_are_normalised_to_e164() {
        assert_eq!(
            PhoneNumber::parse("+91 98765-43210").unwrap().as_str(),
            "+919876543210"
        );
        assert_eq!(
            PhoneNumber::parse("0091 9876543210").unwrap().as_str(),
            "+919876543210"
        );
        assert!(PhoneNumber::parse("9876543210").is_err());
        assert!(PhoneNumber::parse("+91abc").is_err());
        assert!(PhoneNumber::parse("+0123456789").is_err());
    }

    #[test]
    fn phone_numbers_are_masked_when_displayed() {
        let p = PhoneNumber::parse("+919876543210").unwrap();
        assert_eq!(p.to_string(), "+91******3210");
        assert!(!format!("{p:?}").contains("98765"));
    }

    #[test]
    fn emergency_short_codes_are_dialable() {
        assert_eq!(PhoneNumber::parse_dialable("108").unwrap().as_str(), "108");
        assert!(PhoneNumber::parse_dialable("10").is_err());
    }

    #[test]
    fn sids_need_their_prefix_and_32_hex_digits() {
        assert!(CallId::parse("CA0123456789abcdef0123456789abcdef").is_ok());
        assert!(CallId::parse("SM0123456789abcdef0123456789abcdef").is_err());
        assert!(CallId::parse("CA0123").is_err());
        let plivo = CallId::parse("3A4B5C6D-1111-2222-3333-444455556666").unwrap();
        assert_eq!(plivo.as_str(), "3a4b5c6d-1111-2222-3333-444455556666");
        assert!(MessageSid::parse_any("MM0123456789abcdef0123456789abcdef").is_ok());
        assert!(MessageSid::parse("SMzz23456789abcdef0123456789abcdef").is_err());
    }

    #[test]
    fn civil_dates_are_right_at_known_points() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(20_416), (2025, 11, 24));
    }

    #[test]
    fn pincodes_are_six_digits_not_starting_with_zero() {
        assert_eq!(Pincode::parse("110 001").unwrap().as_str(), "110001");
        assert!(Pincode::parse("011001").is_err());
        assert!(Pincode::parse("11000").is_err());
    }

    proptest! {
        #[test]
        fn parsers_never_panic(s in ".*") {
            let _ = PhoneNumber::parse(&s);
            let _ = CallId::parse(&s);
            let _ = MessageSid::parse_any(&s);
            let _ = Pincode::parse(&s);
            let _ = mask(&s, 3, 4);
        }

        #[test]
        fn a_parsed_phone_number_parses_again_to_itself(d in "[1-9][0-9]{7,14}") {
            let p = PhoneNumber::parse(&format!("+{d}")).unwrap();
            prop_assert_eq!(PhoneNumber::parse(p.as_str()).unwrap(), p);
        }
    }
}
