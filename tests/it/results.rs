//! Models, commendations and agencies: the links both ways, their lists, and the open data.

use crate::common::TestSite;
use serde_json::Value;

fn site() -> TestSite {
    let s = TestSite::new();
    s.file("content/mo-hinh/tu-sach.md", "---\ntitle: \"Mô hình Tủ sách pháp luật xã Thạch Lam\"\nnames: [\"Tủ sách pháp luật\"]\nunit: \"UBND xã Thạch Lam\"\nlocality: \"huyện Lam Thượng\"\ncategory: tu-quan\nsince: 2019\ndate: 2024-05-20\n---\nMô tả mô hình.\n")
        .file("content/mo-hinh/camera.md", "---\ntitle: \"Mô hình Camera an ninh\"\nnames: [\"Camera an ninh\"]\nunit: \"UBND phường Bắc Tân\"\nlocality: \"thành phố Lam Giang\"\ncategory: tu-phong\ndate: 2023-01-10\n---\nMô tả.\n")
        .file("content/khen-thuong/co-thi-dua-2023.md", "---\ntitle: \"Tặng Cờ thi đua năm 2023\"\nform: co-thi-dua\nissuer: \"Ủy ban nhân dân tỉnh Sông Lam\"\ndecision: \"2718/QĐ-UBND\"\ndate: 2023-12-22\nrecipients:\n  - { name: \"Ủy ban nhân dân xã Thạch Lam\", type: tap-the, unit: \"huyện Lam Thượng\" }\n  - { name: \"Nguyễn Thị Hà\", type: ca-nhan, unit: \"Sở Tư pháp\" }\nmodel: tu-sach\n---\nQuyết định khen thưởng.\n")
        .file("content/khen-thuong/giay-khen-2024.md", "---\ntitle: \"Tặng Giấy khen năm 2024\"\nform: giay-khen\nissuer: \"Sở Tư pháp tỉnh Sông Lam\"\ndate: 2024-01-15\nrecipients:\n  - { name: \"Lê Văn Bảy\", type: ca-nhan }\n---\nx\n")
        .file("content/ke-hoach/ke-hoach-2024.md", "---\ntitle: \"Kế hoạch năm 2024\"\nissuer: \"UBND tỉnh Sông Lam\"\ndate: 2024-03-12\n---\nNhân rộng mô hình “Tủ sách pháp luật” ra các xã ven biển.\n");
    s
}

#[test]
fn model_commendation_plan_and_agency_link_both_ways() {
    let s = site();
    s.build_ok();
    let model = s.read("mo-hinh/tu-sach/index.html");
    assert!(
        model.contains("href=\"/khen-thuong/co-thi-dua-2023/\""),
        "model → commendation"
    );
    assert!(
        model.contains("href=\"/ke-hoach/ke-hoach-2024/\""),
        "model lists the plan that mentions it"
    );
    assert!(model.contains("ra các xã ven biển"), "with the sentence");
    let comm = s.read("khen-thuong/co-thi-dua-2023/index.html");
    assert!(
        comm.contains("href=\"/mo-hinh/tu-sach/\""),
        "commendation → model"
    );
    let plan = s.read("ke-hoach/ke-hoach-2024/index.html");
    assert!(
        plan.contains("class=\"name-ref\" href=\"/mo-hinh/tu-sach/\""),
        "model name in running text links to the model"
    );
    // "UBND xã Thạch Lam" runs the model; "Ủy ban nhân dân xã Thạch Lam" was commended: one agency.
    let agency = s.read("co-quan/uy-ban-nhan-dan-xa-thach-lam/index.html");
    assert!(
        agency.contains("href=\"/mo-hinh/tu-sach/\"")
            && agency.contains("href=\"/khen-thuong/co-thi-dua-2023/\""),
        "{agency}"
    );
    // the plan's issuer written with the abbreviation, the commendation's in full: one agency page
    let province = s.read("co-quan/uy-ban-nhan-dan-tinh-song-lam/index.html");
    assert!(
        province.contains("Kế hoạch năm 2024") && province.contains("Tặng Cờ thi đua năm 2023"),
        "{province}"
    );
    assert!(
        plan.contains("href=\"/co-quan/uy-ban-nhan-dan-tinh-song-lam/\""),
        "plan links its issuer's page"
    );
}

#[test]
fn category_locality_form_and_recipient_type_pages() {
    let s = site();
    s.build_ok();
    let cat = s.read("mo-hinh/nhom/tu-quan/index.html");
    assert!(cat.contains("Tủ sách pháp luật") && !cat.contains("Camera an ninh"));
    assert!(s
        .read("mo-hinh/nhom/tu-phong/index.html")
        .contains("Camera an ninh"));
    assert!(s
        .read("mo-hinh/dia-ban/huyen-lam-thuong/index.html")
        .contains("Tủ sách pháp luật"));
    let roll = s.read("khen-thuong/index.html");
    let (y2024, y2023) = (
        roll.find("Năm 2024").expect("2024 group"),
        roll.find("Năm 2023").expect("2023 group"),
    );
    assert!(y2024 < y2023, "honour roll newest year first");
    assert!(s
        .read("khen-thuong/hinh-thuc/co-thi-dua/index.html")
        .contains("Cờ thi đua năm 2023"));
    let individuals = s.read("khen-thuong/ca-nhan/index.html");
    assert!(
        individuals.contains("Giấy khen năm 2024") && individuals.contains("Cờ thi đua năm 2023")
    );
    let collectives = s.read("khen-thuong/tap-the/index.html");
    assert!(
        collectives.contains("Cờ thi đua năm 2023") && !collectives.contains("Giấy khen năm 2024")
    );
}

#[test]
fn open_data_shapes() {
    let s = site();
    s.build_ok();
    let models = crate::common::open_data(&s, "mo-hinh");
    let m = models
        .iter()
        .find(|m| m["title"].as_str().unwrap().contains("Tủ sách"))
        .unwrap();
    assert_eq!(m["category"], "tu-quan");
    assert_eq!(m["since"], 2019);
    assert_eq!(
        m["commendations"][0],
        "https://thu.gov.vn/khen-thuong/co-thi-dua-2023/"
    );
    assert_eq!(
        m["mentioned_by"][0],
        "https://thu.gov.vn/ke-hoach/ke-hoach-2024/"
    );
    let comms = crate::common::open_data(&s, "khen-thuong");
    let c = comms.iter().find(|c| c["form"] == "co-thi-dua").unwrap();
    assert_eq!(c["form_label"], "Cờ thi đua");
    assert_eq!(c["date"], "2023-12-22");
    assert_eq!(c["recipients"][0]["type"], "tap-the");
    assert_eq!(c["model"], "tu-sach");
    let plans = crate::common::open_data(&s, "ke-hoach");
    assert_eq!(plans[0]["issuer"], "UBND tỉnh Sông Lam");
    assert_eq!(plans[0]["year"], 2024);
    let v: Value = serde_json::from_str(&s.read("api/su-kien.json")).unwrap();
    assert!(v.is_array(), "api/su-kien.json");
    let v: Value = serde_json::from_str(&s.read("api/van-ban.json")).unwrap();
    assert!(v["directives"].is_array(), "api/van-ban.json");
}

#[test]
fn a_commendation_naming_a_missing_model_is_an_error_at_its_line() {
    let s = TestSite::new();
    s.file(
        "content/khen-thuong/a.md",
        "---\ntitle: A\nform: bang-khen\nmodel: khong-co\n---\nx\n",
    );
    let r = s.build();
    let d = r.diagnostics.iter().find(|d| d.is_error()).expect("error");
    assert_eq!(d.line, Some(4), "{d}");
    assert!(d.message.contains("khong-co"), "{d}");
}
