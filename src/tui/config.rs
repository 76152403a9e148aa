//! `<data_dir>/config.toml`: the interface language and key overrides.
//!
//! ```toml
//! [ui]
//! lang = "en"
//!
//! [keys]
//! "orders.filter" = "/"
//! "global.register" = ["f4", "ctrl-n"]
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use super::i18n::Lang;
use super::keymap::Keymap;

#[derive(Debug, Default)]
pub struct Config {
    pub lang: Option<Lang>,
    pub keys: BTreeMap<String, Vec<String>>,
}

pub const CONFIG_FILE: &str = "config.toml";

pub fn load(data_dir: &Path) -> Result<Config, String> {
    let path = data_dir.join(CONFIG_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(format!("无法读取 {}：{e}", path.display())),
    };
    parse(&text).map_err(|e| format!("{}：{e}", path.display()))
}

pub fn parse(text: &str) -> Result<Config, String> {
    let doc: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let mut config = Config::default();
    if let Some(ui) = doc.get("ui").and_then(|v| v.as_table()) {
        if let Some(l) = ui.get("lang") {
            let s = l.as_str().ok_or("[ui] lang 应为字符串 \"zh\" 或 \"en\"")?;
            config.lang = Some(s.parse()?);
        }
    }
    if let Some(keys) = doc.get("keys") {
        let keys = keys.as_table().ok_or("[keys] 应为表")?;
        for (id, v) in keys {
            let list = match v {
                toml::Value::String(s) => vec![s.clone()],
                toml::Value::Array(a) => a
                    .iter()
                    .map(|x| {
                        x.as_str()
                            .map(str::to_string)
                            .ok_or(format!("[keys] “{id}” 的值应为字符串"))
                    })
                    .collect::<Result<Vec<_>, _>>()?,
                _ => return Err(format!("[keys] “{id}” 的值应为字符串或字符串数组")),
            };
            config.keys.insert(id.clone(), list);
        }
    }
    Ok(config)
}

impl Config {
    pub fn keymap(&self) -> Result<Keymap, String> {
        Keymap::with_overrides(&self.keys)
    }
}

/// The language chosen in a data directory's config, if any (for the CLI's default).
pub fn config_lang(data_dir: &Path) -> Option<Lang> {
    load(data_dir).ok().and_then(|c| c.lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lang_and_keys() {
        let c = parse("[ui]\nlang = \"en\"\n[keys]\n\"orders.filter\" = \"ctrl-f\"\n\"global.register\" = [\"f4\", \"alt-n\"]\n").unwrap();
        assert_eq!(c.lang, Some(Lang::En));
        assert_eq!(c.keys["global.register"], vec!["f4", "alt-n"]);
        assert!(c.keymap().is_ok());
        let dup = parse("[keys]\n\"orders.filter\" = \"s\"\n").unwrap();
        let e = dup.keymap().unwrap_err();
        assert!(e.contains("orders.sort"), "{e}");
        assert!(parse("[keys]\n\"orders.filter\" = 3\n").is_err());
    }
}
