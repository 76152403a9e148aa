//! `unilab rawrecord ORDER --out FILE.pdf`: the signed raw record (原始记录) of an order.

use std::path::PathBuf;

use clap::Args;

use super::context::{now, Context};
use super::CliResult;
use crate::certificate::rawrecord::raw_record_to_file;

#[derive(Args, Debug)]
pub struct RawRecordArgs {
    /// The order number.
    pub order: String,
    /// Where to write the PDF.
    #[arg(long)]
    pub out: PathBuf,
}

/// Print the raw record; reads the store only (see `raw_record_to_file` for why nothing is
/// recorded).
pub fn rawrecord(a: RawRecordArgs, ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    let r = raw_record_to_file(&store, &a.order, &a.out, now(&store)?)?;
    say!(
        "委托单 {} 的原始记录（{} 个项目，已签名）写入 {}",
        r.order_number,
        r.items.len(),
        a.out.display()
    );
    Ok(())
}
