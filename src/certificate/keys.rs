//! The lab's signing key: an ECDSA P-256 (self-made) or RSA 2048–4096 (imported) private key +
//! X.509 certificate.
//!
//! On disk (`save`/`load`): `<dir>/lab-key.pem` (PKCS#8, mode 0600) and `<dir>/lab-cert.pem`
//! (the lab certificate first, then any chain certificates from an imported PKCS#12); the
//! directory is mode 0700.

use std::path::Path;
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Months, Utc};
use der::asn1::{SetOfVec, Utf8StringRef};
use der::referenced::OwnedToRef as _;
use der::{Any, Decode as _, Encode as _, EncodePem as _};
use p256::ecdsa::{DerSignature, SigningKey};
use p256::pkcs8::LineEnding;
use spki::{ObjectIdentifier, SubjectPublicKeyInfoOwned};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::builder::{Builder as _, CertificateBuilder, Profile};
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage, KeyUsages, SubjectKeyIdentifier};
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};
use x509_cert::Certificate;

use super::error::CertError;
use super::lab_signer::{PublicKey, SecretKey};
use super::timestamp::Tsa;
use super::Result;

pub const KEY_FILE: &str = "lab-key.pem";
pub const CERT_FILE: &str = "lab-cert.pem";
/// The TSA's password, when it wants one (mode 0600, like the key): a secret, so not in the
/// records or the audit trail.
pub const TSA_PASSWORD_FILE: &str = "tsa-password";

const OID_CN: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
const OID_O: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.10");

/// The lab's private key and its certificate chain (DER).
#[derive(Clone)]
pub struct LabKey {
    signing_key: SecretKey,
    cert_der: Vec<u8>,
    cert: Certificate,
    /// Further certificates (issuing CAs) from an imported PKCS#12, leaf excluded.
    chain_der: Vec<Vec<u8>>,
    /// The lab's time-stamping authority, when configured: every PDF signed with this key then
    /// carries a signature timestamp (PAdES B-T). Kept on the key because every document type
    /// signs through it, so none can forget the timestamp.
    tsa: Option<std::sync::Arc<Tsa>>,
}

impl std::fmt::Debug for LabKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LabKey")
            .field("certificate", &self.describe())
            .finish_non_exhaustive()
    }
}

fn key_err(what: impl std::fmt::Display) -> CertError {
    CertError::Key(what.to_string())
}

impl LabKey {
    /// Make a new key and a self-signed certificate for `lab_name` (CA:TRUE, keyUsage
    /// digitalSignature + nonRepudiation + keyCertSign + cRLSign), valid 10 years from `now`.
    pub fn generate_self_signed(lab_name: &str, now: DateTime<Utc>) -> Result<Self> {
        let lab_name = lab_name.trim();
        if lab_name.is_empty() {
            return Err(key_err("lab name for the certificate subject is empty"));
        }
        let signing_key = SigningKey::random(&mut rand_core::OsRng);
        let spki = SubjectPublicKeyInfoOwned::from_key(*signing_key.verifying_key())
            .map_err(|e| key_err(format!("encoding public key: {e}")))?;
        let subject = lab_name_to_x509(lab_name)?;
        let mut serial = [0u8; 16];
        rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut serial);
        serial[0] &= 0x7f;
        serial[0] |= 0x01;
        let serial =
            SerialNumber::new(&serial).map_err(|e| key_err(format!("serial number: {e}")))?;
        let not_after = now
            .checked_add_months(Months::new(120))
            .ok_or_else(|| key_err(format!("validity end overflows for start {now}")))?;
        let validity = Validity {
            not_before: to_x509_time(now)?,
            not_after: to_x509_time(not_after)?,
        };
        let mut builder = CertificateBuilder::new(
            Profile::Manual { issuer: None },
            serial,
            validity,
            subject,
            spki.clone(),
            &signing_key,
        )
        .map_err(|e| key_err(format!("certificate builder: {e}")))?;
        let ski = SubjectKeyIdentifier::try_from(spki.owned_to_ref())
            .map_err(|e| key_err(format!("key identifier: {e}")))?;
        builder
            .add_extension(&BasicConstraints {
                ca: true,
                path_len_constraint: None,
            })
            .and_then(|_| {
                builder.add_extension(&KeyUsage(
                    KeyUsages::DigitalSignature
                        | KeyUsages::NonRepudiation
                        | KeyUsages::KeyCertSign
                        | KeyUsages::CRLSign,
                ))
            })
            .and_then(|_| builder.add_extension(&ski))
            .map_err(|e| key_err(format!("certificate extension: {e}")))?;
        let cert = builder
            .build::<DerSignature>()
            .map_err(|e| key_err(format!("signing certificate: {e}")))?;
        let cert_der = cert
            .to_der()
            .map_err(|e| key_err(format!("encoding certificate: {e}")))?;
        Ok(LabKey {
            signing_key: SecretKey::P256(signing_key),
            cert_der,
            cert,
            chain_der: Vec::new(),
            tsa: None,
        })
    }

    /// Import a key and certificate from a PKCS#12 (`.p12`/`.pfx`) file: an ECDSA P-256 or an
    /// RSA 2048–4096 key.
    pub fn import_pkcs12(bytes: &[u8], password: &str) -> Result<Self> {
        let store = p12_keystore::KeyStore::from_pkcs12(bytes, password).map_err(|e| {
            key_err(format!(
                "cannot open PKCS#12 file (wrong password or damaged file): {e}"
            ))
        })?;
        let (_, chain) = store
            .private_key_chain()
            .ok_or_else(|| key_err("the PKCS#12 file contains no private key"))?;
        let signing_key = SecretKey::from_pkcs8_der(chain.key())
            .map_err(|e| key_err(format!("the PKCS#12 private key: {e}")))?;
        let own_spki = signing_key.public().spki_der()?;
        let mut leaf = None;
        let mut others = Vec::new();
        for c in chain.chain() {
            let der = c.as_der().to_vec();
            let spki = verifying_key_from_cert(&der).and_then(|k| Ok(k.spki_der()?));
            if leaf.is_none() && spki.ok().as_ref() == Some(&own_spki) {
                leaf = Some(der);
            } else {
                others.push(der);
            }
        }
        let cert_der =
            leaf.ok_or_else(|| key_err("the PKCS#12 file has no certificate for its private key"))?;
        Self::from_parts(signing_key, cert_der, others)
    }

    fn from_parts(
        signing_key: SecretKey,
        cert_der: Vec<u8>,
        chain_der: Vec<Vec<u8>>,
    ) -> Result<Self> {
        let cert = Certificate::from_der(&cert_der)
            .map_err(|e| key_err(format!("certificate is not valid DER: {e}")))?;
        if verifying_key_from_cert(&cert_der)?.spki_der()? != signing_key.public().spki_der()? {
            return Err(key_err(
                "the certificate's public key does not belong to the private key",
            ));
        }
        Ok(LabKey {
            signing_key,
            cert_der,
            cert,
            chain_der,
            tsa: None,
        })
    }

    /// Write `lab-key.pem` (0600) and `lab-cert.pem` into `dir` (created 0700). Existing files
    /// are replaced atomically.
    pub fn save(&self, dir: &Path) -> Result<()> {
        create_private_dir(dir)?;
        let key_pem = self.signing_key.to_pkcs8_pem()?;
        let mut certs = String::new();
        for der in std::iter::once(&self.cert_der).chain(self.chain_der.iter()) {
            let c = Certificate::from_der(der).map_err(|e| key_err(format!("certificate: {e}")))?;
            certs.push_str(
                &c.to_pem(LineEnding::LF)
                    .map_err(|e| key_err(format!("encoding certificate: {e}")))?,
            );
        }
        write_atomic(&dir.join(KEY_FILE), key_pem.as_bytes(), 0o600)?;
        write_atomic(&dir.join(CERT_FILE), certs.as_bytes(), 0o644)
    }

    /// Read a key saved by [`LabKey::save`]. Refuses a key file readable by group or others.
    pub fn load(dir: &Path) -> Result<Self> {
        let key_path = dir.join(KEY_FILE);
        let cert_path = dir.join(CERT_FILE);
        check_private_mode(&key_path)?;
        let key_pem = std::fs::read_to_string(&key_path)
            .map_err(|e| CertError::io(&key_path, "reading lab key", e))?;
        let signing_key = SecretKey::from_pkcs8_pem(&key_pem)
            .map_err(|e| key_err(format!("{}: {e}", key_path.display())))?;
        let cert_pem = std::fs::read(&cert_path)
            .map_err(|e| CertError::io(&cert_path, "reading lab certificate", e))?;
        let chain = Certificate::load_pem_chain(&cert_pem).map_err(|e| {
            key_err(format!(
                "{}: not a PEM certificate file: {e}",
                cert_path.display()
            ))
        })?;
        let mut ders = Vec::new();
        for c in &chain {
            ders.push(
                c.to_der()
                    .map_err(|e| key_err(format!("{}: {e}", cert_path.display())))?,
            );
        }
        if ders.is_empty() {
            return Err(key_err(format!(
                "{}: contains no certificate",
                cert_path.display()
            )));
        }
        let leaf = ders.remove(0);
        Self::from_parts(signing_key, leaf, ders)
            .map_err(|e| key_err(format!("{}: {e}", dir.display())))
    }

    /// Sign with signature timestamps from `tsa` (PAdES B-T).
    pub fn with_tsa(mut self, tsa: Tsa) -> Self {
        self.tsa = Some(std::sync::Arc::new(tsa));
        self
    }

    /// The time-stamping authority this key's signatures are stamped by, if any.
    pub fn tsa(&self) -> Option<&Tsa> {
        self.tsa.as_deref()
    }

    /// The lab certificate (DER).
    pub fn certificate_der(&self) -> &[u8] {
        &self.cert_der
    }

    /// Issuing CA certificates (DER) imported with the key; empty for a self-signed key.
    pub fn chain_der(&self) -> &[Vec<u8>] {
        &self.chain_der
    }

    pub(crate) fn certificate(&self) -> &Certificate {
        &self.cert
    }

    pub(crate) fn signing_key(&self) -> &SecretKey {
        &self.signing_key
    }

    /// "ECDSA P-256" or "RSA 2048" …
    pub fn algorithm(&self) -> String {
        self.signing_key.algorithm()
    }

    /// Subject, validity and SHA-256 fingerprint, one per line.
    pub fn describe(&self) -> String {
        describe_certificate(&self.cert, &self.cert_der)
    }
}

/// Keep the TSA password in `dir` (0600), or remove it (`None`).
pub fn save_tsa_password(dir: &Path, password: Option<&str>) -> Result<()> {
    let path = dir.join(TSA_PASSWORD_FILE);
    match password {
        Some(p) => {
            create_private_dir(dir)?;
            write_atomic(&path, p.as_bytes(), 0o600)
        }
        None if path.exists() => {
            std::fs::remove_file(&path).map_err(|e| CertError::io(&path, "removing", e))
        }
        None => Ok(()),
    }
}

/// The TSA password kept by [`save_tsa_password`]; `None` when there is none. Refuses a file
/// readable by group or others.
pub fn load_tsa_password(dir: &Path) -> Result<Option<String>> {
    let path = dir.join(TSA_PASSWORD_FILE);
    if !path.exists() {
        return Ok(None);
    }
    check_private_mode(&path)?;
    std::fs::read_to_string(&path)
        .map(Some)
        .map_err(|e| CertError::io(&path, "reading the TSA password", e))
}

/// The lab certificate alone (DER), from `lab-cert.pem` in `dir`; `None` when there is none.
pub fn load_certificate_der(dir: &Path) -> Result<Option<Vec<u8>>> {
    let cert_path = dir.join(CERT_FILE);
    if !cert_path.exists() {
        return Ok(None);
    }
    let pem = std::fs::read(&cert_path)
        .map_err(|e| CertError::io(&cert_path, "reading lab certificate", e))?;
    let chain = Certificate::load_pem_chain(&pem).map_err(|e| {
        key_err(format!(
            "{}: not a PEM certificate file: {e}",
            cert_path.display()
        ))
    })?;
    match chain.first() {
        Some(c) => c
            .to_der()
            .map(Some)
            .map_err(|e| key_err(format!("{}: {e}", cert_path.display()))),
        None => Ok(None),
    }
}

/// Human-readable summary of a certificate.
pub fn describe_certificate(cert: &Certificate, der: &[u8]) -> String {
    let tbs = &cert.tbs_certificate;
    let t = |time: &Time| {
        DateTime::<Utc>::from(time.to_system_time())
            .format("%Y-%m-%d %H:%M:%S UTC")
            .to_string()
    };
    format!(
        "subject: {}\nissuer: {}\nvalid: {} – {}\nSHA-256 fingerprint: {}",
        tbs.subject,
        tbs.issuer,
        t(&tbs.validity.not_before),
        t(&tbs.validity.not_after),
        fingerprint(der)
    )
}

/// `AB:CD:…` SHA-256 of the DER certificate.
pub use crate::signing::fingerprint;

/// The public key (P-256 or RSA) of a DER certificate.
pub fn verifying_key_from_cert(der: &[u8]) -> Result<PublicKey> {
    Ok(PublicKey::from_cert_der(der)?)
}

fn lab_name_to_x509(lab_name: &str) -> Result<Name> {
    let rdn = |oid: ObjectIdentifier| -> Result<RelativeDistinguishedName> {
        let value =
            Any::from(Utf8StringRef::new(lab_name).map_err(|e| key_err(format!("lab name: {e}")))?);
        let set = SetOfVec::try_from(vec![AttributeTypeAndValue { oid, value }])
            .map_err(|e| key_err(format!("lab name: {e}")))?;
        Ok(RelativeDistinguishedName(set))
    };
    Ok(RdnSequence(vec![rdn(OID_O)?, rdn(OID_CN)?]))
}

fn to_x509_time(t: DateTime<Utc>) -> Result<Time> {
    let secs =
        u64::try_from(t.timestamp()).map_err(|_| key_err(format!("time {t} is before 1970")))?;
    let st = SystemTime::UNIX_EPOCH + Duration::from_secs(secs);
    x509_time(st).map_err(|e| key_err(format!("time {t}: {e}")))
}

/// RFC 5280: UTCTime before 2050, GeneralizedTime from 2050 on.
pub(crate) fn x509_time(st: SystemTime) -> der::Result<Time> {
    let dur = st
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_err(|_| der::Error::from(der::ErrorKind::DateTime))?;
    match der::asn1::UtcTime::from_unix_duration(dur) {
        Ok(t) => Ok(Time::UtcTime(t)),
        Err(_) => Ok(Time::GeneralTime(
            der::asn1::GeneralizedTime::from_unix_duration(dur)?,
        )),
    }
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::{DirBuilderExt as _, PermissionsExt as _};
    if !dir.is_dir() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| CertError::io(dir, "creating key directory", e))?;
    }
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
        .map_err(|e| CertError::io(dir, "setting key directory mode 0700", e))
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| CertError::io(dir, "creating key directory", e))
}

fn write_atomic(path: &Path, bytes: &[u8], mode: u32) -> Result<()> {
    use std::io::Write as _;
    let tmp = path.with_extension("pem.tmp");
    let _ = std::fs::remove_file(&tmp);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut f = opts
        .open(&tmp)
        .map_err(|e| CertError::io(&tmp, "creating", e))?;
    f.write_all(bytes)
        .map_err(|e| CertError::io(&tmp, "writing", e))?;
    f.sync_all()
        .map_err(|e| CertError::io(&tmp, "syncing", e))?;
    std::fs::rename(&tmp, path).map_err(|e| CertError::io(path, "replacing", e))
}

#[cfg(unix)]
fn check_private_mode(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    let meta = std::fs::metadata(path).map_err(|e| CertError::io(path, "reading lab key", e))?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(key_err(format!(
            "{}: private key file has mode {mode:03o}; it must not be readable by group or others (chmod 600)",
            path.display()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private_mode(_path: &Path) -> Result<()> {
    Ok(())
}

/// The store signs its audit checkpoints with the lab key.
impl crate::store::ChainSigner for LabKey {
    fn sign(&self, message: &[u8]) -> std::result::Result<Vec<u8>, String> {
        self.signing_key().sign(message).map_err(|e| e.to_string())
    }

    fn certificate_der(&self) -> &[u8] {
        LabKey::certificate_der(self)
    }
}
