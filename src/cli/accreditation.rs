//! `unilab lab accreditation`: the CMA/CNAS numbers the cover prints and the accredited scope
//! that decides which items are marked △ and whether the marks are printed at all.

use std::path::PathBuf;

use super::context::{now, Context};
use super::CliResult;
use crate::model::accreditation::ScopeFile;
use crate::msg;
use crate::store::StoreError;

#[derive(clap::Args, Debug)]
pub struct AccreditationArgs {
    /// 资质认定证书编号, printed under the CMA mark
    #[arg(long)]
    cma: Option<String>,
    /// CNAS 认可证书编号 (e.g. "CNAS L1234")
    #[arg(long)]
    cnas: Option<String>,
    /// The accredited scope from a TOML file: [[scope]] standard = "GB 1499.2-2024",
    /// items = ["ReL", "Rm"] (optional; a method standard covers every item it tests)
    #[arg(long, value_name = "FILE.toml")]
    scope: Option<PathBuf>,
    /// Print no CMA mark any more
    #[arg(long, conflicts_with = "cma")]
    no_cma: bool,
    #[arg(long, conflicts_with = "cnas")]
    no_cnas: bool,
    /// Forget the recorded scope (no item is then marked as outside it)
    #[arg(long, conflicts_with = "scope")]
    no_scope: bool,
    /// Print the settings as JSON
    #[arg(long)]
    json: bool,
}

fn read_scope(file: &PathBuf) -> Result<ScopeFile, StoreError> {
    let shown = file.display().to_string();
    let text = std::fs::read_to_string(file).map_err(|e| {
        StoreError::Refused(msg!(
            "无法读取资质认定范围文件 {shown}：{e}",
            "Cannot read the scope file {shown}: {e}"
        ))
    })?;
    toml::from_str(&text).map_err(|e| {
        let e = e.to_string().replace('\n', " ");
        StoreError::Refused(msg!(
            "资质认定范围文件 {shown} 有误：{e}（格式：[[scope]] standard = \"GB 1499.2-2024\"，items = [\"ReL\"]）",
            "The scope file {shown} is not valid: {e} (format: [[scope]] standard = \"GB 1499.2-2024\", items = [\"ReL\"])"
        ))
    })
}

pub fn accreditation(a: AccreditationArgs, ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    let mut acc = store.lab()?.accreditation;
    let change = a.cma.is_some()
        || a.cnas.is_some()
        || a.scope.is_some()
        || a.no_cma
        || a.no_cnas
        || a.no_scope;
    if change {
        if let Some(file) = &a.scope {
            let file = read_scope(file)?;
            if file.scope.is_empty() {
                return Err(StoreError::Refused(msg!(
                    "资质认定范围文件没有列出任何标准（不再记录范围请用 --no-scope）",
                    "The scope file lists no standard (use --no-scope to stop recording one)"
                ))
                .into());
            }
            acc.scope = file.scope;
        }
        if a.no_scope {
            acc.scope.clear();
        }
        acc.cma_number = if a.no_cma {
            None
        } else {
            a.cma.or(acc.cma_number)
        };
        acc.cnas_number = if a.no_cnas {
            None
        } else {
            a.cnas.or(acc.cnas_number)
        };
        let actor = ctx.actor(&store)?;
        store.set_accreditation(&actor, &acc, now(&store)?)?;
        if !a.json {
            say!("资质认定信息已更新；此后签发的报告按此标注");
        }
    }
    if a.json {
        say!("{}", serde_json::to_string_pretty(&acc)?);
        return Ok(());
    }
    let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| "（未设置）".into());
    say!("资质认定证书编号（CMA）：{}", or_none(&acc.cma_number));
    say!("CNAS 认可证书编号：{}", or_none(&acc.cnas_number));
    if acc.scope.is_empty() {
        say!("资质认定范围：未记录（报告不标注范围外项目）");
    }
    for e in &acc.scope {
        if e.items.is_empty() {
            say!("范围：{}（全部项目）", e.standard);
        } else {
            say!("范围：{}：{}", e.standard, e.items.join("、"));
        }
    }
    Ok(())
}
