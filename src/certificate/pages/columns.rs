//! The results table's column widths, from the content. Each column gets at least its widest
//! unbreakable piece (a standard's code, a number with its unit, a listed word) and its whole
//! header, so nothing is split mid-token. Two layouts are then weighed by the table's
//! estimated height: the template's widths raised to those least widths, and widths where
//! every cell takes at most as many lines as the table allows (the rest shared in the
//! template's proportions, so a half-empty column gives way); the shorter wins, the template's
//! on a tie. The template's widths give the total and are used as they are when even the
//! least widths do not fit.

use super::*;
use crate::certificate::breaks::widest_token_mm;

/// Columns: 序号, 检验项目, 单位, 标准要求, 检验结果, 单项判定, 检验方法.
pub(super) type Widths = [f32; 7];

/// The texts of one row, column by column (the sequence number as printed).
fn cells(r: &ResultRow, outside_mark: &str) -> [String; 7] {
    [
        r.seq_label(outside_mark),
        r.item.clone(),
        r.unit.clone(),
        r.requirement.clone(),
        r.result.clone(),
        r.verdict.clone(),
        r.method.clone(),
    ]
}

/// The widths for `rows` under `headers`, summing to the template's total.
pub(super) fn widths(k: &Kit, headers: [&str; 7], rows: &[ResultRow]) -> Widths {
    let template = k.t.page.result_column_widths_mm;
    let total: f32 = template.iter().sum();
    let size = k.table.size;
    let pad = 2.0 * k.pad + 0.5;
    // A header reads whole on one line: its full width is a column's least.
    let mut least = headers.map(|h| k.font.text_width_mm(h, size) + pad);
    let mut natural: Vec<Widths> = Vec::with_capacity(rows.len());
    for r in rows {
        let mut row = [0.0; 7];
        for (i, text) in cells(r, &k.t.labels.outside_scope_mark).iter().enumerate() {
            least[i] = least[i].max(widest_token_mm(k.font, text, size) + pad);
            let whole = text
                .split('\n')
                .map(|l| k.font.text_width_mm(l, size))
                .fold(0.0, f32::max);
            row[i] = whole + pad;
        }
        natural.push(row);
    }
    // A token wider than a quarter of the table (a reference code run together) is broken
    // anywhere like any over-long word, rather than squeezing every other column.
    let cap: Widths = std::array::from_fn(|i| template[i].max(total / 4.0));
    let least: Widths = std::array::from_fn(|i| least[i].min(cap[i]));
    if least.iter().sum::<f32>() > total {
        return template;
    }
    let familiar = raised(template, least);
    let even = (1..=8)
        .find_map(|lines| at_most(lines, &natural, least, template, total, pad))
        .unwrap_or(familiar);
    // The shorter table wins; on a tie the template's familiar proportions.
    if height(&natural, &even, pad) < height(&natural, &familiar, pad) {
        even
    } else {
        familiar
    }
}

/// The template's widths with every column raised to its least, the difference taken from the
/// columns wider than theirs in proportion to what they can spare.
fn raised(template: Widths, least: Widths) -> Widths {
    let short: f32 = (0..7).map(|i| (least[i] - template[i]).max(0.0)).sum();
    let slack: Widths = std::array::from_fn(|i| (template[i] - least[i]).max(0.0));
    let spare: f32 = slack.iter().sum();
    if short <= 0.0 || spare <= 0.0 {
        return std::array::from_fn(|i| template[i].max(least[i]));
    }
    std::array::from_fn(|i| {
        if template[i] < least[i] {
            least[i]
        } else {
            template[i] - short * slack[i] / spare
        }
    })
}

/// Widths that hold every cell in at most `lines` lines (estimated from its natural width),
/// the rest shared by the template's proportions; none when they do not fit the table.
fn at_most(
    lines: u8,
    natural: &[Widths],
    least: Widths,
    template: Widths,
    total: f32,
    pad: f32,
) -> Option<Widths> {
    let n = f32::from(lines);
    let need: Widths = std::array::from_fn(|i| {
        natural
            .iter()
            .map(|r| (r[i] - pad) / n + pad)
            .fold(least[i], f32::max)
    });
    let used: f32 = need.iter().sum();
    if used > total {
        return None;
    }
    let weights: f32 = template.iter().sum();
    Some(std::array::from_fn(|i| {
        need[i] + (total - used) * template[i] / weights
    }))
}

/// Estimated lines of the whole table at `w`: each row as tall as its most wrapped cell.
fn height(natural: &[Widths], w: &Widths, pad: f32) -> u32 {
    natural
        .iter()
        .map(|r| {
            (0..7)
                .map(|i| {
                    ((r[i] - pad).max(0.0) / (w[i] - pad).max(1.0))
                        .ceil()
                        .max(1.0) as u32
                })
                .max()
                .unwrap_or(1)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_least_widths_are_taken_from_the_columns_that_can_spare_it() {
        let template = [10.0, 30.0, 10.0, 40.0, 20.0, 10.0, 40.0];
        let least = [8.0, 20.0, 8.0, 10.0, 26.0, 8.0, 30.0];
        let w = raised(template, least);
        // 6 mm short in the result column, taken from the others' slack (2+10+2+30+2+10=56).
        assert_eq!(w[4], 26.0);
        assert!((w.iter().sum::<f32>() - 160.0).abs() < 1e-3);
        assert!((0..7).all(|i| w[i] >= least[i] - 1e-4), "{w:?}");
        assert!(
            w[3] < 40.0 && w[3] > w[1] - 10.0,
            "the widest slack gives most: {w:?}"
        );
    }

    #[test]
    fn every_cell_fits_in_the_fewest_lines_the_table_allows() {
        let least = [5.0; 7];
        let template = [10.0; 7];
        // One row: a 100 mm item, the rest short; 70 mm table, 1 mm padding.
        let natural = vec![[5.0, 101.0, 5.0, 5.0, 5.0, 5.0, 5.0]];
        assert_eq!(at_most(1, &natural, least, template, 70.0, 1.0), None);
        let w = at_most(3, &natural, least, template, 70.0, 1.0).expect("fits in 3 lines");
        assert!(w[1] >= 34.0, "{w:?}");
        assert_eq!(height(&natural, &w, 1.0), 3);
        assert!((w.iter().sum::<f32>() - 70.0).abs() < 1e-3);
    }
}
