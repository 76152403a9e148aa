#!/usr/bin/env python3
"""Independent PDF/A-2b prerequisite check of an issued certificate with pikepdf (qpdf's
parser, not the lopdf the Rust tests use): XMP pdfaid part/conformance and dates matching the
Info dictionary, an sRGB OutputIntent whose ICC profile has 3 components, embedded fonts, no
encryption, a file identifier. Usage: pdfa_check.py FILE.pdf"""
import sys

import pikepdf


def fail(msg):
    print(f"pdfa_check: {msg}", file=sys.stderr)
    sys.exit(1)


def main(path):
    pdf = pikepdf.open(path)
    if pdf.is_encrypted:
        fail("the file is encrypted")
    if "/ID" not in pdf.trailer:
        fail("no file identifier (/ID) in the trailer")
    if "/Metadata" not in pdf.Root:
        fail("catalog has no /Metadata")
    meta = pdf.open_metadata()
    part = meta.get("pdfaid:part")
    conf = meta.get("pdfaid:conformance")
    if part != "2" or conf != "B":
        fail(f"pdfaid part/conformance is {part!r}/{conf!r}, expected '2'/'B'")
    info = pdf.docinfo
    if str(meta.get("dc:title")) != str(info.get("/Title")):
        fail(f"dc:title {meta.get('dc:title')!r} differs from Info Title {info.get('/Title')!r}")
    if str(meta.get("pdf:Producer")) != str(info.get("/Producer")):
        fail("pdf:Producer differs from Info Producer")
    created = str(info.get("/CreationDate", ""))
    if created != str(info.get("/ModDate", "")):
        fail("Info CreationDate and ModDate differ")
    xmp_created = meta.get("xmp:CreateDate")
    d = created[2:]
    iso = f"{d[0:4]}-{d[4:6]}-{d[6:8]}T{d[8:10]}:{d[10:12]}:{d[12:14]}"
    if not str(xmp_created).startswith(iso):
        fail(f"xmp:CreateDate {xmp_created!r} differs from Info CreationDate {created!r}")
    intents = pdf.Root.get("/OutputIntents")
    if not intents or len(intents) != 1:
        fail("expected exactly one OutputIntent")
    oi = intents[0]
    if oi.get("/S") != pikepdf.Name("/GTS_PDFA1"):
        fail(f"OutputIntent /S is {oi.get('/S')}, expected /GTS_PDFA1")
    if not str(oi.get("/OutputConditionIdentifier", "")).startswith("sRGB"):
        fail("OutputConditionIdentifier does not name sRGB")
    icc = oi.get("/DestOutputProfile")
    if icc is None or int(icc.get("/N", 0)) != 3:
        fail("DestOutputProfile missing or /N is not 3")
    data = icc.read_bytes()
    if data[36:40] != b"acsp" or data[16:20] != b"RGB ":
        fail("DestOutputProfile is not an RGB ICC profile")
    fonts = 0
    for page in pdf.pages:
        for _, font in (page.Resources.get("/Font") or {}).items():
            for desc_font in font.get("/DescendantFonts", [font]):
                fd = desc_font.get("/FontDescriptor")
                if fd is None:
                    fail(f"font {font.get('/BaseFont')} has no descriptor")
                if not any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    fail(f"font {font.get('/BaseFont')} is not embedded")
                fonts += 1
    if fonts == 0:
        fail("no fonts found on the pages")
    print(f"pdfa_check: ok ({path}: pdfaid 2B, {len(data)}-byte sRGB profile, {fonts} embedded fonts)")


if __name__ == "__main__":
    main(sys.argv[1])
