//! UI strings of the theme, in Vietnamese and English. Templates read them as `t.key`.

use crate::config::Language;
use std::collections::BTreeMap;

const STRINGS: &[(&str, &str, &str)] = &[
    ("home", "Trang chủ", "Home"),
    ("plans", "Kế hoạch", "Plans"),
    ("models", "Mô hình điển hình", "Model initiatives"),
    ("commendations", "Khen thưởng", "Commendations"),
    ("directives", "Văn bản", "Directives"),
    ("events", "Sự kiện", "Events"),
    ("news", "Tin tức – Sự kiện", "News"),
    ("news_menu", "Tin tức", "News"),
    ("agencies_named", "Cơ quan được nhắc đến", "Agencies named"),
    ("calendar", "Lịch", "Calendar"),
    ("search", "Tìm kiếm", "Search"),
    ("kind_plan", "Kế hoạch", "Plan"),
    ("kind_model", "Mô hình", "Model initiative"),
    ("kind_commendation", "Khen thưởng", "Commendation"),
    ("kind_directive", "Văn bản", "Directive"),
    ("kind_event", "Sự kiện", "Event"),
    ("kind_news", "Tin tức", "News"),
    ("author", "Tác giả", "Author"),
    ("news_source", "Nguồn", "Source"),
    ("photo", "Ảnh", "Photo"),
    ("kind_page", "Trang", "Page"),
    ("skip", "Bỏ qua, đến nội dung chính", "Skip to main content"),
    ("menu", "Danh mục", "Menu"),
    ("filter", "Lọc theo nhóm", "Filter by group"),
    ("print", "In", "Print"),
    ("save", "Lưu", "Save"),
    ("save_hint", "Lưu bài thành một tệp HTML đọc được khi không có mạng (hoặc chọn “Lưu dưới dạng PDF” khi in)", "Save the article as one HTML file that reads offline (or choose “Save as PDF” when printing)"),
    ("saved_from", "Nguồn", "Source"),
    ("toc", "Mục lục", "Contents"),
    ("number", "Số", "No."),
    ("basis", "Căn cứ", "Legal basis"),
    ("recipients", "Nơi nhận", "Recipients"),
    ("attachments", "Tệp đính kèm", "Attachments"),
    ("deadlines", "Thời hạn", "Deadlines"),
    ("yearly", "hằng năm", "every year"),
    ("related", "Văn bản liên quan", "Related documents"),
    ("cites", "Văn bản này trích dẫn", "This document cites"),
    ("cited_by", "Được trích dẫn bởi", "Cited by"),
    ("mentioned_by", "Được nhắc đến trong", "Mentioned in"),
    ("see_all", "Xem tất cả", "See all"),
    ("by_year", "Theo năm", "By year"),
    ("by_agency", "Theo cơ quan", "By agency"),
    ("others", "Khác", "Others"),
    ("most_cited", "Được trích dẫn nhiều nhất", "Most cited"),
    ("mentions_of", "Trang nhắc đến", "Pages mentioning"),
    ("subscribe_calendar", "Theo dõi lịch (iCalendar)", "Subscribe to the calendar (iCalendar)"),
    ("tags", "Chủ đề", "Tags"),
    ("issuer", "Cơ quan ban hành", "Issued by"),
    ("date", "Ngày", "Date"),
    ("year", "Năm", "Year"),
    ("years", "Theo năm", "By year"),
    ("issuers", "Theo cơ quan", "By agency"),
    ("all_tags", "Tất cả chủ đề", "All tags"),
    ("read_more", "Xem tiếp", "Read more"),
    ("latest_plans", "Kế hoạch mới", "Latest plans"),
    ("upcoming", "Sắp diễn ra", "Upcoming"),
    ("no_upcoming", "Không có sự kiện hay thời hạn nào trong thời gian tới.", "Nothing is due soon."),
    ("prev", "Trang trước", "Previous"),
    ("next", "Trang sau", "Next"),
    ("prev_month", "Tháng trước", "Previous month"),
    ("next_month", "Tháng sau", "Next month"),
    ("page_n", "Trang", "Page"),
    ("not_found", "Không tìm thấy trang", "Page not found"),
    ("not_found_text", "Trang bạn tìm không có hoặc đã được chuyển đi. Hãy thử tìm kiếm hoặc về trang chủ.", "The page you are looking for does not exist or has moved. Try searching, or go to the home page."),
    ("redirect", "Trang đã chuyển đến", "This page has moved to"),
    ("owner", "Cơ quan chủ quản", "Owner"),
    ("responsible", "Chịu trách nhiệm chính", "Editor in charge"),
    ("address", "Địa chỉ", "Address"),
    ("phone", "Điện thoại", "Phone"),
    ("email", "Thư điện tử", "E-mail"),
    ("license", "Giấy phép", "Licence"),
    ("unit", "Đơn vị", "Unit"),
    ("locality", "Địa bàn", "Locality"),
    ("category", "Nhóm", "Category"),
    ("since", "Từ năm", "Since"),
    ("status", "Tình trạng", "Status"),
    ("form", "Hình thức", "Form"),
    ("decision", "Quyết định", "Decision"),
    ("awardees", "Tập thể, cá nhân được khen thưởng", "Awarded"),
    ("collective", "Tập thể", "Collective"),
    ("individual", "Cá nhân", "Individual"),
    ("reason", "Thành tích", "Achievement"),
    ("model", "Mô hình", "Model initiative"),
    ("commendations_of_model", "Khen thưởng gắn với mô hình", "Commendations for this initiative"),
    ("time", "Thời gian", "Time"),
    ("location", "Địa điểm", "Location"),
    ("subject", "Trích yếu", "Subject"),
    ("doc_type", "Loại văn bản", "Type"),
    ("official_text", "Toàn văn chính thức", "Official text"),
    ("citations", "lượt trích dẫn", "citations"),
    ("full_text_here", "Toàn văn trên trang này:", "Full text on this site:"),
    ("generated_note", "Trang này được tạo từ các trích dẫn; thông tin có thể chưa đầy đủ.", "This page was made from citations; its details may be incomplete."),
    ("honour_roll", "Bảng vàng khen thưởng", "Honour roll"),
    ("by_category", "Theo nhóm", "By category"),
    ("by_locality", "Theo địa bàn", "By locality"),
    ("by_form", "Theo hình thức", "By form"),
    ("subscribe", "Theo dõi lịch (iCalendar)", "Subscribe (iCalendar)"),
    ("today", "Hôm nay", "Today"),
    ("agenda", "Lịch cả năm", "Year agenda"),
    ("events_this_month", "Sự kiện và thời hạn trong tháng", "Events and deadlines this month"),
    ("no_events", "Không có sự kiện nào.", "No events."),
    ("source", "Nguồn", "Source"),
    ("plans_count", "kế hoạch", "plans"),
    ("more_entries", "mục khác", "more"),
    ("entries", "mục", "entries"),
    ("deadlines_count", "thời hạn", "deadlines"),
    ("continued", "tiếp", "continued"),
    ("in_text", "câu trong văn bản", "sentence in the text"),
    ("lunar", "âm lịch", "lunar"),
    ("lunar_legend", "Số nhỏ ở góc mỗi ô là ngày âm lịch (ngày/tháng).", "The small number in the corner of each day is its lunar date (day/month)."),
    ("anniversary", "năm", "years"),
    ("agency_issued", "Văn bản do cơ quan ban hành", "Documents issued"),
    ("agency_directives", "Văn bản được trích dẫn", "Cited directives it issued"),
    ("agency_models", "Mô hình do cơ quan thực hiện", "Model initiatives it runs"),
    ("agency_commendations", "Khen thưởng cơ quan được nhận", "Commendations received"),
    ("open_data", "Dữ liệu mở", "Open data"),
    ("reuse", "Khi phát hành lại thông tin từ trang này, đề nghị ghi rõ nguồn: “{site}”.", "When republishing information from this site, please credit the source: “{site}”."),
    ("search_placeholder", "Nhập từ khóa, có thể gõ không dấu…", "Type words, diacritics optional…"),
    ("search_noscript", "Tìm kiếm cần JavaScript. Bạn vẫn có thể xem danh mục văn bản và kế hoạch.", "Search needs JavaScript. You can still browse the lists of directives and plans."),
    ("results", "kết quả", "results"),
    ("search_kind", "Loại", "Kind"),
    ("search_all_kinds", "Mọi loại", "All kinds"),
    ("search_all_years", "Mọi năm", "All years"),
    ("search_none", "Không tìm thấy kết quả nào. Hãy thử bớt từ hoặc bỏ bộ lọc.", "Nothing found. Try fewer words or remove the filters."),
    ("search_page", "trang {p}/{n}", "page {p} of {n}"),
    ("search_loading", "Đang tìm…", "Searching…"),
    ("search_narrow", "gõ thêm chữ để thu hẹp kết quả", "type more letters to narrow the results"),
    ("search_failed", "Không tải được chỉ mục tìm kiếm, hãy thử tải lại trang.", "The search index could not be loaded; try reloading the page."),
    ("signature", "Người ký", "Signed by"),
    ("place_date", "ngày {d} tháng {m} năm {y}", "{d}/{m}/{y}"),
];

/// The strings for a language, as a map templates index by key.
pub fn strings(lang: Language) -> BTreeMap<&'static str, &'static str> {
    STRINGS
        .iter()
        .map(|(k, vi, en)| (*k, if lang == Language::En { *en } else { *vi }))
        .collect()
}

/// The string of `key`. Keys are written in the code, never read from input: a misspelt one
/// fails the debug build's tests, and shows as the key itself rather than as nothing.
pub fn get(lang: Language, key: &str) -> &str {
    match STRINGS.iter().find(|(k, _, _)| *k == key) {
        Some((_, vi, en)) => {
            if lang == Language::En {
                en
            } else {
                vi
            }
        }
        None => {
            debug_assert!(false, "no UI string `{key}` in render/i18n.rs");
            key
        }
    }
}

/// Whether the table has `key`.
pub fn has(key: &str) -> bool {
    STRINGS.iter().any(|(k, _, _)| *k == key)
}

/// The keys a template reads as `t.key`, in order.
pub fn template_keys(text: &str) -> Vec<&str> {
    let mut keys = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("t.") {
        let before = rest[..i].chars().next_back();
        let after = &rest[i + 2..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') && end > 0 {
            keys.push(&after[..end]);
        }
        rest = after;
    }
    keys
}

/// When Tera's error is a template reading a `t.key` the table lacks: the message (the key,
/// then Tera's frame with the template line) and what to do, instead of Tera's list of every
/// key.
pub fn explain_unknown_key(tera_message: &str) -> Option<(String, String)> {
    let key = tera_message.split("Field `").nth(1)?.split('`').next()?;
    let (_, frame) = tera_message.split_once('\n')?;
    if has(key) || !template_keys(frame).contains(&key) {
        return None;
    }
    let keys: Vec<&str> = STRINGS.iter().map(|(k, _, _)| *k).collect();
    let help = match crate::yaml::did_you_mean(key, &keys) {
        Some(best) => format!("có phải ý bạn là `t.{best}`? Sửa `t.{key}` thành `t.{best}`."),
        None => format!(
            "dùng một chuỗi có sẵn, ví dụ `t.{}`; danh sách ở src/render/i18n.rs",
            keys[0]
        ),
    };
    Some((format!("không có chuỗi giao diện `t.{key}`\n{frame}"), help))
}

#[cfg(test)]
mod tests;
