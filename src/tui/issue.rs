//! How the interface issues a certificate. The certificate module provides the real work;
//! this is the one place that connects them.

use super::effects::IssueFn;

pub fn default_issuer() -> IssueFn {
    Box::new(|_store, _user, order, _dir, _now| {
        anyhow::bail!(
            "证书签发模块尚未接入（unilab::certificate::issue_for_order），委托单 {order} 未签发"
        )
    })
}
