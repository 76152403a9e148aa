//! The pass rate over time per product (合格率趋势): for a table grouped by month or quarter, the
//! products with most samples and, period by period, each one's pass rate — exact, rounded
//! once to 0.1 % like every other rate. The screen draws them as lines, one per product.

use super::table::Table;
use crate::model::fact::{OrderFact, Outcome};
use crate::supervision::report::pass_rate;

/// One product's pass rate in each period of the table (absent where nothing was tested).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductTrend {
    /// The product standard (edition).
    pub product: String,
    /// Per table row: the rate in per cent as printed ("75.0").
    pub percent: Vec<Option<String>>,
}

/// Tested and passed of one product in one period.
#[derive(Default, Clone, Copy)]
struct Count {
    tested: u32,
    passed: u32,
}

/// The `top` products with most samples in the time table `t`, each with its rate per period;
/// nothing for a table not grouped by time.
pub fn product_trends(facts: &[OrderFact], t: &Table, top: usize) -> Vec<ProductTrend> {
    if !t.by.is_time() {
        return Vec::new();
    }
    // A lab tests tens of products, not thousands: a short list searched by value, and counts
    // in one flat vector, keep this to one pass over the facts without hashing each of them.
    let periods = t.rows.len();
    let mut products: Vec<(&str, u32)> = Vec::new();
    let mut counts: Vec<Count> = Vec::new();
    for (p, row) in t.rows.iter().enumerate() {
        for f in row.orders.iter().filter_map(|i| facts.get(*i)) {
            let k = match products.iter().position(|(s, _)| *s == f.standard) {
                Some(k) => k,
                None => {
                    products.push((f.standard.as_str(), 0));
                    counts.resize(products.len() * periods, Count::default());
                    products.len() - 1
                }
            };
            products[k].1 += 1;
            let c = &mut counts[k * periods + p];
            match f.outcome {
                Outcome::Passed => (c.tested, c.passed) = (c.tested + 1, c.passed + 1),
                Outcome::Failed => c.tested += 1,
                Outcome::Open | Outcome::Undecided => {}
            }
        }
    }
    let mut ranked: Vec<(usize, &str, u32)> = products
        .iter()
        .enumerate()
        .map(|(k, (s, n))| (k, *s, *n))
        .collect();
    ranked.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(b.1)));
    ranked
        .into_iter()
        .take(top)
        .map(|(k, product, _)| ProductTrend {
            product: product.to_string(),
            percent: counts[k * periods..(k + 1) * periods]
                .iter()
                .map(|c| pass_rate(c.passed, c.tested).map(|r| r.1))
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use std::collections::HashMap;

    use super::*;
    use crate::inspection::InspectionType;
    use crate::model::OrderStatus;
    use crate::stats::table::{table, By, Names, Period};

    fn fact(n: u32, standard: &str, month: u32, outcome: Outcome) -> OrderFact {
        let date = NaiveDate::from_ymd_opt(2026, month, 10).unwrap_or_default();
        OrderFact {
            number: format!("WT2026-{n:06}"),
            date,
            status: OrderStatus::Approved,
            inspection_type: InspectionType::Commissioned,
            standard: standard.into(),
            product: String::new(),
            enterprise: "91350100M000100Y43".into(),
            enterprise_name: String::new(),
            task: None,
            outcome,
            items: Vec::new(),
            received: None,
            issued: None,
            due: date,
            technicians: Vec::new(),
            reviewer: None,
            site: None,
        }
    }

    #[test]
    fn each_product_has_its_rate_in_each_month_and_none_where_nothing_was_tested() {
        use Outcome::*;
        let facts = vec![
            fact(1, "GB 2762-2022", 1, Passed),
            fact(2, "GB 2762-2022", 1, Failed),
            fact(3, "GB 2762-2022", 1, Passed),
            fact(4, "GB 2762-2022", 2, Passed),
            fact(5, "GB 1499.2-2024", 2, Failed),
            fact(6, "GB 1499.2-2024", 1, Open),
            fact(7, "GB 175-2023", 2, Passed),
        ];
        let none = HashMap::new();
        let names = Names {
            campaign_of_task: &none,
            area: &|_| None,
            person: &|_| None,
            site: &|_| None,
        };
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default();
        let t = table(&facts, By::Month, Period::default(), &names, today);
        let trends = product_trends(&facts, &t, 2);
        // Most samples first: GB 2762 (4), then GB 1499.2 (2); GB 175 (1) left out.
        let got: Vec<(&str, Vec<Option<&str>>)> = trends
            .iter()
            .map(|tr| {
                let p = tr.percent.iter().map(|p| p.as_deref()).collect();
                (tr.product.as_str(), p)
            })
            .collect();
        assert_eq!(
            got,
            [
                ("GB 2762-2022", vec![Some("66.7"), Some("100.0")]),
                ("GB 1499.2-2024", vec![None, Some("0.0")]),
            ]
        );
        // Not grouped by time: no lines.
        let by_product = table(&facts, By::Product, Period::default(), &names, today);
        assert!(product_trends(&facts, &by_product, 2).is_empty());
    }
}
