//! Every site path bangtin generates, in one place: a page's own URL comes from its file, the
//! rest from here. Paths are site-relative (`/van-ban/44-kl-tw/`); `Config::absolute` and the
//! views' `u()` put the base URL in front.

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
    format!("/van-ban/cap/{level_slug}/")
}

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

/// A day of the calendar, with every deadline and event of that day.
pub fn day(d: jiff::civil::Date) -> String {
    format!("/lich/{}/{:02}/{:02}/", d.year(), d.month(), d.day())
}

/// Page `n` of a day of the calendar.
pub fn day_page(d: jiff::civil::Date, n: usize) -> String {
    paged(&day(d), n)
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
}
