//! Where a line may break (断行): CJK anywhere, Latin at spaces — except inside what a reader
//! must see whole: a standard's code ("GB 1499.2-2024", "GB/T 8170-2008"), a number with its
//! unit ("12.5 mm", "4 根"), and the Chinese words of a short list ("无裂纹", "重量偏差"), which
//! stay together as one token and move to the next line as a whole.

/// Chinese words a certificate must not split across lines: results and items that read wrong
/// in halves. Longest first where one contains another.
const NO_BREAK_WORDS: &[&str] = &[
    "重量偏差测量",
    "重量偏差",
    "无裂纹",
    "有裂纹",
    "不合格",
    "合格",
    "未检出",
    "不判定",
    "符合",
    "不符合",
    "以下空白",
];

/// Units a number keeps on its line.
const UNITS: &[&str] = &[
    "mm", "cm", "m", "km", "mm²", "m²", "kg", "g", "mg", "μg", "t", "MPa", "kPa", "Pa", "N", "kN",
    "%", "‰", "℃", "°C", "mL", "L", "mg/kg", "g/kg", "mg/L", "μg/kg", "h", "min", "s", "d", "%RH",
    "根", "个", "件", "袋", "瓶", "批", "只", "台", "份", "盒", "包",
];

/// Characters that may break anywhere (CJK ideographs, kana, CJK and full-width punctuation).
pub fn is_wide(c: char) -> bool {
    let u = c as u32;
    (0x2E80..=0x9FFF).contains(&u)
        || (0xAC00..=0xD7AF).contains(&u)
        || (0xF900..=0xFAFF).contains(&u)
        || (0xFE30..=0xFE4F).contains(&u)
        || (0xFF00..=0xFFEF).contains(&u)
        || u >= 0x20000
}

/// Characters that must not start a line (禁则).
pub fn no_line_start(c: char) -> bool {
    "，。、；：！？）》」』】〕”’,.;:!?)]}%‰℃".contains(c)
}

/// Split text into unbreakable tokens: single wide characters, Latin words, runs of spaces.
fn raw_tokens(paragraph: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None; // start of the current word or space run
    let mut in_space = false;
    for (i, c) in paragraph.char_indices() {
        let space = c == ' ' || c == '\t';
        if is_wide(c) {
            if let Some(s) = start.take() {
                out.push(&paragraph[s..i]);
            }
            out.push(&paragraph[i..i + c.len_utf8()]);
        } else {
            match start {
                Some(s) if space != in_space => {
                    out.push(&paragraph[s..i]);
                    start = Some(i);
                }
                Some(_) => {}
                None => start = Some(i),
            }
            in_space = space;
        }
    }
    if let Some(s) = start {
        out.push(&paragraph[s..]);
    }
    out
}

/// Unbreakable tokens of a paragraph: single wide characters (or a listed word), Latin words
/// (a standard's code or a number with its unit kept whole), runs of spaces.
pub fn tokens(paragraph: &str) -> Vec<&str> {
    let raw = raw_tokens(paragraph);
    let words = join_words(paragraph, &raw);
    let joined = join_codes_and_units(paragraph, &words);
    join_openers(paragraph, &joined)
}

/// Characters that must not end a line (禁则): an opening bracket or quote goes with what
/// follows it.
fn no_line_end(t: &str) -> bool {
    let mut cs = t.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if "（《「『【〔“‘([{".contains(c))
}

/// An opening bracket becomes one token with the token after it.
fn join_openers<'a>(paragraph: &'a str, toks: &[&'a str]) -> Vec<&'a str> {
    let mut out: Vec<&'a str> = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        match toks.get(i + 1) {
            Some(next) if no_line_end(toks[i]) && !is_space(next) => {
                out.push(span(paragraph, toks[i], next));
                i += 2;
            }
            _ => {
                out.push(toks[i]);
                i += 1;
            }
        }
    }
    out
}

/// Byte offset of `tok` (a slice of `paragraph`) in it.
fn offset(paragraph: &str, tok: &str) -> usize {
    (tok.as_ptr() as usize).saturating_sub(paragraph.as_ptr() as usize)
}

/// The slice of `paragraph` from the start of `a` to the end of `b`.
fn span<'a>(paragraph: &'a str, a: &'a str, b: &str) -> &'a str {
    let (from, to) = (offset(paragraph, a), offset(paragraph, b) + b.len());
    paragraph.get(from..to).unwrap_or(a)
}

/// A listed Chinese word starting at a wide character becomes one token.
fn join_words<'a>(paragraph: &'a str, raw: &[&'a str]) -> Vec<&'a str> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let rest = paragraph.get(offset(paragraph, raw[i])..).unwrap_or("");
        let word = NO_BREAK_WORDS
            .iter()
            .find(|w| rest.starts_with(**w))
            .map(|w| w.chars().count());
        match word {
            Some(n) if n > 1 && i + n <= raw.len() => {
                out.push(span(paragraph, raw[i], raw[i + n - 1]));
                i += n;
            }
            _ => {
                out.push(raw[i]);
                i += 1;
            }
        }
    }
    out
}

/// "GB", "GB/T", "JJF", "QB/T" …: two to four capitals, optionally /T or /Z.
fn is_standard_prefix(t: &str) -> bool {
    let head = t
        .strip_suffix("/T")
        .or_else(|| t.strip_suffix("/Z"))
        .unwrap_or(t);
    (2..=4).contains(&head.len()) && head.bytes().all(|b| b.is_ascii_uppercase())
}

fn is_space(t: &str) -> bool {
    t.starts_with(' ') || t.starts_with('\t')
}

/// A standard's prefix, one space and its number; a number, one space and its unit.
fn join_codes_and_units<'a>(paragraph: &'a str, toks: &[&'a str]) -> Vec<&'a str> {
    let mut out: Vec<&'a str> = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        if let (Some(sp), Some(next)) = (toks.get(i + 1), toks.get(i + 2)) {
            let code = is_standard_prefix(t) && next.starts_with(|c: char| c.is_ascii_digit());
            let unit = t.ends_with(|c: char| c.is_ascii_digit()) && UNITS.contains(next);
            if *sp == " " && (code || unit) {
                out.push(span(paragraph, t, next));
                i += 3;
                continue;
            }
        }
        out.push(t);
        i += 1;
    }
    out
}

/// The widest unbreakable piece of `text` in mm at `size` pt: the least a column must give it.
pub fn widest_token_mm(font: &super::font::FontFace, text: &str, size: f32) -> f32 {
    text.split('\n')
        .flat_map(tokens)
        .filter(|t| !is_space(t))
        .map(|t| font.text_width_mm(t, size))
        .fold(0.0, f32::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        tokens(s).into_iter().filter(|t| !is_space(t)).collect()
    }

    #[test]
    fn codes_numbers_with_units_and_listed_words_stay_whole() {
        assert_eq!(
            toks("GB 1499.2-2024（重量偏差测量）"),
            ["GB 1499.2-2024", "（重量偏差测量", "）"]
        );
        assert_eq!(toks("GB/T 8170-2008 附录"), ["GB/T 8170-2008", "附", "录"]);
        assert_eq!(toks("无裂纹、无裂纹"), ["无裂纹", "、", "无裂纹"]);
        assert_eq!(toks("Agt ≥ 9.0 %"), ["Agt", "≥", "9.0 %"]);
        assert_eq!(toks("4 根×500 mm"), ["4 根", "×500 mm"]);
        // Not a code: lower case, or no number after it.
        assert_eq!(toks("see GB the"), ["see", "GB", "the"]);
        assert_eq!(toks("Rm 610"), ["Rm", "610"]);
    }
}
