//! The shipped standards library as a user of it would notice it: every file registered and
//! valid, real figures where they should be, unconfirmed figures flagged, and orders judged the
//! way the standards say.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use chrono::NaiveDate;
use unilab::catalog::{load_dir, Catalog, ResolvedItem, Selection, Standard};
use unilab::evaluate::{evaluate, ItemOutcome};
use unilab::inspection::InspectionType;
use unilab::judge::Verdict;
use unilab::number::ResultValue;

fn standards_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("standards")
}

fn catalog() -> Catalog {
    match Catalog::load(&[]) {
        Ok(c) => c,
        Err(errors) => panic!(
            "shipped library does not load:\n{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

fn standard<'a>(c: &'a Catalog, code: &str) -> &'a Standard {
    c.find(code).unwrap_or_else(|e| panic!("{e}"))
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn resolve(
    s: &Standard,
    grade: &str,
    spec: Option<&str>,
    kind: InspectionType,
    requested: &[&str],
) -> Vec<ResolvedItem> {
    let requested: Vec<String> = requested.iter().map(|r| r.to_string()).collect();
    s.resolve(&Selection {
        grade,
        spec,
        inspection_type: kind,
        requested: &requested,
        on: date("2025-06-01"),
        allow_withdrawn: false,
    })
    .unwrap_or_else(|e| panic!("{}: {e}", s.code))
}

fn entries(values: &[(&str, &[&str])]) -> BTreeMap<String, Vec<ResultValue>> {
    values
        .iter()
        .map(|(code, vs)| {
            (
                code.to_string(),
                vs.iter()
                    .map(|v| ResultValue::parse(v, true).unwrap())
                    .collect(),
            )
        })
        .collect()
}

fn outcome<'a>(outcomes: &'a [ItemOutcome], code: &str) -> &'a ItemOutcome {
    outcomes
        .iter()
        .find(|o| o.code == code)
        .unwrap_or_else(|| panic!("no outcome for {code}: {outcomes:?}"))
}

/// The reported text and verdict of one item.
fn judged(outcomes: &[ItemOutcome], code: &str) -> (String, Verdict) {
    let o = outcome(outcomes, code);
    let j = o
        .judgement
        .as_ref()
        .unwrap_or_else(|| panic!("{code} not judged: {:?}", o.pending));
    (j.reported.clone(), j.verdict.clone())
}

fn limit_text(s: &Standard, item: &str, key: &str) -> String {
    s.item(item)
        .unwrap_or_else(|| panic!("{} has no item {item}", s.code))
        .limit_for(key)
        .unwrap_or_else(|| panic!("{} {item} has no limit for {key}", s.code))
        .limit
        .text
        .clone()
}

fn limit_confirmed(s: &Standard, item: &str, key: &str) -> bool {
    s.item(item).unwrap().limit_for(key).unwrap().confirmed
}

// (a) ---------------------------------------------------------------------------------------

#[test]
fn shipped_list_matches_the_standards_folder() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(standards_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    assert!(!on_disk.is_empty());

    // What the binary carries: each shipped standard remembers the file it came from.
    let shipped: BTreeSet<String> = catalog()
        .standards()
        .iter()
        .map(|s| s.source.trim_start_matches("standards/").to_string())
        .collect();
    assert_eq!(
        shipped, on_disk,
        "src/catalog/shipped.rs and standards/ differ"
    );

    // The registration list itself: one entry per file, include_str! of the same name, sorted.
    let source = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/catalog/shipped.rs"),
    )
    .unwrap();
    let mut names = Vec::new();
    for (i, _) in source.match_indices("include_str!(\"../../standards/") {
        let rest = &source[i + "include_str!(\"../../standards/".len()..];
        let name = &rest[..rest.find('"').unwrap()];
        names.push(name.to_string());
        assert!(
            source.contains(&format!("\"{name}\",")),
            "{name}: tuple name differs from the included file"
        );
    }
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        names, sorted,
        "shipped.rs must be sorted by file name, no duplicates"
    );
    assert_eq!(names.into_iter().collect::<BTreeSet<_>>(), on_disk);
}

#[test]
fn file_names_follow_the_codes() {
    for s in catalog().standards() {
        let expected = format!("standards/{}.toml", s.code.replace(['/', ' '], "_"));
        assert_eq!(s.source, expected, "{}", s.code);
    }
}

// (b) ---------------------------------------------------------------------------------------

#[test]
fn standards_check_passes_on_the_folder() {
    // What `unilab standards check standards` does.
    let standards = load_dir(&standards_dir()).unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    let n = standards.len();
    let c = Catalog::from_standards(standards).expect("duplicate codes");
    assert_eq!(c.standards().len(), n);
    assert_eq!(catalog().standards().len(), n);
    for code in [
        "GB/T 1499.2-2018",
        "GB 1499.2-2024",
        "GB/T 15063-2020",
        "GB 2762-2022",
        "GB 2763-2021",
        "GB 18383-2007",
        "GB 175-2023",
        "JJG 443-2023",
    ] {
        assert!(c.get(code).is_some(), "{code} missing");
    }
}

#[test]
fn every_standard_resolves_for_every_grade_and_scheme() {
    for s in catalog().standards() {
        assert!(
            s.schemes.contains_key(&InspectionType::Commissioned),
            "{} has no commissioned scheme",
            s.code
        );
        assert!(
            s.schemes.contains_key(&InspectionType::Supervision),
            "{} has no supervision scheme",
            s.code
        );
        if s.withdrawn.is_some() {
            assert!(
                s.replaced_by.is_some(),
                "{}: withdrawn without successor",
                s.code
            );
        }
        let on = s.in_force.unwrap_or(date("2020-01-01"));
        for grade in &s.grades {
            for kind in s.schemes.keys() {
                let items = s
                    .resolve(&Selection {
                        grade,
                        spec: s.specs.first().map(String::as_str),
                        inspection_type: *kind,
                        requested: &[],
                        on,
                        allow_withdrawn: false,
                    })
                    .unwrap_or_else(|e| panic!("{} {grade} {kind:?}: {e}", s.code));
                assert!(!items.is_empty());
                if *kind != InspectionType::Commissioned {
                    for code in &s.schemes[kind].items {
                        assert!(
                            items.iter().any(|i| &i.code == code && i.mandatory),
                            "{} {kind:?}: {code} not mandatory",
                            s.code
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn no_subscript_digits_in_printed_names() {
    // Subscript digits are missing from common CJK fonts (STANDARDS-FACTS §2).
    for s in catalog().standards() {
        for i in &s.items {
            for text in [&i.name_zh, &i.name_en, &i.code] {
                assert!(
                    !text.chars().any(|c| ('\u{2080}'..='\u{2089}').contains(&c)),
                    "{} {}: subscript digit in “{text}”",
                    s.code,
                    i.code
                );
            }
        }
    }
}

// (c) ---------------------------------------------------------------------------------------

#[test]
fn rebar_2024_tightens_weight_deviation() {
    let c = catalog();
    let old = standard(&c, "GB/T 1499.2-2018");
    let new = standard(&c, "GB 1499.2-2024");
    assert_eq!(limit_text(old, "W", "d6-12"), "±6.0");
    assert_eq!(limit_text(new, "W", "d6-12"), "±5.5");
    assert_eq!(limit_text(new, "W", "d14-20"), "±4.5");
    assert_eq!(limit_text(new, "W", "d22-50"), "±3.5");
    assert!(limit_confirmed(new, "W", "d6-12"));
    assert_eq!(new.withdrawn, None);
    assert_eq!(new.in_force, Some(date("2024-09-25")));
    assert_eq!(old.replaced_by.as_deref(), Some("GB 1499.2-2024"));

    // −5.8 % on a d10 bar: fine under 2018, fails under 2024.
    let sel = |on: &str| Selection {
        grade: "HRB400",
        spec: Some("d6-12"),
        inspection_type: InspectionType::Commissioned,
        requested: &[],
        on: date(on),
        allow_withdrawn: true,
    };
    let w = [("W", &["-5.8"][..])];
    let out = evaluate(&old.resolve(&sel("2024-01-10")).unwrap(), &entries(&w));
    assert_eq!(judged(&out, "W").1, Verdict::Pass);
    let out = evaluate(&new.resolve(&sel("2025-01-10")).unwrap(), &entries(&w));
    assert_eq!(judged(&out, "W").1, Verdict::Fail);
}

#[test]
fn withdrawn_edition_needs_an_explicit_override() {
    let c = catalog();
    let old = standard(&c, "GB/T 1499.2-2018");
    let mut sel = Selection {
        grade: "HRB400E",
        spec: Some("d14-20"),
        inspection_type: InspectionType::Commissioned,
        requested: &[],
        on: date("2025-01-01"),
        allow_withdrawn: false,
    };
    let err = old.resolve(&sel).unwrap_err().to_string();
    assert!(
        err.contains("废止") && err.contains("GB 1499.2-2024"),
        "{err}"
    );
    sel.allow_withdrawn = true;
    assert!(old.resolve(&sel).is_ok());

    // The 2024 edition is accepted then, but not before it came into force.
    let new = standard(&c, "GB 1499.2-2024");
    sel.allow_withdrawn = false;
    assert!(new.resolve(&sel).is_ok());
    sel.on = date("2024-09-24");
    assert!(new.resolve(&sel).is_err());

    // GB 18383-2007 until 2026-06-30, then GB 18383-2025.
    let filled = standard(&c, "GB 18383-2007");
    let mut sel = Selection {
        grade: "棉纤维填充物",
        spec: None,
        inspection_type: InspectionType::Supervision,
        requested: &[],
        on: date("2026-06-30"),
        allow_withdrawn: false,
    };
    assert!(filled.resolve(&sel).is_ok());
    sel.on = date("2026-07-01");
    let err = filled.resolve(&sel).unwrap_err().to_string();
    assert!(err.contains("GB 18383-2025"), "{err}");
}

#[test]
fn fertilizer_total_nutrient_is_computed_and_judged_in_full() {
    let c = catalog();
    let s = standard(&c, "GB/T 15063-2020");
    let items = resolve(s, "高浓度", None, InspectionType::Commissioned, &["NPK"]);
    let codes: Vec<&str> = items.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(
        codes,
        ["N", "P2O5", "K2O", "NPK"],
        "inputs follow the computed item"
    );
    assert_eq!(items[3].limit.text, "≥40.0");

    let out = evaluate(
        &items,
        &entries(&[("N", &["15.2"]), ("P2O5", &["15.1"]), ("K2O", &["10.0"])]),
    );
    assert_eq!(judged(&out, "NPK"), ("40.3".to_string(), Verdict::Pass));
    assert_eq!(judged(&out, "N").1, Verdict::NotJudged);

    // 39.96 is reported as 40.0 but fails: 全数值比较法.
    let out = evaluate(
        &items,
        &entries(&[("N", &["15.00"]), ("P2O5", &["14.96"]), ("K2O", &["10.00"])]),
    );
    assert_eq!(judged(&out, "NPK"), ("40.0".to_string(), Verdict::Fail));

    for (grade, limit) in [("中浓度", "≥30.0"), ("低浓度", "≥25.0")] {
        assert_eq!(limit_text(s, "NPK", grade), limit);
    }
}

#[test]
fn fertilizer_water_soluble_phosphorus_ratio() {
    let c = catalog();
    let s = standard(&c, "GB/T 15063-2020");
    let items = resolve(s, "中浓度", None, InspectionType::Commissioned, &["WSP"]);
    let out = evaluate(
        &items,
        &entries(&[("P2O5", &["10.00"]), ("P2O5_ws", &["4.96"])]),
    );
    // 49.6 % → reported 50, but judged in full against ≥50.
    assert_eq!(judged(&out, "WSP"), ("50".to_string(), Verdict::Fail));
}

#[test]
fn fertilizer_spot_check_has_the_sixteen_national_items() {
    let c = catalog();
    let s = standard(&c, "GB/T 15063-2020");
    let scheme = &s.schemes[&InspectionType::Supervision];
    assert_eq!(scheme.items.len(), 16, "{:?}", scheme.items);
    assert!(
        !scheme.items.iter().any(|i| i == "H2O"),
        "moisture is not a spot-check item"
    );
    for code in [
        "N", "P2O5", "K2O", "NPK", "WSP", "NO3_N", "size", "Cl", "As", "Cd", "Pb", "Cr", "Hg",
        "Tl", "biuret", "label",
    ] {
        assert!(scheme.items.iter().any(|i| i == code), "{code} missing");
    }
    let items = resolve(
        s,
        "高浓度",
        Some("未标含氯"),
        InspectionType::Supervision,
        &[],
    );
    assert!(!items.iter().any(|i| i.code == "H2O"));
    let cl = items.iter().find(|i| i.code == "Cl").unwrap();
    assert_eq!(cl.limit.text, "≤3.0");
    assert!(cl.mandatory);

    // Chloride needs the bag's labelling.
    let requested = vec!["Cl".to_string()];
    let err = s
        .resolve(&Selection {
            grade: "高浓度",
            spec: None,
            inspection_type: InspectionType::Commissioned,
            requested: &requested,
            on: date("2025-01-01"),
            allow_withdrawn: false,
        })
        .unwrap_err();
    assert!(err.to_string().contains("氯离子标识"), "{err}");
    assert_eq!(limit_text(s, "Cl", "含氯（低氯）"), "≤15.0");
    assert_eq!(limit_text(s, "Cl", "含氯（中氯）"), "≤30.0");
}

#[test]
fn food_contaminant_limits() {
    let c = catalog();
    let s = standard(&c, "GB 2762-2022");
    assert_eq!(s.field, "食品");
    for rice in ["稻谷", "糙米", "大米"] {
        assert_eq!(limit_text(s, "Pb", rice), "≤0.2");
        assert_eq!(limit_text(s, "Cd", rice), "≤0.2");
        assert!(limit_confirmed(s, "Pb", rice));
    }
    assert_eq!(limit_text(s, "Pb", "新鲜蔬菜"), "≤0.1");
    assert_eq!(limit_text(s, "Pb", "芸薹类蔬菜"), "≤0.2");
    assert_eq!(limit_text(s, "Pb", "叶菜蔬菜"), "≤0.3");
    assert_eq!(limit_text(s, "Cd", "新鲜蔬菜"), "≤0.05");
    assert_eq!(limit_text(s, "Hg", "新鲜蔬菜"), "≤0.01");
    assert_eq!(limit_text(s, "As", "新鲜蔬菜"), "≤0.5");
    assert_eq!(limit_text(s, "Cr", "新鲜蔬菜"), "≤0.5");
    assert_eq!(s.item("Pb").unwrap().method, "GB 5009.12-2023");

    let items = resolve(s, "大米", None, InspectionType::Commissioned, &["Pb"]);
    assert_eq!(items.len(), 1);
    let out = evaluate(&items, &entries(&[("Pb", &["0.200"])]));
    assert_eq!(judged(&out, "Pb").1, Verdict::Pass);
    let out = evaluate(&items, &entries(&[("Pb", &["0.21"])]));
    assert_eq!(judged(&out, "Pb").1, Verdict::Fail);
    // A bare 未检出 is judged against the method's detection limit.
    let out = evaluate(&items, &entries(&[("Pb", &["未检出"])]));
    assert_eq!(judged(&out, "Pb").1, Verdict::Pass);
}

#[test]
fn glyphosate_mrls() {
    let c = catalog();
    let s = standard(&c, "GB 2763-2021");
    for (food, mrl) in [
        ("苹果", "≤0.5"),
        ("稻谷", "≤0.1"),
        ("小麦", "≤5"),
        ("玉米", "≤1"),
        ("茶叶", "≤1"),
    ] {
        assert_eq!(limit_text(s, "glyphosate", food), mrl);
        assert!(limit_confirmed(s, "glyphosate", food));
    }
    let items = resolve(s, "茶叶", None, InspectionType::Supervision, &[]);
    let out = evaluate(&items, &entries(&[("glyphosate", &["1.04"])]));
    assert_eq!(
        judged(&out, "glyphosate"),
        ("1.04".to_string(), Verdict::Fail)
    );
}

#[test]
fn cement_strength_is_the_mean_of_six() {
    let c = catalog();
    let s = standard(&c, "GB 175-2023");
    assert_eq!(s.in_force, Some(date("2024-06-01")));
    for grade in ["42.5", "42.5R", "52.5", "52.5R", "62.5", "62.5R"] {
        let class = grade.trim_end_matches('R');
        assert_eq!(limit_text(s, "R28", grade), format!("≥{class}"));
        assert!(limit_confirmed(s, "R28", grade));
    }
    let items = resolve(s, "42.5", None, InspectionType::Commissioned, &["R28"]);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].replicates, 6);

    // One low half-prism does not fail the sample: the mean is judged.
    let six = ["41.0", "43.5", "42.8", "44.1", "42.0", "43.2"];
    let out = evaluate(&items, &entries(&[("R28", &six)]));
    assert_eq!(judged(&out, "R28"), ("42.8".to_string(), Verdict::Pass));
    // Mean 42.45: reported 42.4 and failing.
    let six = ["42.0", "42.9", "42.4", "42.5", "42.3", "42.6"];
    let out = evaluate(&items, &entries(&[("R28", &six)]));
    assert_eq!(judged(&out, "R28"), ("42.4".to_string(), Verdict::Fail));
}

#[test]
fn fuel_dispenser_error_from_the_temperature_corrected_volume() {
    let c = catalog();
    let s = standard(&c, "JJG 443-2023");
    let items = resolve(s, "汽油", None, InspectionType::Commissioned, &["E"]);
    let codes: BTreeSet<&str> = items.iter().map(|i| i.code.as_str()).collect();
    for input in ["V_J", "V_B", "t_J", "t_B", "V_Bt", "E"] {
        assert!(codes.contains(input), "{input} missing from {codes:?}");
    }
    let e = items.iter().find(|i| i.code == "E").unwrap();
    assert_eq!((e.replicates, e.limit.text.as_str()), (3, "±0.30"));

    // V_Bt = 20.000 × (1 + 0.0012 × 1.0 + 0.00005 × 4.0) = 20.028 L.
    let runs = entries(&[
        ("V_B", &["20.000", "20.000", "20.000"]),
        ("t_J", &["25.0", "25.0", "25.0"]),
        ("t_B", &["24.0", "24.0", "24.0"]),
        ("V_J", &["20.04", "20.03", "20.01"]),
    ]);
    let out = evaluate(&items, &runs);
    assert_eq!(judged(&out, "V_Bt").0, "20.028、20.028、20.028");
    assert_eq!(
        judged(&out, "E"),
        ("0.06、0.01、-0.09".to_string(), Verdict::Pass)
    );

    let mut runs = runs;
    runs.insert(
        "V_J".into(),
        ["20.04", "20.10", "20.01"]
            .iter()
            .map(|v| ResultValue::parse(v, false).unwrap())
            .collect(),
    );
    let out = evaluate(&items, &runs);
    assert_eq!(
        judged(&out, "E"),
        ("0.06、0.36、-0.09".to_string(), Verdict::Fail)
    );

    // Diesel expands less: the same readings give a different corrected volume.
    let diesel = resolve(s, "柴油", None, InspectionType::Commissioned, &["E"]);
    let out = evaluate(&diesel, &runs);
    assert_eq!(judged(&out, "V_Bt").0, "20.022、20.022、20.022");
    assert_eq!(limit_text(s, "Er", "柴油"), "≤0.10");
}

// (d) ---------------------------------------------------------------------------------------

#[test]
fn unconfirmed_figures_are_flagged() {
    let c = catalog();

    // Rebar 2024: only the weight deviation is confirmed for the new edition.
    let s = standard(&c, "GB 1499.2-2024");
    for (item, grade) in [
        ("ReL", "HRB400"),
        ("Rm", "HRB500E"),
        ("A", "HRB600"),
        ("Agt", "HRB400E"),
        ("Ceq", "HRB500"),
        ("bend", "HRB400"),
    ] {
        assert!(!limit_confirmed(s, item, grade), "{item} {grade}");
    }
    assert!(!s.item("C").unwrap().confirmed, "chemistry methods are U");

    // Fertilizer: moisture, particle size, toxic substances.
    let s = standard(&c, "GB/T 15063-2020");
    for grade in ["高浓度", "中浓度", "低浓度"] {
        assert!(!limit_confirmed(s, "H2O", grade), "moisture {grade}");
        assert!(!limit_confirmed(s, "size", grade), "size {grade}");
        for item in ["As", "Cd", "Pb", "Cr", "Hg", "Tl", "biuret"] {
            assert!(!limit_confirmed(s, item, grade), "{item} {grade}");
        }
        // The confirmed ones stay confirmed.
        for item in ["NPK", "WSP", "NO3_N"] {
            assert!(limit_confirmed(s, item, grade), "{item} {grade}");
        }
    }
    assert_eq!(limit_text(s, "H2O", "高浓度"), "≤2.0");
    assert_eq!(limit_text(s, "H2O", "低浓度"), "≤5.0");
    assert_eq!(limit_text(s, "size", "中浓度"), "≥90");
    assert!(limit_confirmed(s, "Cl", "未标含氯"));

    // Food: method detection limits are U, so every contaminant item is flagged.
    let s = standard(&c, "GB 2762-2022");
    for item in ["Pb", "Cd", "Hg", "As", "Cr"] {
        let i = s.item(item).unwrap();
        assert!(i.detection_limit.is_some(), "{item} has no detection limit");
        assert!(!i.confirmed, "{item}");
    }
    assert!(!limit_confirmed(s, "Hg", "大米"));
    assert!(limit_confirmed(s, "Hg", "新鲜蔬菜"));
    let s = standard(&c, "GB 2763-2021");
    let g = s.item("glyphosate").unwrap();
    assert!(g.detection_limit.is_some() && !g.confirmed);

    // Filled products: numeric limits U.
    let s = standard(&c, "GB 18383-2007");
    assert!(!limit_confirmed(s, "short", "棉纤维填充物"));
    for grade in &s.grades {
        assert!(!limit_confirmed(s, "impurity", grade));
        assert!(!limit_confirmed(s, "fibre", grade));
    }
    assert!(limit_confirmed(s, "raw", "化学纤维填充物"));

    // Cement: all but the 28-day compressive strength.
    let s = standard(&c, "GB 175-2023");
    for item in ["R3", "F3", "F28", "IST", "sound"] {
        for grade in &s.grades {
            assert!(!limit_confirmed(s, item, grade), "{item} {grade}");
        }
    }
    for item in ["FST", "MgO", "SO3"] {
        for spec in &s.specs {
            assert!(!limit_confirmed(s, item, spec), "{item} {spec}");
        }
    }

    // Fuel dispensers: the 2006 formula is assumed for 2023.
    let s = standard(&c, "JJG 443-2023");
    assert!(!s.item("V_Bt").unwrap().confirmed);

    // And the list shows it.
    for s in c.standards() {
        assert!(s.has_unconfirmed(), "{}", s.code);
    }
}

/// Issue 10 item 3: Ceq with Cr not detected. The content lies between 0 and the detection
/// limit; Ceq is judged when the whole range gives one answer, and a bare 未检出 without a
/// detection limit says what to type instead of leaving Ceq silently pending.
#[test]
fn ceq_with_an_input_not_detected_is_judged_from_its_range() {
    let c = catalog();
    let s = standard(&c, "GB 1499.2-2024");
    let items = resolve(
        s,
        "HRB400",
        None,
        InspectionType::Commissioned,
        &["C", "Mn", "Cr", "V", "Mo", "Cu", "Ni", "Ceq"],
    );
    let base: Vec<(&str, &[&str])> = vec![
        ("C", &["0.22"]),
        ("Mn", &["1.20"]),
        ("V", &["0.030"]),
        ("Mo", &["0.010"]),
        ("Cu", &["0.05"]),
        ("Ni", &["0.03"]),
    ];
    let mut with = base.clone();
    with.push(("Cr", &["<0.005"]));
    let out = evaluate(&items, &entries(&with));
    // 0.22 + 0.20 + (0…0.005 + 0.030 + 0.010)/5 + 0.08/15 = 0.4334…0.4344 → 0.43 either way.
    let (reported, verdict) = judged(&out, "Ceq");
    assert_eq!(reported, "0.43");
    assert_eq!(verdict, Verdict::Pass);

    let mut bare = base.clone();
    bare.push(("Cr", &["未检出"]));
    let out = evaluate(&items, &entries(&bare));
    let ceq = outcome(&out, "Ceq");
    assert!(ceq.judgement.is_none());
    let why = ceq.pending.as_deref().unwrap_or("");
    assert!(why.contains("Cr") && why.contains("<检出限"), "{why}");
}
