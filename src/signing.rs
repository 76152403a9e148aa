//! The two kinds of lab key: ECDSA P-256 (what `keys init` makes) and RSA 2048–4096 (what most
//! CA-issued lab certificates carry, imported from PKCS#12). Signing and verifying go through
//! these enums so the PDF signature, QR payload and audit checkpoints treat both alike.
//!
//! A leaf of the crate: the store checks its signed checkpoints with it and the certificate
//! module signs PDFs with it, so neither has to import the other for the cryptography.

use p256::ecdsa::signature::{Signer as _, Verifier as _};
use p256::pkcs8::{DecodePrivateKey as _, DecodePublicKey as _, EncodePrivateKey as _, LineEnding};
use sha2::Sha256;
use spki::{EncodePublicKey as _, ObjectIdentifier};

use sha2::Digest as _;

/// What went wrong with a key or a signature.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SigningError {
    /// The key or certificate cannot be used (kind, size, encoding).
    #[error("{0}")]
    Key(String),
    #[error("{0}")]
    Sign(String),
}

pub type Result<T> = std::result::Result<T, SigningError>;

const ID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const ID_RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// RSA moduli accepted, in bits: below 2048 is no longer considered secure, above 4096 no CA
/// issues lab certificates and signing gets slow.
const RSA_BITS: std::ops::RangeInclusive<usize> = 2048..=4096;

fn key_err(what: impl std::fmt::Display) -> SigningError {
    SigningError::Key(what.to_string())
}

/// A lab private key.
#[derive(Clone)]
pub enum SecretKey {
    P256(p256::ecdsa::SigningKey),
    Rsa(Box<rsa::pkcs1v15::SigningKey<Sha256>>),
}

/// A lab public key, from a certificate.
#[derive(Clone, Debug)]
pub enum PublicKey {
    P256(p256::ecdsa::VerifyingKey),
    Rsa(Box<rsa::pkcs1v15::VerifyingKey<Sha256>>),
}

fn check_rsa_size(bits: usize) -> Result<()> {
    if RSA_BITS.contains(&bits) {
        Ok(())
    } else {
        Err(key_err(format!(
            "RSA key of {bits} bits; only 2048–4096-bit RSA keys are accepted"
        )))
    }
}

impl SecretKey {
    /// A PKCS#8 (DER) private key: P-256 or RSA 2048–4096.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self> {
        if let Ok(k) = p256::ecdsa::SigningKey::from_pkcs8_der(der) {
            return Ok(SecretKey::P256(k));
        }
        match rsa::RsaPrivateKey::from_pkcs8_der(der) {
            Ok(k) => {
                check_rsa_size(rsa::traits::PublicKeyParts::size(&k) * 8)?;
                Ok(SecretKey::Rsa(Box::new(rsa::pkcs1v15::SigningKey::new(k))))
            }
            Err(_) => Err(key_err(
                "the private key is neither ECDSA P-256 nor RSA (only these are supported)",
            )),
        }
    }

    /// A PKCS#8 PEM private key as written by [`SecretKey::to_pkcs8_pem`].
    pub fn from_pkcs8_pem(pem: &str) -> Result<Self> {
        let (_, doc) = p256::pkcs8::SecretDocument::from_pem(pem)
            .map_err(|e| key_err(format!("not a PKCS#8 PEM private key: {e}")))?;
        Self::from_pkcs8_der(doc.as_bytes())
    }

    pub fn to_pkcs8_pem(&self) -> Result<p256::elliptic_curve::zeroize::Zeroizing<String>> {
        let r = match self {
            SecretKey::P256(k) => k.to_pkcs8_pem(LineEnding::LF),
            SecretKey::Rsa(k) => k.as_ref().as_ref().to_pkcs8_pem(LineEnding::LF),
        };
        r.map_err(|e| key_err(format!("encoding private key: {e}")))
    }

    pub fn public(&self) -> PublicKey {
        match self {
            SecretKey::P256(k) => PublicKey::P256(*k.verifying_key()),
            SecretKey::Rsa(k) => {
                PublicKey::Rsa(Box::new(rsa::signature::Keypair::verifying_key(k.as_ref())))
            }
        }
    }

    /// Sign `msg` (SHA-256 inside): P-256 gives the fixed 64-byte r‖s form, RSA PKCS#1 v1.5
    /// the modulus-sized block.
    pub fn sign(&self, msg: &[u8]) -> Result<Vec<u8>> {
        let failed = |e: p256::ecdsa::Error| SigningError::Sign(format!("signing failed: {e}"));
        match self {
            SecretKey::P256(k) => {
                let s: p256::ecdsa::Signature = k.try_sign(msg).map_err(failed)?;
                Ok(s.to_bytes().to_vec())
            }
            SecretKey::Rsa(k) => {
                let s: rsa::pkcs1v15::Signature = k.try_sign(msg).map_err(failed)?;
                Ok(rsa::signature::SignatureEncoding::to_vec(&s))
            }
        }
    }

    /// "ECDSA P-256" or "RSA 3072", for `keys show`.
    pub fn algorithm(&self) -> String {
        match self {
            SecretKey::P256(_) => "ECDSA P-256".into(),
            SecretKey::Rsa(k) => format!(
                "RSA {}",
                rsa::traits::PublicKeyParts::size(k.as_ref().as_ref()) * 8
            ),
        }
    }
}

impl PublicKey {
    /// The public key of a DER certificate: P-256 or RSA 2048–4096.
    pub fn from_cert_der(der: &[u8]) -> Result<Self> {
        use der::{Decode as _, Encode as _};
        let cert = x509_cert::Certificate::from_der(der)
            .map_err(|e| key_err(format!("certificate is not valid DER: {e}")))?;
        let spki = &cert.tbs_certificate.subject_public_key_info;
        let spki_der = spki
            .to_der()
            .map_err(|e| key_err(format!("certificate public key: {e}")))?;
        match spki.algorithm.oid {
            ID_EC_PUBLIC_KEY => p256::ecdsa::VerifyingKey::from_public_key_der(&spki_der)
                .map(PublicKey::P256)
                .map_err(|e| key_err(format!("certificate key is not ECDSA P-256: {e}"))),
            ID_RSA_ENCRYPTION => {
                let k = rsa::RsaPublicKey::from_public_key_der(&spki_der)
                    .map_err(|e| key_err(format!("certificate RSA key: {e}")))?;
                check_rsa_size(rsa::traits::PublicKeyParts::size(&k) * 8)?;
                Ok(PublicKey::Rsa(Box::new(rsa::pkcs1v15::VerifyingKey::new(
                    k,
                ))))
            }
            other => Err(key_err(format!(
                "certificate key algorithm {other} is neither ECDSA nor RSA"
            ))),
        }
    }

    /// SubjectPublicKeyInfo DER, to match a certificate to its private key.
    pub fn spki_der(&self) -> Result<Vec<u8>> {
        let d = match self {
            PublicKey::P256(k) => k.to_public_key_der(),
            PublicKey::Rsa(k) => k.as_ref().as_ref().to_public_key_der(),
        };
        d.map(|d| d.as_bytes().to_vec())
            .map_err(|e| key_err(format!("encoding public key: {e}")))
    }

    /// Check a signature made by [`SecretKey::sign`] (P-256: 64-byte r‖s).
    pub fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        match self {
            PublicKey::P256(k) => {
                p256::ecdsa::Signature::from_slice(sig).is_ok_and(|s| k.verify(msg, &s).is_ok())
            }
            PublicKey::Rsa(k) => {
                rsa::pkcs1v15::Signature::try_from(sig).is_ok_and(|s| k.verify(msg, &s).is_ok())
            }
        }
    }

    /// Check a CMS SignerInfo signature (P-256: DER-encoded ECDSA-Sig-Value).
    pub fn verify_cms(&self, msg: &[u8], sig: &[u8]) -> bool {
        match self {
            PublicKey::P256(k) => {
                p256::ecdsa::DerSignature::from_bytes(sig).is_ok_and(|s| k.verify(msg, &s).is_ok())
            }
            PublicKey::Rsa(_) => self.verify(msg, sig),
        }
    }

    /// Signature lengths this key produces, for parsers of fixed-format payloads.
    pub fn signature_len(&self) -> usize {
        match self {
            PublicKey::P256(_) => 64,
            PublicKey::Rsa(k) => rsa::traits::PublicKeyParts::size(k.as_ref().as_ref()),
        }
    }
}

/// A certificate's SHA-256 fingerprint as colon-separated upper-case hex (how checkpoints and
/// `keys show` name the lab certificate).
pub fn fingerprint(der: &[u8]) -> String {
    sha2::Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// The public key (P-256 or RSA) of a DER certificate.
pub fn verifying_key_from_cert(der: &[u8]) -> Result<PublicKey> {
    PublicKey::from_cert_der(der)
}
