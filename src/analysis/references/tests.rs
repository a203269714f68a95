//! Unit tests of the citator: symbols, types, dates, issuers, lists, identity.

use super::*;
use unicode_normalization::UnicodeNormalization;

fn date(y: i16, m: i8, d: i8) -> Date {
    Date::new(y, m, d).expect("valid test date")
}

fn symbols(text: &str) -> Vec<String> {
    find_citations(text).into_iter().map(|c| c.symbol).collect()
}

fn one(text: &str) -> Citation {
    let mut all = find_citations(text);
    assert_eq!(
        all.len(),
        1,
        "expected one citation in {text:?}, got {all:?}"
    );
    all.remove(0)
}

#[test]
fn every_symbol_shape_is_found_after_a_type_word() {
    for (text, symbol) in [
        ("Kết luận số 44-KL/TW của Ban Bí thư", "44-KL/TW"),
        ("Kế hoạch số 186-KH/TU", "186-KH/TU"),
        ("Chương trình hành động số 17-CTr/BDVTU", "17-CTr/BDVTU"),
        ("Kế hoạch số 127-KH/ĐUCA", "127-KH/ĐUCA"),
        ("Kế hoạch số 33/KH-UBND", "33/KH-UBND"),
        ("Chỉ thị số 06/CT-BCA-V05", "06/CT-BCA-V05"),
        ("Kế hoạch số 05/KH-BCĐ138", "05/KH-BCĐ138"),
        (
            "Tờ trình số 1150/TTr-CAT-TM(XDPT).",
            "1150/TTr-CAT-TM(XDPT)",
        ),
        ("Chỉ thị số 01/CT-TTg", "01/CT-TTg"),
        ("Thông tư số 124/2021/TT-BCA", "124/2021/TT-BCA"),
        ("Nghị quyết số 48/2023/NQ-HĐND", "48/2023/NQ-HĐND"),
        ("Công văn số 76/BCĐ ngày 09/3/2022", "76/BCĐ"),
        ("Công văn số 42/UBND-TCD-NC", "42/UBND-TCD-NC"),
        ("Quy định số 12/QyĐ-UBND", "12/QyĐ-UBND"),
        ("Luật số 83/2015/QH13", "83/2015/QH13"),
    ] {
        assert_eq!(symbols(text), vec![symbol], "in {text:?}");
    }
}

#[test]
fn type_date_and_issuer_are_read() {
    let c = one("Thực hiện Kế hoạch số 05/KH-BCĐ138 ngày 26/02/2024 của Ban Chỉ đạo 138 tỉnh Quảng Ngãi về Công tác");
    assert_eq!(c.doc_type, Some(DocType::KeHoach));
    assert_eq!(c.date, Some(date(2024, 2, 26)));
    assert_eq!(c.issuer.as_deref(), Some("Ban Chỉ đạo 138 tỉnh Quảng Ngãi"));
    let c = one("Chỉ thị số 09-CT/TW ngày 21 tháng 8 năm 2025 của Ban Bí thư; tiếp");
    assert_eq!(c.date, Some(date(2025, 8, 21)));
    assert_eq!(c.issuer.as_deref(), Some("Ban Bí thư"));
    // A comma before "ngày", the date wrapped to the next line.
    let c = one("Kết luận số 44-KL/TW, ngày \n\n22/01/2019 của Ban Bí thư về việc");
    assert_eq!(c.date, Some(date(2019, 1, 22)));
}

#[test]
fn the_issuer_ends_with_its_clause() {
    let issuer = |t: &str| one(t).issuer;
    assert_eq!(
        issuer("Chỉ thị số 01/CT-TTg ngày 09/01/2015 của Thủ \n\ntướng Chính phủ về tổ chức")
            .as_deref(),
        Some("Thủ tướng Chính phủ")
    );
    assert_eq!(
        issuer("Chỉ thị số 07/CT-BCA-V28 của Bộ trưởng Bộ Công an và tổng kết").as_deref(),
        Some("Bộ trưởng Bộ Công an")
    );
    assert_eq!(
        issuer("Kết luận số 44-KL/TW của Ban Bí thư bằng những việc làm cụ thể").as_deref(),
        Some("Ban Bí thư")
    );
    assert_eq!(
        issuer("Chỉ thị số 09-CT/TW của Ban Bí thư vào cuộc sống").as_deref(),
        Some("Ban Bí thư")
    );
    assert_eq!(
        issuer("Kế hoạch số 12/KH-SKHCN của Sở Khoa học và Công nghệ, các phòng").as_deref(),
        Some("Sở Khoa học và Công nghệ")
    );
    assert_eq!(
        issuer("Nghị quyết số 25-NQ/TW của Ban Chấp hành Trung ương Đảng \n\n(khóa XI) về")
            .as_deref(),
        Some("Ban Chấp hành Trung ương Đảng")
    );
    assert_eq!(
        issuer("Nghị quyết số 07/NQ-CP của Chính phủ ban hành Chương trình").as_deref(),
        Some("Chính phủ")
    );
    assert_eq!(
        issuer("Kế hoạch số 19/KH-BCĐ138 của Ban Chỉ đạo phòng, chống tội phạm, tệ nạn").as_deref(),
        Some("Ban Chỉ đạo phòng, chống tội phạm")
    );
    // "vệ" is not "về": a unit name is not cut at it.
    assert_eq!(
        issuer("Kế hoạch số 3/KH-CV của Bộ Tư lệnh Cảnh vệ về").as_deref(),
        Some("Bộ Tư lệnh Cảnh vệ")
    );
    let c = one("Kết luận số 44-KL/TW của Ban Bí thư. Tiếp tục");
    assert_eq!(c.issuer.as_deref(), Some("Ban Bí thư"));
}

#[test]
fn a_list_after_one_type_word_gives_each_symbol_with_the_shared_date() {
    let text = "các Nghị quyết số 48/2023/NQ-HĐND, 49/2023/NQ-HĐND và 50/2023/NQ-HĐND ngày 10/12/2023 của HĐND tỉnh";
    let all = find_citations(text);
    assert_eq!(
        all.iter().map(|c| c.symbol.as_str()).collect::<Vec<_>>(),
        ["48/2023/NQ-HĐND", "49/2023/NQ-HĐND", "50/2023/NQ-HĐND"]
    );
    for c in &all {
        assert_eq!(c.doc_type, Some(DocType::NghiQuyet), "{c:?}");
        assert_eq!(c.date, Some(date(2023, 12, 10)), "{c:?}");
        assert_eq!(c.issuer.as_deref(), Some("HĐND tỉnh"));
    }
    assert_eq!(
        &text[all[0].link_range.clone()],
        "Nghị quyết số 48/2023/NQ-HĐND"
    );
    assert_eq!(&text[all[1].link_range.clone()], "49/2023/NQ-HĐND");
    assert!(
        all.windows(2).all(|w| w[0].range.end <= w[1].range.start),
        "no overlaps"
    );
    // One-part công văn symbols are references in a list too; each keeps its own date.
    let all = find_citations(
        "các Công văn số 76/BCĐ ngày 09/3/2022, 71/BCĐ ngày 10/3/2023 của Ban Chỉ đạo",
    );
    assert_eq!(
        all.iter()
            .map(|c| (c.symbol.as_str(), c.date))
            .collect::<Vec<_>>(),
        [
            ("76/BCĐ", Some(date(2022, 3, 9))),
            ("71/BCĐ", Some(date(2023, 3, 10)))
        ]
    );
}

#[test]
fn line_wrapped_symbols_are_found_and_linked_whole() {
    let text = "thực hiện Chỉ thị số 09-\nCT/TW của Ban Bí thư";
    let c = one(text);
    assert_eq!(c.symbol, "09-CT/TW");
    assert_eq!(&text[c.link_range.clone()], "Chỉ thị số 09-\nCT/TW");
    let text = "Kế hoạch số 186- KH/TU và Kết \n\nluận số 44-\n KL/TW";
    assert_eq!(symbols(text), ["186-KH/TU", "44-KL/TW"]);
    let text = "Nghị \n\nquyết số 51-NQ/TW";
    assert_eq!(&text[one(text).link_range], text);
}

#[test]
fn things_that_look_like_symbols_are_not_references() {
    for text in [
        "địa chỉ mail: phongpv05cadt@gmail.com).",
        "liên hệ 05-KH/TU@congan.gov.vn ngay",
        "ngày 22/01/2019 và 19/8/1945 - 19/8/2024",
        "hoàn thành trong Quý IV/ 2019, trước tháng 12/2019",
        "Điện thoại: 0255.3822.123, 0912-345-678",
        "triển khai thực hiện Kế hoạch này, giai đoạn 2021 - 2025, năm 2024",
        "Ban Chỉ đạo 138 Tỉnh1 và cơ quan,2. Ban Chỉ đạo 138Tỉnh",
        "Công an Tỉnh (Ban chỉ đạo 138/ĐP); Lưu: VT, NCbdv272.",
        "Kế hoạch\n\n2/ KẾT QUẢ THỰC HIỆN",
        "xem https://congan.gov.vn/van-ban/12/KH-UBND",
    ] {
        assert!(
            find_citations(text).is_empty(),
            "{text:?} gave {:?}",
            find_citations(text)
        );
    }
}

#[test]
fn a_bare_symbol_counts_only_when_its_shape_is_unambiguous() {
    assert_eq!(
        symbols("theo 44-KL/TW và 33/KH-UBND, 124/2021/TT-BCA"),
        ["44-KL/TW", "33/KH-UBND", "124/2021/TT-BCA"]
    );
    assert!(find_citations("Ban Chỉ đạo 76/BCĐ tỉnh").is_empty());
    let c = one("theo 44-KL/TW.");
    assert_eq!(c.doc_type, None);
    assert_eq!(c.effective_type(), Some(DocType::KetLuan));
}

#[test]
fn a_footnote_marker_glued_to_a_party_symbol_is_not_part_of_it() {
    assert_eq!(
        symbols("Kết luận số 44-KL/TW1 của Ban Bí thư"),
        ["44-KL/TW"]
    );
    // State symbols end in digits of their own.
    assert_eq!(
        symbols("Chỉ thị số 03/CT-BCA-V28 ngày 03/6/2016"),
        ["03/CT-BCA-V28"]
    );
}

#[test]
fn symbols_are_kept_as_written() {
    assert_eq!(symbols("Chỉ thị số 37/CT-TW và"), ["37/CT-TW"]);
    assert_eq!(symbols("Quyết định số 12/QD-UBND"), ["12/QD-UBND"]);
    assert_eq!(canonical_symbol("09- \nCT/TW").as_deref(), Some("09-CT/TW"));
    assert_eq!(canonical_symbol(" 76/BCĐ ").as_deref(), Some("76/BCĐ"));
    assert_eq!(canonical_symbol("22/01/2019"), None);
    assert_eq!(canonical_symbol("Kế hoạch này"), None);
}

#[test]
fn input_without_diacritics_or_in_nfd_reads_the_same() {
    let plain = one("Chi thi so 09-CT/TW ngay 01/12/2011 cua Ban Bi thu ve");
    assert_eq!(plain.doc_type, Some(DocType::ChiThi));
    assert_eq!(plain.date, Some(date(2011, 12, 1)));
    assert_eq!(plain.issuer.as_deref(), Some("Ban Bi thu"));

    let nfc_text = "Thực hiện Kết luận số 44-KL/TW ngày 22/01/2019 của Ban Bí thư về việc";
    let nfd_text: String = nfc_text.nfd().collect();
    assert_ne!(nfc_text, nfd_text);
    let a = one(nfc_text);
    let b = one(&nfd_text);
    assert_eq!(
        (a.doc_type, &a.symbol, a.date),
        (b.doc_type, &b.symbol, b.date)
    );
    assert_eq!(
        b.issuer.as_deref(),
        Some("Ban Bí thư"),
        "issuers come out in NFC"
    );
    assert_eq!(
        nfd_text[b.link_range].nfc().collect::<String>(),
        "Kết luận số 44-KL/TW"
    );
}

#[test]
fn types_from_words_and_symbols() {
    assert_eq!(DocType::parse_word("Chỉ thị"), Some(DocType::ChiThi));
    assert_eq!(DocType::parse_word("chi  thi"), Some(DocType::ChiThi));
    assert_eq!(
        DocType::parse_word("CHƯƠNG TRÌNH HÀNH ĐỘNG"),
        Some(DocType::ChuongTrinhHanhDong)
    );
    assert_eq!(DocType::parse_word("QĐ"), Some(DocType::QuyetDinh));
    assert_eq!(DocType::parse_word("QD"), Some(DocType::QuyetDinh));
    assert_eq!(DocType::parse_word("bản tin"), None);
    for (symbol, ty) in [
        ("09-CT/TW", Some(DocType::ChiThi)),
        ("44-KL/TW", Some(DocType::KetLuan)),
        ("07/NQ-CP", Some(DocType::NghiQuyet)),
        ("30/2020/NĐ-CP", Some(DocType::NghiDinh)),
        ("12/QĐ-UBND", Some(DocType::QuyetDinh)),
        ("33/KH-UBND", Some(DocType::KeHoach)),
        ("17-CTr/BDVTU", Some(DocType::ChuongTrinh)),
        ("124/2021/TT-BCA", Some(DocType::ThongTu)),
        ("22/HD-BCA-V05", Some(DocType::HuongDan)),
        ("1150/TTr-CAT-TM(XDPT)", Some(DocType::ToTrinh)),
        ("5/TB-UBND", Some(DocType::ThongBao)),
        ("777-CV/TU", Some(DocType::CongVan)),
        ("76/BCĐ", Some(DocType::CongVan)),
        ("42/UBND-TCD-NC", Some(DocType::CongVan)),
        ("83/2015/QH13", Some(DocType::Luat)),
        ("12/BC-UBND", None),
        ("Kế hoạch này", None),
    ] {
        assert_eq!(DocType::from_symbol(symbol), ty, "{symbol}");
    }
    assert_eq!(
        DocType::ChuongTrinhHanhDong.label(),
        "Chương trình hành động"
    );
}

#[test]
fn issuing_levels() {
    for (symbol, level) in [
        ("44-KL/TW", Level::TrungUongDang),
        ("37/CT-TW", Level::TrungUongDang),
        ("01/CT-TTg", Level::QuocHoiChinhPhu),
        ("07/NQ-CP", Level::QuocHoiChinhPhu),
        ("83/2015/QH13", Level::QuocHoiChinhPhu),
        ("06/CT-BCA-V05", Level::BoNganh),
        ("124/2021/TT-BCA", Level::BoNganh),
        ("186-KH/TU", Level::TinhUy),
        ("127-KH/ĐUCA", Level::TinhUy),
        ("17-CTr/BDVTU", Level::TinhUy),
        ("33/KH-UBND", Level::HdndUbndTinh),
        ("48/2023/NQ-HĐND", Level::HdndUbndTinh),
        ("42/UBND-TCD-NC", Level::HdndUbndTinh),
        ("05/KH-BCĐ138", Level::BanChiDao),
        ("76/BCĐ", Level::BanChiDao),
        ("1150/TTr-CAT-TM(XDPT)", Level::Khac),
    ] {
        assert_eq!(issuing_level(symbol, None), level, "{symbol}");
    }
    assert_eq!(
        issuing_level("1150/TTr-CAT-TM(XDPT)", Some("Ban Chỉ đạo 138 tỉnh")),
        Level::BanChiDao
    );
    assert_eq!(Level::HdndUbndTinh.label(), "HĐND, UBND tỉnh");
    // Issuers cut short.
    for (issuer, level) in [
        ("BCH TW", Level::TrungUongDang),
        ("Ban Chấp hành TW Đảng", Level::TrungUongDang),
        ("UBND tỉnh", Level::HdndUbndTinh),
        ("Tỉnh ủy", Level::TinhUy),
        ("Ban Thường vụ Tỉnh ủy", Level::TinhUy),
        ("Bộ Tư pháp", Level::BoNganh),
    ] {
        assert_eq!(issuing_level("12/2020/QĐ", Some(issuer)), level, "{issuer}");
    }
}

fn cite(symbol: &str, date: Option<Date>) -> Citation {
    Citation {
        range: 0..0,
        link_range: 0..0,
        doc_type: None,
        symbol: symbol.to_string(),
        date,
        issuer: None,
        name: None,
    }
}

fn key(symbol: &str, year: Option<i16>) -> DocKey {
    DocKey {
        symbol: symbol.to_string(),
        year,
    }
}

#[test]
fn a_party_resolution_and_a_conclusion_with_one_number_are_two_documents() {
    let (nq, kl) = (cite("44-NQ/TW", None), cite("44-KL/TW", None));
    let r = resolve(&[&nq, &kl]);
    assert_eq!(
        r.keys().cloned().collect::<Vec<_>>(),
        [key("44-NQ/TW", None), key("44-KL/TW", None)]
    );
    assert_ne!(doc_slug(r.key(0)), doc_slug(r.key(1)));
    assert!(r.ambiguous.is_empty());
}

#[test]
fn one_symbol_dated_in_two_years_is_two_documents_and_an_undated_citation_is_ambiguous() {
    let a = cite("01/KH-UBND", Some(date(2019, 1, 5)));
    let b = cite("01/KH-UBND", Some(date(2024, 1, 3)));
    let undated = cite("01/KH-UBND", None);
    let r = resolve(&[&a, &undated, &b]);
    assert_eq!(
        r.keys().cloned().collect::<Vec<_>>(),
        [
            key("01/KH-UBND", Some(2019)),
            key("01/KH-UBND", Some(2019)),
            key("01/KH-UBND", Some(2024))
        ]
    );
    assert_eq!(r.ambiguous, [1]);
    assert_eq!(doc_slug(r.key(2)), "01-kh-ubnd-2024");
}

#[test]
fn one_document_cited_with_two_dates_in_one_year_stays_one() {
    // 44-KL/TW is 22/01/2019; one plan cites it as 22/10/2019. `check` warns, the page is one.
    let a = cite("44-KL/TW", Some(date(2019, 1, 22)));
    let b = cite("44-KL/TW", Some(date(2019, 10, 22)));
    let c = cite("44-KL/TW", None);
    let r = resolve(&[&a, &b, &c]);
    assert!(r.keys().all(|k| *k == key("44-KL/TW", None)));
    assert!(r.ambiguous.is_empty());
    assert_eq!(doc_slug(r.key(0)), "44-kl-tw");
}

#[test]
fn a_legal_normative_symbol_carries_its_year() {
    let a = cite("48/2023/NQ-HĐND", Some(date(2023, 12, 10)));
    let b = cite("48/2023/NQ-HĐND", Some(date(2024, 1, 2)));
    let r = resolve(&[&a, &b]);
    assert_eq!(
        r.keys().cloned().collect::<Vec<_>>(),
        [key("48/2023/NQ-HĐND", None), key("48/2023/NQ-HĐND", None)]
    );
    assert_eq!(doc_slug(r.key(0)), "48-2023-nq-hdnd");
}

#[test]
fn a_symbol_typed_without_diacritics_names_the_same_document() {
    let a = cite("12/QD-UBND", None);
    let b = cite("12/QĐ-UBND", None);
    let r = resolve(&[&a, &b]);
    assert_eq!(
        r.keys().cloned().collect::<Vec<_>>(),
        [key("12/QĐ-UBND", None), key("12/QĐ-UBND", None)]
    );
}

#[test]
fn references_from_front_matter() {
    let c = parse_reference("06/CT-BCA-V05").expect("a bare symbol");
    assert_eq!((c.symbol.as_str(), c.doc_type), ("06/CT-BCA-V05", None));
    assert_eq!(
        parse_reference(" 76/BCĐ ").map(|c| c.symbol).as_deref(),
        Some("76/BCĐ")
    );
    let c = parse_reference("Chỉ thị số 06/CT-BCA-V05 ngày 07/5/2025 của Bộ trưởng Bộ Công an")
        .expect("a citation");
    assert_eq!(c.doc_type, Some(DocType::ChiThi));
    assert_eq!(c.date, Some(date(2025, 5, 7)));
    assert_eq!(c.issuer.as_deref(), Some("Bộ trưởng Bộ Công an"));
    assert_eq!(parse_reference("Kế hoạch này"), None);
    assert_eq!(parse_reference("21/8/2025"), None);
}

// Shapes of texts written elsewhere (tests/references/): legal-database pages, portals, news.

#[test]
fn spaces_typed_inside_a_symbol_are_not_part_of_it() {
    assert_eq!(
        symbols("Kết luận số 100 - KL/TW ngày 18/8/2014 của Ban Bí thư"),
        ["100-KL/TW"]
    );
    assert_eq!(symbols("Nghị định số 36 /2020/NĐ-CP"), ["36/2020/NĐ-CP"]);
    assert_eq!(symbols("Chỉ thị số 12- CT/TW"), ["12-CT/TW"]);
    assert_eq!(symbols("Kế hoạch số 05/KH - UBND ngày"), ["05/KH-UBND"]);
    assert_eq!(
        symbols("tại Tờ trình số 473/TTr -\nNN&PTNT ngày 21/5/2007"),
        ["473/TTr-NN&PTNT"]
    );
    let text = "Kết luận số 100 - KL/TW của Ban Bí thư";
    assert_eq!(&text[one(text).link_range], "Kết luận số 100 - KL/TW");
    // A spaced dash does not take a one-letter word, nor does a range of years become a symbol.
    assert_eq!(
        symbols("Kế hoạch số 12/KH-UBND - V/v triển khai"),
        ["12/KH-UBND"]
    );
    assert!(find_citations("giai đoạn 2001 - 2005, ngày 3 - 12").is_empty());
}

#[test]
fn an_all_caps_title_does_not_decide_the_case_of_a_symbol() {
    let c = one("CHỈ THỊ CỦA THỦ TƯỚNG CHÍNH PHỦ SỐ 16/2001/CT-TTG NGÀY 21 THÁNG 6 NĂM 2001 VỀ");
    assert_eq!(c.symbol, "16/2001/CT-TTg");
    assert_eq!(c.effective_type(), Some(DocType::ChiThi));
    assert_eq!(c.date, Some(date(2001, 6, 21)));
    assert_eq!(symbols("Quyết định số 101/QĐ-TTG ngày"), ["101/QĐ-TTg"]);
    assert_eq!(symbols("CHƯƠNG TRÌNH SỐ 17-CTR/BDVTU"), ["17-CTr/BDVTU"]);
    assert_eq!(canonical_symbol("01/CT-TTG").as_deref(), Some("01/CT-TTg"));
    // Other letters stay as written.
    assert_eq!(symbols("NGHỊ QUYẾT SỐ 18-NQ/TW"), ["18-NQ/TW"]);
    assert_eq!(symbols("Quyết định số 12/QD-UBND"), ["12/QD-UBND"]);
}

#[test]
fn a_word_glued_to_a_symbol_or_a_date_is_not_part_of_it() {
    let c = one(
        "Căn cứ Thông báo số 70-TB/TWngày 06 tháng 01 năm 2012 của Ban Bí thư Trung ương Đảng về",
    );
    assert_eq!(c.symbol, "70-TB/TW");
    assert_eq!(c.date, Some(date(2012, 1, 6)));
    assert_eq!(c.issuer.as_deref(), Some("Ban Bí thư Trung ương Đảng"));
    let c = one("Căn cứ Chỉ thị số 45-CT/TW ngày22 tháng 7 năm 2010 của Bộ Chính trị về");
    assert_eq!(c.date, Some(date(2010, 7, 22)));
    // A part with one lower-case letter is an abbreviation, not a glued word.
    assert_eq!(symbols("Quyết định số 640/QĐ-TTg ngày"), ["640/QĐ-TTg"]);
}

#[test]
fn a_documents_own_number_field_is_not_a_citation() {
    for text in [
        "Số: 119/QĐ-UBND\n\nBắc Giang, ngày 23 tháng 11 năm 2009",
        "Số:\n08/2023/QĐ-UBND\n|\nĐắk Nông",
        "Số hiệu: 155/KH-UBND Loại văn bản: Văn bản khác",
        "Số hiệu văn bản: 14/2001/QĐ-UB",
    ] {
        assert!(
            find_citations(text).is_empty(),
            "{text:?} gave {:?}",
            find_citations(text)
        );
    }
    // After a type word, "số:" cites.
    let c = one("kèm theo Quyết định số: 59/QĐ-UBND\nNgày 22 tháng\n7 năm 2021 của Ủy ban nhân dân xã Xuân\nPhú)");
    assert_eq!(c.doc_type, Some(DocType::QuyetDinh));
    assert_eq!(c.date, Some(date(2021, 7, 22)));
    assert_eq!(c.issuer.as_deref(), Some("Ủy ban nhân dân xã Xuân Phú"));
    // A title without the field's colon names a document.
    assert_eq!(
        symbols("TƯỚNG CHÍNH PHỦ SỐ 16/2001/CT-TTG"),
        ["16/2001/CT-TTg"]
    );
}

#[test]
fn long_and_short_issuer_names() {
    let issuer = |t: &str| one(t).issuer;
    assert_eq!(
        issuer("Kế hoạch số 333/KH-BCĐ ngày 30/6/2022 của Ban Chỉ đạo thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc Trung ương về việc").as_deref(),
        Some("Ban Chỉ đạo thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc Trung ương")
    );
    assert_eq!(
        issuer("Công văn 285/CCTTHC ngày 08 tháng 9 năm 2009 của Tổ công tác chuyên trách cải cách thủ tục hành chính của Thủ tướng Chính phủ về chuẩn bị").as_deref(),
        Some("Tổ công tác chuyên trách cải cách thủ tục hành chính của Thủ tướng Chính phủ")
    );
    // "thực hiện" still ends any other issuer.
    assert_eq!(
        issuer("Kế hoạch số 25-KH/TU ngày 30/11/2016 của Ban Thường vụ Tỉnh ủy thực hiện Kết luận")
            .as_deref(),
        Some("Ban Thường vụ Tỉnh ủy")
    );
    for (text, who) in [
        (
            "Quyết định số 44/2010/QĐ-UBND ngày 28/10/2010 của UBND tỉnh Long An về việc",
            "UBND tỉnh Long An",
        ),
        (
            "Chỉ thị số 34-CT/TU, ngày 5-9-2019 của Tỉnh ủy, Kế hoạch",
            "Tỉnh ủy",
        ),
        (
            "Nghị quyết số 25-NQ/TW của BCH TW Đảng (khóa XI) về",
            "BCH TW Đảng",
        ),
        (
            "Nghị định số 38/2023/NĐ-CP của Chính phủ ngày 24 tháng\n6 năm 2023 sửa đổi",
            "Chính phủ",
        ),
    ] {
        assert_eq!(issuer(text).as_deref(), Some(who), "{text:?}");
    }
    let c = one("Nghị định số 38/2023/NĐ-CP của Chính phủ ngày 24 tháng\n6 năm 2023 sửa đổi");
    assert_eq!(c.date, Some(date(2023, 6, 24)));
}

#[test]
fn a_joint_circular_is_its_own_type() {
    let c = one("Căn cứ Thông tư liên tịch\nsố 11/2004/TTLT-BNN-BNV ngày 02/4/2004 của Bộ Nông nghiệp và Phát triển nông\nthôn và Bộ Nội vụ hướng dẫn");
    assert_eq!(c.doc_type, Some(DocType::ThongTuLienTich));
    assert_eq!(c.symbol, "11/2004/TTLT-BNN-BNV");
    assert_eq!(
        c.issuer.as_deref(),
        Some("Bộ Nông nghiệp và Phát triển nông thôn và Bộ Nội vụ")
    );
    assert_eq!(
        DocType::from_symbol("11/2004/TTLT-BNN-BNV"),
        Some(DocType::ThongTuLienTich)
    );
    assert_eq!(DocType::ThongTuLienTich.label(), "Thông tư liên tịch");
}

#[test]
fn a_day_written_with_dots_after_a_symbol() {
    let c = one("Chỉ thị số 09-CT/TW ngày 1.12.2011 của Ban Bí thư Trung ương Đảng về “Tăng cường");
    assert_eq!(c.date, Some(date(2011, 12, 1)));
    assert_eq!(c.issuer.as_deref(), Some("Ban Bí thư Trung ương Đảng"));
}

#[test]
fn a_law_cited_by_its_title_keeps_the_title() {
    let name = |text: &str| find_citations(text).into_iter().next().and_then(|c| c.name);
    assert_eq!(
        name("theo tinh thần của Luật Phổ biến, giáo dục pháp luật số 14/2012/QH13; chú trọng")
            .as_deref(),
        Some("Luật Phổ biến, giáo dục pháp luật")
    );
    assert_eq!(
        name("tội phạm công nghệ cao; căn cứ Luật An ninh mạng số 24/2018/QH14, Sở").as_deref(),
        Some("Luật An ninh mạng")
    );
    assert_eq!(
        name("Các tổ hòa giải theo Luật Hòa giải ở cơ sở số 35/2013/QH13.").as_deref(),
        Some("Luật Hòa giải ở cơ sở")
    );
    assert_eq!(
        name("xử lý theo Bộ luật Hình sự số 100/2015/QH13 và").as_deref(),
        Some("Bộ luật Hình sự")
    );
    // No title: the type word alone, lower-case words, or a document that is not an act.
    assert_eq!(name("Luật số 14/2012/QH13 quy định"), None);
    assert_eq!(name("tuyên truyền pháp luật số 14/2012/QH13"), None);
    assert_eq!(name("Luật Đất đai và Quyết định số 12/QĐ-UBND"), None);
}

#[test]
fn an_issuer_stops_before_what_the_document_concerns() {
    for (text, issuer) in [
        // content/ke-hoach/co-quan-an-toan-an-ninh-trat-tu-2022.md
        (
            "Hướng dẫn số 22/HD-BCA-V05 của Bộ Công an liên quan đến mô hình, điển hình tiên tiến",
            "Bộ Công an",
        ),
        // content/ke-hoach/tuyen-truyen-phong-chay-chua-chay-2023.md
        (
            "Kết luận số 44-KL/TW ngày 22/01/2019 của Ban Bí thư trên lĩnh vực bảo đảm an toàn",
            "Ban Bí thư",
        ),
        (
            "Chỉ thị số 03/CT-UBND của Chủ tịch UBND tỉnh đối với công tác phòng ngừa",
            "Chủ tịch UBND tỉnh",
        ),
        (
            "Công văn số 76/BCĐ của Ban Chỉ đạo 138 tỉnh có liên quan",
            "Ban Chỉ đạo 138 tỉnh",
        ),
        (
            "Công văn số 42/UBND-TCD-NC của Ủy ban nhân dân tỉnh yêu cầu các sở",
            "Ủy ban nhân dân tỉnh",
        ),
    ] {
        let c = find_citations(text);
        assert_eq!(c[0].issuer.as_deref(), Some(issuer), "{text}");
    }
}
