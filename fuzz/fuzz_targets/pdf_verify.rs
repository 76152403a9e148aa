//! Certificate verification without a database (`unilab verify FILE.pdf`): any bytes as a PDF.

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let report = unilab::certificate::verify_pdf(data);
        if report.ok() {
            assert!(report.failures.is_empty());
        }
    });
}
