//! Statistics (统计) over the orders' statistics rows: tables by product, item, enterprise,
//! region, type, task, campaign, month, quarter and person, with exact pass rates and the
//! lab's turnaround; the administrative areas of the bundled GB/T 2260 table. Pure: the store
//! hands in the rows.

pub mod area;
pub mod export;
pub mod table;
pub mod trend;
pub mod warnings;

/// The administrative-area code of a unified social credit code (GB 32100: characters 3–8),
/// or "/" when the code does not carry one.
pub fn region_code(credit_code: &str) -> String {
    area::area_code(credit_code.trim()).map_or_else(|| "/".to_string(), str::to_string)
}

/// The name of an administrative area for a region row, when the bundled table knows it.
pub fn area_label(code: &str) -> Option<String> {
    area::area_name(code)
}
