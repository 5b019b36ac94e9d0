//! Our lines: which carrier answers which of our numbers, and the carriers' REST clients
//! that send what the outbox holds.
//!
//! A patient is answered from the number they last reached us on (the toll-free line they
//! called, the number they texted), through the carrier that owns it: an SMS from a number
//! they never saw is one they may not trust, and a carrier can only send from its own
//! numbers. Someone who never reached us (a doctor's callback, a sign-in code) hears from
//! the default carrier's number. This module chooses; each REST client knows how to send.

use std::future::Future;

use crate::domain::{Carrier, PhoneNumber};
use crate::store::Outgoing;
use crate::telephony::plivo::rest::PlivoRest;
use crate::telephony::rest::{SendError, TwilioRest};

/// What one carrier's REST API does for the outbox: send an SMS and place a call from one
/// of its numbers. (The inbound half of a carrier is its edge: [`super::voice::VoiceEdge`]
/// and its signed-form parsing.)
pub trait Outbound: Sync {
    /// The number it sends from when the recipient has no line of ours.
    fn number(&self) -> &str;
    /// Sends an SMS; returns the carrier's id for it.
    fn send_sms(
        &self,
        from: &str,
        to: &str,
        body: &str,
    ) -> impl Future<Output = Result<String, SendError>> + Send;
    /// Places a call for `body`, a stored [`crate::ivr::Intent`] (the carrier's edge makes
    /// its own first URL from it); returns the carrier's id for it.
    fn place_call(
        &self,
        from: &str,
        to: &str,
        body: &str,
    ) -> impl Future<Output = Result<String, SendError>> + Send;
}

/// The carriers we can send through and the numbers each answers.
pub struct Lines {
    /// Twilio's REST client, when its account and number are configured.
    twilio: Option<TwilioRest>,
    /// Plivo's REST client, when its account, token and number are configured.
    plivo: Option<PlivoRest>,
    /// Our numbers (E.164), each with its carrier, all of whose carriers are configured.
    numbers: Vec<(String, Carrier)>,
    /// The carrier, and its own number, for recipients without a line of ours.
    default: (Carrier, String),
}

impl From<TwilioRest> for Lines {
    fn from(twilio: TwilioRest) -> Self {
        Self::new(Some(twilio), None, &[], None).expect("Twilio is configured")
    }
}

impl From<PlivoRest> for Lines {
    fn from(plivo: PlivoRest) -> Self {
        Self::new(None, Some(plivo), &[], None).expect("Plivo is configured")
    }
}

impl Lines {
    /// The configured carriers; `default` when it is configured, else Plivo when it is (an
    /// Indian line), else Twilio. `None` when no carrier can send. A line whose carrier is
    /// not configured is left out (and said so): nothing could send from it.
    pub fn new(
        twilio: Option<TwilioRest>,
        plivo: Option<PlivoRest>,
        numbers: &[(PhoneNumber, Carrier)],
        default: Option<Carrier>,
    ) -> Option<Self> {
        let own = |c: Carrier| match c {
            Carrier::Twilio => twilio.as_ref().map(|t| e164(t.number())),
            Carrier::Plivo => plivo.as_ref().map(|p| e164(p.number())),
        };
        let default = match default {
            Some(c) => c,
            None if plivo.is_some() => Carrier::Plivo,
            None => Carrier::Twilio,
        };
        let default = (default, own(default)?);
        let mut lines: Vec<(String, Carrier)> = vec![];
        for (number, carrier) in numbers {
            if own(*carrier).is_some() {
                lines.push((number.as_str().to_owned(), *carrier));
            } else {
                tracing::warn!(line = %number, carrier = carrier.name(), "line left out: its carrier is not configured");
            }
        }
        lines.extend(
            [Carrier::Twilio, Carrier::Plivo]
                .into_iter()
                .filter_map(|c| Some((own(c)?, c))),
        );
        Some(Self {
            twilio,
            plivo,
            numbers: lines,
            default,
        })
    }

    /// The carrier that sends to people without a line of ours.
    pub fn default_carrier(&self) -> Carrier {
        self.default.0
    }

    /// The carrier and number to send from to someone who last reached us on `line`: that
    /// line and its carrier when it is ours, else the default carrier's own number.
    pub fn route(&self, line: Option<&str>) -> (Carrier, String) {
        let line = line.map(e164);
        self.numbers
            .iter()
            .find(|(n, _)| Some(n) == line.as_ref())
            .map(|(n, c)| (*c, n.clone()))
            .unwrap_or_else(|| self.default.clone())
    }

    /// Sends `what` to `to`, from the line `to` last reached us on; returns the carrier's id
    /// for the message or call.
    pub async fn send(
        &self,
        what: Outgoing,
        line: Option<&str>,
        to: &str,
        body: &str,
    ) -> Result<String, SendError> {
        let (carrier, from) = self.route(line);
        match (carrier, &self.twilio, &self.plivo) {
            (Carrier::Twilio, Some(t), _) => send_with(t, what, &from, to, body).await,
            (Carrier::Plivo, _, Some(p)) => send_with(p, what, &from, to, body).await,
            _ => unreachable!("every routed line's carrier is configured"),
        }
    }
}

async fn send_with(
    carrier: &impl Outbound,
    what: Outgoing,
    from: &str,
    to: &str,
    body: &str,
) -> Result<String, SendError> {
    match what {
        Outgoing::Sms => carrier.send_sms(from, to, body).await,
        Outgoing::Call => carrier.place_call(from, to, body).await,
    }
}

/// A number as we store it (E.164 with its plus); Plivo writes ours without the plus.
fn e164(number: &str) -> String {
    format!("+{}", number.trim_start_matches('+'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn twilio() -> TwilioRest {
        TwilioRest::new("http://127.0.0.1:9", "AC1", "t", "+14155550100")
    }

    fn plivo() -> PlivoRest {
        PlivoRest::new("http://127.0.0.1:9", "MA1", "t", "+911800111222")
    }

    #[test]
    fn a_patient_is_answered_from_the_line_they_reached_us_on() {
        let extra = [(
            PhoneNumber::parse("+918044556677").unwrap(),
            Carrier::Twilio,
        )];
        let lines = Lines::new(Some(twilio()), Some(plivo()), &extra, None).unwrap();
        assert_eq!(lines.default_carrier(), Carrier::Plivo);
        assert_eq!(
            lines.route(Some("+918044556677")),
            (Carrier::Twilio, "+918044556677".into())
        );
        assert_eq!(
            lines.route(Some("+14155550100")),
            (Carrier::Twilio, "+14155550100".into())
        );
        // Plivo reports our number without its plus.
        assert_eq!(
            lines.route(Some("911800111222")),
            (Carrier::Plivo, "+911800111222".into())
        );
        // Someone who never reached us, or reached a number that is not ours.
        assert_eq!(lines.route(None), (Carrier::Plivo, "+911800111222".into()));
        assert_eq!(
            lines.route(Some("+919999999999")),
            (Carrier::Plivo, "+911800111222".into())
        );
    }

    #[test]
    fn a_line_whose_carrier_is_not_configured_falls_back_to_the_default() {
        let extra = [(PhoneNumber::parse("+918044556677").unwrap(), Carrier::Plivo)];
        let lines = Lines::new(Some(twilio()), None, &extra, None).unwrap();
        assert_eq!(
            lines.route(Some("+918044556677")),
            (Carrier::Twilio, "+14155550100".into())
        );
    }

    #[test]
    fn the_default_must_be_a_configured_carrier() {
        assert!(Lines::new(Some(twilio()), None, &[], Some(Carrier::Plivo)).is_none());
        assert!(Lines::new(None, None, &[], None).is_none());
        let lines = Lines::new(Some(twilio()), Some(plivo()), &[], Some(Carrier::Twilio));
        assert_eq!(lines.unwrap().default_carrier(), Carrier::Twilio);
    }
}
