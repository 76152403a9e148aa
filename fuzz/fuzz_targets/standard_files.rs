//! Standard files (the catalog's TOML, one standard edition per file) as a lab might write
//! them: loaded and validated from arbitrary text.

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        match unilab::catalog::load_file_text("fuzz.toml", text) {
            Ok(standard) => {
                for item in &standard.items {
                    let _ = item.formula.as_ref().map(|f| f.references());
                }
            }
            Err(errors) => {
                assert!(!errors.is_empty());
                for e in errors {
                    let _ = e.to_string();
                }
            }
        }
    });
}
