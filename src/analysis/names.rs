//! Names in running text: models ("Camera an ninh", "Dân vận khéo") and laws cited by title
//! ("Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở"), found for auto-linking.
//!
//! Matching is case-insensitive on NFC text with whitespace runs read as one space (PDF text
//! wraps names across lines), whole words only; ranges point into the text as given.

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Finds any of a set of names in text, each standing for a value (a page, say).
pub struct NameMatcher<T> {
    /// `None` when there are no names.
    automaton: Option<AhoCorasick>,
    /// The value of each pattern, by pattern index.
    values: Vec<T>,
    /// Whether each pattern starts / ends with a letter or digit (only then does a word
    /// boundary matter there).
    patterns: Vec<(bool, bool)>,
}

/// Text in the form names are matched in: NFC, lower case, whitespace runs as one space; with
/// the byte offset in the original text of every byte.
struct Haystack {
    text: String,
    origin: Vec<usize>,
}

fn push_normalised(out: &mut Haystack, chunk: &str, at: usize, last_space: &mut bool) {
    for c in chunk.chars() {
        if c.is_whitespace() {
            if !*last_space {
                out.text.push(' ');
                out.origin.push(at);
                *last_space = true;
            }
            continue;
        }
        *last_space = false;
        for l in c.to_lowercase() {
            let before = out.text.len();
            out.text.push(l);
            out.origin
                .extend(std::iter::repeat_n(at, out.text.len() - before));
        }
    }
}

fn normalise(text: &str) -> Haystack {
    let mut out = Haystack {
        text: String::with_capacity(text.len()),
        origin: Vec::with_capacity(text.len() + 1),
    };
    let mut last_space = false;
    if matches!(is_nfc_quick(text.chars()), IsNormalized::Yes) {
        for (i, c) in text.char_indices() {
            let mut buf = [0; 4];
            push_normalised(&mut out, c.encode_utf8(&mut buf), i, &mut last_space);
        }
    } else {
        // Compose each base character with the marks after it; all of it maps to the base.
        let mut iter = text.char_indices().peekable();
        while let Some((i, _)) = iter.next() {
            while iter.next_if(|&(_, c)| is_combining_mark(c)).is_some() {}
            let end = iter.peek().map_or(text.len(), |&(j, _)| j);
            let composed: String = text[i..end].nfc().collect();
            push_normalised(&mut out, &composed, i, &mut last_space);
        }
    }
    out.origin.push(text.len());
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

impl<T: Clone> NameMatcher<T> {
    /// A matcher for `names`; an empty or repeated name is ignored (the first value wins).
    pub fn new(names: impl IntoIterator<Item = (String, T)>) -> Self {
        let mut keys: Vec<String> = Vec::new();
        let mut values = Vec::new();
        let mut patterns = Vec::new();
        for (name, value) in names {
            let key = normalise(name.trim()).text;
            if key.is_empty() || keys.contains(&key) {
                continue;
            }
            let first = key.chars().next().is_some_and(is_word_char);
            let last = key.chars().next_back().is_some_and(is_word_char);
            patterns.push((first, last));
            keys.push(key);
            values.push(value);
        }
        // Standard semantics, so that overlapping candidates are all seen and the word-boundary
        // check can fall back to a shorter name at the same place.
        let automaton = if keys.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&keys)
                .ok()
        };
        NameMatcher {
            automaton,
            values,
            patterns,
        }
    }

    /// Every name in `text`: whole words only, the longest where names overlap (the earliest
    /// first), in text order, as byte ranges into `text`.
    pub fn find(&self, text: &str) -> Vec<(Range<usize>, T)> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let hay = normalise(text);
        let h = hay.text.as_str();
        let mut candidates: Vec<(usize, usize, usize)> = ac
            .find_overlapping_iter(h)
            .filter(|m| {
                let (first, last) = self.patterns[m.pattern().as_usize()];
                let before_ok =
                    !first || !h[..m.start()].chars().next_back().is_some_and(is_word_char);
                let after_ok = !last || !h[m.end()..].chars().next().is_some_and(is_word_char);
                before_ok && after_ok
            })
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
            out.push((hay.origin[s]..hay.origin[e], self.values[p].clone()));
        }
        out
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
