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

/// What an outbox item asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outgoing {
    Sms,
    Call,
}

/// The carriers we can send through and the numbers each answers.
#[derive(Clone)]
pub struct Lines {
    /// Twilio's REST client, when its account and number are configured.
    twilio: Option<TwilioRest>,
    /// Plivo's REST client, when its account, token and number are configured.
    plivo: Option<PlivoRest>,
    /// Our numbers (E.164) beyond each client's own, and the carrier answering each.
    numbers: Vec<(String, Carrier)>,
    /// The carrier for recipients without a line of ours (configured, so always present).
    default: Carrier,
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
    /// Indian line), else Twilio. `None` when no carrier can send.
    pub fn new(
        twilio: Option<TwilioRest>,
        plivo: Option<PlivoRest>,
        numbers: &[(PhoneNumber, Carrier)],
        default: Option<Carrier>,
    ) -> Option<Self> {
        let configured = |c: Carrier| match c {
            Carrier::Twilio => twilio.is_some(),
            Carrier::Plivo => plivo.is_some(),
        };
        let default = match default {
            Some(c) => configured(c).then_some(c)?,
            None if plivo.is_some() => Carrier::Plivo,
            None => configured(Carrier::Twilio).then_some(Carrier::Twilio)?,
        };
        let mut numbers: Vec<(String, Carrier)> = numbers
            .iter()
            .map(|(n, c)| (n.as_str().to_owned(), *c))
            .collect();
        if let Some(t) = &twilio {
            numbers.push((e164(t.number()), Carrier::Twilio));
        }
        if let Some(p) = &plivo {
            numbers.push((e164(p.number()), Carrier::Plivo));
        }
        Some(Self {
            twilio,
            plivo,
            numbers,
            default,
        })
    }

    /// The carrier that sends to people without a line of ours.
    pub fn default_carrier(&self) -> Carrier {
        self.default
    }

    /// The carrier and number to send from to someone who last reached us on `line`: that
    /// line and its carrier when it is ours and its carrier is configured, else the default
    /// carrier's own number.
    pub fn route(&self, line: Option<&str>) -> (Carrier, String) {
        let ours = line.and_then(|l| {
            let l = e164(l);
            self.numbers
                .iter()
                .find(|(n, c)| *n == l && self.has(*c))
                .map(|(n, c)| (*c, n.clone()))
        });
        ours.unwrap_or_else(|| (self.default, e164(self.client_number(self.default))))
    }

    /// Sends `what` to `to`, from the line `to` last reached us on; returns the carrier used
    /// and its id for the message or call.
    pub async fn send(
        &self,
        what: Outgoing,
        line: Option<&str>,
        to: &str,
        body: &str,
    ) -> Result<(Carrier, String), SendError> {
        let (carrier, from) = self.route(line);
        let id = match (carrier, &self.twilio, &self.plivo) {
            (Carrier::Twilio, Some(t), _) => send_with(t, what, &from, to, body).await,
            (Carrier::Plivo, _, Some(p)) => send_with(p, what, &from, to, body).await,
            _ => unreachable!("route only names configured carriers"),
        }?;
        Ok((carrier, id))
    }

    fn has(&self, c: Carrier) -> bool {
        match c {
            Carrier::Twilio => self.twilio.is_some(),
            Carrier::Plivo => self.plivo.is_some(),
        }
    }

    fn client_number(&self, c: Carrier) -> &str {
        match (c, &self.twilio, &self.plivo) {
            (Carrier::Twilio, Some(t), _) => t.number(),
            (Carrier::Plivo, _, Some(p)) => p.number(),
            _ => unreachable!("the default carrier is configured"),
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
