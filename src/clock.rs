//! The record clock. Records take the system clock; `UNILAB_NOW` (RFC 3339) may fix it only in
//! a training lab, whose certificates are marked as such. Anywhere else a set `UNILAB_NOW`
//! means someone is trying to date records other than now, and the write is refused.

use chrono::{DateTime, Utc};

/// The variable that fixes a training lab's clock.
pub const OVERRIDE_VAR: &str = "UNILAB_NOW";

/// The time to record a write at, for a lab that is (or is not) a training lab.
pub fn record_time(training: bool) -> Result<DateTime<Utc>, String> {
    match std::env::var(OVERRIDE_VAR) {
        Ok(text) if training => DateTime::parse_from_rfc3339(text.trim())
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| format!("{OVERRIDE_VAR}“{text}”不是 RFC 3339 时间：{e}")),
        Ok(_) => Err(format!(
            "设置了 {OVERRIDE_VAR}，但本实验室不是培训实验室：记录时间只能取系统时钟，未写入任何记录。\
             请取消 {OVERRIDE_VAR}；练习或演示请用 unilab init --training 建立培训实验室"
        )),
        Err(_) => Ok(Utc::now()),
    }
}

/// Whether this process runs on a fixed clock (a training lab with `UNILAB_NOW` set).
pub fn is_fixed(training: bool) -> bool {
    training && std::env::var_os(OVERRIDE_VAR).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    // One test touches the process environment, so the cases run in order inside it.
    #[test]
    fn the_override_is_honoured_only_in_a_training_lab() {
        std::env::remove_var(OVERRIDE_VAR);
        assert!(record_time(false).is_ok());
        std::env::set_var(OVERRIDE_VAR, "2019-03-01T08:00:00Z");
        let refused = record_time(false).unwrap_err();
        assert!(refused.contains("不是培训实验室"), "{refused}");
        assert_eq!(
            record_time(true).unwrap().to_rfc3339(),
            "2019-03-01T08:00:00+00:00"
        );
        std::env::set_var(OVERRIDE_VAR, "yesterday");
        assert!(record_time(true).unwrap_err().contains("RFC 3339"));
        std::env::remove_var(OVERRIDE_VAR);
    }
}
