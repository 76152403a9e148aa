//! Detached CMS SignedData (CAdES-B-B) for PDF signatures: build and verify.
//!
//! Signed attributes: content-type (id-data), message-digest (SHA-256 of the PDF byte ranges),
//! ESS signing-certificate-v2 (RFC 5035). No signing-time: PAdES baseline (ETSI EN 319 142-1)
//! forbids it and puts the time in the signature dictionary's /M. Verification still accepts
//! it, since certificates issued before this change carry one.

use chrono::{DateTime, Utc};
use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{EncapsulatedContentInfo, SignedData, SignerIdentifier};
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Decode as _, Encode as _, Sequence, Tagged as _};
use p256::ecdsa::DerSignature;
use sha2::{Digest as _, Sha256};
use spki::{AlgorithmIdentifierOwned, ObjectIdentifier};
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Time;
use x509_cert::Certificate;

use super::error::CertError;
use super::keys::{verifying_key_from_cert, LabKey};
use super::lab_signer::{PublicKey, SecretKey};
use super::timestamp::{verify_token, TimestampInfo, ID_SIGNATURE_TIMESTAMP};
use super::Result;

const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const ID_ECDSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const ID_SHA256_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
const ID_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const ID_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const ID_SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
const ID_SIGNING_CERT_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");

/// ESSCertIDv2 (hash algorithm omitted: DEFAULT sha256).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
    issuer_serial: IssuerSerial,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct IssuerSerial {
    issuer: Vec<GeneralName>,
    serial_number: SerialNumber,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

fn sign_err(what: impl std::fmt::Display) -> CertError {
    CertError::Sign(what.to_string())
}

fn attribute(oid: ObjectIdentifier, value: Any) -> Result<Attribute> {
    let values =
        SetOfVec::try_from(vec![value]).map_err(|e| sign_err(format!("attribute {oid}: {e}")))?;
    Ok(Attribute { oid, values })
}

/// The signature algorithm must be the one the certificate's key makes, with SHA-256:
/// ecdsa-with-SHA256 (no parameters) or sha256WithRSAEncryption (NULL or absent parameters).
fn check_signature_algorithm(key: &PublicKey, alg: &AlgorithmIdentifierOwned) -> Result<()> {
    let ok = match key {
        PublicKey::P256(_) => alg.oid == ID_ECDSA_SHA256 && alg.parameters.is_none(),
        PublicKey::Rsa(_) => {
            alg.oid == ID_SHA256_WITH_RSA
                && alg
                    .parameters
                    .as_ref()
                    .is_none_or(|p| p.tag() == der::Tag::Null && p.value().is_empty())
        }
    };
    if ok {
        Ok(())
    } else {
        Err(sign_err(format!(
            "signature algorithm {} does not match the certificate's key with SHA-256",
            alg.oid
        )))
    }
}

fn sha256_alg() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: ID_SHA256,
        parameters: None,
    }
}

/// Build the DER CMS for a PDF whose byte ranges hash to `digest`.
pub fn build_cms(key: &LabKey, digest: &[u8; 32]) -> Result<Vec<u8>> {
    let cert = key.certificate();
    let tbs = &cert.tbs_certificate;
    let eci = EncapsulatedContentInfo {
        econtent_type: ID_DATA,
        econtent: None,
    };
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: tbs.issuer.clone(),
        serial_number: tbs.serial_number.clone(),
    });

    // ESS signing-certificate-v2 names the signer's certificate first, then every chain
    // certificate, so that no certificate carried in the CMS can change unnoticed.
    let mut ess_certs = vec![EssCertIdV2 {
        cert_hash: OctetString::new(Sha256::digest(key.certificate_der()).to_vec())
            .map_err(sign_err)?,
        issuer_serial: IssuerSerial {
            issuer: vec![GeneralName::DirectoryName(tbs.issuer.clone())],
            serial_number: tbs.serial_number.clone(),
        },
    }];
    for der in key.chain_der() {
        let c =
            Certificate::from_der(der).map_err(|e| sign_err(format!("chain certificate: {e}")))?;
        ess_certs.push(EssCertIdV2 {
            cert_hash: OctetString::new(Sha256::digest(der).to_vec()).map_err(sign_err)?,
            issuer_serial: IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(c.tbs_certificate.issuer.clone())],
                serial_number: c.tbs_certificate.serial_number.clone(),
            },
        });
    }
    let ess = SigningCertificateV2 { certs: ess_certs };
    let ess_attr = attribute(
        ID_SIGNING_CERT_V2,
        Any::encode_from(&ess).map_err(|e| sign_err(format!("ESS attribute: {e}")))?,
    )?;

    let mut builder = SignedDataBuilder::new(&eci);
    builder
        .add_digest_algorithm(sha256_alg())
        .map_err(|e| sign_err(format!("digest algorithm: {e}")))?;
    builder
        .add_certificate(CertificateChoices::Certificate(cert.clone()))
        .map_err(|e| sign_err(format!("adding certificate: {e}")))?;
    for der in key.chain_der() {
        let c =
            Certificate::from_der(der).map_err(|e| sign_err(format!("chain certificate: {e}")))?;
        builder
            .add_certificate(CertificateChoices::Certificate(c))
            .map_err(|e| sign_err(format!("adding chain certificate: {e}")))?;
    }
    match key.signing_key() {
        SecretKey::P256(k) => {
            add_signer::<_, DerSignature>(&mut builder, k, sid, &eci, digest, ess_attr)?
        }
        SecretKey::Rsa(k) => add_signer::<_, rsa::pkcs1v15::Signature>(
            &mut builder,
            k.as_ref(),
            sid,
            &eci,
            digest,
            ess_attr,
        )?,
    }
    let ci = builder
        .build()
        .map_err(|e| sign_err(format!("building SignedData: {e}")))?;
    ci.to_der()
        .map_err(|e| sign_err(format!("encoding CMS: {e}")))
}

/// Add a signature timestamp (PAdES B-T) to a CMS made by [`build_cms`]: `stamp` gets the
/// SignerInfo's signature value and returns a TimeStampToken over it (DER), which goes in as
/// the unsigned attribute id-aa-signatureTimeStampToken. The signed part is unchanged.
pub fn add_signature_timestamp(
    cms_der: &[u8],
    stamp: impl FnOnce(&[u8]) -> Result<Vec<u8>>,
) -> Result<Vec<u8>> {
    let ci = ContentInfo::from_der(cms_der).map_err(|e| sign_err(format!("CMS: {e}")))?;
    let mut sd: SignedData = ci
        .content
        .decode_as()
        .map_err(|e| sign_err(format!("SignedData: {e}")))?;
    let mut signers = sd.signer_infos.0.into_vec();
    let [si] = signers.as_mut_slice() else {
        return Err(sign_err("expected exactly one signer to timestamp"));
    };
    let token = stamp(si.signature.as_bytes())?;
    let token = Any::from_der(&token).map_err(|e| sign_err(format!("timestamp token: {e}")))?;
    si.unsigned_attrs = Some(
        SetOfVec::try_from(vec![attribute(ID_SIGNATURE_TIMESTAMP, token)?])
            .map_err(|e| sign_err(format!("unsigned attributes: {e}")))?,
    );
    sd.signer_infos = cms::signed_data::SignerInfos(
        SetOfVec::try_from(signers).map_err(|e| sign_err(format!("signer infos: {e}")))?,
    );
    let content = Any::encode_from(&sd).map_err(|e| sign_err(format!("SignedData: {e}")))?;
    ContentInfo {
        content_type: ci.content_type,
        content,
    }
    .to_der()
    .map_err(|e| sign_err(format!("encoding CMS: {e}")))
}

/// Sign the attributes with `key` (ecdsa-with-SHA256 or sha256WithRSAEncryption, named by the
/// key type) and add the SignerInfo.
fn add_signer<S, Sig>(
    builder: &mut SignedDataBuilder<'_>,
    key: &S,
    sid: SignerIdentifier,
    eci: &EncapsulatedContentInfo,
    digest: &[u8; 32],
    ess_attr: Attribute,
) -> Result<()>
where
    S: p256::ecdsa::signature::Keypair
        + spki::DynSignatureAlgorithmIdentifier
        + p256::ecdsa::signature::Signer<Sig>,
    Sig: spki::SignatureBitStringEncoding,
{
    let mut signer = SignerInfoBuilder::new(key, sid, sha256_alg(), eci, Some(digest))
        .map_err(|e| sign_err(format!("signer info: {e}")))?;
    signer
        .add_signed_attribute(ess_attr)
        .map_err(|e| sign_err(format!("signed attributes: {e}")))?;
    builder
        .add_signer_info::<S, Sig>(signer)
        .map_err(|e| sign_err(format!("signing: {e}")))?;
    Ok(())
}

/// What a valid CMS signature tells.
#[derive(Debug, Clone)]
pub struct VerifiedCms {
    pub certificate_der: Vec<u8>,
    pub certificate: Certificate,
    /// The CMS signing-time attribute: only in certificates signed before PAdES baseline.
    pub signing_time: Option<DateTime<Utc>>,
    /// The signature timestamp (PAdES B-T), checked against the signature value.
    pub timestamp: Option<TimestampInfo>,
}

/// Verify a detached CMS signature over content whose SHA-256 is `digest`.
pub fn verify_cms(cms_der: &[u8], digest: &[u8]) -> Result<VerifiedCms> {
    let ci = ContentInfo::from_der(cms_der)
        .map_err(|e| sign_err(format!("CMS is not valid DER: {e}")))?;
    if ci.content_type != ID_SIGNED_DATA {
        return Err(sign_err(format!(
            "CMS content type is {}, not signedData",
            ci.content_type
        )));
    }
    let sd: SignedData = ci
        .content
        .decode_as()
        .map_err(|e| sign_err(format!("SignedData: {e}")))?;
    // Canonical DER only: every byte of the CMS must be accounted for by the parsed fields,
    // which are then either checked against fixed values or covered by the signature.
    let reencoded = ci
        .to_der()
        .map_err(|e| sign_err(format!("CMS re-encoding: {e}")))?;
    let sd_der = sd
        .to_der()
        .map_err(|e| sign_err(format!("SignedData re-encoding: {e}")))?;
    if reencoded != cms_der
        || sd_der
            != ci
                .content
                .to_der()
                .map_err(|e| sign_err(format!("CMS content: {e}")))?
    {
        return Err(sign_err(
            "CMS is not in canonical DER form (the signature bytes were altered)",
        ));
    }
    if sd.version != CmsVersion::V1 {
        return Err(sign_err(format!(
            "SignedData version is {:?}, expected v1",
            sd.version
        )));
    }
    let algs: Vec<&AlgorithmIdentifierOwned> = sd.digest_algorithms.iter().collect();
    if algs.as_slice() != [&sha256_alg()] {
        return Err(sign_err(
            "SignedData digestAlgorithms is not exactly {SHA-256}",
        ));
    }
    if sd.encap_content_info.econtent_type != ID_DATA {
        return Err(sign_err(format!(
            "encapsulated content type is {}, not id-data",
            sd.encap_content_info.econtent_type
        )));
    }
    if sd.encap_content_info.econtent.is_some() {
        return Err(sign_err("CMS is not detached (it encapsulates content)"));
    }
    if sd.crls.is_some() {
        return Err(sign_err("CMS carries revocation lists; not expected"));
    }
    let signers = sd.signer_infos.0.as_slice();
    let [si] = signers else {
        return Err(sign_err(format!(
            "expected exactly one signer, found {}",
            signers.len()
        )));
    };
    if si.version != CmsVersion::V1 {
        return Err(sign_err("SignerInfo has an unexpected version"));
    }
    // The only unsigned attribute allowed: one signature timestamp token. Anything else
    // could be added by anyone after signing, since nothing covers it.
    let token = match &si.unsigned_attrs {
        None => None,
        Some(attrs) => match attrs.as_slice() {
            [a] if a.oid == ID_SIGNATURE_TIMESTAMP && a.values.len() == 1 => a.values.iter().next(),
            _ => {
                return Err(sign_err(
                    "SignerInfo has unsigned attributes other than one signature timestamp",
                ))
            }
        },
    };
    if si.digest_alg != sha256_alg() {
        return Err(sign_err(format!(
            "digest algorithm {} is not SHA-256",
            si.digest_alg.oid
        )));
    }
    let SignerIdentifier::IssuerAndSerialNumber(isn) = &si.sid else {
        return Err(sign_err(
            "signer is not identified by issuer and serial number",
        ));
    };
    let certs = sd
        .certificates
        .as_ref()
        .ok_or_else(|| sign_err("CMS carries no certificate"))?;
    let cert = certs
        .0
        .iter()
        .find_map(|c| match c {
            CertificateChoices::Certificate(c)
                if c.tbs_certificate.issuer == isn.issuer
                    && c.tbs_certificate.serial_number == isn.serial_number =>
            {
                Some(c.clone())
            }
            _ => None,
        })
        .ok_or_else(|| sign_err("the signer's certificate is not in the CMS"))?;
    let cert_der = cert
        .to_der()
        .map_err(|e| sign_err(format!("certificate: {e}")))?;
    let attrs = si
        .signed_attrs
        .as_ref()
        .ok_or_else(|| sign_err("no signed attributes"))?;

    let single = |oid: ObjectIdentifier, name: &str| -> Result<&Any> {
        let found: Vec<&Attribute> = attrs.iter().filter(|a| a.oid == oid).collect();
        match found.as_slice() {
            [a] if a.values.len() == 1 => a
                .values
                .iter()
                .next()
                .ok_or_else(|| sign_err(format!("{name} is empty"))),
            [] => Err(sign_err(format!("signed attribute {name} is missing"))),
            _ => Err(sign_err(format!(
                "signed attribute {name} is present more than once or has several values"
            ))),
        }
    };
    let ct: ObjectIdentifier = single(ID_CONTENT_TYPE, "content-type")?
        .decode_as()
        .map_err(|e| sign_err(format!("content-type: {e}")))?;
    if ct != ID_DATA {
        return Err(sign_err(format!(
            "content-type attribute is {ct}, not id-data"
        )));
    }
    let md: OctetString = single(ID_MESSAGE_DIGEST, "message-digest")?
        .decode_as()
        .map_err(|e| sign_err(format!("message-digest: {e}")))?;
    if md.as_bytes() != digest {
        return Err(sign_err(
            "message digest does not match the signed byte ranges (the document was changed)",
        ));
    }
    let ess: SigningCertificateV2 = single(ID_SIGNING_CERT_V2, "signing-certificate-v2")?
        .decode_as()
        .map_err(|e| sign_err(format!("signing-certificate-v2: {e}")))?;
    let cert_hash = Sha256::digest(&cert_der);
    if ess.certs.first().map(|c| c.cert_hash.as_bytes()) != Some(cert_hash.as_slice()) {
        return Err(sign_err(
            "signing-certificate-v2 does not name the signer's certificate",
        ));
    }
    // Every certificate in the CMS must be named by the signed ESS attribute.
    for (i, c) in certs.0.iter().enumerate() {
        let der = c
            .to_der()
            .map_err(|e| sign_err(format!("certificate {i}: {e}")))?;
        let h = Sha256::digest(&der);
        if !ess
            .certs
            .iter()
            .any(|e| e.cert_hash.as_bytes() == h.as_slice())
        {
            return Err(sign_err(format!(
                "certificate {i} in the CMS is not covered by the signature (altered or added)"
            )));
        }
    }
    let all_attrs = [
        ID_CONTENT_TYPE,
        ID_MESSAGE_DIGEST,
        ID_SIGNING_TIME,
        ID_SIGNING_CERT_V2,
    ];
    if let Some(a) = attrs.iter().find(|a| !all_attrs.contains(&a.oid)) {
        return Err(sign_err(format!("unexpected signed attribute {}", a.oid)));
    }
    let signing_time = match single(ID_SIGNING_TIME, "signing-time") {
        Ok(any) => {
            let t = any
                .to_der()
                .and_then(|d| Time::from_der(&d))
                .map_err(|e| sign_err(format!("signing-time: {e}")))?;
            Some(DateTime::<Utc>::from(t.to_system_time()))
        }
        Err(_) => None,
    };

    let signed_der = attrs
        .to_der()
        .map_err(|e| sign_err(format!("signed attributes: {e}")))?;
    let key = verifying_key_from_cert(&cert_der)?;
    check_signature_algorithm(&key, &si.signature_algorithm)?;
    if !key.verify_cms(&signed_der, si.signature.as_bytes()) {
        return Err(sign_err(
            "the CMS signature does not verify with the signer's certificate",
        ));
    }
    let timestamp = match token {
        None => None,
        Some(t) => {
            let der = t
                .to_der()
                .map_err(|e| sign_err(format!("signature timestamp: {e}")))?;
            let info = verify_token(&der, si.signature.as_bytes())
                .map_err(|m| sign_err(format!("signature timestamp: {}", m.en)))?;
            Some(info)
        }
    };
    Ok(VerifiedCms {
        certificate_der: cert_der,
        certificate: cert,
        signing_time,
        timestamp,
    })
}
