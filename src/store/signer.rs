//! The lab key as the store sees it: something that signs the audit chain's checkpoints and
//! names itself by its certificate. The certificate module's lab key implements it, so the
//! store holds a key without knowing key files, PKCS#12 or PDF signatures.

/// Signs checkpoints of the audit chain (ECDSA P-256: 64-byte r‖s; RSA: PKCS#1 v1.5).
pub trait ChainSigner: Send + Sync {
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, String>;
    /// The signer's certificate (DER); its fingerprint names the signer in each checkpoint.
    fn certificate_der(&self) -> &[u8];
}
