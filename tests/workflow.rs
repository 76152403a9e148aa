//! The sign-off workflow through the same store operations the CLI and the screens use.

mod common;

use common::*;
use unilab::inspection::InspectionType;
use unilab::model::{OrderStatus, ReportStatus, Role};
use unilab::store::StoreError;

fn refused(r: Result<impl std::fmt::Debug, StoreError>) -> String {
    match r {
        Err(StoreError::Refused(m)) => m.zh,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Submit (tech), review (reviewer) and approve (signatory) a tested order.
fn sign_off(l: &Lab1, number: &str) {
    submit_checked(l, number);
    l.store
        .review(&l.reviewer, number, true, None, None, t0())
        .unwrap();
    l.store.approve(&l.signatory, number, None, t0()).unwrap();
}

#[test]
fn commissioned_order_takes_exactly_the_clients_items() {
    let l = lab();
    let o = l
        .store
        .register_order(&l.clerk, &l.catalog, &rebar_order(&["ReL", "bend"]), t0())
        .unwrap();
    let codes: Vec<&str> = o.items.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, ["ReL", "bend"]);
    assert!(o.items.iter().all(|i| !i.mandatory));
    assert_eq!(o.number, "WT2026-000001");
    assert_eq!(o.status, OrderStatus::Registered);
}

#[test]
fn supervision_order_always_has_the_mandatory_items_locked() {
    let l = lab();
    let mut new = rebar_order(&["N"]);
    new.inspection_type = InspectionType::Supervision;
    let o = register_spot_check(&l, &new);
    let mandatory: Vec<&str> = o
        .items
        .iter()
        .filter(|i| i.mandatory)
        .map(|i| i.code.as_str())
        .collect();
    assert!(mandatory.contains(&"ReL") && mandatory.contains(&"Ceq"));
    let n = o.items.iter().find(|i| i.code == "N").unwrap();
    assert!(!n.mandatory, "the added item is not mandatory");
    // Ceq's inputs come along so it can be computed.
    assert!(o.items.iter().any(|i| i.code == "Cr"));
}

#[test]
fn the_library_is_copied_onto_the_order() {
    let l = lab();
    let o = l
        .store
        .register_order(&l.clerk, &l.catalog, &rebar_order(&["W"]), t0())
        .unwrap();
    let w = o.item("W").unwrap();
    assert_eq!(w.limit.text, "±4.5", "2024 edition, d14-20");
    // Reading the order back gives the frozen copy, not the library.
    assert_eq!(l.store.order(&o.number).unwrap().items, o.items);
}

#[test]
fn withdrawn_edition_needs_an_explicit_override() {
    let l = lab();
    let mut new = rebar_order(&["ReL"]);
    new.standard = "GB/T 1499.2-2018".into();
    let m = refused(l.store.register_order(&l.clerk, &l.catalog, &new, t0()));
    assert!(m.contains("已于 2024-09-25 废止"), "{m}");
    new.allow_withdrawn = true;
    assert!(l
        .store
        .register_order(&l.clerk, &l.catalog, &new, t0())
        .is_ok());
}

#[test]
fn unknown_client_and_blacklisted_enterprise_are_refused() {
    let l = lab();
    let mut new = rebar_order(&["ReL"]);
    new.client = "91330100123456780X".into();
    let m = refused(l.store.register_order(&l.clerk, &l.catalog, &new, t0()));
    assert!(m.contains("未登记"), "{m}");
    let mut e = l.store.enterprise(CLIENT).unwrap().unwrap();
    e.blacklist = Some("伪造检验报告".into());
    l.store
        .update_enterprise(&l.clerk, e.clone(), e.revision, "列入黑名单", t0())
        .unwrap();
    let m = refused(
        l.store
            .register_order(&l.clerk, &l.catalog, &rebar_order(&["ReL"]), t0()),
    );
    assert!(m.contains("黑名单") && m.contains("伪造检验报告"), "{m}");
}

#[test]
fn results_need_a_received_sample_and_a_technician() {
    let l = lab();
    let o = l
        .store
        .register_order(&l.clerk, &l.catalog, &rebar_order(&["ReL"]), t0())
        .unwrap();
    let v = vec!["430".to_string()];
    let m = refused(
        l.store
            .enter_at_bench(&l.tech, &o.number, "ReL", &v, None, None, t0()),
    );
    assert!(m.contains("已登记") && m.contains("不能录入结果"), "{m}");
    l.store.receive(&l.clerk, &o.number, None, t0()).unwrap();
    let m = refused(
        l.store
            .enter_at_bench(&l.clerk, &o.number, "ReL", &v, None, None, t0()),
    );
    assert!(m.contains("检验员"), "{m}");
    let o = l
        .store
        .enter_at_bench(&l.tech, &o.number, "ReL", &v, None, None, t0())
        .unwrap();
    assert_eq!(o.status, OrderStatus::InTesting);
}

#[test]
fn bad_values_are_refused_and_nothing_is_lost() {
    let l = lab();
    let o = tested_order(&l);
    let before = l.store.order(&o.number).unwrap();
    let m = refused(l.store.enter_at_bench(
        &l.tech,
        &o.number,
        "Rm",
        &["6,10".to_string()],
        Some("复核"),
        None,
        t0(),
    ));
    assert!(m.contains("Rm 第 1 个数值") && m.contains("逗号"), "{m}");
    assert_eq!(l.store.order(&o.number).unwrap(), before);
}

#[test]
fn re_entry_keeps_history_and_needs_a_reason() {
    let l = lab();
    let o = tested_order(&l);
    let v = vec!["455".to_string(), "460".to_string()];
    let m = refused(
        l.store
            .enter_at_bench(&l.tech, &o.number, "ReL", &v, None, None, t0()),
    );
    assert!(m.contains("原因"), "{m}");
    let o = l
        .store
        .enter_at_bench(&l.tech, &o.number, "ReL", &v, Some("誊写错误"), None, t0())
        .unwrap();
    let history = &o.results["ReL"].history;
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].values[0].text(), "445");
    assert_eq!(history[1].reason.as_deref(), Some("誊写错误"));
}

#[test]
fn submit_needs_every_item() {
    let l = lab();
    let o = l
        .store
        .register_order(&l.clerk, &l.catalog, &rebar_order(&["ReL", "Rm"]), t0())
        .unwrap();
    l.store.receive(&l.clerk, &o.number, None, t0()).unwrap();
    l.store
        .enter_at_bench(
            &l.tech,
            &o.number,
            "ReL",
            &["430".into(), "435".into()],
            None,
            None,
            t0(),
        )
        .unwrap();
    let m = refused(l.store.submit(&l.tech, &o.number, None, t0()));
    assert!(
        m.contains("1 个项目没有完整结果") && m.contains("Rm（未录入）"),
        "{m}"
    );
}

/// Issue 10 item 5: ReL takes two specimens; one value is not a result to submit.
#[test]
fn submit_needs_every_specimen() {
    let l = lab();
    let o = l
        .store
        .register_order(&l.clerk, &l.catalog, &rebar_order(&["ReL"]), t0())
        .unwrap();
    l.store.receive(&l.clerk, &o.number, None, t0()).unwrap();
    l.store
        .enter_at_bench(&l.tech, &o.number, "ReL", &["430".into()], None, None, t0())
        .unwrap();
    let err = l.store.submit(&l.tech, &o.number, None, t0()).unwrap_err();
    assert!(err.text(false).contains("ReL（试样 1/2）"), "{err}");
    assert!(
        err.text(true).contains("ReL (1 of 2 specimens)"),
        "{}",
        err.text(true)
    );
    l.store
        .enter_at_bench(
            &l.tech,
            &o.number,
            "ReL",
            &["430".into(), "440".into()],
            Some("第二个试样"),
            None,
            t0(),
        )
        .unwrap();
    submit_checked(&l, &o.number);
}

#[test]
fn whoever_entered_results_may_not_review_them() {
    let l = lab();
    let o = tested_order(&l);
    // tech2 is also a reviewer; entering one value bars them from reviewing.
    l.store
        .enter_at_bench(
            &l.tech2,
            &o.number,
            "Rm",
            &["615".into(), "620".into()],
            Some("复测"),
            None,
            t0(),
        )
        .unwrap();
    submit_checked(&l, &o.number);
    let m = refused(l.store.review(&l.tech2, &o.number, true, None, None, t0()));
    assert!(m.contains("不能审核自己的结果"), "{m}");
    l.store
        .review(&l.reviewer, &o.number, true, None, None, t0())
        .unwrap();
}

#[test]
fn approver_is_neither_reviewer_nor_preparer_and_must_be_authorised() {
    let l = lab();
    let o = tested_order(&l);
    submit_checked(&l, &o.number);
    l.store
        .review(&l.reviewer, &o.number, true, None, None, t0())
        .unwrap();
    // Reviewer lacks the role; give a second person both roles to test the rule itself.
    let both = l
        .store
        .add_user(
            &l.admin,
            "revsig",
            "赵双岗",
            &[
                unilab::model::Role::Reviewer,
                unilab::model::Role::Signatory,
            ],
            &["建筑材料".into()],
            "secret1",
            t0(),
        )
        .unwrap();
    let m = refused(l.store.approve(&l.food_signatory, &o.number, None, t0()));
    assert!(m.contains("未被授权") && m.contains("建筑材料"), "{m}");
    let m = refused(l.store.approve(&l.reviewer, &o.number, None, t0()));
    assert!(m.contains("授权签字人"), "{m}");
    // A reviewer-signatory who reviewed this order may not approve it.
    let o2 = tested_order(&l);
    submit_checked(&l, &o2.number);
    l.store
        .review(&both, &o2.number, true, None, None, t0())
        .unwrap();
    let m = refused(l.store.approve(&both, &o2.number, None, t0()));
    assert!(m.contains("审核了本委托单"), "{m}");
    let o = l
        .store
        .approve(&l.signatory, &o.number, None, t0())
        .unwrap();
    assert_eq!(o.status, OrderStatus::Approved);
}

#[test]
fn rejections_send_back_to_testing_with_a_reason() {
    let l = lab();
    let o = tested_order(&l);
    submit_checked(&l, &o.number);
    let m = refused(
        l.store
            .review(&l.reviewer, &o.number, false, None, None, t0()),
    );
    assert!(m.contains("原因"), "{m}");
    let o = l
        .store
        .review(
            &l.reviewer,
            &o.number,
            false,
            Some("Agt 原始记录缺签名"),
            None,
            t0(),
        )
        .unwrap();
    assert_eq!(o.status, OrderStatus::InTesting);
    assert_eq!(
        o.history.last().unwrap().reason.as_deref(),
        Some("Agt 原始记录缺签名")
    );
    submit_checked(&l, &o.number);
    l.store
        .review(&l.reviewer, &o.number, true, None, None, t0())
        .unwrap();
    let o = l
        .store
        .reject_approval(&l.signatory, &o.number, Some("结论措辞"), None, t0())
        .unwrap();
    assert_eq!(o.status, OrderStatus::InTesting);
    assert!(o.reviewed.is_none() && o.prepared.is_none());
}

#[test]
fn stale_edits_get_a_conflict_and_change_nothing() {
    let l = lab();
    let o = tested_order(&l);
    let seen = o.revision;
    l.store
        .enter_at_bench(
            &l.tech,
            &o.number,
            "Rm",
            &["612".into(), "618".into()],
            Some("复核"),
            Some(seen),
            t0(),
        )
        .unwrap();
    let after_first = l.store.order(&o.number).unwrap();
    let r = l.store.enter_at_bench(
        &l.tech2,
        &o.number,
        "Rm",
        &["700".into(), "700".into()],
        Some("另一终端"),
        Some(seen),
        t0(),
    );
    match r {
        Err(StoreError::Conflict(m)) => assert!(m.zh.contains("已被修改"), "{m}"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(l.store.order(&o.number).unwrap(), after_first);
}

#[test]
fn issue_amend_and_withdraw() {
    let l = lab();
    let o = tested_order(&l);
    sign_off(&l, &o.number);
    let (r1, _) = l
        .store
        .issue_report(&l.signatory, &o.number, t0(), &mut fake_render)
        .unwrap();
    assert_eq!(r1.number, "BH2026-000001");
    assert_eq!(r1.content.conclusion, "所检项目符合 GB 1499.2-2024 要求。");
    assert_eq!(r1.content.prepared_by.name, "林检验");
    assert_eq!(r1.content.reviewed_by.name, "王审核");
    assert_eq!(r1.content.approved_by.name, "张批准");
    // Amending needs the order reopened, corrected, reviewed and approved again.
    let m = refused(l.store.amend_report(
        &l.signatory,
        &r1.number,
        "Rm 誊写错误",
        t0(),
        &mut fake_render,
    ));
    assert!(m.contains("order reopen"), "{m}");
    l.store
        .reopen(&l.signatory, &o.number, Some("Rm 誊写错误"), t0())
        .unwrap();
    l.store
        .enter_at_bench(
            &l.tech,
            &o.number,
            "Rm",
            &["611".into(), "620".into()],
            Some("誊写错误"),
            None,
            t0(),
        )
        .unwrap();
    sign_off(&l, &o.number);
    let (r2, _) = l
        .store
        .amend_report(
            &l.signatory,
            &r1.number,
            "Rm 誊写错误",
            t0(),
            &mut fake_render,
        )
        .unwrap();
    assert_eq!(r2.number, "BH2026-000002");
    assert_eq!(r2.version, 2);
    let replaces = r2.content.replaces.as_ref().unwrap();
    assert_eq!(
        (replaces.report_number.as_str(), replaces.reason.as_str()),
        ("BH2026-000001", "Rm 誊写错误")
    );
    assert_eq!(
        l.store.report(&r1.number).unwrap().status,
        ReportStatus::Replaced {
            by: r2.number.clone()
        }
    );
    let w = l
        .store
        .withdraw_report(&l.signatory, &r2.number, "样品来源存疑", t0())
        .unwrap();
    assert!(matches!(w.status, ReportStatus::Withdrawn { .. }));
    let m = refused(
        l.store
            .withdraw_report(&l.signatory, &r2.number, "再次", t0()),
    );
    assert!(m.contains("已撤回"), "{m}");
    // A withdrawn report cannot be amended or issued again.
    l.store
        .reopen(&l.signatory, &o.number, Some("重新出具"), t0())
        .unwrap();
    sign_off(&l, &o.number);
    let m = refused(
        l.store
            .issue_report(&l.signatory, &o.number, t0(), &mut fake_render),
    );
    assert!(m.contains("已撤回"), "{m}");
}

#[test]
fn report_numbers_are_gapless_even_when_rendering_fails() {
    let l = lab();
    let o = tested_order(&l);
    sign_off(&l, &o.number);
    let mut failing = |_: &unilab::certificate::CertificateContent,
                       _: chrono::DateTime<chrono::Utc>|
     -> Result<unilab::store::Rendered, unilab::message::Msg> {
        Err(unilab::message::Msg::new("字体缺少字符", "glyph missing"))
    };
    let m = refused(
        l.store
            .issue_report(&l.signatory, &o.number, t0(), &mut failing),
    );
    assert!(m.contains("字体缺少字符"), "{m}");
    assert_eq!(
        l.store.order(&o.number).unwrap().status,
        OrderStatus::Approved
    );
    let (r, _) = l
        .store
        .issue_report(&l.signatory, &o.number, t0(), &mut fake_render)
        .unwrap();
    assert_eq!(
        r.number, "BH2026-000001",
        "the failed attempt used no number"
    );
}

#[test]
fn a_spot_check_that_finds_nothing_never_says_qualified() {
    let l = lab();
    let mut new = rebar_order(&[]);
    new.inspection_type = InspectionType::Supervision;
    let o = register_spot_check(&l, &new);
    assert!(o.conclusion().contains("未发现不合格"));
    assert!(!o.conclusion().contains("判定为合格"));
}

#[test]
fn every_change_is_audited_and_the_chain_holds() {
    let l = lab();
    let o = tested_order(&l);
    let log = l.store.audit_log(Some(&o.number)).unwrap();
    let ops: Vec<&str> = log.iter().map(|e| e.operation.as_str()).collect();
    assert_eq!(
        ops,
        [
            "order.register",
            "order.receive",
            "order.result",
            "order.result",
            "order.result",
            "order.result"
        ]
    );
    assert_eq!(log[2].actor, "tech");
    assert_eq!(log[2].after.as_ref().unwrap()["values"][0], "445");
    assert!(l.store.verify_audit(None).unwrap().ok());
}

#[test]
fn tampering_with_an_audit_entry_is_caught() {
    if file_engine_only("an audit entry edited in the file") {
        return;
    }
    let l = lab();
    let o = tested_order(&l);
    let seq = l.store.audit_log(Some(&o.number)).unwrap()[2].seq;
    let path = l.db_path();
    drop(l.store);
    unilab::store::tamper_with_audit_entry(&path, seq, "后来补的").unwrap();
    let store = unilab::store::Store::open(&path).unwrap();
    let check = store.verify_audit(None).unwrap();
    assert!(!check.ok());
    assert!(
        check
            .problems
            .iter()
            .any(|p| p.to_string().contains(&format!("第 {seq} 条"))
                && p.to_string().contains("被改动")),
        "{:?}",
        check.problems
    );
    drop(store);
    // The command a lab's auditor runs says so too, and fails.
    let out = std::process::Command::new(bin())
        .env("UNILAB_DATA_DIR", path.parent().unwrap())
        .args(["audit", "verify"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("审计链或记录被改动") && err.contains(&format!("第 {seq} 条")),
        "{err}"
    );
}

#[test]
fn roles_change_with_a_reason_and_never_strand_the_lab_without_an_admin() {
    let l = lab();
    let m =
        refused(
            l.store
                .set_user_roles(&l.admin, "admin", &[Role::Clerk], &[], "交接", None, t0()),
        );
    assert!(m.contains("管理员角色"), "{m}");
    let m =
        refused(
            l.store
                .set_user_roles(&l.admin, "rev", &[Role::Reviewer], &[], " ", None, t0()),
        );
    assert!(m.contains("原因"), "{m}");
    let m = refused(l.store.set_user_roles(
        &l.clerk,
        "rev",
        &[Role::Signatory],
        &[],
        "升职",
        None,
        t0(),
    ));
    assert!(m.contains("管理员"), "{m}");
    let fields = vec!["建筑材料".to_string()];
    let seen = l.store.user("rev").unwrap().revision;
    let rev = l
        .store
        .set_user_roles(
            &l.admin,
            "rev",
            &[Role::Reviewer, Role::Signatory],
            &fields,
            "兼任",
            Some(seen),
            t0(),
        )
        .unwrap();
    assert!(rev.has(Role::Signatory) && rev.authorised_for("建筑材料"));
    // A second editor who saw the old revision gets a conflict.
    let r = l.store.set_user_roles(
        &l.admin,
        "rev",
        &[Role::Reviewer],
        &[],
        "撤销",
        Some(seen),
        t0(),
    );
    assert!(matches!(r, Err(StoreError::Conflict(_))), "{r:?}");
    let last = l.store.audit_log(Some("rev")).unwrap().pop().unwrap();
    assert_eq!(
        (last.operation.as_str(), last.reason.as_deref()),
        ("user.roles", Some("兼任"))
    );
}

/// A lab written by the previous release (schema 2: list rows without `returned`) opens, its
/// rows are rebuilt from the orders, an order sent back shows as such, and the audit chain
/// still verifies.
#[test]
fn a_schema_2_store_is_migrated_and_marks_returned_orders() {
    if file_engine_only("a schema-2 file upgraded") {
        return;
    }
    let l = lab();
    let o = tested_order(&l);
    submit_checked(&l, &o.number);
    l.store
        .review(
            &l.reviewer,
            &o.number,
            false,
            Some("ReL 第二个试样读数存疑"),
            None,
            t0(),
        )
        .unwrap();
    let path = l.db_path();
    let number = o.number.clone();
    drop(l.store);
    // Make it look like the old release wrote it: the row's last field (a postcard bool, one
    // byte) goes, and the version says 2.
    unilab::store::tamper_with_record(&path, "order_index", &number, |b| {
        b.pop();
    })
    .unwrap();
    unilab::store::tamper_with_record(&path, "meta", "schema_version", |b| {
        *b = [b"U\x01".as_slice(), b"2"].concat();
    })
    .unwrap();
    let store = unilab::store::Store::open(&path).unwrap();
    let rows = store.order_summaries().unwrap();
    let row = rows.iter().find(|r| r.number == number).unwrap();
    assert!(row.returned, "{row:?}");
    assert_eq!(row.status, OrderStatus::InTesting);
    let check = store.verify_audit(None).unwrap();
    assert!(check.ok(), "{:?}", check.problems);
}

/// A lab written before methods were authorised (schema 3) opens with each technician
/// authorised for the methods of the results they had entered — nobody is locked out of their
/// daily work by the upgrade, and nothing more is granted — and the chain still verifies.
#[test]
fn a_schema_3_store_authorises_technicians_from_their_results() {
    if file_engine_only("a schema-3 file upgraded") {
        return;
    }
    let l = lab();
    let o = tested_order(&l);
    let path = l.db_path();
    drop(l.store);
    // The old release's user record had no `methods`; its version said 3.
    unilab::store::tamper_with_record(&path, "users", "tech", |b| {
        let mut v: serde_json::Value = serde_json::from_slice(&b[2..]).unwrap();
        v.as_object_mut().unwrap().remove("methods");
        *b = [&b[..2], &serde_json::to_vec(&v).unwrap()[..]].concat();
    })
    .unwrap();
    unilab::store::tamper_with_record(&path, "meta", "schema_version", |b| {
        *b = [b"U\x01".as_slice(), b"3"].concat();
    })
    .unwrap();
    let store = unilab::store::Store::open(&path).unwrap();
    let tech = store.user("tech").unwrap();
    let mut expected: Vec<String> = o.items.iter().map(|i| i.method.clone()).collect();
    expected.sort();
    expected.dedup();
    assert_eq!(tech.methods, expected);
    assert!(!tech.authorised_method("GB/T 4336-2016"));
    let check = store.verify_audit(None).unwrap();
    assert!(check.ok(), "{:?}", check.problems);
}
