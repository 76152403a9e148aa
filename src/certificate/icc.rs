//! A small ICC v2 sRGB display profile, written by this project from the published sRGB
//! parameters (IEC 61966-2-1: primaries, D65 white adapted to the D50 connection space with
//! Bradford, and the piecewise transfer curve). No third-party profile is copied, so no licence
//! beyond the project's own applies. PDF/A needs it as the output intent of DeviceRGB pages.

use std::sync::OnceLock;

/// Entries of the sampled transfer curve: 1024 keeps the round-trip error far below one
/// 8-bit step while the profile stays about 2.5 KB.
const TRC_POINTS: u16 = 1024;

/// D50 connection-space white (ICC header illuminant and media white point).
const D50: [f64; 3] = [0.9642, 1.0, 0.8249];
/// sRGB colorants adapted to D50 (Bradford), as ICC matrix/TRC profiles state them.
const RED: [f64; 3] = [0.436_074_7, 0.222_504_5, 0.013_932_2];
const GREEN: [f64; 3] = [0.385_064_9, 0.716_878_6, 0.097_104_5];
const BLUE: [f64; 3] = [0.143_080_4, 0.060_616_9, 0.714_173_3];

/// The profile's description, also the output condition named in the PDF's OutputIntent.
pub const SRGB_DESCRIPTION: &str = "sRGB IEC61966-2.1 (Unilab)";

/// The profile bytes; built once per process.
pub fn srgb_profile() -> &'static [u8] {
    static PROFILE: OnceLock<Vec<u8>> = OnceLock::new();
    PROFILE.get_or_init(build_profile)
}

fn s15f16(v: f64) -> [u8; 4] {
    // Values here are within ±2, so the scaled number always fits an i32.
    ((v * 65536.0).round() as i32).to_be_bytes()
}

fn xyz_tag(v: [f64; 3]) -> Vec<u8> {
    let mut t = b"XYZ \0\0\0\0".to_vec();
    for c in v {
        t.extend_from_slice(&s15f16(c));
    }
    t
}

/// sRGB decoding (companded → linear), IEC 61966-2-1.
fn srgb_to_linear(v: f64) -> f64 {
    if v <= 0.040_45 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

fn curve_tag() -> Vec<u8> {
    let mut t = b"curv\0\0\0\0".to_vec();
    t.extend_from_slice(&u32::from(TRC_POINTS).to_be_bytes());
    let last = f64::from(TRC_POINTS - 1);
    for i in 0..TRC_POINTS {
        let y = srgb_to_linear(f64::from(i) / last);
        t.extend_from_slice(&((y * 65535.0).round() as u16).to_be_bytes());
    }
    t
}

/// v2 `textDescriptionType`: ASCII part, empty Unicode and ScriptCode parts.
fn desc_tag(text: &str) -> Vec<u8> {
    let mut t = b"desc\0\0\0\0".to_vec();
    t.extend_from_slice(&(text.len() as u32 + 1).to_be_bytes());
    t.extend_from_slice(text.as_bytes());
    t.push(0);
    t.extend_from_slice(&[0u8; 8]); // Unicode language code and count
    t.extend_from_slice(&[0u8; 3]); // ScriptCode code and count
    t.extend_from_slice(&[0u8; 67]);
    t
}

fn text_tag(text: &str) -> Vec<u8> {
    let mut t = b"text\0\0\0\0".to_vec();
    t.extend_from_slice(text.as_bytes());
    t.push(0);
    t
}

fn header(size: u32) -> Vec<u8> {
    let mut h = Vec::with_capacity(128);
    h.extend_from_slice(&size.to_be_bytes());
    h.extend_from_slice(&[0u8; 4]); // preferred CMM: none
    h.extend_from_slice(&0x0210_0000u32.to_be_bytes()); // version 2.1
    h.extend_from_slice(b"mntrRGB XYZ ");
    // Creation date fixed, so every rendered PDF carries identical profile bytes.
    for v in [2026u16, 12, 1, 0, 0, 0] {
        h.extend_from_slice(&v.to_be_bytes());
    }
    h.extend_from_slice(b"acsp");
    h.extend_from_slice(&[0u8; 4 + 4 + 4 + 4 + 8]); // platform, flags, maker, model, attributes
    h.extend_from_slice(&0u32.to_be_bytes()); // perceptual intent
    for c in D50 {
        h.extend_from_slice(&s15f16(c));
    }
    h.extend_from_slice(&[0u8; 4 + 16 + 28]); // creator, profile id (v2: none), reserved
    h
}

fn build_profile() -> Vec<u8> {
    let trc = curve_tag();
    let tags: Vec<(&[u8; 4], Vec<u8>)> = vec![
        (b"desc", desc_tag(SRGB_DESCRIPTION)),
        (
            b"cprt",
            text_tag("No copyright: written by the Unilab project, use freely"),
        ),
        (b"wtpt", xyz_tag(D50)),
        (b"rXYZ", xyz_tag(RED)),
        (b"gXYZ", xyz_tag(GREEN)),
        (b"bXYZ", xyz_tag(BLUE)),
        (b"rTRC", trc),
    ];
    let table_len = 4 + 12 * (tags.len() + 2); // gTRC and bTRC share rTRC's data
    let mut data = Vec::new();
    let mut table = Vec::with_capacity(table_len);
    table.extend_from_slice(&(tags.len() as u32 + 2).to_be_bytes());
    let mut trc_entry = (0u32, 0u32);
    for (sig, body) in &tags {
        let offset = (128 + table_len + data.len()) as u32;
        let len = body.len() as u32;
        table.extend_from_slice(*sig);
        table.extend_from_slice(&offset.to_be_bytes());
        table.extend_from_slice(&len.to_be_bytes());
        if *sig == b"rTRC" {
            trc_entry = (offset, len);
        }
        data.extend_from_slice(body);
        // Every tag starts on a 4-byte boundary.
        data.resize(data.len().next_multiple_of(4), 0);
    }
    for sig in [b"gTRC", b"bTRC"] {
        table.extend_from_slice(sig);
        table.extend_from_slice(&trc_entry.0.to_be_bytes());
        table.extend_from_slice(&trc_entry.1.to_be_bytes());
    }
    let size = (128 + table.len() + data.len()) as u32;
    let mut out = header(size);
    out.extend_from_slice(&table);
    out.extend_from_slice(&data);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u32_at(b: &[u8], at: usize) -> u32 {
        u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
    }

    #[test]
    fn header_and_tags_are_consistent() {
        let p = srgb_profile();
        assert_eq!(u32_at(p, 0) as usize, p.len(), "declared size");
        assert_eq!(&p[36..40], b"acsp");
        assert_eq!(&p[12..24], b"mntrRGB XYZ ");
        let n = u32_at(p, 128) as usize;
        assert_eq!(n, 9);
        let mut sigs = Vec::new();
        for i in 0..n {
            let e = 132 + 12 * i;
            let (off, len) = (u32_at(p, e + 4) as usize, u32_at(p, e + 8) as usize);
            assert_eq!(off % 4, 0, "tag {i} aligned");
            assert!(off + len <= p.len(), "tag {i} inside the profile");
            sigs.push(p[e..e + 4].to_vec());
        }
        for want in [
            b"desc", b"wtpt", b"rXYZ", b"rTRC", b"gTRC", b"bTRC", b"cprt",
        ] {
            assert!(sigs.iter().any(|s| s == want), "{:?} present", want);
        }
    }

    #[test]
    fn curve_follows_srgb() {
        // Mid grey 0.5 decodes to about 0.214 linear.
        assert!((srgb_to_linear(0.5) - 0.214).abs() < 0.001);
        // Colorants sum to the D50 white, as a profile's matrix must.
        for i in 0..3 {
            assert!((RED[i] + GREEN[i] + BLUE[i] - D50[i]).abs() < 0.0005);
        }
    }
}
