//! Every site path bangtin generates, in one place: pages, lists, the calendar, feeds and
//! data files. Paths are site-relative (`/van-ban/44-kl-tw/`); `Config::absolute` and the
//! views' `u()` put the base URL in front, `file` gives the path of the output file. Nothing
//! else formats a URL, and nothing parses one back.

/// The home page.
pub const HOME: &str = "/";
/// The page for a path that does not exist (web servers serve it on a 404).
pub const NOT_FOUND: &str = "/404.html";
/// The search page; its index is under it (`search_index`, `search_shard`, `search_doc`).
pub const SEARCH: &str = "/tim-kiem/";
/// The calendar: the current month.
pub const CALENDAR: &str = "/lich/";
/// Every agency (issuer, runner of models, commended unit).
pub const AGENCIES: &str = "/co-quan/";
pub const TAGS: &str = "/the/";
pub const YEARS: &str = "/nam/";
/// The newest items, as RSS 2.0.
pub const RSS: &str = "/rss.xml";
/// The sitemap index, over `sitemap_part`s.
pub const SITEMAP: &str = "/sitemap.xml";
/// What crawlers may read, and where the sitemap is.
pub const ROBOTS: &str = "/robots.txt";
/// Every event and deadline in the feed's window, as iCalendar.
pub const CALENDAR_FEED: &str = "/lich.ics";

/// The output file of a site path: `/lich.ics` → `lich.ics`, `/ke-hoach/` →
/// `ke-hoach/index.html`, `/ke-hoach/a` → `ke-hoach/a/index.html`.
pub fn file(path: &str) -> String {
    let trimmed = path.trim_start_matches('/');
    if trimmed.is_empty() {
        "index.html".to_string()
    } else if trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else if trimmed
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
    {
        trimmed.to_string()
    } else {
        format!("{trimmed}/index.html")
    }
}

/// The site path an output file is served at, the inverse of `file`:
/// `van-ban/a/index.html` → `/van-ban/a/`, `lich.ics` → `/lich.ics`.
pub fn path_of_file(file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{file}"),
    }
}

/// A page of `content/`: its folders (slugified) and its slug, `/ke-hoach/kh-33/`.
pub fn page(dirs: &[String], slug: &str) -> String {
    if dirs.is_empty() {
        format!("/{slug}/")
    } else {
        format!("/{}/{slug}/", dirs.join("/"))
    }
}

/// The list of a section of `content/` (`ke-hoach`): `/ke-hoach/`.
pub fn section(name: &str) -> String {
    format!("/{name}/")
}

/// Page `n` (1-based) of a paged list or page that starts at `path`: `/ke-hoach/trang/2/`.
pub fn paged(path: &str, n: usize) -> String {
    if n <= 1 {
        path.to_string()
    } else {
        format!("{path}trang/{n}/")
    }
}

/// A directive's page.
pub fn directive(slug: &str) -> String {
    format!("/van-ban/{slug}/")
}

/// The index of directives.
pub const DIRECTIVES: &str = "/van-ban/";

/// Every directive of one issuing level, paged.
pub fn directive_level(level_slug: &str) -> String {
    format!("{DIRECTIVE_LEVELS}{level_slug}/")
}

/// Where the lists of directives by level are (`directive_level`).
pub const DIRECTIVE_LEVELS: &str = "/van-ban/cap/";

/// An agency's page.
pub fn agency(slug: &str) -> String {
    format!("/co-quan/{slug}/")
}

/// The iCalendar feed of what an agency issued.
pub fn agency_calendar(slug: &str) -> String {
    format!("/co-quan/{slug}/lich.ics")
}

/// Every page naming the page at `page_url` (a model named in running text), paged.
pub fn mentions(page_url: &str) -> String {
    format!("{page_url}nhac-den/")
}

pub fn tag(slug: &str) -> String {
    format!("/the/{slug}/")
}

pub fn year(slug: &str) -> String {
    format!("/nam/{slug}/")
}

pub fn model_category(slug: &str) -> String {
    format!("/mo-hinh/nhom/{slug}/")
}

pub fn model_locality(slug: &str) -> String {
    format!("/mo-hinh/dia-ban/{slug}/")
}

pub fn commendation_form(form: &str) -> String {
    format!("/khen-thuong/hinh-thuc/{form}/")
}

/// The commendations of one kind of recipient (`tap-the`, `ca-nhan`).
pub fn commendation_recipients(kind_slug: &str) -> String {
    format!("/khen-thuong/{kind_slug}/")
}

/// A month of the calendar.
pub fn month(year: i16, month: i8) -> String {
    format!("/lich/{year}/{month:02}/")
}

/// A year of the calendar: its months at a glance.
pub fn calendar_year(year: i16) -> String {
    format!("/lich/{year}/")
}

/// A day of the calendar, with every deadline and event of that day.
pub fn day(d: jiff::civil::Date) -> String {
    format!("/lich/{}/{:02}/{:02}/", d.year(), d.month(), d.day())
}

/// Page `n` of a day of the calendar.
pub fn day_page(d: jiff::civil::Date, n: usize) -> String {
    paged(&day(d), n)
}

/// Part `n` (from 1) of the sitemap.
pub fn sitemap_part(n: usize) -> String {
    format!("/sitemap-{n}.xml")
}

/// The open data index of a kind (`ke-hoach`): `/api/ke-hoach.json`.
pub fn data_index(dir: &str) -> String {
    format!("/api/{dir}.json")
}

/// Page `n` (from 1) of a paged open data index (`van-ban`): `/api/van-ban.json`, then
/// `/api/van-ban-2.json` …, beside the index (a directive's own files are in `/api/van-ban/`).
pub fn data_index_page(dir: &str, n: usize) -> String {
    match n {
        1 => data_index(dir),
        n => format!("/api/{dir}-{n}.json"),
    }
}

/// Page `n` (from 1) of the open data of a kind for one group (a year, `hang-nam`).
pub fn data_part(dir: &str, stem: &str, n: usize) -> String {
    match n {
        1 => format!("/api/{dir}/{stem}.json"),
        n => format!("/api/{dir}/{stem}-{n}.json"),
    }
}

/// Page `n` (from 1) of the open data of one directive and the pages citing it.
pub fn data_directive(slug: &str, n: usize) -> String {
    match n {
        1 => format!("/api/van-ban/{slug}.json"),
        n => format!("/api/van-ban/{slug}/{n}.json"),
    }
}

/// The search index's manifest: shards, kinds, years.
pub fn search_index() -> String {
    format!("{SEARCH}index.json")
}

/// Shard `n` (from 0) of the search index's terms. `search.js` builds the same path.
pub fn search_shard(n: usize) -> String {
    format!("{SEARCH}s/{n}.bin")
}

/// The title, URL and number of text parts of search document `id`, a thousand to a
/// folder. `search.js` builds the same path.
pub fn search_doc(id: usize) -> String {
    format!("{SEARCH}d/{}/{id}.json", id / 1000)
}

/// Part `j` (from 0) of the text of search document `id`, gzipped.
pub fn search_text_part(id: usize, j: usize) -> String {
    format!("{SEARCH}d/{}/{id}-{j}.gz", id / 1000)
}

/// The anchor of the `n`th (1-based) citation in a page's text: `vb-3`.
pub fn citation_anchor(n: usize) -> String {
    format!("vb-{n}")
}

/// The anchor of the `n`th (1-based) deadline highlighted in a plan's text: `han-2`.
pub fn deadline_anchor(n: usize) -> String {
    format!("han-{n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_page_of_a_list_is_its_own_path() {
        assert_eq!(paged("/van-ban/44-kl-tw/", 1), "/van-ban/44-kl-tw/");
        assert_eq!(paged("/van-ban/44-kl-tw/", 3), "/van-ban/44-kl-tw/trang/3/");
        assert_eq!(
            paged(&mentions("/mo-hinh/camera/"), 2),
            "/mo-hinh/camera/nhac-den/trang/2/"
        );
    }

    #[test]
    fn every_site_path_has_one_output_file() {
        assert_eq!(file(HOME), "index.html");
        assert_eq!(file(&month(2025, 6)), "lich/2025/06/index.html");
        assert_eq!(file(CALENDAR_FEED), "lich.ics");
        assert_eq!(file(NOT_FOUND), "404.html");
        assert_eq!(file("/ke-hoach/a"), "ke-hoach/a/index.html");
        assert_eq!(
            file(&data_part("ke-hoach", "2025", 2)),
            "api/ke-hoach/2025-2.json"
        );
        assert_eq!(file(&search_doc(1234)), "tim-kiem/d/1/1234.json");
        for path in [
            HOME,
            "/van-ban/44-kl-tw/trang/2/",
            CALENDAR_FEED,
            &sitemap_part(3),
        ] {
            assert_eq!(path_of_file(&file(path)), path);
        }
    }
}
