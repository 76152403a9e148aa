//! Signed checkpoints of the audit chain's head.
//!
//! Hashes alone prove nothing against someone who can write the file: they can rewrite every
//! entry and recompute every hash. A checkpoint is the head (sequence number and hash) signed
//! with the lab's key, the same key that signs certificates, so rewriting history needs that
//! key. Every commit made by a process holding the key checkpoints its new head.

use super::engine::SeqTable;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ChainSigner;
use crate::model::report::CheckpointRef;
use crate::signing::{fingerprint, verifying_key_from_cert};

pub(crate) const CHECKPOINTS: SeqTable = SeqTable::new("checkpoints");

/// The head of the chain at one moment, signed by the lab key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub seq: u64,
    pub hash: String,
    pub at: DateTime<Utc>,
    /// SHA-256 fingerprint of the lab certificate whose key signed it.
    pub signer: String,
    /// ECDSA P-256 signature (fixed 64-byte form, hex) over [`Checkpoint::message`].
    pub signature: String,
}

impl Checkpoint {
    fn message(seq: u64, hash: &str, at: DateTime<Utc>) -> String {
        format!("unilab-audit-checkpoint|{seq}|{hash}|{}", at.to_rfc3339())
    }

    /// Sign the head with the lab key (ECDSA P-256: 64-byte r‖s; RSA: PKCS#1 v1.5).
    pub(crate) fn sign(
        key: &dyn ChainSigner,
        seq: u64,
        hash: &str,
        at: DateTime<Utc>,
    ) -> Result<Checkpoint, String> {
        let sig = key.sign(Self::message(seq, hash, at).as_bytes())?;
        Ok(Checkpoint {
            seq,
            hash: hash.to_string(),
            at,
            signer: fingerprint(key.certificate_der()),
            signature: hex::encode(sig),
        })
    }

    /// Whether the signature holds for this lab certificate (DER).
    pub fn verify(&self, certificate_der: &[u8]) -> Result<(), String> {
        if self.signer != fingerprint(certificate_der) {
            return Err(format!(
                "由另一张证书（指纹 {}）签署，而不是本实验室当前的证书",
                self.signer
            ));
        }
        let key = verifying_key_from_cert(certificate_der).map_err(|e| e.to_string())?;
        let bytes = hex::decode(&self.signature).map_err(|_| "签名不是十六进制".to_string())?;
        if key.verify(
            Self::message(self.seq, &self.hash, self.at).as_bytes(),
            &bytes,
        ) {
            Ok(())
        } else {
            Err("签名与内容不符（检查点被改动或伪造）".to_string())
        }
    }

    pub fn reference(&self) -> CheckpointRef {
        CheckpointRef {
            seq: self.seq,
            hash: self.hash.clone(),
        }
    }
}
