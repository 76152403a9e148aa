//! PDF/A-2b prerequisites added to every rendered document: XMP metadata that repeats the
//! document information (ISO 19005-2 §6.6.2.3 wants both to agree) and an sRGB output intent,
//! since every page paints in DeviceRGB.

use chrono::{DateTime, Utc};
use lopdf::{Dictionary, Document, Object, Stream};

use super::error::CertError;
use super::icc::{srgb_profile, SRGB_DESCRIPTION};
use super::Result;

/// What the Info dictionary and the XMP both state.
pub(crate) struct DocDates<'a> {
    pub title: &'a str,
    pub producer: &'a str,
    pub creator: &'a str,
    pub at: DateTime<Utc>,
}

/// The PDF date form of `at` (UTC), used for Info and the signature's /M alike.
pub fn pdf_date(at: DateTime<Utc>) -> String {
    at.format("D:%Y%m%d%H%M%S+00'00'").to_string()
}

/// Read back a date written by [`pdf_date`] (or a plain `D:YYYYMMDDHHmmSS` taken as UTC).
pub fn parse_pdf_date(text: &str) -> Option<DateTime<Utc>> {
    let digits = text.strip_prefix("D:")?.get(..14)?;
    let rest = &text[16..];
    if !(rest.is_empty() || rest == "Z" || rest.starts_with("+00'00") || rest.starts_with("Z00'00"))
    {
        return None;
    }
    chrono::NaiveDateTime::parse_from_str(digits, "%Y%m%d%H%M%S")
        .ok()
        .map(|t| t.and_utc())
}

/// The XMP (ISO 8601) form of the same instant.
fn xmp_date(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S+00:00").to_string()
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// The XMP packet: PDF/A identification, Dublin Core title, dates, producer and creator tool.
pub(crate) fn xmp_packet(d: &DocDates<'_>) -> String {
    let date = xmp_date(d.at);
    format!(
        concat!(
            "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n",
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n",
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n",
            "<rdf:Description rdf:about=\"\"",
            " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"",
            " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"",
            " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"",
            " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n",
            "<pdfaid:part>2</pdfaid:part>\n",
            "<pdfaid:conformance>B</pdfaid:conformance>\n",
            "<dc:format>application/pdf</dc:format>\n",
            "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n",
            "<xmp:CreateDate>{date}</xmp:CreateDate>\n",
            "<xmp:ModifyDate>{date}</xmp:ModifyDate>\n",
            "<xmp:CreatorTool>{creator}</xmp:CreatorTool>\n",
            "<pdf:Producer>{producer}</pdf:Producer>\n",
            "</rdf:Description>\n",
            "</rdf:RDF>\n",
            "</x:xmpmeta>\n",
            "<?xpacket end=\"w\"?>"
        ),
        title = xml_escape(d.title),
        date = date,
        creator = xml_escape(d.creator),
        producer = xml_escape(d.producer),
    )
}

/// Put the XMP stream (uncompressed, so archive tools can read it without a PDF parser) and
/// the sRGB output intent into the catalog.
pub(crate) fn add_pdfa_parts(doc: &mut Document, d: &DocDates<'_>) -> Result<()> {
    let mut xmp = Stream::new(
        Dictionary::from_iter([
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        xmp_packet(d).into_bytes(),
    );
    xmp.allows_compression = false;
    let xmp_id = doc.add_object(xmp);

    let profile = srgb_profile();
    let icc = Stream::new(
        Dictionary::from_iter([
            ("N", Object::Integer(3)),
            ("Alternate", Object::Name(b"DeviceRGB".to_vec())),
        ]),
        profile.to_vec(),
    );
    let icc_id = doc.add_object(icc);
    let intent = Dictionary::from_iter([
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFA1".to_vec())),
        (
            "OutputConditionIdentifier",
            Object::string_literal(SRGB_DESCRIPTION),
        ),
        ("Info", Object::string_literal(SRGB_DESCRIPTION)),
        ("DestOutputProfile", Object::Reference(icc_id)),
    ]);

    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| CertError::Pdf("printpdf produced a document without a catalog".into()))?;
    let catalog = doc
        .get_object_mut(root)
        .and_then(Object::as_dict_mut)
        .map_err(|e| CertError::Pdf(format!("catalog is not a dictionary: {e}")))?;
    catalog.set("Metadata", Object::Reference(xmp_id));
    catalog.set(
        "OutputIntents",
        Object::Array(vec![Object::Dictionary(intent)]),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;

    #[test]
    fn dates_agree_and_text_is_escaped() {
        let at = Utc.with_ymd_and_hms(2026, 3, 5, 4, 6, 7).unwrap();
        assert_eq!(pdf_date(at), "D:20260305040607+00'00'");
        assert_eq!(parse_pdf_date(&pdf_date(at)), Some(at));
        assert_eq!(parse_pdf_date("D:20260305040607+08'00'"), None);
        let x = xmp_packet(&DocDates {
            title: "检验报告 <A&B>",
            producer: "Unilab",
            creator: "Unilab",
            at,
        });
        assert!(x.contains("<xmp:CreateDate>2026-03-05T04:06:07+00:00</xmp:CreateDate>"));
        assert!(x.contains("检验报告 &lt;A&amp;B&gt;"));
    }
}
