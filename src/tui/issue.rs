//! How the interface issues a certificate: the one place that connects it to the certificate
//! module, so tests can put another issuer in its place.

use super::effects::IssueFn;

pub fn default_issuer() -> IssueFn {
    Box::new(|store, user, order, dir, now| {
        crate::certificate::issue_for_order(store, user, order, dir, now)
    })
}
