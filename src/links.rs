//! Which addresses an editor may put in a link: the one rule for every user-supplied URL
//! that ends up in an `href` or `src` (a menu item, a directive's `url`, a Markdown link or
//! image). Only `http:`, `https:`, `mailto:` and `tel:` addresses, site paths and fragments
//! pass; `javascript:`, `data:` and the like run code or smuggle content when clicked.

/// The schemes a link may use.
pub const SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Checks one address. `Err` holds the message, naming the address as written.
pub fn check(url: &str) -> Result<(), String> {
    // Browsers drop tabs and line breaks anywhere in a URL and leading spaces and control
    // characters, so `java\tscript:` is `javascript:`: look at it the way they do.
    let seen: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if seen.starts_with("//") || seen.starts_with("\\\\") || seen.starts_with("/\\") {
        return Err(format!(
            "địa chỉ `{url}` thiếu `https:` ở đầu (địa chỉ bắt đầu bằng `//` dẫn sang trang khác)"
        ));
    }
    let Some(colon) = seen.find(':') else {
        return Ok(());
    };
    let head = &seen[..colon];
    let is_scheme = head.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !is_scheme {
        // `/a:b`, `?q=a:b`, `#x:y`: a colon after a path, query or fragment is no scheme.
        return Ok(());
    }
    let scheme = head.to_ascii_lowercase();
    if SCHEMES.contains(&scheme.as_str()) {
        Ok(())
    } else {
        Err(format!(
            "địa chỉ `{url}` dùng giao thức `{scheme}:` không được phép trong liên kết"
        ))
    }
}

/// What to do when `check` refuses an address.
pub const HELP: &str = "chỉ dùng địa chỉ bắt đầu bằng `https://`, `http://`, `mailto:`, `tel:`, hoặc đường dẫn trong trang như `/ke-hoach/`";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_mail_phone_and_site_paths_pass() {
        for ok in [
            "https://vbpl.vn/a",
            "HTTP://a.gov.vn",
            "mailto:a@b.vn",
            "tel:+84200",
            "/ke-hoach/",
            "ke-hoach/a/",
            "#muc-1",
            "?q=a:b",
            "/a:b",
            "",
        ] {
            assert!(check(ok).is_ok(), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "file:///etc/passwd",
            "//evil.example/",
            "\\\\evil.example/",
        ] {
            let err = check(bad).expect_err(bad);
            assert!(err.contains(bad), "{err}");
        }
    }
}
