//! The telephony edge: Twilio's webhooks in, TwiML out.
//!
//! Only this module knows Twilio's field names, its signature and TwiML. It verifies each
//! request, parses it into a typed event (`ivr::CallEvent`, `sms::SmsEvent`), lets the domain
//! answer within the webhook budget, renders the answer, and replays the stored answer when
//! Twilio retries. When anything fails the caller still gets valid TwiML: an apology in their
//! language and the emergency number. A second provider would be a sibling of `twilio`.

pub mod rest;
pub mod signature;
pub mod twilio;
