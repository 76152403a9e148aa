//! RFC 3161 signature timestamps (PAdES B-T): asking the lab's time-stamping authority (TSA)
//! for a token over a CMS signature value, and checking a token.
//!
//! The token goes into the SignerInfo as the unsigned attribute id-aa-signatureTimeStampToken;
//! it proves the signature existed at the TSA's time, so the signature stays checkable after the
//! lab certificate expires. The request asks for a SHA-256 imprint, a fresh nonce and the TSA's
//! certificate (certReq), so that the token can be checked on its own later.
//!
//! The TSA is reached over plain HTTP (normal for RFC 3161: the token is signed itself, so the
//! transport adds nothing to its trust); this build has no TLS stack.

use std::sync::OnceLock;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use der::asn1::{BitString, Int, OctetString, Utf8StringRef};
use der::{Any, Decode as _, Encode as _, Sequence, Tag, Tagged as _};
use p256::ecdsa::signature::Verifier as _;
use p256::pkcs8::DecodePublicKey as _;
use sha2::{Digest as _, Sha256, Sha384, Sha512};
use spki::{AlgorithmIdentifierOwned, ObjectIdentifier};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::ExtendedKeyUsage;
use x509_cert::Certificate;

use super::error::CertError;
use super::Result;
use crate::msg;

/// id-aa-signatureTimeStampToken: the unsigned SignerInfo attribute that carries the token.
pub const ID_SIGNATURE_TIMESTAMP: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");
const ID_CT_TSTINFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const ID_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const ID_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const ID_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
const ID_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");
const ID_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const ID_SHA256_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
const ID_SHA384_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12");
const ID_SHA512_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");
const ID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const ID_ECDSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const ID_KP_TIMESTAMPING: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.8");

/// Connecting may take this long; the whole exchange (connect, send, answer) at most
/// [`TOTAL_TIMEOUT`]: issuing waits for the TSA inside the store's write transaction.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const TOTAL_TIMEOUT: Duration = Duration::from_secs(10);
/// A timestamp reply is a few kilobytes; anything far larger is not one.
const MAX_REPLY: u64 = 256 * 1024;
/// Room kept beyond the measured token: genTime, serial number, nonce and an ECDSA signature
/// vary by a few bytes between tokens of one TSA.
const TOKEN_SLACK: usize = 256;

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct MessageImprint {
    hash_algorithm: AlgorithmIdentifierOwned,
    hashed_message: OctetString,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct TimeStampReq {
    version: u8,
    message_imprint: MessageImprint,
    #[asn1(optional = "true")]
    req_policy: Option<ObjectIdentifier>,
    #[asn1(optional = "true")]
    nonce: Option<Int>,
    #[asn1(default = "Default::default")]
    cert_req: bool,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct PkiStatusInfo {
    status: u32,
    #[asn1(optional = "true")]
    status_string: Option<Vec<Any>>,
    #[asn1(optional = "true")]
    fail_info: Option<BitString>,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct TimeStampResp {
    status: PkiStatusInfo,
    #[asn1(optional = "true")]
    time_stamp_token: Option<Any>,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct Accuracy {
    #[asn1(optional = "true")]
    seconds: Option<u64>,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    millis: Option<u16>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    micros: Option<u16>,
}

/// TSTInfo (RFC 3161 §2.4.2). genTime is kept raw: DER GeneralizedTime with fractional seconds
/// is allowed here, and the `der` type refuses fractions.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct TstInfo {
    version: u8,
    policy: ObjectIdentifier,
    message_imprint: MessageImprint,
    serial_number: Int,
    gen_time: Any,
    #[asn1(optional = "true")]
    accuracy: Option<Accuracy>,
    #[asn1(default = "Default::default")]
    ordering: bool,
    #[asn1(optional = "true")]
    nonce: Option<Int>,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    tsa: Option<GeneralName>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    extensions: Option<x509_cert::ext::Extensions>,
}

/// The lab's time-stamping authority: its URL and, when it asks for them, HTTP basic
/// credentials.
#[derive(Clone)]
pub struct Tsa {
    url: String,
    credentials: Option<(String, String)>,
    /// Bytes the token needs in the signature placeholder, measured once per process.
    room: OnceLock<usize>,
}

impl std::fmt::Debug for Tsa {
    // The password stays out of logs and panics.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tsa")
            .field("url", &self.url)
            .field("user", &self.credentials.as_ref().map(|(u, _)| u))
            .finish_non_exhaustive()
    }
}

/// What a checked token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampInfo {
    /// The TSA's time (genTime).
    pub time: DateTime<Utc>,
    /// The TSA's name: the token's `tsa` field, else its certificate's subject.
    pub tsa_name: String,
    /// SHA-256 fingerprint of the TSA certificate that signed the token.
    pub tsa_fingerprint: String,
    /// The TSA certificate (DER), to check against a trusted TSA.
    pub tsa_certificate_der: Vec<u8>,
    /// The token's serial number, lowercase hex.
    pub serial_hex: String,
}

impl Tsa {
    /// A TSA at `url` (http://…). `user` with `password`: HTTP basic authentication.
    pub fn new(url: &str, user: Option<&str>, password: Option<&str>) -> Result<Tsa> {
        crate::model::tsa::check_tsa_url(url).map_err(CertError::Timestamp)?;
        let credentials = user.map(|u| (u.to_string(), password.unwrap_or_default().to_string()));
        Ok(Tsa {
            url: url.to_string(),
            credentials,
            room: OnceLock::new(),
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Bytes to keep for the token in the signature: a token over a throw-away imprint, measured
    /// once per process, plus slack. The real token is only known after the document's bytes,
    /// placeholder included, are fixed, so its room has to be known first.
    pub fn room(&self) -> Result<usize> {
        if let Some(r) = self.room.get() {
            return Ok(*r);
        }
        let (token, _) = self.stamp(b"unilab: measuring the timestamp token")?;
        let room = token.len() + TOKEN_SLACK;
        Ok(*self.room.get_or_init(|| room))
    }

    /// Ask the TSA for a token over `signature` (the SignerInfo's signature value) and check
    /// it: status granted, imprint = SHA-256 of `signature`, our nonce, a valid TSA signature.
    pub fn stamp(&self, signature: &[u8]) -> Result<(Vec<u8>, TimestampInfo)> {
        let fail = |zh: String, en: String| {
            let url = &self.url;
            CertError::Timestamp(msg!(
                "时间戳服务 {url} 不可用：{zh}",
                "The time-stamping authority {url} failed: {en}"
            ))
        };
        let mut nonce = [0u8; 8];
        rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut nonce);
        // A positive INTEGER of exactly 8 content bytes: the token's size does not depend on it.
        nonce[0] = (nonce[0] & 0x7f) | 0x01;
        let nonce =
            Int::new(&nonce).map_err(|e| fail(format!("随机数：{e}"), format!("nonce: {e}")))?;
        let req = TimeStampReq {
            version: 1,
            message_imprint: MessageImprint {
                hash_algorithm: AlgorithmIdentifierOwned {
                    oid: ID_SHA256,
                    parameters: None,
                },
                hashed_message: OctetString::new(Sha256::digest(signature).to_vec())
                    .map_err(|e| fail(format!("请求：{e}"), format!("request: {e}")))?,
            },
            req_policy: None,
            nonce: Some(nonce.clone()),
            cert_req: true,
        };
        let body = req.to_der().map_err(|e| {
            fail(
                format!("请求编码：{e}"),
                format!("encoding the request: {e}"),
            )
        })?;
        let reply = self.post(&body).map_err(|(zh, en)| fail(zh, en))?;
        let resp = TimeStampResp::from_der(&reply).map_err(|e| {
            fail(
                format!("回复不是 RFC 3161 时间戳回复（{e}）"),
                format!("the reply is not an RFC 3161 timestamp response ({e})"),
            )
        })?;
        if resp.status.status > 1 {
            let (code, text) = (resp.status.status, status_text(&resp.status));
            return Err(fail(
                format!("拒绝了请求（状态 {code}{text}）"),
                format!("it refused the request (status {code}{text})"),
            ));
        }
        let token = resp
            .time_stamp_token
            .ok_or_else(|| {
                fail(
                    "回复中没有时间戳令牌".into(),
                    "the reply carries no token".into(),
                )
            })?
            .to_der()
            .map_err(|e| fail(format!("令牌：{e}"), format!("token: {e}")))?;
        let (info, tst) =
            check_token(&token, signature).map_err(|e| fail(e.zh.clone(), e.en.clone()))?;
        if tst.nonce.as_ref() != Some(&nonce) {
            return Err(fail(
                "令牌中的随机数与请求不符（可能是重放的旧回复）".into(),
                "the token's nonce differs from the request's (a replayed reply?)".into(),
            ));
        }
        Ok((token, info))
    }

    /// POST the query; the reply's body, or what went wrong (zh, en).
    fn post(&self, body: &[u8]) -> std::result::Result<Vec<u8>, (String, String)> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .timeout_global(Some(TOTAL_TIMEOUT))
            .http_status_as_error(false)
            .build()
            .into();
        let mut req = agent
            .post(self.url.as_str())
            .header("Content-Type", "application/timestamp-query");
        if let Some((user, password)) = &self.credentials {
            use base64::Engine as _;
            let b64 =
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
            req = req.header("Authorization", format!("Basic {b64}"));
        }
        let net = |e: ureq::Error| {
            let timeout = matches!(e, ureq::Error::Timeout(_));
            if timeout {
                let s = TOTAL_TIMEOUT.as_secs();
                (
                    format!("{s} 秒内没有回复"),
                    format!("no answer within {s} s"),
                )
            } else {
                (format!("无法连接（{e}）"), format!("cannot reach it ({e})"))
            }
        };
        let resp = req.send(body).map_err(net)?;
        let status = resp.status();
        if status != 200 {
            return Err((
                format!("HTTP 状态 {status}"),
                format!("HTTP status {status}"),
            ));
        }
        resp.into_body()
            .with_config()
            .limit(MAX_REPLY)
            .read_to_vec()
            .map_err(net)
    }
}

/// The TSA's status text and failure bits, for the refusal message.
fn status_text(s: &PkiStatusInfo) -> String {
    let mut out = String::new();
    for t in s.status_string.iter().flatten() {
        if let Ok(u) = Utf8StringRef::try_from(t) {
            out.push_str(&format!(", “{}”", u.as_str()));
        }
    }
    if let Some(bits) = &s.fail_info {
        let set: Vec<String> = bits
            .bits()
            .enumerate()
            .filter(|(_, b)| *b)
            .map(|(i, _)| i.to_string())
            .collect();
        if !set.is_empty() {
            out.push_str(&format!(", failInfo bit {}", set.join("+")));
        }
    }
    out
}

fn bad(zh: impl Into<String>, en: impl Into<String>) -> crate::message::Msg {
    crate::message::Msg::new(zh, en)
}

/// Check a TimeStampToken against the signature value it should cover: its TSTInfo imprint
/// is SHA-256 of `signature`, it is signed by the certificate it carries, whose key is marked
/// for time stamping. Trust in that certificate is for the reader to decide (its fingerprint
/// is reported).
pub fn verify_token(
    token: &[u8],
    signature: &[u8],
) -> std::result::Result<TimestampInfo, crate::message::Msg> {
    check_token(token, signature).map(|(info, _)| info)
}

fn check_token(
    token: &[u8],
    signature: &[u8],
) -> std::result::Result<(TimestampInfo, TstInfo), crate::message::Msg> {
    let ci = ContentInfo::from_der(token).map_err(|e| {
        bad(
            format!("时间戳令牌不是有效的 DER：{e}"),
            format!("the timestamp token is not valid DER: {e}"),
        )
    })?;
    if ci.content_type != ID_SIGNED_DATA {
        return Err(bad(
            "时间戳令牌不是 SignedData",
            "the timestamp token is not SignedData",
        ));
    }
    let sd: SignedData = ci
        .content
        .decode_as()
        .map_err(|e| bad(format!("时间戳令牌：{e}"), format!("timestamp token: {e}")))?;
    if sd.encap_content_info.econtent_type != ID_CT_TSTINFO {
        return Err(bad(
            "时间戳令牌的内容不是 TSTInfo",
            "the timestamp token does not hold a TSTInfo",
        ));
    }
    let econtent = sd
        .encap_content_info
        .econtent
        .as_ref()
        .filter(|a| a.tag() == Tag::OctetString)
        .ok_or_else(|| {
            bad(
                "时间戳令牌没有 TSTInfo 内容",
                "the timestamp token has no TSTInfo content",
            )
        })?;
    let tst_der = econtent.value();
    let tst = TstInfo::from_der(tst_der).map_err(|e| {
        bad(
            format!("TSTInfo 无法解析：{e}"),
            format!("TSTInfo cannot be read: {e}"),
        )
    })?;
    let imprint_alg = &tst.message_imprint.hash_algorithm.oid;
    let expected = match digest_of(imprint_alg, signature) {
        Some(d) => d,
        None => {
            return Err(bad(
                format!("时间戳令牌的摘要算法 {imprint_alg} 不受支持"),
                format!("the token's imprint algorithm {imprint_alg} is not supported"),
            ))
        }
    };
    if tst.message_imprint.hashed_message.as_bytes() != expected.as_slice() {
        return Err(bad(
            "时间戳令牌不是针对本签名的（摘要不符）",
            "the timestamp token does not cover this signature (imprint differs)",
        ));
    }
    let time = gen_time(&tst.gen_time)?;

    let signers = sd.signer_infos.0.as_slice();
    let [si] = signers else {
        return Err(bad(
            format!("时间戳令牌应有一个签名者，实有 {}", signers.len()),
            format!(
                "the timestamp token should have one signer, it has {}",
                signers.len()
            ),
        ));
    };
    let cert = sd
        .certificates
        .as_ref()
        .and_then(|certs| {
            certs.0.iter().find_map(|c| match c {
                CertificateChoices::Certificate(c) if signer_is(&si.sid, c) => Some(c.clone()),
                _ => None,
            })
        })
        .ok_or_else(|| {
            bad(
                "时间戳令牌中没有时间戳服务的证书",
                "the timestamp token does not carry the TSA's certificate",
            )
        })?;
    let cert_der = cert.to_der().map_err(|e| {
        bad(
            format!("时间戳服务证书：{e}"),
            format!("TSA certificate: {e}"),
        )
    })?;
    let attrs = si.signed_attrs.as_ref().ok_or_else(|| {
        bad(
            "时间戳令牌没有签名属性",
            "the timestamp token has no signed attributes",
        )
    })?;
    let value_of = |oid: ObjectIdentifier| {
        attrs
            .iter()
            .find(|a| a.oid == oid)
            .and_then(|a| a.values.iter().next())
    };
    let ct: Option<ObjectIdentifier> = value_of(ID_CONTENT_TYPE).and_then(|v| v.decode_as().ok());
    if ct != Some(ID_CT_TSTINFO) {
        return Err(bad(
            "时间戳令牌的 content-type 属性不是 TSTInfo",
            "the token's content-type attribute is not TSTInfo",
        ));
    }
    let md: Option<OctetString> = value_of(ID_MESSAGE_DIGEST).and_then(|v| v.decode_as().ok());
    let tst_digest = digest_of(&si.digest_alg.oid, tst_der);
    if md.as_ref().map(OctetString::as_bytes) != tst_digest.as_deref() {
        return Err(bad(
            "时间戳令牌内容被改动（摘要与签名属性不符）",
            "the timestamp token's content was altered (digest differs from its signed attributes)",
        ));
    }
    let signed = attrs
        .to_der()
        .map_err(|e| bad(format!("签名属性：{e}"), format!("signed attributes: {e}")))?;
    verify_signature(
        &cert,
        &si.digest_alg.oid,
        &si.signature_algorithm.oid,
        &signed,
        si.signature.as_bytes(),
    )?;
    if !is_timestamping_cert(&cert) {
        return Err(bad(
            "签发时间戳的证书没有“时间戳”扩展用途（extendedKeyUsage timeStamping）",
            "the certificate that signed the timestamp is not for time stamping (no extendedKeyUsage timeStamping)",
        ));
    }
    let tsa_name = match &tst.tsa {
        Some(GeneralName::DirectoryName(n)) => n.to_string(),
        _ => cert.tbs_certificate.subject.to_string(),
    };
    let info = TimestampInfo {
        time,
        tsa_name,
        tsa_fingerprint: super::keys::fingerprint(&cert_der),
        tsa_certificate_der: cert_der,
        serial_hex: hex::encode(tst.serial_number.as_bytes()),
    };
    Ok((info, tst))
}

fn signer_is(sid: &SignerIdentifier, c: &Certificate) -> bool {
    let tbs = &c.tbs_certificate;
    match sid {
        SignerIdentifier::IssuerAndSerialNumber(isn) => {
            tbs.issuer == isn.issuer && tbs.serial_number == isn.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => tbs
            .get::<x509_cert::ext::pkix::SubjectKeyIdentifier>()
            .ok()
            .flatten()
            .is_some_and(|(_, own)| own.0 == ski.0),
    }
}

fn is_timestamping_cert(c: &Certificate) -> bool {
    c.tbs_certificate
        .get::<ExtendedKeyUsage>()
        .ok()
        .flatten()
        .is_some_and(|(_, eku)| eku.0.contains(&ID_KP_TIMESTAMPING))
}

fn digest_of(alg: &ObjectIdentifier, data: &[u8]) -> Option<Vec<u8>> {
    match *alg {
        ID_SHA256 => Some(Sha256::digest(data).to_vec()),
        ID_SHA384 => Some(Sha384::digest(data).to_vec()),
        ID_SHA512 => Some(Sha512::digest(data).to_vec()),
        _ => None,
    }
}

/// The token's signature: RSA PKCS#1 v1.5 with SHA-256/384/512, or ECDSA P-256 with SHA-256 —
/// what TSAs sign with in practice.
fn verify_signature(
    cert: &Certificate,
    digest_alg: &ObjectIdentifier,
    sig_alg: &ObjectIdentifier,
    msg: &[u8],
    sig: &[u8],
) -> std::result::Result<(), crate::message::Msg> {
    let spki = &cert.tbs_certificate.subject_public_key_info;
    let spki_der = spki.to_der().map_err(|e| {
        bad(
            format!("时间戳服务公钥：{e}"),
            format!("TSA public key: {e}"),
        )
    })?;
    let unsupported = || {
        bad(
            format!("时间戳令牌的签名算法 {sig_alg}（摘要 {digest_alg}）不受支持"),
            format!("the timestamp token's signature algorithm {sig_alg} (digest {digest_alg}) is not supported"),
        )
    };
    let ok = match spki.algorithm.oid {
        ID_RSA => {
            let key = rsa::RsaPublicKey::from_public_key_der(&spki_der).map_err(|e| {
                bad(
                    format!("时间戳服务 RSA 公钥：{e}"),
                    format!("TSA RSA key: {e}"),
                )
            })?;
            let Ok(s) = rsa::pkcs1v15::Signature::try_from(sig) else {
                return Err(bad(
                    "时间戳令牌的签名格式有误",
                    "the timestamp token's signature is malformed",
                ));
            };
            let hash = match *sig_alg {
                ID_RSA => *digest_alg,
                ID_SHA256_RSA => ID_SHA256,
                ID_SHA384_RSA => ID_SHA384,
                ID_SHA512_RSA => ID_SHA512,
                _ => return Err(unsupported()),
            };
            if hash != *digest_alg {
                return Err(unsupported());
            }
            match hash {
                ID_SHA256 => rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key)
                    .verify(msg, &s)
                    .is_ok(),
                ID_SHA384 => rsa::pkcs1v15::VerifyingKey::<Sha384>::new(key)
                    .verify(msg, &s)
                    .is_ok(),
                ID_SHA512 => rsa::pkcs1v15::VerifyingKey::<Sha512>::new(key)
                    .verify(msg, &s)
                    .is_ok(),
                _ => return Err(unsupported()),
            }
        }
        ID_EC_PUBLIC_KEY if *sig_alg == ID_ECDSA_SHA256 && *digest_alg == ID_SHA256 => {
            let key = p256::ecdsa::VerifyingKey::from_public_key_der(&spki_der).map_err(|e| {
                bad(
                    format!("时间戳服务公钥不是 P-256：{e}"),
                    format!("TSA key is not P-256: {e}"),
                )
            })?;
            p256::ecdsa::DerSignature::from_bytes(sig).is_ok_and(|s| key.verify(msg, &s).is_ok())
        }
        _ => return Err(unsupported()),
    };
    if ok {
        Ok(())
    } else {
        Err(bad(
            "时间戳令牌的签名无效（与其证书不符或内容被改动）",
            "the timestamp token's signature does not verify with its certificate (altered?)",
        ))
    }
}

/// GeneralizedTime `YYYYMMDDHHMMSS[.fff…]Z`.
fn gen_time(any: &Any) -> std::result::Result<DateTime<Utc>, crate::message::Msg> {
    let wrong = || {
        bad(
            "时间戳令牌的时间格式有误",
            "the timestamp token's time is malformed",
        )
    };
    if any.tag() != Tag::GeneralizedTime {
        return Err(wrong());
    }
    let text = std::str::from_utf8(any.value()).map_err(|_| wrong())?;
    let body = text.strip_suffix('Z').ok_or_else(wrong)?;
    let (whole, frac) = match body.split_once('.') {
        Some((w, f)) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => (w, Some(f)),
        Some(_) => return Err(wrong()),
        None => (body, None),
    };
    // Exactly 14 digits: chrono's parser would take a short field as a one-digit number.
    if whole.len() != 14 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return Err(wrong());
    }
    let t = NaiveDateTime::parse_from_str(whole, "%Y%m%d%H%M%S").map_err(|_| wrong())?;
    let nanos = frac
        .map(|f| {
            let digits: String = f.chars().chain(std::iter::repeat('0')).take(9).collect();
            digits.parse::<u32>().unwrap_or(0)
        })
        .unwrap_or(0);
    Ok(t.and_utc() + chrono::Duration::nanoseconds(i64::from(nanos)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generalized(text: &str) -> Any {
        Any::new(Tag::GeneralizedTime, text.as_bytes()).expect("any")
    }

    #[test]
    fn gen_time_reads_whole_and_fractional_seconds() {
        let t = gen_time(&generalized("20261203041500Z")).expect("whole");
        assert_eq!(t.to_rfc3339(), "2026-12-03T04:15:00+00:00");
        let t = gen_time(&generalized("20261203041500.25Z")).expect("fraction");
        assert_eq!(t.timestamp_subsec_millis(), 250);
        for bad in [
            "20261203041500",
            "20261203041500.Z",
            "2026120304150Z",
            "20261303041500Z",
        ] {
            assert!(gen_time(&generalized(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_token_that_is_not_one_is_refused_in_plain_words() {
        let e = verify_token(b"\x30\x03\x02\x01\x01", b"sig").expect_err("not a token");
        assert!(e.en.contains("timestamp token"), "{}", e.en);
    }
}
