//! Names in running text: models ("Camera an ninh", "Dân vận khéo") and laws cited by title
//! ("Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở"), found for auto-linking.
//!
//! Matching is case-insensitive on NFC text with whitespace runs read as one space (PDF text
//! wraps names across lines), whole words only; ranges point into the text as given. Candidates
//! are found on the folded text of `scan::Scan` and kept only where the diacritics agree.

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::scan::{is_word_char, Scan};

/// Finds any of a set of names in text, each standing for a value (a page, say).
pub struct NameMatcher<T> {
    /// Over the folded names (`scan::Scan`); `None` when there are no names.
    automaton: Option<AhoCorasick>,
    /// Each name as it must read in the text (see [`written_form`]), by pattern index.
    keys: Vec<String>,
    /// The value of each pattern, by pattern index.
    values: Vec<T>,
    /// Whether each pattern starts / ends with a letter or digit (only then does a word
    /// boundary matter there).
    patterns: Vec<(bool, bool)>,
}

/// How a name must read to match: NFC, lower case, whitespace runs as one space. Diacritics
/// count ("An ninh" is not "Ăn ninh"), so a match on the folded text is confirmed on this.
fn written_form(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = false;
    let mut push = |chunk: &str, out: &mut String| {
        for c in chunk.chars() {
            if c.is_whitespace() {
                if !last_space {
                    out.push(' ');
                }
                last_space = true;
                continue;
            }
            last_space = false;
            out.extend(c.to_lowercase());
        }
    };
    if matches!(is_nfc_quick(text.chars()), IsNormalized::Yes) {
        push(text, &mut out);
    } else {
        // Compose each base character with the marks after it.
        let mut iter = text.char_indices().peekable();
        while let Some((i, _)) = iter.next() {
            while iter.next_if(|&(_, c)| is_combining_mark(c)).is_some() {}
            let end = iter.peek().map_or(text.len(), |&(j, _)| j);
            let composed: String = text[i..end].nfc().collect();
            push(&composed, &mut out);
        }
    }
    out
}

impl<T: Clone> NameMatcher<T> {
    /// A matcher for `names`; an empty or repeated name is ignored (the first value wins).
    pub fn new(names: impl IntoIterator<Item = (String, T)>) -> Self {
        let mut keys: Vec<String> = Vec::new();
        let mut folded = Vec::new();
        let mut values = Vec::new();
        let mut patterns = Vec::new();
        for (name, value) in names {
            let key = written_form(name.trim());
            if key.is_empty() || keys.contains(&key) {
                continue;
            }
            let first = key.chars().next().is_some_and(is_word_char);
            let last = key.chars().next_back().is_some_and(is_word_char);
            patterns.push((first, last));
            folded.push(Scan::new(&key).folded().to_string());
            keys.push(key);
            values.push(value);
        }
        // Standard semantics, so that overlapping candidates are all seen and the word-boundary
        // check can fall back to a shorter name at the same place.
        let automaton = if folded.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&folded)
                .ok()
        };
        NameMatcher {
            automaton,
            keys,
            values,
            patterns,
        }
    }

    /// Every name in `text`: whole words only, the longest where names overlap (the earliest
    /// first), in text order, as byte ranges into `text`.
    pub fn find(&self, text: &str) -> Vec<(Range<usize>, T)> {
        self.find_in(&Scan::new(text))
    }

    /// [`NameMatcher::find`] over text already folded (one scan of a text run serves every
    /// analyser).
    pub fn find_in(&self, scan: &Scan) -> Vec<(Range<usize>, T)> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let mut candidates: Vec<(usize, usize, usize)> = ac
            .find_overlapping_iter(scan.folded())
            .filter(|m| self.is_match(scan, m.start(), m.end(), m.pattern().as_usize()))
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        candidates.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
        let mut out = Vec::new();
        let mut taken = 0;
        for (s, e, p) in candidates {
            if s < taken {
                continue;
            }
            taken = e;
            out.push((scan.origin(s)..scan.origin(e), self.values[p].clone()));
        }
        out
    }

    /// Whether pattern `p`, found at folded `start..end`, is a whole-word match with the name's
    /// diacritics.
    fn is_match(&self, scan: &Scan, start: usize, end: usize, p: usize) -> bool {
        let (first, last) = self.patterns[p];
        if first && scan.before(start).is_some_and(is_word_char) {
            return false;
        }
        if last && scan.at(end).is_some_and(is_word_char) {
            return false;
        }
        written_form(&scan.text()[scan.origin(start)..scan.origin(end)]) == self.keys[p]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(names: &[&str]) -> NameMatcher<usize> {
        NameMatcher::new(names.iter().enumerate().map(|(i, n)| (n.to_string(), i)))
    }

    fn found<'a>(m: &NameMatcher<usize>, text: &'a str) -> Vec<(&'a str, usize)> {
        m.find(text)
            .into_iter()
            .map(|(r, v)| (&text[r], v))
            .collect()
    }

    #[test]
    fn finds_names_case_insensitively_in_text_order() {
        let m = matcher(&["Camera an ninh", "Dân vận khéo"]);
        let text = "phong trào thi đua “DÂN VẬN KHÉO”; duy trì mô hình “camera an ninh”.";
        assert_eq!(
            found(&m, text),
            vec![("DÂN VẬN KHÉO", 1), ("camera an ninh", 0)]
        );
    }

    #[test]
    fn a_name_wrapped_across_pdf_lines_is_found_with_its_wrap() {
        let m = matcher(&["Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở"]);
        let text = "- Triển khai, thực hiện Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ \n\nsở; phát huy";
        let hits = found(&m, text);
        assert_eq!(hits.len(), 1);
        assert!(hits[0].0.starts_with("Luật Lực lượng"));
        assert!(hits[0].0.ends_with("cơ \n\nsở"));
    }

    #[test]
    fn whole_words_only() {
        let m = matcher(&["An ninh"]);
        assert!(found(&m, "Thanh ninh bình").is_empty());
        assert!(found(&m, "an ninhx").is_empty());
        assert_eq!(found(&m, "bảo vệ an ninh.").len(), 1);
    }

    #[test]
    fn longest_name_wins_and_matches_do_not_overlap() {
        let m = matcher(&["An ninh", "An ninh - An toàn - An dân", "An dân"]);
        let text = "khu dân cư “An ninh - An toàn - An dân” và An dân";
        assert_eq!(
            found(&m, text),
            vec![("An ninh - An toàn - An dân", 1), ("An dân", 2)]
        );
    }

    #[test]
    fn a_longer_name_cut_off_by_a_word_falls_back_to_the_shorter() {
        let m = matcher(&["Camera an ninh", "Camera an ninh số"]);
        // "Camera an ninh số" is not a whole word here ("sốt"), "Camera an ninh" is.
        assert_eq!(found(&m, "Camera an ninh sốt"), vec![("Camera an ninh", 0)]);
    }

    #[test]
    fn nfd_text_gives_ranges_into_the_original() {
        let m = matcher(&["Tết Quân - Dân"]);
        let nfd: String = "mô hình “Tết Quân - Dân”; cuộc vận động".nfd().collect();
        let hits = m.find(&nfd);
        assert_eq!(hits.len(), 1);
        let hit = &nfd[hits[0].0.clone()];
        assert_eq!(hit.nfc().collect::<String>(), "Tết Quân - Dân");
    }

    #[test]
    fn no_names_finds_nothing() {
        let m: NameMatcher<usize> = NameMatcher::new(Vec::new());
        assert!(m.find("Camera an ninh").is_empty());
    }
}
