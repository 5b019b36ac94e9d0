//! Our signature against Twilio's official Python helper (`twilio.request_validator`).

use std::process::Command;

use doorstep::telephony::signature;

/// (token, URL, POST parameters)
type Case<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>);

/// The interpreter with the `twilio` package; the README's test command installs it.
fn python() -> String {
    std::env::var("DOORSTEP_TEST_PYTHON").unwrap_or_else(|_| ".venv/bin/python".into())
}

const SCRIPT: &str = r#"
import json, sys
from twilio.request_validator import RequestValidator
from urllib.parse import parse_qsl
cases = json.load(sys.stdin)
out = []
for c in cases:
    v = RequestValidator(c["token"])
    out.append(v.compute_signature(c["url"], _Multi(c["params"])))
print(json.dumps(out))
"#;

const MULTIDICT: &str = r#"
class _Multi(dict):
    """A multi-valued dict as Flask/Django give it; twilio-python calls getall/getlist."""
    def __init__(self, pairs):
        super().__init__()
        self.pairs = pairs
        for k, v in pairs:
            self[k] = v
    def getall(self, k):
        return [v for kk, v in self.pairs if kk == k]
"#;

#[test]
fn signatures_match_twilios_python_helper() {
    let cases: Vec<Case> = vec![
        (
            "12345",
            "https://mycompany.com/myapp.php?foo=1&bar=2",
            vec![
                ("CallSid", "CA1234567890ABCDE"),
                ("Caller", "+12349013030"),
                ("Digits", "1234"),
                ("From", "+12349013030"),
                ("To", "+18005551212"),
            ],
        ),
        (
            "tok",
            "https://dsd.example.org/twilio/voice/choice?n=2&lang=hi&attempt=3",
            vec![("Digits", "1"), ("From", "+919812345678")],
        ),
        (
            "tok",
            "https://dsd.example.org:8443/twilio/sms",
            vec![("Body", "मुझे बुखार है 🙂"), ("From", "+919812345678")],
        ),
        (
            "tok",
            "http://127.0.0.1:8080/twilio/voice",
            vec![("Body", "a"), ("Body", "c"), ("Body", "b"), ("Body", "a")],
        ),
        (
            "tok",
            "https://x.org/",
            vec![("Empty", ""), ("Amp", "a&b=c"), ("Plus", "+ +")],
        ),
        ("tök", "https://x.org/ü?q=ä", vec![]),
        // A media stream's upgrade: a GET over the wss:// URL, no parameters.
        ("tok", "wss://dsd.example.org/twilio/media", vec![]),
    ];
    let json_cases: Vec<serde_json::Value> = cases
        .iter()
        .map(|(t, u, p)| serde_json::json!({"token": t, "url": u, "params": p}))
        .collect();
    let mut child = Command::new(python())
        .args(["-c", &format!("{MULTIDICT}\n{SCRIPT}")])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} (the README's test command creates it): {e}",
                python()
            )
        });
    serde_json::to_writer(child.stdin.take().unwrap(), &json_cases).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    for ((token, url, params), expected) in cases.iter().zip(theirs) {
        let owned: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(
            signature::compute(token, url, &owned),
            expected,
            "{url} {params:?}"
        );
        assert!(signature::validate(token, url, &owned, &expected));
    }
}
