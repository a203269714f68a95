//! Site configuration: `bangtin.yaml`, read once into a validated `Config`.

use crate::diag::Diagnostic;
use serde::Deserialize;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "bangtin.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: Option<String>,
    base_url: String,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    timezone: Option<String>,
    #[serde(default)]
    paginate: Option<usize>,
    #[serde(default)]
    minify: Option<bool>,
    #[serde(default)]
    footer: Option<Footer>,
    #[serde(default)]
    menu: Option<Vec<MenuItem>>,
    #[serde(default)]
    parent: Option<String>,
    #[serde(default)]
    rss_limit: Option<usize>,
    calendar: Option<CalendarConfig>,
}

const CONFIG_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "timezone",
    "paginate",
    "minify",
    "footer",
    "menu",
    "parent",
    "rss_limit",
    "owner",
    "responsible",
    "address",
    "phone",
    "email",
    "license",
    "reuse",
    "name",
    "url",
    "calendar",
    "ics_months_back",
    "ics_months_ahead",
    "ics_max_events",
];

/// `calendar:` in `bangtin.yaml`: what the iCalendar feeds (`/lich.ics`, one per agency)
/// cover. Yearly commemorations are always in, as one repeating event each.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CalendarConfig {
    /// Months before the build day whose deadlines and events a feed lists.
    pub ics_months_back: u32,
    /// Months after the build day whose deadlines and events a feed lists.
    pub ics_months_ahead: u32,
    /// At most this many deadline entries in a feed (a deadline shared by many plans is one
    /// entry): those nearest the build day are kept.
    pub ics_max_events: usize,
}

impl Default for CalendarConfig {
    fn default() -> Self {
        CalendarConfig {
            ics_months_back: 12,
            ics_months_ahead: 24,
            ics_max_events: 1500,
        }
    }
}

/// The information a state agency's page must show in its footer.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Footer {
    /// The agency that owns the site.
    #[serde(default)]
    pub owner: Option<String>,
    /// Who is responsible for the content.
    #[serde(default)]
    pub responsible: Option<String>,
    /// Postal address.
    #[serde(default)]
    pub address: Option<String>,
    /// Telephone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// The site's licence line ("Giấy phép số …").
    #[serde(default)]
    pub license: Option<String>,
    /// The notice on reusing the site's information (Nghị định 42/2022 asks for one); a
    /// sentence naming the site is shown when it is absent.
    #[serde(default)]
    pub reuse: Option<String>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Vi,
    En,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub title: String,
    pub description: Option<String>,
    pub base_url: BaseUrl,
    pub language: Language,
    pub theme: String,
    /// The site's time zone: "today" for the build and the dates of feeds are read in it.
    pub timezone: jiff::tz::TimeZone,
    pub paginate: usize,
    pub minify: bool,
    pub footer: Footer,
    /// `menu:`: the whole main menu when given; else the sections and the pages marked
    /// `menu: true`.
    pub menu: Option<Vec<MenuItem>>,
    /// The agency above every plan's issuer (`UBND TỈNH SÔNG LAM`), unless a plan says.
    pub parent: Option<String>,
    /// How many items `/rss.xml` holds (the newest).
    pub rss_limit: usize,
    pub calendar: CalendarConfig,
}

impl Config {
    /// Reads `bangtin.yaml` in `root`.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read(&path) {
            Ok(bytes) => crate::content::decode_text(Path::new(CONFIG_FILE), &bytes)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Diagnostic::error(
                    CONFIG_FILE,
                    format!("không tìm thấy tệp cấu hình trong {}", root.display()),
                )
                .help("chạy lệnh trong thư mục của trang, dùng `--root THƯ_MỤC`, hoặc tạo trang mới bằng `bangtin init THƯ_MỤC`"))
            }
            Err(e) => return Err(Diagnostic::io(Path::new(CONFIG_FILE), &e)),
        };
        Self::parse(root, &text)
    }

    pub fn parse(root: &Path, text: &str) -> Result<Config, Diagnostic> {
        let file = Path::new(CONFIG_FILE);
        // One error at a time here: every later check of the config needs the whole of it.
        let raw: RawConfig =
            crate::yaml::parse_all(file, text, 0, 1, CONFIG_KEYS).map_err(|ds| {
                ds.into_iter()
                    .next()
                    .unwrap_or_else(|| Diagnostic::error(file, "không đọc được tệp cấu hình"))
            })?;
        let key_line = |key: &str| {
            text.lines()
                .position(|l| l.trim_start().starts_with(&format!("{key}:")))
                .map_or(1, |i| i + 1)
        };
        let language = match raw.language.as_deref().unwrap_or("vi") {
            "vi" => Language::Vi,
            "en" => Language::En,
            other => {
                return Err(
                    Diagnostic::error(file, format!("ngôn ngữ `{other}` chưa được hỗ trợ"))
                        .at_line(key_line("language"))
                        .help("dùng `language: vi` hoặc `language: en`"),
                )
            }
        };
        let base_url = BaseUrl::parse(&raw.base_url).map_err(|e| {
            Diagnostic::error(file, e.message)
                .at_line(key_line("base_url"))
                .help(format!(
                    "{}, ví dụ `base_url: \"https://stp.quangngai.gov.vn/\"`",
                    e.what_to_do
                ))
        })?;
        for item in raw.menu.iter().flatten() {
            if let Err(message) = crate::links::check(&item.url) {
                let line = text
                    .lines()
                    .position(|l| l.contains("url") && l.contains(item.url.trim()))
                    .map_or_else(|| key_line("menu"), |i| i + 1);
                return Err(Diagnostic::error(
                    file,
                    format!("mục menu `{}`: {message}", item.name),
                )
                .at_line(line)
                .help(crate::links::HELP));
            }
        }
        let timezone_name = raw.timezone.as_deref().unwrap_or(DEFAULT_TIMEZONE);
        let timezone = jiff::tz::TimeZone::get(timezone_name).map_err(|_| {
            Diagnostic::error(file, format!("múi giờ `{timezone_name}` không tồn tại"))
                .at_line(key_line("timezone"))
                .help("dùng `timezone: Asia/Ho_Chi_Minh`")
        })?;
        let paginate = raw.paginate.unwrap_or(20);
        if paginate == 0 {
            return Err(Diagnostic::error(file, "`paginate` phải lớn hơn 0")
                .at_line(key_line("paginate"))
                .help("ví dụ `paginate: 20`"));
        }
        let rss_limit = raw.rss_limit.unwrap_or(50);
        if rss_limit == 0 {
            return Err(Diagnostic::error(file, "`rss_limit` phải lớn hơn 0")
                .at_line(key_line("rss_limit"))
                .help("ví dụ `rss_limit: 50`"));
        }
        Ok(Config {
            root: root.to_path_buf(),
            title: raw.title,
            description: raw.description,
            base_url,
            language,
            theme: raw.theme.unwrap_or_else(|| "default".to_string()),
            timezone,
            paginate,
            minify: raw.minify.unwrap_or(true),
            footer: raw.footer.unwrap_or_default(),
            menu: raw.menu,
            parent: raw.parent.filter(|p| !p.trim().is_empty()),
            rss_limit,
            calendar: raw.calendar.unwrap_or_default(),
        })
    }

    /// The absolute URL of a site path such as `/ke-hoach/a/`.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }

    /// The path part of base_url (`/` or `/sub/`), prefixed to every internal link.
    pub fn base_path(&self) -> &str {
        self.base_url.path()
    }
}

/// The time zone when `bangtin.yaml` names none.
pub const DEFAULT_TIMEZONE: &str = "Asia/Ho_Chi_Minh";

/// `base_url`, checked: an `http://` or `https://` address, or a site path starting with `/`,
/// always ending with `/`. `bangtin.yaml` and `--base-url` both go through `BaseUrl::parse`.
/// It reads as the string it is (`Deref<Target = str>`), which is what templates and feeds use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

/// Why a `base_url` was refused: the problem, and what to do (the caller adds an example
/// written the way the value was given, in `bangtin.yaml` or on the command line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrlError {
    pub message: String,
    pub what_to_do: &'static str,
}

impl BaseUrl {
    pub fn parse(value: &str) -> Result<BaseUrl, BaseUrlError> {
        let url = value.trim();
        if url.contains(['"', '\'', '`']) {
            return Err(BaseUrlError {
                message: format!("`base_url` có dấu ngoặc: `{url}`"),
                what_to_do: "bỏ các dấu ngoặc trong địa chỉ",
            });
        }
        if url.contains(char::is_whitespace) {
            return Err(BaseUrlError {
                message: format!("`base_url` có khoảng trắng: `{url}`"),
                what_to_do:
                    "bỏ khoảng trắng trong địa chỉ (một địa chỉ trang không có khoảng trắng)",
            });
        }
        let lower = url.to_ascii_lowercase();
        let host = ["https://", "http://"]
            .iter()
            .find(|p| lower.starts_with(*p))
            .map(|p| url[p.len()..].split(['/', '?', '#']).next().unwrap_or(""));
        // A host is letters, digits, `-`, `.`, a port; `user@` or `\` could lead elsewhere.
        let bad_host = host.is_some_and(|h| {
            h.is_empty()
                || !h
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | ':' | '[' | ']'))
        });
        // `//host/` and `/\host/` are read by browsers as another site, not a site path.
        let other_site = host.is_none()
            && (url.starts_with("//") || url.starts_with("/\\") || url.contains('\\'));
        if bad_host || other_site || (host.is_none() && !url.starts_with('/')) {
            return Err(BaseUrlError {
                message: format!("`base_url` không hợp lệ: `{url}`"),
                what_to_do: "ghi địa chỉ đầy đủ của trang",
            });
        }
        let mut url = url.to_string();
        if !url.ends_with('/') {
            url.push('/');
        }
        Ok(BaseUrl(url))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The path part (`/` or `/sub/`), prefixed to every internal link.
    pub fn path(&self) -> &str {
        match self.0.find("://") {
            Some(i) => {
                let after = &self.0[i + 3..];
                after.find('/').map_or("/", |j| &after[j..])
            }
            None => &self.0,
        }
    }
}

impl std::ops::Deref for BaseUrl {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_line_and_suggests() {
        let err =
            Config::parse(Path::new("."), "title: x\nbase_url: /\ntheem: default\n").unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.help.unwrap().contains("`theme`"));
    }

    #[test]
    fn rss_limit_defaults_to_50_and_refuses_0() {
        let c = Config::parse(Path::new("."), "title: x\nbase_url: /\n").unwrap();
        assert_eq!(c.rss_limit, 50);
        let c = Config::parse(Path::new("."), "title: x\nbase_url: /\nrss_limit: 5\n").unwrap();
        assert_eq!(c.rss_limit, 5);
        let err =
            Config::parse(Path::new("."), "title: x\nbase_url: /\nrss_limit: 0\n").unwrap_err();
        assert_eq!(err.line, Some(3));
        let err =
            Config::parse(Path::new("."), "title: x\nbase_url: /\nrss_limt: 5\n").unwrap_err();
        assert!(err.help.unwrap().contains("`rss_limit`"));
    }

    #[test]
    fn calendar_keys_have_defaults_and_suggestions() {
        let c = Config::parse(Path::new("."), "title: x\nbase_url: /\n").unwrap();
        assert_eq!(c.calendar, CalendarConfig::default());
        let c = Config::parse(
            Path::new("."),
            "title: x\nbase_url: /\ncalendar:\n  ics_months_back: 3\n",
        )
        .unwrap();
        assert_eq!(c.calendar.ics_months_back, 3);
        assert_eq!(c.calendar.ics_months_ahead, 24);
        let err = Config::parse(
            Path::new("."),
            "title: x\nbase_url: /\ncalendar:\n  ics_month_ahead: 6\n",
        )
        .unwrap_err();
        assert_eq!(err.line, Some(4), "{err:?}");
        assert!(
            err.help
                .as_deref()
                .unwrap_or("")
                .contains("`ics_months_ahead`"),
            "{err:?}"
        );
    }

    #[test]
    fn base_url_gets_trailing_slash() {
        let c =
            Config::parse(Path::new("."), "title: x\nbase_url: https://a.gov.vn/sub\n").unwrap();
        assert_eq!(c.base_url.as_str(), "https://a.gov.vn/sub/");
        assert_eq!(c.base_path(), "/sub/");
        assert_eq!(c.absolute("/lich/"), "https://a.gov.vn/sub/lich/");
    }

    #[test]
    fn unknown_time_zone_names_its_line() {
        let err = Config::parse(
            Path::new("."),
            "title: x\nbase_url: /\ntimezone: Asia/Ha_Noi\n",
        )
        .unwrap_err();
        assert_eq!(err.path, Path::new(CONFIG_FILE));
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.message.contains("`Asia/Ha_Noi`"), "{err}");
        assert!(err.help.unwrap().contains("Asia/Ho_Chi_Minh"));
        let c = Config::parse(Path::new("."), "title: x\nbase_url: /\ntimezone: UTC\n").unwrap();
        assert_eq!(c.timezone, jiff::tz::TimeZone::UTC);
        let c = Config::parse(Path::new("."), "title: x\nbase_url: /\n").unwrap();
        assert_eq!(c.timezone.iana_name(), Some(DEFAULT_TIMEZONE));
    }

    #[test]
    fn base_url_refuses_quotes_spaces_and_other_schemes() {
        for bad in [
            "\"https://a.gov.vn/\"",
            "'https://a.gov.vn/'",
            "https://a.gov.vn/trang tin/",
            "ftp://a.gov.vn/",
            "a.gov.vn",
            "https://",
            "//evil.example/",
            "/\\evil.example/",
            "https://a.gov.vn@evil.example/",
            "https://a.gov.vn\\@evil.example/",
            "javascript:alert(1)//",
        ] {
            let err = BaseUrl::parse(bad).expect_err(bad);
            assert!(err.message.contains(bad.trim()), "{bad}: {err:?}");
        }
        let quoted = BaseUrl::parse("\"https://a.gov.vn/\"").unwrap_err();
        assert!(quoted.what_to_do.contains("ngoặc"), "{quoted:?}");
        assert_eq!(
            BaseUrl::parse(" http://a.gov.vn ").unwrap().as_str(),
            "http://a.gov.vn/"
        );
        assert_eq!(BaseUrl::parse("/").unwrap().path(), "/");
        // In the file, YAML's own quotes are fine; quotes inside the value are not.
        let err = Config::parse(
            Path::new("."),
            "title: x\nbase_url: '\"https://a.gov.vn/\"'\n",
        )
        .unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
        assert!(err.help.unwrap().contains("base_url: \"https://"));
    }
}
