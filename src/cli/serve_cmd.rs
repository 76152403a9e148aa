//! `unilab serve`: run the verification page until SIGTERM or SIGINT, then write the rest of
//! the access log and stop.

use std::time::Duration;

use clap::Args;

use super::context::Context;
use super::CliResult;
use crate::certificate::issue::lab_certificate;
use crate::serve::{ServeConfig, ServeError, Server};
use crate::startup::signals;
use crate::store::StoreError;

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on, e.g. 127.0.0.1:8080 (default: the lab's setting, else
    /// 127.0.0.1:8080)
    #[arg(long)]
    listen: Option<String>,
    /// The page's public address, e.g. https://lims.example.cn (default: the lab's setting)
    #[arg(long)]
    base_url: Option<String>,
    /// The reverse proxy's IP address, whose X-Forwarded-For is believed
    #[arg(long)]
    trusted_proxy: Option<String>,
    /// Largest PDF accepted for checking, in MB (default 20)
    #[arg(long)]
    max_upload_mb: Option<u32>,
}

pub fn serve(a: ServeArgs, ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    let mut settings = store.web_settings()?;
    settings.listen = a.listen.or(settings.listen);
    settings.base_url = a.base_url.or(settings.base_url);
    settings.trusted_proxy = a.trusted_proxy.or(settings.trusted_proxy);
    settings.max_upload_mb = a.max_upload_mb.or(settings.max_upload_mb);
    settings.validate().map_err(StoreError::Refused)?;
    let cfg = ServeConfig::from_settings(&settings).map_err(|e| anyhow::anyhow!(e.text(false)))?;
    let cert = lab_certificate(&store, &ctx.data_dir)?;
    let lab = store.lab()?.name;
    let server = Server::start(store, cfg, cert.as_deref())
        .map_err(|e: ServeError| anyhow::anyhow!(e.text(false)))?;
    let addr = server.addr();
    say!("{lab}：报告查询网页 http://{addr}/ （Ctrl-C 或 SIGTERM 停止）");
    if let Some(base) = &settings.base_url {
        say!("公开地址 {base}");
    }
    while !signals::stop_requested() {
        std::thread::sleep(Duration::from_millis(100));
    }
    server.stop();
    say!("已停止；访问记录已写入");
    Ok(())
}
