//! `unilab serve`: the lab's certificate verification page. A reader scans the QR code (or
//! types the number and code) and sees the report's status and cover facts; or uploads the PDF
//! and learns whether it is byte for byte the issued file. Read-only on the records except for
//! its own access log, which is written in audited batches.

mod access;
mod config;
mod html;
mod lang;
mod lookup;
mod multipart;
mod ratelimit;
mod routes;
mod upload;

use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;

pub use config::{ServeConfig, DEFAULT_LISTEN};
pub use lang::Lang;
pub use lookup::{find, Facts};

use crate::store::Store;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("监听地址“{0}”无效（应为 IP:端口，例如 127.0.0.1:8080）")]
    Address(String),
    #[error("无法在 {addr} 上监听：{why}")]
    Bind { addr: SocketAddr, why: String },
    #[error("无法启动网页服务：{0}")]
    Runtime(String),
    #[error("{0}")]
    Store(#[from] crate::store::StoreError),
}

impl ServeError {
    /// The message in the user's language.
    pub fn text(&self, english: bool) -> String {
        if !english {
            return self.to_string();
        }
        match self {
            ServeError::Address(a) => {
                format!("The listen address “{a}” is not valid (IP:port, e.g. 127.0.0.1:8080)")
            }
            ServeError::Bind { addr, why } => format!("Cannot listen on {addr}: {why}"),
            ServeError::Runtime(e) => format!("Cannot start the web service: {e}"),
            ServeError::Store(e) => e.text(true),
        }
    }
}

/// What the handlers share.
pub(crate) struct AppState {
    store: Arc<Store>,
    cfg: ServeConfig,
    limiter: ratelimit::FailureLimiter,
    log: access::AccessLog,
    lab_name: String,
    /// The lab certificate's fingerprint: an uploaded file must be signed by it.
    lab_fingerprint: Option<String>,
    /// Uploads being read or checked at once (each may hold the largest file in memory).
    uploads: tokio::sync::Semaphore,
}

/// Uploads handled at once; more wait their turn.
const UPLOADS_AT_ONCE: usize = 4;

/// A running server: its address, and how to stop it (which writes the rest of the log).
pub struct Server {
    addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
    writer: Option<access::LogWriter>,
}

impl Server {
    /// Listen and serve on a background thread. `lab_certificate`: the lab certificate (DER)
    /// uploaded files are checked against.
    pub fn start(
        store: Store,
        cfg: ServeConfig,
        lab_certificate: Option<&[u8]>,
    ) -> Result<Server, ServeError> {
        let listener = std::net::TcpListener::bind(cfg.listen).map_err(|e| ServeError::Bind {
            addr: cfg.listen,
            why: e.to_string(),
        })?;
        let addr = listener.local_addr().map_err(|e| ServeError::Bind {
            addr: cfg.listen,
            why: e.to_string(),
        })?;
        listener
            .set_nonblocking(true)
            .map_err(|e| ServeError::Runtime(e.to_string()))?;
        let store = Arc::new(store);
        let log = access::AccessLog::default();
        let writer = access::LogWriter::start(log.clone(), store.clone(), cfg.log_interval);
        let state = Arc::new(AppState {
            lab_name: store.lab()?.name,
            store,
            limiter: ratelimit::FailureLimiter::new(
                cfg.failure_burst,
                cfg.failure_refill,
                cfg.slow_down,
            ),
            log,
            lab_fingerprint: lab_certificate.map(crate::certificate::keys::fingerprint),
            uploads: tokio::sync::Semaphore::new(UPLOADS_AT_ONCE),
            cfg,
        });
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_io()
            .enable_time()
            .build()
            .map_err(|e| ServeError::Runtime(e.to_string()))?;
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let app = routes::router(state);
        let thread = std::thread::spawn(move || {
            runtime.block_on(async move {
                let listener = match tokio::net::TcpListener::from_std(listener) {
                    Ok(l) => l,
                    Err(e) => {
                        tracing::error!("cannot listen: {e}");
                        return;
                    }
                };
                let service = app.into_make_service_with_connect_info::<SocketAddr>();
                let stopped = async {
                    let _ = rx.await;
                };
                if let Err(e) = axum::serve(listener, service)
                    .with_graceful_shutdown(stopped)
                    .await
                {
                    tracing::error!("server stopped: {e}");
                }
            });
            // Requests still waiting out a slow-down are dropped, not awaited.
            runtime.shutdown_timeout(std::time::Duration::from_secs(2));
        });
        Ok(Server {
            addr,
            shutdown: Some(tx),
            thread: Some(thread),
            writer: Some(writer),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stop accepting, finish the requests in flight, write the rest of the access log.
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        if let Some(w) = self.writer.take() {
            w.stop();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.halt();
    }
}
