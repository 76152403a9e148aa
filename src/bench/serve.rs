//! The verification page under load: `unilab serve` on the loopback address over the bench's
//! lab, several keep-alive clients looking up issued reports by number and code (JSON), each
//! request timed. Reports lookups per second and the 99th percentile latency.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context as _};

use crate::serve::{ServeConfig, Server};

/// Clients at once: more than the two cores, so the server is never waiting for work.
const CLIENTS: usize = 4;

/// (lookups per second, p99 ms) over `total` lookups.
pub fn bench_serve(data_dir: &Path, total: usize) -> anyhow::Result<(f64, f64)> {
    let store = crate::startup::open_lab_store(data_dir)?;
    let targets: Vec<String> = store
        .reports()?
        .iter()
        .map(|r| format!("/v/{}?c={}", r.number, r.verify_code))
        .collect();
    if targets.is_empty() {
        return Err(anyhow!("the bench lab has no issued reports to look up"));
    }
    let mut settings = store.web_settings()?;
    settings.listen = Some("127.0.0.1:0".into());
    let cfg = ServeConfig::from_settings(&settings).map_err(|e| anyhow!(e.text(false)))?;
    let server = Server::start(store, cfg, None).map_err(|e| anyhow!(e.text(false)))?;
    let addr = server.addr();
    let per_client = total.div_ceil(CLIENTS).max(1);
    let started = Instant::now();
    let handles: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let targets = targets.clone();
            std::thread::spawn(move || client(addr, &targets, c, per_client))
        })
        .collect();
    let mut latencies = Vec::with_capacity(per_client * CLIENTS);
    for h in handles {
        let l = h.join().map_err(|_| anyhow!("a bench client stopped"))??;
        latencies.extend(l);
    }
    let seconds = started.elapsed().as_secs_f64();
    server.stop();
    latencies.sort_by(f64::total_cmp);
    let p99 = latencies
        .get(latencies.len() * 99 / 100)
        .copied()
        .unwrap_or(f64::NAN);
    Ok((latencies.len() as f64 / seconds, p99))
}

/// One keep-alive connection making `n` lookups; each one's latency in ms.
fn client(
    addr: SocketAddr,
    targets: &[String],
    offset: usize,
    n: usize,
) -> anyhow::Result<Vec<f64>> {
    let stream = TcpStream::connect(addr).context("connecting to the bench server")?;
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let path = &targets[(offset * 7919 + i * 31) % targets.len()];
        let t = Instant::now();
        write!(
            writer,
            "GET {path} HTTP/1.1\r\nHost: bench\r\nAccept: application/json\r\n\r\n"
        )?;
        let status = read_response(&mut reader)?;
        out.push(t.elapsed().as_secs_f64() * 1e3);
        if status != 200 {
            return Err(anyhow!("lookup {path} answered {status}"));
        }
    }
    Ok(out)
}

/// Read one response with a Content-Length body; its status.
fn read_response(r: &mut BufReader<TcpStream>) -> anyhow::Result<u16> {
    let mut line = String::new();
    r.read_line(&mut line)?;
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| anyhow!("bad status line {line:?}"))?;
    let mut length = 0usize;
    loop {
        line.clear();
        r.read_line(&mut line)?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse()?;
            }
        }
    }
    let mut body = vec![0u8; length];
    r.read_exact(&mut body)?;
    Ok(status)
}
