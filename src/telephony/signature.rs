//! Twilio's request signature (`X-Twilio-Signature`): HMAC-SHA1 over the public URL and
//! the sorted POST parameters, base64-encoded.
//!
//! Mirrors the official helper libraries, including their quirks: parameters are sorted by
//! name and, for a repeated name, by value with duplicates dropped; a URL is accepted with or
//! without its default port.

use base64::Engine;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use subtle::ConstantTimeEq;

/// Computes the signature Twilio would send for `url` and `params`.
pub fn compute(auth_token: &str, url: &str, params: &[(String, String)]) -> String {
    let mut mac = Hmac::<Sha1>::new_from_slice(auth_token.as_bytes()).expect("HMAC takes any key");
    mac.update(url.as_bytes());
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort();
    sorted.dedup();
    for (k, v) in sorted {
        mac.update(k.as_bytes());
        mac.update(v.as_bytes());
    }
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Checks `signature` in constant time, trying the URL as given, with and without its port.
pub fn validate(auth_token: &str, url: &str, params: &[(String, String)], signature: &str) -> bool {
    url_variants(url).iter().any(|candidate| {
        let expected = compute(auth_token, candidate, params);
        expected
            .as_bytes()
            .ct_eq(signature.trim().as_bytes())
            .into()
    })
}

/// The URL as given, plus the same URL without its port, or with the scheme's default port.
/// Worked on the raw text: a URL parser would normalise away the very port we need to vary.
fn url_variants(url: &str) -> Vec<String> {
    let mut out = vec![url.to_owned()];
    let Some((scheme, rest)) = url.split_once("://") else {
        return out;
    };
    let split = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(split);
    let host_end = authority
        .rfind(':')
        .filter(|&i| !authority[i..].contains(']'));
    match host_end {
        Some(i) if authority[i + 1..].bytes().all(|b| b.is_ascii_digit()) => {
            out.push(format!("{scheme}://{}{tail}", &authority[..i]));
        }
        _ => {
            let default = match scheme {
                "https" => "443",
                "http" => "80",
                _ => return out,
            };
            out.push(format!("{scheme}://{authority}:{default}{tail}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// The worked example from Twilio's security documentation.
    #[test]
    fn matches_twilios_documented_example() {
        let params = p(&[
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+12349013030"),
            ("Digits", "1234"),
            ("From", "+12349013030"),
            ("To", "+18005551212"),
        ]);
        let sig = compute(
            "12345",
            "https://mycompany.com/myapp.php?foo=1&bar=2",
            &params,
        );
        assert_eq!(sig, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    }

    #[test]
    fn a_tampered_parameter_or_url_fails() {
        let params = p(&[("From", "+919800000001"), ("Digits", "1")]);
        let url = "https://example.org/twilio/voice";
        let sig = compute("secret", url, &params);
        assert!(validate("secret", url, &params, &sig));
        assert!(!validate(
            "secret",
            url,
            &p(&[("From", "+919800000001"), ("Digits", "2")]),
            &sig
        ));
        assert!(!validate(
            "secret",
            "https://example.org/twilio/voice?x=1",
            &params,
            &sig
        ));
        assert!(!validate("other", url, &params, &sig));
        assert!(!validate("secret", url, &params, ""));
    }

    #[test]
    fn default_ports_are_optional_either_way() {
        let params = p(&[("A", "1")]);
        let with = compute("t", "https://example.org:443/x?y=1", &params);
        assert!(validate("t", "https://example.org/x?y=1", &params, &with));
        let without = compute("t", "https://example.org/x?y=1", &params);
        assert!(validate(
            "t",
            "https://example.org:443/x?y=1",
            &params,
            &without
        ));
    }
}
