//! Limits as standards write them: `LIMIT\nVALUE\nVALUE…`. Parses the limit, then judges each
//! value alone, as replicates (each and mean) and by both comparison methods.

use unilab::judge::{Basis, Comparison, ReplicateRule, Verdict};
use unilab::limit::Limit;
use unilab::number::{Interval, ResultValue};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let mut lines = text.split('\n');
        let Ok(limit) = Limit::parse(lines.next().unwrap_or_default()) else {
            return;
        };
        let values: Vec<ResultValue> = lines
            .take(8)
            .filter_map(|l| ResultValue::parse(l, true).ok())
            .collect();
        let detection_limit = values.iter().find_map(|v| v.number()).map(|d| d.abs());
        for comparison in [Comparison::Full, Comparison::Rounded] {
            for interval in [None, "0.01".parse::<Interval>().ok(), "5".parse().ok()] {
                let basis = Basis {
                    limit: &limit,
                    interval,
                    comparison,
                    detection_limit,
                    significant: None,
                    decision: Default::default(),
                };
                for v in &values {
                    let j = basis.judge(v);
                    if limit.is_report_only() {
                        assert_eq!(j.verdict, Verdict::NotJudged);
                    }
                }
                for rule in [ReplicateRule::Each, ReplicateRule::Mean] {
                    let _ = basis.judge_replicates(&values, rule);
                }
            }
        }
    });
}
