//! Pure text helpers shared by every channel; a leaf module that imports nothing of ours.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indic_digits_read_as_ascii() {
        assert_eq!(ascii_digits("१४०/९०"), "140/90");
        assert_eq!(ascii_digits("১২৩ ૪૫ ೬೭ ൮൯ ௧௦ ౧౨"), "123 45 67 89 10 12");
        assert_eq!(ascii_digits("BP 140/90"), "BP 140/90");
    }
}
