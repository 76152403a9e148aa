//! The sampling form (抽样单) of a spot check as the supervision desk hands it over: the signed
//! PDF names the task and its authority, the sampled unit and the labelled producer, the lot
//! size, quantities, where the reserve is kept, the seal and its state on receipt, the samplers
//! and who confirmed; blanks are "/", a changed byte breaks the signature, food has its own
//! title, and printing records nothing.

#[path = "cert_common/mod.rs"]
mod cert_common;
mod common;

use common::*;
use unilab::certificate::issue::keys_dir;
use unilab::certificate::sampling_form::{
    sampling_form_from_order, write_sampling_form_to_file, TITLE_FOOD, TITLE_PRODUCT,
};
use unilab::certificate::{verify_pdf, LabKey};
use unilab::model::custody::ReceiptInput;

fn page_texts(bytes: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(bytes).expect("lopdf parses the PDF");
    let n = doc.get_pages().len() as u32;
    (1..=n)
        .map(|p| doc.extract_text(&[p]).expect("extract text"))
        .collect()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn save_key(l: &Lab1) -> LabKey {
    let key = LabKey::generate_self_signed("福建省测试检验研究院", t0()).expect("key");
    key.save(&keys_dir(l.dir.path())).expect("save key");
    key
}

/// A spot check sampled at CLIENT, labelled PRODUCER, with no trademark on the label.
fn spot_check(l: &Lab1) -> unilab::model::Order {
    let mut new = rebar_order(&["ReL", "Rm"]);
    new.inspection_type = unilab::inspection::InspectionType::Supervision;
    new.sample.trademark = String::new();
    register_spot_check(l, &new)
}

#[test]
fn the_sampling_form_carries_the_sampling_record_and_is_signed() {
    let l = lab();
    let key = save_key(&l);
    let o = spot_check(&l);
    l.store
        .receive_with(
            &l.clerk,
            &o.number,
            &ReceiptInput {
                seal: Some("封样完好，封条编号 F-0123".into()),
                ..ReceiptInput::default()
            },
            None,
            t0(),
        )
        .expect("received");
    let audit_before = l.store.audit_log(None).expect("audit").len();
    let out = l.dir.path().join("forms").join("cy.pdf");
    let form = write_sampling_form_to_file(&l.store, &o.number, &out, t0()).expect("printed");
    assert_eq!(form.title, TITLE_PRODUCT);
    let bytes = std::fs::read(&out).expect("the PDF was written");
    cert_common::scratch("sampling-form.pdf", &bytes);
    // PDF/A-2b prerequisites hold for this document kind too, dated at the printing moment.
    let created = cert_common::assert_pdfa_prerequisites(&bytes);
    assert_eq!(created, cert_common::pdf_date_of(t0()));
    assert_eq!(
        l.store.audit_log(None).expect("audit").len(),
        audit_before,
        "printing records nothing"
    );

    let pages = page_texts(&bytes);
    assert_eq!(pages.len(), 1, "the form fits one A4 page");
    let all = squash(&pages.concat());
    let task = l.store.tasks().expect("tasks").remove(0);
    for want in [
        TITLE_PRODUCT.to_string(),
        "抽样单编号：CY2026-0301".into(),
        format!("任务名称监督抽查（{}）", task.number),
        "组织监督抽查的部门福建省市场监督管理局".into(),
        "打印日期2026-03-02".into(),
        "承检机构福建省测试检验研究院".into(),
        format!("委托单号{}", o.number),
        // The sampled unit, and the labelled producer who is another enterprise.
        format!("单位名称福州钢铁有限公司统一社会信用代码{CLIENT}"),
        format!("生产者名称北京建材集团有限公司统一社会信用代码{PRODUCER}"),
        "生产者地址福建省福州市鼓楼区".into(),
        "样品名称热轧带肋钢筋".into(),
        "规格型号HRB400EΦ16".into(),
        "生产日期/批号L2026-0301".into(),
        "抽样日期2026-03-01".into(),
        "抽样地点福州市仓山区成品仓库".into(),
        "抽样基数200t".into(),
        "抽样数量4根×500mm".into(),
        "备样数量4根×500mm".into(),
        "备样存放地点本所样品室".into(),
        "封条编号F-0123".into(),
        "收样时封样状态封样完好，封条编号F-0123".into(),
        "抽样人员陈抽样、林抽样".into(),
        "受检单位确认人王经理".into(),
        "抽样人签字".into(),
        "受检单位签字（盖章）".into(),
        "日期：年月日".into(),
        "第1页共1页".into(),
    ] {
        assert!(all.contains(&squash(&want)), "the form lacks {want}: {all}");
    }
    // No trademark on the label: the blank is printed as "/", never left empty.
    assert!(all.contains("商标/"), "{all}");

    // Signed with the lab key over the whole file; one changed byte is refused.
    let v = verify_pdf(&bytes);
    assert!(v.signature_valid, "{:?}", v.failures);
    assert!(v.byte_range_covers_whole_file, "{:?}", v.failures);
    assert_eq!(
        v.certificate_fingerprint.as_deref(),
        Some(unilab::certificate::keys::fingerprint(key.certificate_der()).as_str())
    );
    let mut bad = bytes.clone();
    let mid = bad.len() / 3;
    bad[mid] ^= 0x01;
    let v = verify_pdf(&bad);
    assert!(!v.signature_valid, "a flipped byte went unnoticed");
}

#[test]
fn before_receipt_the_seal_state_is_a_slash_and_the_same_unit_is_not_printed_twice() {
    let l = lab();
    let mut new = rebar_order(&["ReL"]);
    new.inspection_type = unilab::inspection::InspectionType::Supervision;
    // Sampled at the producer itself.
    new.producer = Some(CLIENT.into());
    let o = register_spot_check(&l, &new);
    let lab = l.store.lab().expect("lab");
    let f = sampling_form_from_order(&o, &lab, None, t0().date_naive()).expect("a spot check");
    let seal_state = f
        .sample
        .iter()
        .find(|(k, _)| *k == "收样时封样状态")
        .map(|(_, v)| v.as_str());
    assert_eq!(seal_state, Some("/"));
    assert_eq!(f.producer[0], "同受检单位");
    // Without the task at hand, the task number from the record.
    assert!(f.task.starts_with("CC"), "{}", f.task);
}

#[test]
fn food_has_the_food_safety_title_and_a_commissioned_order_has_no_form() {
    let l = lab();
    save_key(&l);
    let mut o = spot_check(&l);
    o.standard.field = "食品".into();
    let lab = l.store.lab().expect("lab");
    let f = sampling_form_from_order(&o, &lab, None, t0().date_naive()).expect("a spot check");
    assert_eq!(f.title, TITLE_FOOD);

    let commissioned = l
        .store
        .register_order(&l.clerk, &l.catalog, &rebar_order(&["ReL"]), t0())
        .expect("registered");
    let out = l.dir.path().join("none.pdf");
    let err = write_sampling_form_to_file(&l.store, &commissioned.number, &out, t0())
        .expect_err("a commissioned order has no sampling form");
    let err = format!("{err:#}");
    assert!(
        err.contains(&commissioned.number) && err.contains("没有抽样记录"),
        "{err}"
    );
    assert!(!out.exists());
}
