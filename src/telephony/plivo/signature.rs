//! Plivo's request signature, version 3 (`X-Plivo-Signature-V3`): HMAC-SHA256 under the
//! account's auth token over the URL (its query sorted), the POST parameters sorted by name
//! and run together as `namevalue`, then `.` and the nonce of `X-Plivo-Signature-V3-Nonce`;
//! base64. The header may carry several signatures, comma-separated (one per token while a
//! token is rotated); any may match. Follows `plivo.utils.signature_v3` (the official Python
//! package), against which `tests/api/plivo.rs` cross-checks it.

use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// What Plivo signs for a POST of `params` to `url` (before the nonce).
pub fn signed_url(url: &str, params: &[(String, String)]) -> String {
    let (without_query, query) = url.split_once('?').unwrap_or((url, ""));
    let mut query_pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    query_pairs.sort();
    let sorted_query: Vec<String> = query_pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let sorted_query = sorted_query.join("&");
    let mut out = without_query.to_owned();
    if !sorted_query.is_empty() || !params.is_empty() {
        out.push('?');
        out.push_str(&sorted_query);
    }
    if !sorted_query.is_empty() && !params.is_empty() {
        out.push('.');
    }
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort();
    for (k, v) in sorted {
        out.push_str(k);
        out.push_str(v);
    }
    out
}

/// The signature Plivo sends for this request.
pub fn compute(auth_token: &str, url: &str, params: &[(String, String)], nonce: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(auth_token.as_bytes()).expect("any key length");
    mac.update(signed_url(url, params).as_bytes());
    mac.update(b".");
    mac.update(nonce.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Whether any of the header's comma-separated signatures is this request's.
pub fn validate(
    auth_token: &str,
    url: &str,
    params: &[(String, String)],
    nonce: &str,
    header: &str,
) -> bool {
    let expected = compute(auth_token, url, params, nonce);
    header
        .split(',')
        .any(|given| bool::from(given.trim().as_bytes().ct_eq(expected.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_signed_url_sorts_the_query_and_runs_the_parameters_together() {
        let params = pairs(&[("To", "911800"), ("From", "919800")]);
        assert_eq!(
            signed_url("https://x.org/plivo/sms?b=2&a=1", &params),
            "https://x.org/plivo/sms?a=1&b=2.From919800To911800"
        );
        assert_eq!(
            signed_url("https://x.org/p", &params),
            "https://x.org/p?From919800To911800"
        );
        assert_eq!(
            signed_url("https://x.org/p?a=1", &[]),
            "https://x.org/p?a=1"
        );
        assert_eq!(signed_url("https://x.org/p", &[]), "https://x.org/p");
    }

    #[test]
    fn any_of_the_comma_separated_signatures_may_match() {
        let params = pairs(&[("Text", "hi")]);
        let good = compute("token", "https://x.org/p", &params, "n1");
        assert!(validate(
            "token",
            "https://x.org/p",
            &params,
            "n1",
            &format!("abc, {good}")
        ));
        assert!(!validate("token", "https://x.org/p", &params, "n2", &good));
        assert!(!validate("other", "https://x.org/p", &params, "n1", &good));
    }
}
