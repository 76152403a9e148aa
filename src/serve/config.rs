//! What the server needs to know: where to listen, its public address, the proxy it trusts,
//! and its limits. Flags override the lab's stored web settings (`unilab lab web`).

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use crate::model::verification::WebSettings;

#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub listen: SocketAddr,
    /// The public address of the page (shown in the page's forms' help; the QR codes carry it).
    pub base_url: Option<String>,
    /// Only this peer's `X-Forwarded-For` is believed.
    pub trusted_proxy: Option<IpAddr>,
    pub max_upload_bytes: usize,
    /// A request (its body included) that takes longer is answered 408.
    pub request_timeout: Duration,
    /// Failed lookups an address may make at once before it is slowed down…
    pub failure_burst: u32,
    /// …and the pace at which it earns them back.
    pub failure_refill: Duration,
    /// How long each lookup from a slowed-down address waits.
    pub slow_down: Duration,
    /// How often the buffered access log is written to the store.
    pub log_interval: Duration,
}

/// Where the server listens when neither the flag nor the lab's settings say.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

impl ServeConfig {
    /// The configuration from the lab's settings with the defaults for the rest.
    pub fn from_settings(settings: &WebSettings) -> Result<ServeConfig, super::ServeError> {
        let listen = settings.listen.as_deref().unwrap_or(DEFAULT_LISTEN);
        let listen = listen
            .parse()
            .map_err(|_| super::ServeError::Address(listen.to_string()))?;
        let trusted_proxy = match &settings.trusted_proxy {
            Some(p) => Some(
                p.parse()
                    .map_err(|_| super::ServeError::Address(p.to_string()))?,
            ),
            None => None,
        };
        let mb = settings
            .max_upload_mb
            .unwrap_or(WebSettings::DEFAULT_UPLOAD_MB);
        Ok(ServeConfig {
            listen,
            base_url: settings.base_url.clone(),
            trusted_proxy,
            max_upload_bytes: usize::try_from(mb).unwrap_or(20) * 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            failure_burst: 10,
            failure_refill: Duration::from_secs(6),
            slow_down: Duration::from_secs(2),
            log_interval: Duration::from_secs(1),
        })
    }
}
