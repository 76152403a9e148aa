//! The one part of a `multipart/form-data` body the page needs: the field named `file`. The
//! body is already in memory (its size checked), so a small exact reader does.

/// The boundary of a `multipart/form-data` content type.
pub fn boundary(content_type: &str) -> Option<String> {
    let (kind, params) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_string())
            .filter(|b| !b.is_empty() && b.len() <= 200)
    })
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The content of the part whose `Content-Disposition` names `field`.
pub fn field<'a>(body: &'a [u8], boundary: &str, field: &str) -> Option<&'a [u8]> {
    let delimiter = format!("--{boundary}");
    let next_delimiter = format!("\r\n--{boundary}");
    let wanted = format!("name=\"{field}\"");
    let mut at = find(body, delimiter.as_bytes(), 0)? + delimiter.len();
    loop {
        let headers_end = find(body, b"\r\n\r\n", at)?;
        let headers = String::from_utf8_lossy(body.get(at..headers_end)?);
        let start = headers_end + 4;
        let end = find(body, next_delimiter.as_bytes(), start)?;
        let named = headers.lines().any(|l| {
            l.to_ascii_lowercase().starts_with("content-disposition:") && l.contains(&wanted)
        });
        if named {
            return body.get(start..end);
        }
        at = end + next_delimiter.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_field_is_found_among_others() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"lang\"\r\n\r\nen\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\r\nbody\r\n--XyZ--\r\n";
        let b = boundary("multipart/form-data; boundary=XyZ").unwrap();
        assert_eq!(field(body, &b, "file"), Some(&b"%PDF-1.7\r\nbody"[..]));
        assert_eq!(field(body, &b, "missing"), None);
        assert_eq!(boundary("application/pdf"), None);
    }
}
