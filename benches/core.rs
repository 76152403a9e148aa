//! Micro-benchmarks of the hot judging functions: `cargo bench --bench core`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use unilab::judge::{Basis, Comparison};
use unilab::limit::Limit;
use unilab::number::{parse_decimal, Interval, ResultValue};

fn rounding(c: &mut Criterion) {
    let interval: Interval = "0.5".parse().unwrap();
    let value = parse_decimal("60.25").unwrap();
    c.bench_function("round 60.25 @0.5", |b| {
        b.iter(|| black_box(&interval).round(black_box(value)))
    });
    c.bench_function("parse \"2.675\"", |b| {
        b.iter(|| parse_decimal(black_box("2.675")))
    });
}

fn limits(c: &mut Criterion) {
    c.bench_function("parse limit ≥97.0", |b| {
        b.iter(|| Limit::parse(black_box("≥97.0")))
    });
    c.bench_function("parse limit 1.00～4.75", |b| {
        b.iter(|| Limit::parse(black_box("1.00～4.75")))
    });
}

fn judging(c: &mut Criterion) {
    let limit = Limit::parse("≥400").unwrap();
    let basis = Basis {
        limit: &limit,
        interval: Some("5".parse().unwrap()),
        comparison: Comparison::Rounded,
        detection_limit: None,
        significant: None,
        decision: Default::default(),
    };
    c.bench_function("parse + round + judge 432.5 vs ≥400 @5", |b| {
        b.iter(|| {
            let v = ResultValue::parse(black_box("432.5"), false).unwrap();
            basis.judge(&v)
        })
    });
}

fn certificate_layout(c: &mut Criterion) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("report-templates/default");
    let template = unilab::certificate::Template::load(&dir).unwrap();
    let renderer = unilab::certificate::Renderer::new(template).unwrap();
    let content = unilab::certificate::sample_content(20);
    c.bench_function("certificate layout, 20 items", |b| {
        b.iter(|| renderer.layout(black_box(&content)).unwrap())
    });
    c.bench_function("certificate render (unsigned PDF), 20 items", |b| {
        b.iter(|| renderer.render(black_box(&content), "UL1|bench").unwrap())
    });
    let now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 3, 9, 10, 0, 0).unwrap();
    let key = unilab::certificate::LabKey::generate_self_signed("基准测试实验室", now).unwrap();
    c.bench_function("certificate render + sign, 20 items", |b| {
        b.iter(|| unilab::certificate::issue(&renderer, black_box(&content), &key, now).unwrap())
    });
}

criterion_group!(benches, rounding, limits, judging, certificate_layout);
criterion_main!(benches);
