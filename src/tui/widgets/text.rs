//! Display-width arithmetic: CJK characters take two columns.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cut `s` to at most `max` columns, ending with `…` when something was cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > max.saturating_sub(1) {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// `s` cut or padded with spaces to exactly `cols` columns.
pub fn pad(s: &str, cols: usize) -> String {
    let t = truncate(s, cols);
    let w = width(&t);
    format!("{t}{}", " ".repeat(cols.saturating_sub(w)))
}

/// Break `s` into lines of at most `cols` columns. Chinese text breaks between any two
/// characters; a run of ASCII letters, digits and marks ("GB/T 15063-2020", "0.005") is kept
/// whole unless it is longer than a line, so codes and numbers are never split mid-token.
pub fn wrap(s: &str, cols: usize) -> Vec<String> {
    let cols = cols.max(1);
    let mut lines = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        let mut w = 0;
        for unit in units(para) {
            let uw = width(unit);
            if w + uw > cols && !line.is_empty() {
                lines.push(line.trim_end().to_string());
                line.clear();
                w = 0;
                if unit == " " {
                    continue;
                }
            }
            if uw <= cols {
                line.push_str(unit);
                w += uw;
                continue;
            }
            // A token longer than a whole line is broken where it must be.
            for c in unit.chars() {
                let cw = c.width().unwrap_or(0);
                if w + cw > cols && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    w = 0;
                }
                line.push(c);
                w += cw;
            }
        }
        lines.push(line);
    }
    lines
}

/// The pieces a line may break between: a run of visible ASCII is one piece, anything else
/// (a Chinese character, a space) is a piece of its own.
fn units(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let end = if first.is_ascii_graphic() {
            rest.find(|c: char| !c.is_ascii_graphic())
                .unwrap_or(rest.len())
        } else {
            first.len_utf8()
        };
        let (unit, tail) = rest.split_at(end);
        rest = tail;
        Some(unit)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_columns() {
        assert_eq!(width("委托单"), 6);
        assert_eq!(truncate("福州钢铁有限公司", 7), "福州钢…");
        assert_eq!(pad("钢", 4), "钢  ");
        assert_eq!(wrap("一二三四", 4), vec!["一二", "三四"]);
        // A standard code moves to the next line whole (issue 10 item 13).
        assert_eq!(
            wrap("依据：GB/T 15063-2020", 14),
            vec!["依据：GB/T", "15063-2020"]
        );
        assert_eq!(
            wrap("检验依据GB/T15063-2020", 14),
            vec!["检验依据", "GB/T15063-2020"]
        );
        // Longer than a line: broken where it must be.
        assert_eq!(wrap("ABCDEFGHIJ", 4), vec!["ABCD", "EFGH", "IJ"]);
    }
}
