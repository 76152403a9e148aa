//! Bulk import lines (JSON Lines, `unilab import`): each line decoded as an ImportRecord, as
//! the import command does before any store work.

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let _ = serde_json::from_str::<unilab::store::ImportRecord>(line);
        }
    });
}
