//! The one cursor over folded text that every analyser reads: the text lower-cased without
//! diacritics (`text::fold_char`), every run of whitespace as one space, with the byte offset
//! in the original text of every folded byte; and the one word rule.
//!
//! Text comes from signed PDFs and editors: lines wrap anywhere ("Kết \n\nluận"), and it may be
//! typed without diacritics or pasted in NFD. Matching on the folded copy reads all of these the
//! same way, and every position maps back to the text as given. A page's text run is folded
//! once and shared by the citator, the deadlines and the names (`page::analyse`); matching
//! itself never allocates.

use unicode_normalization::char::is_combining_mark;

use crate::text::fold_char;

/// Whether `c` belongs to a word: a letter or digit, or a combining mark (part of the letter
/// before it, in NFD text). The folded text has no marks; raw text may.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Whether a number glued after `c` is part of a larger token rather than a word of its own:
/// after a letter or digit ("Tỉnh1", "phongpv05"), or inside a date, an e-mail, a URL or a path
/// ("22/01/2019" read from "01", "a@b", "?a=1&b=2"). The word rule widened for document
/// numbers, which must start a token.
pub fn joins_token(c: char) -> bool {
    is_word_char(c)
        || matches!(
            c,
            '/' | '\\' | '.' | '@' | '-' | '_' | '=' | '&' | '%' | '+'
        )
}

/// Text folded for matching, with the way back to the original.
pub struct Scan<'t> {
    text: &'t str,
    folded: String,
    /// For each byte of `folded`, the offset in `text` of the character it comes from; one more
    /// entry, `text.len()`, for the end. A combining mark folds to nothing, so the next entry
    /// lies after it and a range ending there keeps the marks of its last letter.
    origin: Vec<usize>,
}

impl<'t> Scan<'t> {
    /// Folds `text`: one pass, two allocations.
    pub fn new(text: &'t str) -> Self {
        let mut folded = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len() + 1);
        let mut in_space = false;
        for (offset, c) in text.char_indices() {
            if c.is_whitespace() {
                if !in_space {
                    folded.push(' ');
                    origin.push(offset);
                    in_space = true;
                }
                continue;
            }
            in_space = false;
            fold_char(c, |f| {
                folded.push(f);
                origin.resize(folded.len(), offset);
            });
        }
        origin.push(text.len());
        Scan {
            text,
            folded,
            origin,
        }
    }

    /// The original text.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// The folded text; positions in it are what the methods below take and return.
    pub fn folded(&self) -> &str {
        &self.folded
    }

    /// The byte offset in the original text of folded position `i` (`len()` gives the end).
    pub fn origin(&self, i: usize) -> usize {
        self.origin[i.min(self.folded.len())]
    }

    /// The folded position of byte `offset` of the original text: the first folded character
    /// that comes from `offset` or later.
    pub fn pos_of(&self, offset: usize) -> usize {
        self.origin.partition_point(|&o| o < offset)
    }

    /// The folded character at `i`.
    pub fn at(&self, i: usize) -> Option<char> {
        self.folded.get(i..)?.chars().next()
    }

    /// The folded character before `i`.
    pub fn before(&self, i: usize) -> Option<char> {
        self.folded.get(..i)?.chars().next_back()
    }

    /// Whether a word starts at `i`.
    pub fn word_start(&self, i: usize) -> bool {
        self.at(i).is_some_and(is_word_char) && !self.before(i).is_some_and(is_word_char)
    }

    /// `i` past a space, if there is one (there is never more than one in a row).
    pub fn skip_ws(&self, i: usize) -> usize {
        if self.at(i) == Some(' ') {
            i + 1
        } else {
            i
        }
    }

    /// Whether the folded text at `i` is the whole word or phrase `w` (folded, one space between
    /// words; any whitespace in the text matches that space); the position after it.
    pub fn word(&self, i: usize, w: &str) -> Option<usize> {
        let end = i + w.len();
        if self.folded.get(i..end)? != w || self.at(end).is_some_and(is_word_char) {
            return None;
        }
        Some(end)
    }

    /// [`Scan::word`] after an optional space.
    pub fn then_word(&self, i: usize, w: &str) -> Option<usize> {
        self.word(self.skip_ws(i), w)
    }

    /// Whether the folded text just before `i` is the whole word or phrase `w`; its start.
    pub fn word_before(&self, i: usize, w: &str) -> Option<usize> {
        let start = i.checked_sub(w.len())?;
        if self.folded.get(start..i)? != w || self.before(start).is_some_and(is_word_char) {
            return None;
        }
        Some(start)
    }

    /// An unsigned number of `min..=max` digits at `i`, not glued to further digits; its value
    /// (saturating) and the position after it.
    pub fn number(&self, i: usize, min: usize, max: usize) -> Option<(u32, usize)> {
        let digits = self.folded.get(i..)?.bytes().take_while(u8::is_ascii_digit);
        let mut value: u32 = 0;
        let mut len = 0;
        for d in digits {
            value = value.saturating_mul(10).saturating_add(u32::from(d - b'0'));
            len += 1;
        }
        (min..=max).contains(&len).then_some((value, i + len))
    }

    /// [`Scan::word`] for callers that work in byte offsets of the original text: whether the
    /// text at `offset` reads as `w` folded; the offset after it.
    pub fn word_at_offset(&self, offset: usize, w: &str) -> Option<usize> {
        let end = self.word(self.pos_of(offset), w)?;
        Some(self.origin(end))
    }

    /// [`Scan::word_before`] in byte offsets of the original text.
    pub fn word_before_offset(&self, offset: usize, w: &str) -> Option<usize> {
        let start = self.word_before(self.pos_of(offset), w)?;
        Some(self.origin(start))
    }

    /// The folded character at byte `offset` of the original text.
    pub fn char_at_offset(&self, offset: usize) -> Option<char> {
        self.at(self.pos_of(offset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn folds_and_maps_back_to_the_text_as_given() {
        let text = "Kết \n\nluận số 44";
        let s = Scan::new(text);
        assert_eq!(s.folded(), "ket luan so 44");
        let end = s
            .word(0, "ket luan")
            .expect("a line wrap reads as one space");
        assert_eq!(&text[s.origin(0)..s.origin(end)], "Kết \n\nluận");
        assert_eq!(
            s.word_at_offset(0, "ket luan"),
            Some(text.find(" số").unwrap())
        );
        assert_eq!(s.pos_of(text.find("số").unwrap()), "ket luan ".len());
    }

    #[test]
    fn nfd_and_unaccented_text_read_like_nfc() {
        let nfc = "Chỉ thị số 09";
        let nfd: String = nfc.nfd().collect();
        for (text, written) in [
            (nfc, "Chỉ thị"),
            (&nfd, "Chỉ thị"),
            ("CHI THI so 09", "CHI THI"),
        ] {
            let s = Scan::new(text);
            assert_eq!(s.folded(), "chi thi so 09", "{text:?}");
            // The range of a matched phrase keeps the marks of its last letter.
            let end = s.word_at_offset(0, "chi thi").expect("matches");
            assert_eq!(text[..end].nfc().collect::<String>(), written);
        }
    }

    #[test]
    fn words_match_whole_words_only() {
        let s = Scan::new("xtrước ngày 1; trước mắt");
        assert!(!s.word_start(1), "inside a word is not a word start");
        let at = s.folded().rfind("truoc").unwrap();
        assert!(s.word_start(at));
        assert_eq!(s.word(at, "truoc"), Some(at + 5));
        assert_eq!(
            s.word(at, "truoc ma"),
            None,
            "a phrase ends on a word boundary"
        );
        assert_eq!(s.word_before(at + 5, "truoc"), Some(at));
        assert_eq!(s.word_before(6, "truoc"), None, "“xtrước” is not “trước”");
    }

    #[test]
    fn numbers_have_bounded_length() {
        let s = Scan::new("ngày 15/6/2025 và 123456");
        let at = s.folded().find("15").unwrap();
        assert_eq!(s.number(at, 1, 2), Some((15, at + 2)));
        let big = s.folded().find("123456").unwrap();
        assert_eq!(s.number(big, 1, 4), None);
        assert_eq!(s.number(0, 1, 2), None);
    }

    #[test]
    fn the_word_rule_and_its_widening_for_numbers() {
        assert!(is_word_char('ư') && is_word_char('7') && is_word_char('\u{301}'));
        assert!(!is_word_char('/') && !is_word_char(' '));
        // "22/01/2019": the "01" follows a slash, so it does not start a document number.
        assert!(joins_token('/') && joins_token('@') && joins_token('h'));
        assert!(!joins_token(' ') && !joins_token('(') && !joins_token(','));
    }
}
