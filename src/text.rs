//! Pure text helpers shared by every channel: SMS segment arithmetic, sentences, digits read
//! and spoken. A leaf module that imports nothing of ours, so no domain module imports another
//! just for arithmetic.

/// An Indic script's digit as its ASCII digit (every other character unchanged): patients
/// type readings and numbers in their own script's digits.
pub fn ascii_digit(c: char) -> char {
    let code = c as u32;
    let low = code & 0xFF;
    let indic = (0x0966..=0x0DEF).contains(&code)
        && ((0x66..=0x6F).contains(&low) || (0xE6..=0xEF).contains(&low));
    if indic {
        char::from_digit((low & 0x0F) - 6, 10).unwrap_or(c)
    } else {
        c
    }
}

/// A text with every Indic digit made ASCII.
pub fn ascii_digits(text: &str) -> String {
    text.chars().map(ascii_digit).collect()
}

/// Replies are cut to this many segments.
pub const MAX_SEGMENTS: usize = 2;

/// How a message is encoded on the air.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Gsm7,
    Ucs2,
}

/// GSM 03.38 basic characters (one septet each).
const GSM7_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// GSM 03.38 extension characters (two septets each: escape plus the character).
const GSM7_EXTENDED: &str = "^{}\\[~]|€\u{000C}";

/// The encoding a text needs and its length in that encoding's units.
pub fn measure(text: &str) -> (Encoding, usize) {
    let mut septets = 0;
    for c in text.chars() {
        if GSM7_BASIC.contains(c) {
            septets += 1;
        } else if GSM7_EXTENDED.contains(c) {
            septets += 2;
        } else {
            return (Encoding::Ucs2, text.encode_utf16().count());
        }
    }
    (Encoding::Gsm7, septets)
}

/// How many segments a text is sent as.
pub fn segments(text: &str) -> usize {
    let (encoding, units) = measure(text);
    let (single, multi) = match encoding {
        Encoding::Gsm7 => (160, 153),
        Encoding::Ucs2 => (70, 67),
    };
    if units <= single {
        1
    } else {
        units.div_ceil(multi)
    }
}

/// Cuts a text to `max` segments, at a word boundary where possible, marking the cut.
pub fn fit(text: &str, max: usize) -> String {
    if segments(text) <= max {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let (mut lo, mut hi) = (0, chars.len());
    // Longest prefix that still fits with the marker appended.
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let candidate: String = chars[..mid].iter().collect::<String>() + "..";
        if segments(&candidate) <= max {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let prefix: String = chars[..lo].iter().collect();
    let cut = match prefix.rfind(char::is_whitespace) {
        Some(i) if i > prefix.len() / 2 => &prefix[..i],
        _ => prefix.as_str(),
    };
    format!("{}..", cut.trim_end())
}

/// Splits text into sentences, keeping their end marks (Latin and the Devanagari danda); a
/// mark ends a sentence only before a space or the end, so "12.50" stays whole.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = vec![];
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        let at_break = chars.peek().is_none_or(|n| n.is_whitespace());
        if matches!(c, '.' | '!' | '?' | '।') && at_break {
            out.push(current.trim().to_owned());
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_owned());
    }
    out
}

/// A long sentence cut after its first clause (at a comma, semicolon or colon before a
/// space), so the first words of a reply can be spoken while the rest is made; `None` when
/// either side would be under three words (a short sentence is made quickly anyway).
pub fn first_clause(sentence: &str) -> Option<(String, String)> {
    let words = |s: &str| s.split_whitespace().count();
    let mut chars = sentence.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let before_space = chars.peek().is_some_and(|(_, n)| n.is_whitespace());
        if matches!(c, ',' | ';' | ':') && before_space {
            let (head, tail) = sentence.split_at(i + c.len_utf8());
            if words(head) < 3 {
                continue;
            }
            return (words(tail) >= 3).then(|| (head.trim().to_owned(), tail.trim().to_owned()));
        }
    }
    None
}

/// Digits spoken one by one ("1 0 8", a leading `+` dropped): clearer on a bad line than
/// "one hundred eight".
pub fn spoken_digits(digits: &str) -> String {
    digits
        .trim_start_matches('+')
        .chars()
        .map(String::from)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_sentence_is_cut_after_its_first_clause() {
        assert_eq!(
            first_clause(
                "Give small sips of water often, keep the child cool, and watch the breathing."
            ),
            Some((
                "Give small sips of water often,".into(),
                "keep the child cool, and watch the breathing.".into()
            ))
        );
        assert_eq!(
            first_clause("बच्चे को थोड़ा थोड़ा पानी देते रहें, और उसकी साँस पर ध्यान दें।"),
            Some((
                "बच्चे को थोड़ा थोड़ा पानी देते रहें,".into(),
                "और उसकी साँस पर ध्यान दें।".into()
            ))
        );
        // Too short a head moves on to the next clause mark; too short a tail, no cut.
        assert_eq!(
            first_clause("Yes, rest at home today, and drink water."),
            Some(("Yes, rest at home today,".into(), "and drink water.".into()))
        );
        assert_eq!(first_clause("Rest at home today, please."), None);
        assert_eq!(first_clause("Costs 1,500 rupees in all here."), None);
    }

    #[test]
    fn indic_digits_read_as_ascii() {
        assert_eq!(ascii_digits("१४०/९०"), "140/90");
        assert_eq!(ascii_digits("১২৩ ૪૫ ೬೭ ൮൯ ௧௦ ౧౨"), "123 45 67 89 10 12");
        assert_eq!(ascii_digits("BP 140/90"), "BP 140/90");
    }

    #[test]
    fn segments_follow_gsm7_and_ucs2_limits() {
        assert_eq!(measure("hello"), (Encoding::Gsm7, 5));
        assert_eq!(measure("a€"), (Encoding::Gsm7, 3));
        assert_eq!(segments(&"a".repeat(160)), 1);
        assert_eq!(segments(&"a".repeat(161)), 2);
        assert_eq!(segments(&"a".repeat(306)), 2);
        assert_eq!(segments(&"a".repeat(307)), 3);
        // One Devanagari character makes the whole message UCS-2.
        let mixed = format!("{}क", "a".repeat(69));
        assert_eq!(measure(&mixed), (Encoding::Ucs2, 70));
        assert_eq!(segments(&mixed), 1);
        assert_eq!(segments(&format!("{mixed}a")), 2);
        assert_eq!(segments(&"क".repeat(134)), 2);
        assert_eq!(segments(&"क".repeat(135)), 3);
        // An emoji is two UTF-16 units.
        assert_eq!(measure("🙂"), (Encoding::Ucs2, 2));
    }

    #[test]
    fn long_replies_are_cut_at_a_word_to_two_segments() {
        let long = "दवा ".repeat(80);
        let cut = fit(&long, 2);
        assert!(segments(&cut) <= 2);
        assert!(cut.ends_with(".."));
        assert!(cut.len() > 100);
    }

    #[test]
    fn sentences_end_at_marks_before_a_space() {
        assert_eq!(
            sentences("Rest. Drink 12.50 ml water! दवा लें। OK"),
            ["Rest.", "Drink 12.50 ml water!", "दवा लें।", "OK"]
        );
    }

    #[test]
    fn digits_are_spoken_one_by_one() {
        assert_eq!(spoken_digits("+91108"), "9 1 1 0 8");
        assert_eq!(spoken_digits("108"), "1 0 8");
    }
}
