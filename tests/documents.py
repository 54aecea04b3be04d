"""Small PDFs and Word documents written by hand for tests (imported by the test modules beside it)."""

import io
import zipfile
from xml.sax.saxutils import escape


def minimal_pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose pages set ``pages``' lines in Helvetica, one line of text each (a page with no
    lines has no text layer, like a scan)."""
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, lines in enumerate(pages):
        escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
        shown = [f"({line}) Tj T*" for line in escaped]
        stream = "\n".join(["BT /F1 11 Tf 72 720 Td 14 TL", *shown, "ET"]).encode("latin-1")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def minimal_docx(paragraphs: list[str]) -> bytes:
    """A Word document of ``paragraphs``, each one run of text (a tab and a line break inside one
    become ``w:tab`` and ``w:br``)."""
    body = []
    for paragraph in paragraphs:
        runs = []
        for piece in paragraph.replace("\t", "\x00tab\x00").replace("\n", "\x00br\x00").split("\x00"):
            runs.append(
                f"<w:{piece}/>"
                if piece in ("tab", "br")
                else f'<w:t xml:space="preserve">{escape(piece)}</w:t>'
            )
        body.append(f"<w:p><w:r>{''.join(runs)}</w:r></w:p>")
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{''.join(body)}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)
    return out.getvalue()
