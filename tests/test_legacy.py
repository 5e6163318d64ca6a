"""Legacy Vietnamese encodings: TCVN3 (ABC), VNI, VIQR and Windows-1258 to Unicode NFC.

Fixtures are built here from the published code tables, written out independently of
pipeline/ingest/legacy.py: TCVN 5712:1993 (VN3) byte values for TCVN3, the VNI-Windows modifier
bytes for VNI, RFC 1456 for VIQR, and Python's cp1258 codec with separate tone marks for
Windows-1258. Known real mojibake strings come from documents found in the wild.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from conftest import SEEDS
from pipeline.ingest import ingest
from pipeline.ingest.legacy import convert, decode_legacy_bytes, detect_legacy, font_encoding

SEED_000 = SEEDS / "000_eb60bfc273ad20a5.txt"

# TCVN 5712:1993 VN3: byte -> letter (lower-case toned letters; capitals only for the 7 bases)
TCVN3_BYTES = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}
TCVN3_ENCODE = {v: bytes([k]) for k, v in TCVN3_BYTES.items()}

# VNI-Windows: the byte after the base vowel. Tone bytes (lower/upper case), shape+tone bytes.
VNI_TONE = {"\u0301": "ùÙ", "\u0300": "øØ", "\u0309": "ûÛ", "\u0303": "õÕ", "\u0323": "ïÏ"}
VNI_CIRC = {"": "âÂ", "\u0301": "áÁ", "\u0300": "àÀ", "\u0309": "åÅ", "\u0303": "ãÃ", "\u0323": "äÄ"}
VNI_BREVE = {"": "êÊ", "\u0301": "éÉ", "\u0300": "èÈ", "\u0309": "úÚ", "\u0303": "üÜ", "\u0323": "ëË"}
VNI_ONE = {"ơ": "ô", "Ơ": "Ô", "ư": "ö", "Ư": "Ö", "đ": "ñ", "Đ": "Ñ", "í": "í", "Í": "Í", "ì": "ì",
           "Ì": "Ì", "ỉ": "æ", "Ỉ": "Æ", "ĩ": "ó", "Ĩ": "Ó", "ị": "ò", "Ị": "Ò", "ỵ": "î", "Ỵ": "Î"}
TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_tcvn3(text: str) -> bytes:
    """Unicode -> TCVN3 bytes; toned capitals (absent from VN3) written as their small letter,
    as .VnTimeH documents store them."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 0x80:
            out += ch.encode()
        elif ch in TCVN3_ENCODE:
            out += TCVN3_ENCODE[ch]
        elif ch.lower() in TCVN3_ENCODE:
            out += TCVN3_ENCODE[ch.lower()]
        else:  # punctuation: Windows code page 1252, as the legacy fonts were typed on Windows
            out += ch.encode("cp1252", errors="replace")
    return bytes(out)


def to_vni(text: str) -> bytes:
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 0x80:
            out.append(ch)
            continue
        if ch in VNI_ONE:
            out.append(VNI_ONE[ch])
            continue
        d = unicodedata.normalize("NFD", ch)
        base, marks = d[0], d[1:]
        tone = "".join(m for m in marks if m in TONES)
        shape = "".join(m for m in marks if m not in TONES)
        up = 1 if base.isupper() else 0
        if shape == "\u031b":  # ơ ư with a tone
            out.append(VNI_ONE[unicodedata.normalize("NFC", base + shape)] + VNI_TONE[tone][up])
        elif shape == "\u0302":
            out.append(base + VNI_CIRC[tone][up])
        elif shape == "\u0306":
            out.append(base + VNI_BREVE[tone][up])
        elif tone and not shape:
            out.append(base + VNI_TONE[tone][up])
        else:
            out.append(ch)
    return "".join(out).encode("cp1252", errors="replace")


def to_windows_1258(text: str) -> bytes:
    """cp1258 with the tone as a separate combining mark after the (shaped) base letter."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in d if c in TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES))
        try:
            out += (base + tone).encode("cp1258")
        except UnicodeEncodeError:
            out += {"–": b"-", "…": b"...", "“": b'"', "”": b'"'}.get(ch, b"?")
    return bytes(out)


# ----------------------------------------------------------------------------- known strings
@pytest.mark.parametrize("written, encoding, unicode_text", [
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "tcvn3", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "tcvn3", "Độc lập - Tự do - Hạnh phúc"),
    ("CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM", "tcvn3", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "vni", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "vni", "Độc lập - Tự do - Hạnh phúc"),
    ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "vni", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("Co^.ng ho`a xa~ ho^.i chu? nghi~a Vie^.t Nam", "viqr", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("DDo^.c la^.p - Tu+. do - Ha.nh phu'c. Ta.i sao?", "viqr", "Độc lập - Tự do - Hạnh phúc. Tại sao?"),
])
def test_known_legacy_strings_convert(written, encoding, unicode_text):
    assert convert(written, encoding) == unicode_text


def test_every_tcvn3_byte_of_the_code_table():
    for byte, letter in TCVN3_BYTES.items():
        assert convert(bytes([byte]).decode("latin-1"), "tcvn3") == letter, hex(byte)


def test_every_vietnamese_letter_survives_vni():
    letters = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ"
    for ch in letters + letters.upper():
        assert convert(to_vni(ch).decode("cp1252"), "vni") == ch, ch


# ----------------------------------------------------------------------------- detection
REAL_TCVN3 = ("Uû ban nh©n d©n tØnh B¾c Giang. B¸o c¸o kÕt qu¶ thùc hiÖn c«ng t¸c c¶i c¸ch hµnh "
              "chÝnh n¨m 2018: tiÕp nhËn 2.473 hå s¬, ®· gi¶i quyÕt ®óng h¹n.")
ENGLISH = ("I'm sure we're fine: they've said it's ok, and the café's crème brûlée was naïve. "
           "Don't you think so? Yes I do. The committee's report, however, wasn't published.") * 3
FRENCH = ("L'été dernier, nous étions à Paris; très élégant, déjà vu, bientôt où êtes-vous? "
          "Ça va très bien. Noël à Québec, garçon, façade, hôtel, forêt, où, déçu, reçu.") * 3
GERMAN = "Größere Übungen für Prüfungen; Mädchen, Bäume, Öfen, Tür, Straße, Füße, Häuser." * 3
SPANISH = "El niño está en la montaña; año, mañana, información, corazón, canción, también." * 3


@pytest.mark.parametrize("text, expected", [
    (REAL_TCVN3, "tcvn3"),
    (to_vni(SEED_000.read_text(encoding="utf-8")[:600]).decode("cp1252"), "vni"),
    (SEED_000.read_text(encoding="utf-8"), None),
    (ENGLISH, None), (FRENCH, None), (GERMAN, None), (SPANISH, None),
    ("Cong hoa xa hoi chu nghia Viet Nam, bao cao ket qua cai cach hanh chinh nam 2018.", None),
])
def test_detection(text, expected):
    assert detect_legacy(text) == expected


def test_no_misfire_on_the_seeds():
    for path in sorted(SEEDS.glob("*.txt")):
        raw = ingest(path.read_bytes(), path)
        assert raw.encoding == "utf-8" and raw.text == path.read_text(encoding="utf-8"), path.name


@pytest.mark.shared
def test_no_misfire_on_the_shared_corpora(shared_dir):
    """Zero conversions on every UTF-8 text of the external corpora (Vietnamese legal texts,
    English and mixed metadata)."""
    checked = 0
    for path in sorted((shared_dir / "corpora").rglob("*")):
        if path.suffix.lower() not in (".txt", ".md", ".json", ".jsonl", ".csv") or not path.is_file():
            continue
        with open(path, "rb") as f:  # detection reads a 20k-character sample
            text = f.read(30_000).decode("utf-8", errors="ignore")
        assert detect_legacy(text) is None, path
        checked += 1
    assert checked > 300


@pytest.mark.parametrize("font, expected", [
    (".VnTime", "tcvn3"), (".VnTimeH", "tcvn3-capitals"), (".VnArial NarrowH", "tcvn3-capitals"),
    (".VnArial", "tcvn3"), ("VNI-Times", "vni"), ("VNI-Helve", "vni"),
    ("Times New Roman", None), ("Arial", None), (None, None),
])
def test_font_names(font, expected):
    assert font_encoding(font) == expected


# ----------------------------------------------------------------------------- bytes
def test_bytes_of_each_encoding_decode_to_the_seed():
    text = SEED_000.read_text(encoding="utf-8")
    for encoder, name in ((to_windows_1258, "windows-1258"), (to_vni, "vni")):
        decoded, encoding = decode_legacy_bytes(encoder(text))
        assert encoding == name
        assert unicodedata.normalize("NFC", decoded) == text, name
    decoded, encoding = decode_legacy_bytes(to_tcvn3(text))
    assert encoding == "tcvn3"
    # TCVN3 has no toned capitals: a capital initial comes back small ("Ủy" -> "ủy")
    assert decoded.lower() == text.lower()


def test_undecodable_western_text_is_still_an_error():
    from pipeline.model import IngestError

    with pytest.raises(IngestError) as e:
        ingest(FRENCH.encode("cp1252"), Path("fr.txt"))
    assert e.value.error_type == "undecodable"


# ----------------------------------------------------------------------------- the pipeline
def _facts(data: bytes, name: str):
    from pipeline.process import process_bytes

    rows = process_bytes(data, Path(name), name)
    cites = sorted((str(c["ref"]), str(c["date"])) for c in rows.get("citations", []))
    figures = sorted((s["value"], str(s["metric"])) for s in rows.get("dossier_stats", []))
    return rows["documents"][0]["encoding"], cites, figures


def test_legacy_versions_of_seed_000_give_the_same_citations_and_figures():
    text = SEED_000.read_text(encoding="utf-8")
    enc, cites, figures = _facts(text.encode("utf-8"), "000.txt")
    assert enc == "utf-8" and len(cites) >= 8 and len(figures) >= 10
    for encoder, name in ((to_windows_1258, "windows-1258"), (to_tcvn3, "tcvn3"), (to_vni, "vni")):
        got = _facts(encoder(text), f"000-{name}.txt")
        assert got == (name, cites, figures), name


def test_tcvn3_saved_as_utf8_txt_is_converted():
    raw = ingest(REAL_TCVN3.encode("utf-8"), Path("cu.txt"))
    assert raw.encoding == "tcvn3"
    assert raw.text.startswith("Uỷ ban nhân dân tỉnh Bắc Giang. Báo cáo kết quả thực hiện")
    assert "tiếp nhận 2.473 hồ sơ, đã giải quyết đúng hạn." in raw.text


def test_viqr_txt_is_converted():
    viqr = ("Ba'o ca'o ke^'t qua? co^ng ta'c ca?i ca'ch ha`nh chi'nh. Thu+.c hie^.n Ke^' hoa.ch so^' "
            "94/KH-UBND nga`y 18/9/2018, tie^'p nha^.n 2.473 ho^` so+, dda~ gia?i quye^'t 2.151 ho^` so+.")
    raw = ingest(viqr.encode("ascii"), Path("viqr.txt"))
    assert raw.encoding == "viqr"
    assert raw.text == ("Báo cáo kết quả công tác cải cách hành chính. Thực hiện Kế hoạch số 94/KH-UBND "
                        "ngày 18/9/2018, tiếp nhận 2.473 hồ sơ, đã giải quyết 2.151 hồ sơ.")


def test_html_declared_latin1_with_tcvn3_text_and_undeclared_windows_1258():
    body = "<p>" + REAL_TCVN3 + "</p>"
    page = f'<html><head><meta charset="windows-1252"><title>t</title></head><body>{body}</body></html>'
    raw = ingest(page.encode("cp1252"), Path("a.html"))
    assert raw.encoding == "tcvn3" and "Bắc Giang" in raw.text and "2.473 hồ sơ" in raw.text
    text = SEED_000.read_text(encoding="utf-8")[:1500]
    page = "<html><body>" + "".join(f"<p>{ln}</p>" for ln in text.split("\n") if ln.strip()) + "</body></html>"
    raw = ingest(to_windows_1258(page), Path("b.html"))
    assert raw.encoding == "windows-1258"
    assert "Kế hoạch số 94/KH-UBND ngày 18/9/2018" in unicodedata.normalize("NFC", raw.text)


def _docx_with_runs(runs: list[tuple[str, str | None]], style_font: str | None = None) -> bytes:
    import io

    import docx
    from docx.oxml.ns import qn

    d = docx.Document()
    if style_font:
        d.styles["Normal"].font.name = style_font
    p = d.add_paragraph()
    for text, font in runs:
        r = p.add_run(text)
        if font:
            r.font.name = font
            r._element.rPr.rFonts.set(qn("w:hAnsi"), font)
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).paragraphs[0].add_run("Tæng sè hå s¬").font.name = ".VnTime"
    t.cell(0, 1).paragraphs[0].add_run("2.473")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_runs_in_legacy_fonts():
    data = _docx_with_runs([("CéNG HOµ X· HéI", ".VnTimeH"), (" - ", None), ("Céng hoµ", ".VnTime"),
                            (" và ", "Times New Roman"), ("Vieät Nam", "VNI-Times")])
    raw = ingest(data, Path("cu.docx"))
    assert raw.text.split("\n")[0] == "CỘNG HOÀ XÃ HỘI - Cộng hoà và Việt Nam"
    assert raw.tables[0].rows == [["Tổng số hồ sơ", "2.473"]]
    assert raw.encoding == "tcvn3+vni"


def test_docx_style_font_decides_and_unicode_docx_is_untouched():
    raw = ingest(_docx_with_runs([("B¸o c¸o kÕt qu¶", None)], style_font=".VnTime"), Path("s.docx"))
    assert raw.text.startswith("Báo cáo kết quả") and raw.encoding == "tcvn3"
    raw = ingest(_docx_with_runs([("Báo cáo kết quả, café", None)]), Path("u.docx"))
    assert raw.text.startswith("Báo cáo kết quả, café")


def test_pdf_text_layer_in_a_tcvn3_font():
    fpdf = pytest.importorskip("fpdf")
    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not font.exists():
        pytest.skip("DejaVu is not installed")
    pdf = fpdf.FPDF()
    pdf.add_font("dejavu", fname=str(font))
    pdf.set_font("dejavu", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 7, REAL_TCVN3)
    raw = ingest(bytes(pdf.output()), Path("cu.pdf"))
    assert raw.encoding == "tcvn3"
    assert "Báo cáo kết quả thực hiện công tác cải cách hành" in " ".join(raw.text.split())
