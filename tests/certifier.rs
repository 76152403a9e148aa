//! The certifier is parsed once per process and reused (issue 15: the font and template used
//! to be parsed again for every certificate), and made again when a file it came from changes.

use std::sync::Arc;

use chrono::{TimeZone as _, Utc};
use unilab::certificate::issue::{keys_dir, Certifier};
use unilab::certificate::LabKey;

#[test]
fn one_certifier_serves_every_issue_until_the_key_changes() {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    let first_key = LabKey::generate_self_signed("测试检验所", now).unwrap();
    first_key.save(&keys_dir(dir.path())).unwrap();

    let a = Certifier::shared(dir.path()).unwrap();
    let b = Certifier::shared(dir.path()).unwrap();
    assert!(
        Arc::ptr_eq(&a, &b),
        "the second issue reuses the parsed template and font"
    );
    assert_eq!(a.key().certificate_der(), first_key.certificate_der());

    // A new lab key (keys import, keys init --force) is picked up at once.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second_key = LabKey::generate_self_signed("测试检验所", now).unwrap();
    second_key.save(&keys_dir(dir.path())).unwrap();
    let c = Certifier::shared(dir.path()).unwrap();
    assert!(!Arc::ptr_eq(&a, &c));
    assert_eq!(c.key().certificate_der(), second_key.certificate_der());

    // Another lab in the same process has its own.
    let other = tempfile::tempdir().unwrap();
    LabKey::generate_self_signed("另一检验所", now)
        .unwrap()
        .save(&keys_dir(other.path()))
        .unwrap();
    let d = Certifier::shared(other.path()).unwrap();
    assert!(!Arc::ptr_eq(&c, &d));
    assert!(Arc::ptr_eq(&c, &Certifier::shared(dir.path()).unwrap()));
}
