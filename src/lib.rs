//! DoorStepDoctor: health access by phone call and SMS for rural India.
//!
//! # Layout
//!
//! A request travels through these modules, from the edge inwards:
//!
//! - [`app`]: the running service: shared state and the domain services built from it (the
//!   engine, SMS, care, pharmacy, reminders: edges take them from `AppState`, never build
//!   one), the URL table, start-up, and shutdown on one signal (requests, then every
//!   background task, then the store's own).
//! - [`telephony`]: the carrier edges, thin: each checks its carrier's signature, parses its
//!   fields into the engine's typed [`ivr::Input`], and renders the engine's steps as its XML.
//!   Twilio's (`twilio.rs`, TwiML through [`twiml`]) and Plivo's (`plivo/`: voice XML, SMS,
//!   REST) sit on two shared policies: `voice.rs` (the call's position stored per turn, the
//!   webhook budget and the answer without storage, replays, the hold loop while a recording
//!   is transcribed, Piper or the carrier's speech, hang-ups and early-hang-up callbacks) and
//!   `inbound_sms.rs`. `lines.rs` knows which carrier owns which of our numbers and sends
//!   through each REST client (`Outbound`).
//! - [`media`]: real-time conversation over carriers' media streams (WebSockets): each
//!   carrier's messages, an ear per stream (VAD, streaming Vosk, Smart Turn), the same engine
//!   turn by turn with speech sent as frames, barge-in, and a hand-off stored as the answer
//!   of the carrier's next webhook.
//! - [`twiml`]: a typed TwiML builder over quick-xml.
//! - [`ivr`]: the dialogue engine: a [`ivr::CallEvent`] (who, a typed input, the call's
//!   stored position) in, carrier-neutral [`ivr::Action`]s out; every state in the database
//!   against a carrier-neutral [`domain::CallId`], including the keypad danger-sign interview
//!   (`ivr/interview.rs`).
//! - [`sms`]: SMS commands in every language, and replies sized to two segments; the
//!   patient's own record by SMS (`sms/record.rs`: readings, profile, privacy, household,
//!   reminders).
//! - [`triage`]: clinical protocols (`languages/protocols/`) over concepts found in any words
//!   (per-language lexicons, then clause embeddings), the danger-sign questions to ask, then
//!   safe LLM guidance.
//! - [`care`]: doctors: who takes a consultation, the whisper, the queue, doctors' SMS.
//! - [`pharmacy`]: nearest pharmacies with a medicine, orders, pharmacists' SMS.
//! - [`console`]: the web console for staff on a phone's browser: sign-in by SMS code, the
//!   doctor's queue and a patient's record within their consultation, prescriptions by
//!   form, a pharmacy's orders and stock, the operator's roster, outbox and line health.
//! - [`callbacks`]: missed-call callbacks, delayed, rate-limited, outside quiet hours.
//! - [`readings`]: health readings (BP, sugar, weight, temperature, pulse) read, checked
//!   against plausible ranges and the danger thresholds of `languages/readings.toml`.
//! - [`reminders`]: medicine reminders and follow-up calls: when each goes out (outbox items
//!   with due times), the daily cap and quiet hours, retries of unanswered calls.
//! - [`speech`]: Piper voices and Vosk recognisers on a bounded worker pool; audio cache.
//! - [`languages`]: the languages, their prompts and SMS keywords, loaded from `languages/`.
//! - [`store`]: every SQL statement, on SQLite or PostgreSQL (`migrations/`), one file per
//!   concept; stored statuses and kinds are enums (`store/enums.rs`).
//! - [`spool`]: what arrived while storage was down (an SMS and its reply, a caller's
//!   words, a call's status), kept in a local file and stored once writes work again.
//! - [`text`]: pure text helpers shared by every channel: SMS segments, sentences, digits
//!   read (Indic) and spoken.
//! - [`domain`]: validated identifiers (phone numbers, SIDs, pincodes) and masking for logs.
//! - [`import`]: the operator's CSV imports of doctors, pharmacies and inventory.
//! - [`config`]: settings from defaults, a file and the environment; secrets hidden.
//! - [`outbox`]: outbound SMS and calls, stored first (a call as what it is for, an
//!   [`ivr::Intent`]), sent by a worker with retries from the line the recipient last
//!   reached us on, through its carrier.
//! - [`models`]: models and native libraries fetched and verified by `models/manifest.toml`.
//! - [`simulator`]: plays Twilio or Plivo against a running service from a terminal.
//!
//! The binary (`src/main.rs`) only parses the command line and calls into these.

pub mod app;
pub mod callbacks;
pub mod care;
pub mod config;
pub mod console;
pub mod domain;
pub mod import;
pub mod ivr;
pub mod languages;
pub mod media;
pub mod models;
pub mod outbox;
pub mod pharmacy;
pub mod readings;
pub mod reminders;
pub mod simulator;
pub mod sms;
pub mod speech;
pub mod spool;
pub mod store;
pub mod telephony;
pub mod text;
pub mod triage;
pub mod twiml;
