//! Integration tests: the real service on port 0 with a fresh database, spoken to over HTTP
//! exactly as Twilio does (signed form posts, following `action` URLs).

mod browser;
mod care;
mod console;
#[cfg(feature = "embedded-llm")]
mod embedded;
mod helpers;
mod import;
#[cfg(feature = "speech")]
mod media;
mod outbox;
mod pharmacy;
mod plivo;
mod record;
mod reliability;
mod signature_crosscheck;
mod sms;
#[cfg(feature = "speech")]
mod speech;
mod triage;
mod voice;
