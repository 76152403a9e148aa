//! `unilab standards check|list|show`.

use std::path::PathBuf;

use anyhow::anyhow;
use clap::Subcommand;

use super::{load_catalog, CliResult};
use crate::catalog::{load_dir, Catalog, LimitKey, Standard};

#[derive(Subcommand, Debug)]
pub enum StandardsCommand {
    /// Validate the shipped library, or the standard files in DIR.
    Check { dir: Option<PathBuf> },
    /// List every standard edition in the library.
    List,
    /// Show one standard: items, methods, intervals, limits per grade, schemes.
    Show { code: String },
}

pub fn run(c: StandardsCommand, dirs: &[PathBuf]) -> CliResult {
    match c {
        StandardsCommand::Check { dir: Some(dir) } => {
            let standards = load_dir(&dir).map_err(|errors| {
                let list: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
                anyhow!("{} 个错误：\n{}", list.len(), list.join("\n"))
            })?;
            // Duplicates across files are an error too.
            let n = standards.len();
            Catalog::from_standards(standards).map_err(|errors| {
                anyhow!(errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("\n"))
            })?;
            say!("{n} 个标准文件通过检查：{}", dir.display());
            Ok(())
        }
        StandardsCommand::Check { dir: None } => {
            let catalog = load_catalog(dirs)?;
            say!("{} 个标准通过检查", catalog.standards().len());
            Ok(())
        }
        StandardsCommand::List => {
            let catalog = load_catalog(dirs)?;
            for s in catalog.standards() {
                let status = match (s.withdrawn, &s.replaced_by) {
                    (Some(d), Some(r)) => format!("已废止 {d}，被 {r} 代替"),
                    (Some(d), None) => format!("已废止 {d}"),
                    _ => "现行".to_string(),
                };
                let flag = if s.has_unconfirmed() {
                    "  [含待核实数据]"
                } else {
                    ""
                };
                say!("{}\t{}\t{}\t{status}{flag}", s.code, s.title_zh, s.product);
            }
            Ok(())
        }
        StandardsCommand::Show { code } => {
            let catalog = load_catalog(dirs)?;
            let s = catalog.find(&code).map_err(|e| anyhow!(e))?;
            say_raw!("{}", show(s));
            if let Some(line) = successor_line(s, &catalog) {
                say!("{line}");
            }
            Ok(())
        }
    }
}

/// Whether a withdrawn (or to-be-withdrawn) edition has a successor in force, and in the library.
fn successor_line(s: &Standard, catalog: &crate::catalog::Catalog) -> Option<String> {
    s.withdrawn?;
    Some(match s.replaced_by.as_deref() {
        Some(r) => match catalog.get(r) {
            Some(next) => format!(
                "代替版本：{r}（已收录{}）",
                next.in_force
                    .map(|d| format!("，{d} 起实施"))
                    .unwrap_or_default()
            ),
            None => format!("代替版本：{r}（标准库未收录）"),
        },
        None => "代替版本：无现行代替版本（no successor in force）".to_string(),
    })
}

/// The three-unified view of one standard as plain text.
pub fn show(s: &Standard) -> String {
    let mut out = String::new();
    let mut line = |t: String| {
        out.push_str(&t);
        out.push('\n');
    };
    line(format!("{}  {}", s.code, s.title_zh));
    if !s.title_en.is_empty() {
        line(format!("    {}", s.title_en));
    }
    line(format!("产品：{}    领域：{}", s.product, s.field));
    if let Some(d) = s.in_force {
        line(format!("实施日期：{d}"));
    }
    if let Some(d) = s.withdrawn {
        line(format!(
            "废止日期：{d}{}",
            s.replaced_by
                .as_ref()
                .map(|r| format!("（被 {r} 代替）"))
                .unwrap_or_default()
        ));
    }
    line(format!("等级：{}", s.grades.join("、")));
    if !s.specs.is_empty() {
        line(format!("{}：{}", s.spec_label, s.specs.join("、")));
    }
    for item in &s.items {
        line(String::new());
        let flag = if item.confirmed {
            ""
        } else {
            "  [方法/修约待核实]"
        };
        line(format!(
            "[{}] {} {}{flag}",
            item.code, item.name_zh, item.name_en
        ));
        line(format!(
            "    单位 {}  方法 {}  修约间隔 {}  {}{}",
            if item.unit.is_empty() {
                "-"
            } else {
                &item.unit
            },
            item.method,
            item.interval
                .map(|i| i.to_string())
                .unwrap_or_else(|| "按限值".into()),
            item.comparison.zh(),
            item.detection_limit
                .map(|d| format!("  检出限 {d}"))
                .unwrap_or_default()
        ));
        if let Some(f) = &item.formula {
            line(format!("    计算：{} = {}", item.code, f.text));
        }
        for l in keyed_lines(item) {
            line(l);
        }
        if item.replicates > 1 {
            line(format!(
                "    试样数 {}（{}）",
                item.replicates,
                match item.replicate_rule {
                    crate::judge::ReplicateRule::Each => "每个均须符合",
                    crate::judge::ReplicateRule::Mean => "取平均值判定",
                }
            ));
        }
        let keys: Vec<String> = match item.limit_by {
            LimitKey::Grade => s.grades.clone(),
            LimitKey::Spec => s.specs.clone(),
        };
        let limits: Vec<String> = keys
            .iter()
            .filter_map(|k| {
                item.limit_for(k).map(|e| {
                    format!(
                        "{k} {}{}",
                        e.limit.text,
                        if e.confirmed { "" } else { "（待核实）" }
                    )
                })
            })
            .collect();
        line(format!("    限值：{}", limits.join("；")));
        let schemes: Vec<&str> = s
            .schemes
            .values()
            .filter(|sc| sc.items.contains(&item.code))
            .map(|sc| sc.inspection_type.zh())
            .collect();
        if !schemes.is_empty() {
            line(format!("    列入方案：{}", schemes.join("、")));
        }
        if let Some(n) = &item.note {
            line(format!("    注：{n}"));
        }
    }
    out
}

/// The issue-11 parts of an item: significant figures, uncertainty, basis, declared-value rule,
/// keyed rows and product-analysis allowances, each with its confirmed flag.
fn keyed_lines(item: &crate::catalog::Item) -> Vec<String> {
    let flag = |c: bool| if c { "" } else { "（待核实）" };
    let mut out = Vec::new();
    if let Some(sf) = &item.significant {
        out.push(format!("    有效数字：{sf}"));
    }
    if let Some(u) = &item.uncertainty {
        out.push(format!("    扩展不确定度 U（k = 2）：{u}"));
    }
    if let Some(b) = &item.basis {
        out.push(format!("    判定依据：{b}"));
    }
    if let Some(d) = &item.declared {
        out.push(format!(
            "    按标明值：≥ 标明值 − {}{}{}",
            d.rule.shortfall,
            d.rule
                .floor
                .map(|f| format!("，且 ≥ {f}"))
                .unwrap_or_default(),
            flag(d.confirmed)
        ));
    }
    for r in &item.rows {
        let mut keys: Vec<String> = Vec::new();
        if !r.grades.is_empty() {
            keys.push(r.grades.join("/"));
        }
        if !r.specs.is_empty() {
            keys.push(r.specs.join("/"));
        }
        keys.extend(r.when.iter().map(|(k, v)| format!("{k} {}", v.text)));
        let what = match &r.limit {
            crate::catalog::RowLimit::Limit(e) => e.limit.text.clone(),
            crate::catalog::RowLimit::Shift { delta, .. } => format!("限值调整 {delta}"),
        };
        out.push(format!(
            "    分档：{} → {what}{}{}",
            keys.join("，"),
            r.note
                .as_ref()
                .map(|n| format!("（{n}）"))
                .unwrap_or_default(),
            flag(r.confirmed())
        ));
    }
    for (k, a) in &item.product_allowance {
        out.push(format!(
            "    成品分析允许偏差：{k} {}（{}）{}",
            a.value,
            a.source,
            flag(a.confirmed)
        ));
    }
    out
}
