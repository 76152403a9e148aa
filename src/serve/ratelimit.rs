//! Slowing down guessing: each address has a bucket of failed lookups it may make; a failure
//! takes one, time puts them back. While an address's bucket is empty every lookup it makes
//! waits — failures and successes alike, so that giving up early on a slow answer tells a
//! guesser nothing.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Addresses remembered at most; beyond it, those whose buckets are full again are forgotten.
const MAX_ADDRESSES: usize = 50_000;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

pub struct FailureLimiter {
    burst: f64,
    refill_per_s: f64,
    slow_down: Duration,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

impl FailureLimiter {
    pub fn new(burst: u32, refill: Duration, slow_down: Duration) -> FailureLimiter {
        FailureLimiter {
            burst: f64::from(burst.max(1)),
            refill_per_s: 1.0 / refill.as_secs_f64().max(0.001),
            slow_down,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    fn refilled(&self, b: Bucket, now: Instant) -> Bucket {
        let earned = now.duration_since(b.at).as_secs_f64() * self.refill_per_s;
        Bucket {
            tokens: (b.tokens + earned).min(self.burst),
            at: now,
        }
    }

    /// How long a lookup from `ip` must wait before it is answered.
    pub fn delay(&self, ip: IpAddr, now: Instant) -> Duration {
        let Ok(map) = self.buckets.lock() else {
            return self.slow_down;
        };
        match map.get(&ip) {
            Some(b) if self.refilled(*b, now).tokens < 1.0 => self.slow_down,
            _ => Duration::ZERO,
        }
    }

    /// Count a failed lookup from `ip`.
    pub fn failed(&self, ip: IpAddr, now: Instant) {
        let Ok(mut map) = self.buckets.lock() else {
            return;
        };
        if map.len() >= MAX_ADDRESSES {
            map.retain(|_, b| self.refilled(*b, now).tokens < self.burst);
        }
        let b = map.get(&ip).copied().unwrap_or(Bucket {
            tokens: self.burst,
            at: now,
        });
        let mut b = self.refilled(b, now);
        b.tokens = (b.tokens - 1.0).max(0.0);
        map.insert(ip, b);
    }
}

/// The client's address: the peer's, or — when the peer is the trusted reverse proxy — the
/// last address in `X-Forwarded-For` (the one the proxy itself added).
pub fn client_ip(peer: SocketAddr, forwarded: Option<&str>, trusted: Option<IpAddr>) -> IpAddr {
    if trusted != Some(peer.ip()) {
        return peer.ip();
    }
    forwarded
        .and_then(|f| f.rsplit(',').next())
        .and_then(|last| last.trim().parse().ok())
        .unwrap_or(peer.ip())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_slowed_after_its_burst_and_recovers_with_time() {
        let lim = FailureLimiter::new(3, Duration::from_secs(10), Duration::from_secs(2));
        let (ip, other): (IpAddr, IpAddr) = ([10, 0, 0, 1].into(), [10, 0, 0, 2].into());
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(lim.delay(ip, t0), Duration::ZERO);
            lim.failed(ip, t0);
        }
        assert_eq!(lim.delay(ip, t0), Duration::from_secs(2));
        assert_eq!(
            lim.delay(other, t0),
            Duration::ZERO,
            "others are not slowed"
        );
        assert_eq!(lim.delay(ip, t0 + Duration::from_secs(10)), Duration::ZERO);
    }

    #[test]
    fn forwarded_addresses_are_believed_only_from_the_proxy() {
        let proxy: SocketAddr = "10.0.0.9:5000".parse().unwrap();
        let stranger: SocketAddr = "10.0.0.7:5000".parse().unwrap();
        let trusted = Some("10.0.0.9".parse().unwrap());
        let xff = Some("1.2.3.4, 5.6.7.8");
        assert_eq!(client_ip(proxy, xff, trusted).to_string(), "5.6.7.8");
        assert_eq!(client_ip(stranger, xff, trusted).to_string(), "10.0.0.7");
        assert_eq!(client_ip(proxy, None, trusted).to_string(), "10.0.0.9");
    }
}
