//! Vietnamese text helpers shared by every phase: NFC, diacritic folding, slugs and
//! Vietnamese alphabetical order.

use std::cmp::Ordering;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The text in Unicode NFC (composed) form; free when it already is.
pub fn nfc(s: &str) -> String {
    if is_nfc(s) {
        s.to_string()
    } else {
        s.nfc().collect()
    }
}

/// Whether `s` is already NFC. Vietnamese text written with composed letters is decided
/// mostly without the normaliser's tables: every character below U+0300 (ASCII, Latin-1,
/// `đ ơ ư`) and in Latin Extended Additional (U+1E00–U+1EFF: `ạ ế ữ`…) is NFC on its own
/// and no combining mark, so it resets the normaliser's quick check (class 0, "yes"): only
/// the runs of other characters between them (`“ ”`, `–`) are checked, each on its own.
/// The normaliser's check of whole texts took 2.4% of a build's CPU (each content file is
/// decoded three times a build).
pub fn is_nfc(s: &str) -> bool {
    let composed = |c: char| (c as u32) < 0x300 || matches!(c as u32, 0x1E00..=0x1EFF);
    let mut rest = s;
    while let Some(start) = rest.find(|c| !composed(c)) {
        let run = &rest[start..];
        let end = run.find(composed).unwrap_or(run.len());
        if is_nfc_quick(run[..end].chars()) != IsNormalized::Yes {
            return false;
        }
        rest = &run[end..];
    }
    true
}

/// Lower case, without diacritics, `đ` as `d`: what a reader types on a phone.
/// `Đảng ủy` → `dang uy`. Non-letters are kept as they are.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, |f| out.push(f));
    }
    out
}

/// [`fold`] of one character, without allocating: the folded characters (usually one; none
/// for a combining mark) are handed to `push`. The one folding rule, shared by `fold` and the
/// analysis scanner, so that what a reader types and what the analysers match agree.
pub fn fold_char(c: char, mut push: impl FnMut(char)) {
    if c.is_ascii() {
        return push(c.to_ascii_lowercase());
    }
    // Every Vietnamese letter is below U+2000: its folding is looked up, not recomputed.
    if let Some(&f) = fold_table().get(c as usize) {
        match f {
            FOLDS_TO_NOTHING => {}
            FOLDS_TO_MANY => fold_slow(c, push),
            f => push(char::from_u32(f).unwrap_or(c)),
        }
        return;
    }
    fold_slow(c, push)
}

/// Table entries for characters whose folding is not a single character.
const FOLDS_TO_NOTHING: u32 = u32::MAX;
const FOLDS_TO_MANY: u32 = u32::MAX - 1;

/// The folding of every character below U+2000, computed once.
fn fold_table() -> &'static [u32] {
    static TABLE: std::sync::OnceLock<Vec<u32>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0..0x2000u32)
            .map(|n| {
                let Some(c) = char::from_u32(n) else {
                    return FOLDS_TO_MANY;
                };
                let mut out = Vec::new();
                fold_slow(c, |f| out.push(f));
                match out[..] {
                    [] => FOLDS_TO_NOTHING,
                    [f] => f as u32,
                    _ => FOLDS_TO_MANY,
                }
            })
            .collect()
    })
}

fn fold_slow(c: char, mut push: impl FnMut(char)) {
    match c {
        c if c.is_ascii() => push(c.to_ascii_lowercase()),
        'đ' | 'Đ' => push('d'),
        c => decompose_canonical(c, |d| {
            if !is_combining_mark(d) {
                d.to_lowercase().for_each(&mut push);
            }
        }),
    }
}

/// A URL slug: folded, ASCII letters and digits joined by single hyphens.
/// `Kế hoạch số 33/KH-UBND` → `ke-hoach-so-33-kh-ubnd`; `Đảng ủy` → `dang-uy`.
pub fn slugify(s: &str) -> String {
    let folded = fold(s);
    // Letters outside Vietnamese (e.g. a foreign name) are transliterated, not dropped.
    let ascii = if folded.is_ascii() {
        folded
    } else {
        deunicode::deunicode(&folded).to_ascii_lowercase()
    };
    let mut out = String::with_capacity(ascii.len());
    let mut pending_dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else {
            pending_dash = true;
        }
    }
    out
}

/// Primary weight of a base letter in the Vietnamese alphabet
/// (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y); other characters after.
fn letter_weight(base: char, modifier: Option<char>) -> u32 {
    const ORDER: &[(char, Option<char>)] = &[
        ('a', None),
        ('a', Some('\u{306}')), // ă
        ('a', Some('\u{302}')), // â
        ('b', None),
        ('c', None),
        ('d', None),
        ('đ', None),
        ('e', None),
        ('e', Some('\u{302}')), // ê
        ('f', None),
        ('g', None),
        ('h', None),
        ('i', None),
        ('j', None),
        ('k', None),
        ('l', None),
        ('m', None),
        ('n', None),
        ('o', None),
        ('o', Some('\u{302}')), // ô
        ('o', Some('\u{31b}')), // ơ
        ('p', None),
        ('q', None),
        ('r', None),
        ('s', None),
        ('t', None),
        ('u', None),
        ('u', Some('\u{31b}')), // ư
        ('v', None),
        ('w', None),
        ('x', None),
        ('y', None),
        ('z', None),
    ];
    let base = base.to_lowercase().next().unwrap_or(base);
    if base.is_ascii_digit() {
        // digits sort before letters
        return base as u32 - '0' as u32 + 1;
    }
    match ORDER.iter().position(|&(b, m)| b == base && m == modifier) {
        Some(i) => 100 + i as u32,
        None if base.is_whitespace() => 0,
        None => 1000 + base as u32,
    }
}

/// Tone weight, the secondary key: ngang, huyền, hỏi, ngã, sắc, nặng.
fn tone_weight(mark: char) -> Option<u32> {
    match mark {
        '\u{300}' => Some(1), // huyền
        '\u{309}' => Some(2), // hỏi
        '\u{303}' => Some(3), // ngã
        '\u{301}' => Some(4), // sắc
        '\u{323}' => Some(5), // nặng
        _ => None,
    }
}

/// A sort key giving Vietnamese alphabetical order: letters first (ă after a, đ after d,
/// ơ after ô, ư after u), tones second, then case and the text itself, so the order is total.
pub fn sort_key(s: &str) -> (Vec<u32>, Vec<u32>, String) {
    let mut primary = Vec::with_capacity(s.len());
    let mut tones = Vec::with_capacity(s.len());
    let chars: Vec<char> = s.nfd().collect();
    let mut i = 0;
    while i < chars.len() {
        let base = chars[i];
        i += 1;
        let mut modifier = None;
        let mut tone = 0;
        while i < chars.len() && is_combining_mark(chars[i]) {
            match tone_weight(chars[i]) {
                Some(t) => tone = t,
                None => modifier = Some(chars[i]),
            }
            i += 1;
        }
        let base = if base == 'Đ' { 'đ' } else { base };
        primary.push(letter_weight(base, modifier));
        tones.push(tone);
    }
    (primary, tones, s.to_string())
}

/// Compares two strings in Vietnamese alphabetical order.
pub fn vi_cmp(a: &str, b: &str) -> Ordering {
    sort_key(a).cmp(&sort_key(b))
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_runs(s, |part| out.push_str(part));
    out
}

/// [`escape_html`] into a writer: Tera's escape for `{{ value }}` in `.html` and `.xml`
/// templates (`Tera::set_escape_fn`). Same entities as Tera's own, whose writer is called once
/// per byte; this one once per run of plain text (Tera's took a seventh of the CPU time spent
/// rendering pages at 10,000 plans).
pub fn escape_html_to(s: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut result = Ok(());
    escape_runs(s, |part| {
        if result.is_ok() {
            result = out.write_all(part.as_bytes());
        }
    });
    result
}

/// Hands `s` to `emit` as runs of plain text and the entities that replace `&<>"'`.
fn escape_runs<'a>(s: &'a str, mut emit: impl FnMut(&'a str)) {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        if start < i {
            emit(&s[start..i]);
        }
        emit(entity);
        start = i + 1;
    }
    if start < s.len() {
        emit(&s[start..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_nfc_check_agrees_with_the_normaliser() {
        // Every character the fast path accepts must be NFC alone and start no sequence
        // the normaliser would reorder or compose with what follows.
        for n in (0..0x300u32).chain(0x1E00..=0x1EFF) {
            let c = char::from_u32(n).unwrap();
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            assert_eq!(
                unicode_normalization::char::canonical_combining_class(c),
                0,
                "{c:?}"
            );
        }
        // Decomposed text is not NFC, and is composed.
        let decomposed = "Ke\u{302}\u{301} hoa\u{323}ch";
        assert!(!is_nfc(decomposed));
        assert_eq!(nfc(decomposed), "Kế hoạch");
        assert!(is_nfc(
            "Kế hoạch số 33/KH-UBND ngày 21/8/2025 của Ủy ban nhân dân"
        ));
    }

    #[test]
    fn template_escaping_writes_what_teras_own_does() {
        // Tera's escape is the reference: pages must not change when ours replaces it.
        for s in [
            "",
            "Kế hoạch số 33/KH-UBND",
            r#"<script>alert('x')</script> & "quoted" > 'single'"#,
            "&&<<>>",
            "đầu & cuối <",
            "không có gì để thoát",
        ] {
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            escape_html_to(s, &mut ours).unwrap();
            tera::escape_html(s, &mut teras).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(teras).unwrap()
            );
            assert_eq!(escape_html(s).as_bytes(), escape_html_to_vec(s));
        }
    }

    fn escape_html_to_vec(s: &str) -> Vec<u8> {
        let mut v = Vec::new();
        escape_html_to(s, &mut v).unwrap();
        v
    }

    #[test]
    fn slug_folds_d_with_stroke() {
        assert_eq!(slugify("Đảng ủy"), "dang-uy");
        assert_eq!(slugify("đoàn kết"), "doan-ket");
        assert_eq!(slugify("Kế hoạch số 33/KH-UBND"), "ke-hoach-so-33-kh-ubnd");
        assert_eq!(slugify("  Ngày hội 19/8!  "), "ngay-hoi-19-8");
    }

    #[test]
    fn the_fold_table_agrees_with_the_rule_for_every_character() {
        for n in (0..0x3000u32).chain(0x1_0000..0x1_0400) {
            let Some(c) = char::from_u32(n) else { continue };
            let (mut fast, mut slow) = (String::new(), String::new());
            fold_char(c, |f| fast.push(f));
            fold_slow(c, |f| slow.push(f));
            assert_eq!(fast, slow, "U+{n:04X}");
        }
        assert_eq!(fold("Đảng ủy ƯỚC Ǆ ǅ İ"), "dang uy uoc ǆ ǆ i");
    }

    #[test]
    fn slug_of_nfd_equals_slug_of_nfc() {
        let nfd: String = "Tổ quốc".nfd().collect();
        assert_eq!(slugify(&nfd), "to-quoc");
    }

    #[test]
    fn fold_strips_tones_and_marks() {
        assert_eq!(fold("An ninh Tổ quốc"), "an ninh to quoc");
        assert_eq!(fold("Đảng ủy"), "dang uy");
    }

    #[test]
    fn vietnamese_alphabetical_order() {
        let mut words = vec![
            "đông", "dân", "ăn", "an", "ơn", "ôm", "ưu", "uy", "bảo", "ân",
        ];
        words.sort_by(|a, b| vi_cmp(a, b));
        assert_eq!(
            words,
            vec!["an", "ăn", "ân", "bảo", "dân", "đông", "ôm", "ơn", "uy", "ưu"]
        );
        // tones only break ties: "ma, mà, mả, mã, má, mạ"
        let mut tones = vec!["mạ", "má", "mã", "mả", "mà", "ma"];
        tones.sort_by(|a, b| vi_cmp(a, b));
        assert_eq!(tones, vec!["ma", "mà", "mả", "mã", "má", "mạ"]);
    }
}
