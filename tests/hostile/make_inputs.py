"""Hostile input files, built by the tests themselves. Each builder writes into a directory and
returns the file names it made, with what the pipeline must do with each: ("ok", None) for a
document that must come out, or ("error", {error_types}) for one `errors` row of those types."""
from __future__ import annotations

import io
import os
import random
import zipfile
from pathlib import Path

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SEED = (Path(__file__).resolve().parents[2] / "corpora" / "seeds" / "000_eb60bfc273ad20a5.txt").read_text("utf-8")

LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">' for i in range(1, 10))
          + "]>\n")
XXE = '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


def _pdf(text_pages: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=FONT)
    pdf.set_font("DejaVu", size=11)
    for t in text_pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, t)
    return bytes(pdf.output())


def _docx_with_document_xml(xml: str) -> bytes:
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            data = xml.encode() if item.filename == "word/document.xml" else src.read(item)
            z.writestr(item, data)
    return out.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def build(d: Path) -> dict[str, tuple[str, set[str] | None]]:
    from fpdf import FPDF
    from fpdf.enums import EncryptionMethod

    rng = random.Random(8)
    expect: dict[str, tuple[str, set[str] | None]] = {}

    def put(name: str, data: bytes, outcome: str, types: set[str] | None = None):
        (d / name).parent.mkdir(parents=True, exist_ok=True)
        (d / name).write_bytes(data)
        expect[name] = (outcome, types)

    put("empty.txt", b"", "error", {"empty"})
    put("whitespace.txt", b" \n\t\n   \r\n", "error", {"empty"})
    for ext in ("pdf", "docx", "txt", "html"):
        noise = bytes(rng.randrange(256) for _ in range(64 << 10))
        put(f"random.{ext}", noise, "error", {"malformed_pdf", "malformed_docx", "undecodable", "empty", "unsupported_format"})

    good_pdf = _pdf([SEED[:1500], SEED[1500:3000]])
    put("truncated.pdf", good_pdf[: len(good_pdf) // 2], "error", {"malformed_pdf"})
    put("zero-pages.pdf", b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n", "error", {"malformed_pdf", "empty"})
    for name, user in (("encrypted-password.pdf", "mat-khau"), ("encrypted-empty-password.pdf", None)):
        pdf = FPDF()
        pdf.add_font("DejaVu", fname=FONT)
        pdf.set_font("DejaVu", size=12)
        pdf.add_page()
        pdf.multi_cell(0, 6, SEED[:800])
        pdf.set_encryption(owner_password="chu-so-huu", user_password=user, encryption_method=EncryptionMethod.AES_128)
        # a user password locks the document; an owner password alone does not stop reading
        put(name, bytes(pdf.output()), "error" if user else "ok", {"encrypted"} if user else None)

    from PIL import Image
    big = io.BytesIO()
    Image.new("L", (10_000, 10_000), 255).save(big, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(big.getvalue()), x=0, y=0, w=210, h=297)
    put("huge-image-page.pdf", bytes(pdf.output()), "any")

    # a DOCX whose document.xml inflates 1000:1 to 400 MB
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            chunk = b" " * (1 << 20)
            for _ in range(400):
                f.write(chunk)
    put("zip-bomb.docx", bomb.getvalue(), "error", {"too_large", "malformed_docx"})

    put("laughs.docx", _docx_with_document_xml(
        LAUGHS + f"<w:document {W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"),
        "error", {"malformed_docx", "too_large"})
    put("xxe.docx", _docx_with_document_xml(
        XXE + f"<w:document {W}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"),
        "error", {"malformed_docx"})
    put("laughs.html", (LAUGHS + "<html><body><p>Báo cáo &lol9; kết quả</p>" + "<p>" + SEED[:2000] + "</p></body></html>").encode(),
        "ok")
    put("xxe.html", (XXE + "<html><body><p>&xxe;</p><p>" + SEED[:2000] + "</p></body></html>").encode(), "ok")
    put("deep.html", ("<html><body>" + "<div>" * 100_000 + "Báo cáo kết quả cải cách hành chính" + "</div>" * 100_000
                      + "</body></html>").encode(), "error", {"too_deep"})

    line = SEED.replace("\n", " ")
    put("huge-one-line.txt", (line * (50_000_000 // len(line.encode()) + 1)).encode()[:50_000_000].decode("utf-8", "ignore").encode(),
        "error", {"too_large"})
    put("other-script.txt", ("中华人民共和国国务院关于行政审批制度改革的报告。" * 200 + "\nРеспублика " * 100).encode(), "ok")
    put("english.txt", ("Administrative reform report. Received 2,473 dossiers; resolved 2,151.\n" * 100).encode(), "ok")
    put("mixed-encodings.txt", SEED[:1000].encode("utf-8") + "Báo cáo tháng".encode("cp1258", "replace")
        + SEED[1000:2000].encode("utf-16-le"), "any")

    loop = d / "loop"
    loop.mkdir()
    os.symlink("..", loop / "up")
    os.symlink(".", loop / "self")
    for name in ("báo cáo tháng 10.txt", "a b; rm -rf x | y && z.txt", "$(echo pwned) `id` 'q\".txt", "-n.txt"):
        put(name, (SEED + name).encode(), "ok")  # distinct bytes: identical files are processed once
    return expect
