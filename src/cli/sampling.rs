//! `unilab sampling form ORDER --out FILE.pdf`: the signed sampling form (抽样单) of a
//! spot-check order, printed from its sampling record.

use std::path::PathBuf;

use clap::Subcommand;

use super::context::{now, Context};
use super::CliResult;
use crate::certificate::sampling_form::write_sampling_form_to_file;

#[derive(Subcommand, Debug)]
pub enum SamplingCommand {
    /// Print the sampling form of a spot-check order as a signed PDF (reads only).
    Form {
        /// The order number.
        order: String,
        /// Where to write the PDF.
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn sampling(c: SamplingCommand, ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    match c {
        SamplingCommand::Form { order, out } => {
            let f = write_sampling_form_to_file(&store, &order, &out, now(&store)?)?;
            say!(
                "委托单 {} 的{}（抽样单编号 {}，已签名）写入 {}",
                f.order_number,
                f.title,
                f.form_number,
                out.display()
            );
        }
    }
    Ok(())
}
