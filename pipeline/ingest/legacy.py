"""Legacy Vietnamese encodings: detect TCVN3 (ABC), VNI, VIQR and Windows-1258, convert to Unicode.

Forms handled:
  * TCVN3 / ABC (TCVN 5712:1993 "VN3"): one byte per letter; lower-case letters with tones and
    the upper-case base letters Ă Â Ê Ô Ơ Ư Đ in 0xA1-0xFE ("Céng hoµ x· héi chñ nghÜa ViÖt
    Nam"). Upper-case toned letters do not exist: capitals are the lower-case codes shown in a
    capitals font (.VnTimeH), so a word whose plain letters are all capitals is upper-cased
    ("CéNG HOµ" -> "CỘNG HOÀ").
  * VNI (VNI-Windows): a base letter followed by a modifier byte that carries the tone and/or
    the shape ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"); ơ ư đ ĩ ị ỉ ỵ are single bytes.
  * VIQR (RFC 1456): ASCII with the mark after the letter: ( breve, ^ circumflex, + horn,
    ' ` ? ~ . the tones, dd for đ ("Co^.ng ho`a xa~ ho^.i chu? nghi~a Vie^.t Nam"); a backslash
    escapes a mark ("\\." is a full stop).
  * Windows-1258: bytes; base letters with separate combining tone marks (NFC composes them).
Each appears as bytes (a .txt or an undeclared .html that is not UTF-8: `decode_legacy_bytes`)
or as Unicode text carrying the legacy code points (a .docx run in .VnTime, an HTML page
declared windows-1252, a PDF text layer in a TCVN3 font, a file re-saved as UTF-8:
`detect_legacy` + `convert`).

Detection never guesses from a few characters: a candidate conversion must turn at least
`MIN_WORDS` affected words (and 80 %) into valid Vietnamese syllables (onset + vowels + coda,
at most one tone), and text that already holds Unicode Vietnamese letters (ạ ế ư đ ...) is
never converted. English or French text fails the syllable test ("été" -> "ộtộ").
"""
from __future__ import annotations

import unicodedata

import regex

MIN_WORDS = 5
MIN_VALID = 0.8
SAMPLE_CHARS = 20_000

# --------------------------------------------------------------------------- TCVN3 (ABC)
_TCVN3_PAIRS = (
    "¡Ă ¢Â £Ê ¤Ô ¥Ơ ¦Ư §Đ ¨ă ©â ªê «ô ¬ơ \u00adư ®đ "
    "µà ¶ả ·ã ¸á ¹ạ »ằ ¼ẳ ½ẵ ¾ắ Æặ Çầ Èẩ Éẫ Êấ Ëậ Ìè Îẻ Ïẽ Ðé Ñẹ Òề Óể Ôễ Õế Öệ "
    "×ì Øỉ Üĩ Ýí Þị ßò áỏ âõ ãó äọ åồ æổ çỗ èố éộ êờ ëở ìỡ íớ îợ ïù ñủ òũ óú ôụ "
    "õừ öử ÷ữ øứ ùự úỳ ûỷ üỹ ýý þỵ"
)
TCVN3 = {pair[0]: pair[1] for pair in _TCVN3_PAIRS.split()}
_TCVN3_TABLE = str.maketrans(TCVN3)

# --------------------------------------------------------------------------- VNI
# tone -> (lower-case modifier, upper-case modifier) after a plain or horned vowel
_VNI_TONE = {"\u0301": ("ù", "Ù"), "\u0300": ("ø", "Ø"), "\u0309": ("û", "Û"), "\u0303": ("õ", "Õ"),
             "\u0323": ("ï", "Ï")}
# after "a" with a breve, and after a/e/o with a circumflex: shape and tone in one modifier
_VNI_BREVE = {None: ("ê", "Ê"), "\u0301": ("é", "É"), "\u0300": ("è", "È"), "\u0309": ("ú", "Ú"),
              "\u0303": ("ü", "Ü"), "\u0323": ("ë", "Ë")}
_VNI_CIRCUMFLEX = {None: ("â", "Â"), "\u0301": ("á", "Á"), "\u0300": ("à", "À"), "\u0309": ("å", "Å"),
                   "\u0303": ("ã", "Ã"), "\u0323": ("ä", "Ä")}
_VNI_SINGLE = {"ơ": "ô", "Ơ": "Ô", "ư": "ö", "Ư": "Ö", "đ": "ñ", "Đ": "Ñ", "í": "í", "Í": "Í", "ì": "ì",
               "Ì": "Ì", "ỉ": "æ", "Ỉ": "Æ", "ĩ": "ó", "Ĩ": "Ó", "ị": "ò", "Ị": "Ò", "ỵ": "î", "Ỵ": "Î"}
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def _vni_table() -> dict[str, str]:
    """VNI spelling -> Unicode letter, for every Vietnamese vowel with a tone or shape."""
    out: dict[str, str] = {}
    for cp in list(range(0xC0, 0x1B1)) + list(range(0x1EA0, 0x1EFA)):
        ch = chr(cp)
        if ch in _VNI_SINGLE:
            out[_VNI_SINGLE[ch]] = ch
            continue
        d = unicodedata.normalize("NFD", ch)
        base, marks = d[0], d[1:]
        if base.lower() not in "aeiouy" or not marks:
            continue
        tone = next((m for m in marks if m in _TONES), None)
        shape = next((m for m in marks if m not in _TONES), None)
        upper = base.isupper()
        if shape == "\u0306" and base.lower() == "a":
            pair = _VNI_BREVE[tone]
        elif shape == "\u0302":
            pair = _VNI_CIRCUMFLEX[tone]
        elif shape == "\u031b":  # horn: ơ/ư spelt as one byte, then the tone
            single = _VNI_SINGLE[unicodedata.normalize("NFC", base + shape)]
            if tone is None:
                continue
            for k in (0, 1):
                out[single + _VNI_TONE[tone][k]] = ch
            continue
        elif shape is None and tone is not None:
            if base.lower() in "iy" and ch in _VNI_SINGLE:
                continue
            pair = _VNI_TONE[tone]
        else:
            continue
        if base.lower() == "i":  # i takes single bytes only (í ì ỉ ĩ ị)
            continue
        for k in (0, 1):  # modifiers of either case: "Ñieàu" has a capital base, small modifier
            out.setdefault(base + pair[k], ch)
        out[base + pair[1 if upper else 0]] = ch
    return out


VNI = _vni_table()
_VNI_RE = regex.compile("|".join(regex.escape(k) for k in sorted(VNI, key=len, reverse=True)))

# --------------------------------------------------------------------------- VIQR
_VIQR_SHAPE = {"(": "\u0306", "^": "\u0302", "+": "\u031b"}
_VIQR_TONE = {"'": "\u0301", "`": "\u0300", "?": "\u0309", "~": "\u0303", ".": "\u0323"}
_VIQR_LETTER = regex.compile(r"\\(.)|(?<![A-Za-z])(DD|Dd|dd)|([aeiouyAEIOUY])([(^+]?)(['`?~.]?)")
_VIQR_STRONG = regex.compile(r"[aeiouyAEIOUY](?:[(^+]['`?~.]?|['`?~.](?=[a-zA-Z]))|(?<![A-Za-z])[Dd][Dd][aeiouAEIOU]")
_SHAPE_OK = {"\u0306": "aA", "\u0302": "aeoAEO", "\u031b": "ouOU"}

# --------------------------------------------------------------------------- syllables
# the letters only Vietnamese uses (Ă Đ Ĩ Ũ Ơ Ư and the block U+1EA0-U+1EF9 of toned vowels)
_VIET_SPECIFIC_SINGLES = (0x0102, 0x0103, 0x0110, 0x0111, 0x0128, 0x0129, 0x0168, 0x0169, 0x01A0, 0x01A1, 0x01AF, 0x01B0)
_VIET_SPECIFIC_BLOCK = (0x1EA0, 0x1EF9)
_LATIN1_LETTERS = (0xA1, 0xFF)    # where TCVN3 and VNI put their letters
_SYLLABLE = regex.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?"
    r"[aăâeêioôơuưy]{1,3}(?:ch|ng|nh|c|m|n|p|t)?")
_LEGACY_CHARS = "".join(sorted(set(TCVN3) | {c for k in VNI for c in k if ord(c) > 0x7F}))
_WORD = regex.compile(r"[\p{L}" + regex.escape(_LEGACY_CHARS) + r"]+")


def is_syllable(word: str) -> bool:
    """A Vietnamese syllable (any case): onset, 1-3 vowels, coda, at most one tone mark."""
    d = unicodedata.normalize("NFD", word.lower())
    if sum(c in _TONES for c in d) > 1:
        return False
    plain = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
    return _SYLLABLE.fullmatch(plain) is not None


def convert(text: str, encoding: str) -> str:
    """Unicode text carrying `encoding`'s code points -> Unicode Vietnamese (NFC)."""
    if encoding == "tcvn3":
        return _recase_tcvn3(text)
    if encoding == "tcvn3-capitals":  # a .VnTimeH-style capitals font
        return text.translate(_TCVN3_TABLE).upper()
    if encoding == "vni":
        return _VNI_RE.sub(lambda m: VNI[m.group()], text)
    if encoding == "viqr":
        return unicodedata.normalize("NFC", _VIQR_LETTER.sub(_viqr_unit, text))
    raise ValueError(f"unknown legacy encoding {encoding!r}")


def _recase_tcvn3(text: str) -> str:
    """Convert, upper-casing the words a capitals font showed: every plain letter a capital
    and at least two of them ("HéI" -> "HỘI"), or one ("X·") between two such words."""
    words = list(_WORD.finditer(text))

    def caps(w: str) -> int:  # 2: all-capitals word, 1: single capital, 0: not capitals
        letters = [c for c in w if "a" <= c.lower() <= "z"]
        if not letters or not all(c.isupper() for c in letters):
            return 0
        return 2 if len(letters) >= 2 else 1

    kinds = [caps(m.group()) for m in words]
    out: list[str] = []
    last = 0
    for k, m in enumerate(words):
        w = m.group()
        converted = w.translate(_TCVN3_TABLE)
        if converted != w:
            shout = kinds[k] == 2 or (kinds[k] == 1 and k > 0 and k + 1 < len(words)
                                      and kinds[k - 1] == 2 and kinds[k + 1] == 2)
            if shout and len(w) > 1:
                converted = converted.upper()
        out.append(text[last:m.start()])
        out.append(converted)
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def _viqr_unit(m) -> str:
    if m.group(1) is not None:
        return m.group(1)
    if m.group(2) is not None:
        return "Đ" if m.group(2)[0] == "D" else "đ"
    vowel, shape, tone = m.group(3), m.group(4), m.group(5)
    marks = ""
    if shape and vowel in _SHAPE_OK[_VIQR_SHAPE[shape]]:
        marks += _VIQR_SHAPE[shape]
    elif shape:
        return vowel + shape + tone
    if tone:
        if tone in "?." and _closes_sentence(m):
            return unicodedata.normalize("NFC", vowel + marks) + tone
        marks += _VIQR_TONE[tone]
    return vowel + marks


def _closes_sentence(m) -> bool:
    """A final "?" or "." is punctuation when no letter follows and either the word already
    has a tone (VIQR puts one tone after its vowel: "nghi~a.") or a capital or line end follows."""
    text, end = m.string, m.end()
    if end < len(text) and text[end].isalpha():
        return False
    start = m.start()
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    if any(c in "'`~" for c in text[start:m.start()]):
        return True
    rest = text[end:end + 3].lstrip(" ")
    return not rest or rest[0] == "\n" or rest[0].isupper()


# --------------------------------------------------------------------------- detection
def _score(words: list[str]) -> tuple[int, int]:
    valid = sum(1 for w in words if is_syllable(w))
    return valid, len(words)


def _count_letters(text: str) -> tuple[int, int]:
    """(letters only Vietnamese uses, code points U+00A1-U+00FF) in `text`. Counted on an array of
    the code points: a regex scan that stops at every Vietnamese letter costs ten times more."""
    import numpy as np   # lazy: already loaded with pyarrow wherever a document is processed

    cp = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    block = (cp >= _VIET_SPECIFIC_BLOCK[0]) & (cp <= _VIET_SPECIFIC_BLOCK[1])
    specific = int(np.count_nonzero(block)) + int(np.count_nonzero(np.isin(cp, _VIET_SPECIFIC_SINGLES)))
    latin1 = int(np.count_nonzero((cp >= _LATIN1_LETTERS[0]) & (cp <= _LATIN1_LETTERS[1])))
    return specific, latin1


def detect_legacy(text: str) -> str | None:
    """'tcvn3', 'vni' or 'viqr' when `text` is Vietnamese written in that legacy encoding's code
    points; None for Unicode Vietnamese, English and other languages."""
    if not text:
        return None
    text = text[:SAMPLE_CHARS]  # a legacy document is legacy throughout: a sample decides
    specific, latin1 = _count_letters(text)
    if specific and specific * 20 >= latin1:
        return None  # Unicode Vietnamese (a stray legacy word does not make a legacy document)
    words = _WORD.findall(text)
    affected = [w for w in words if any(ord(c) > 0x7F for c in w)]
    best, best_valid = None, 0
    if len(affected) >= MIN_WORDS:
        for enc in ("tcvn3", "vni"):
            converted = [convert(w, enc) for w in affected]
            changed = [c for w, c in zip(affected, converted) if c != w]
            valid, n = _score(changed)
            if n >= max(MIN_WORDS, len(affected) // 2) and valid >= MIN_VALID * n and valid > best_valid:
                best, best_valid = enc, valid
    if best is not None:
        return best
    tokens = text.split()
    strong = [t for t in tokens if _VIQR_STRONG.search(t)]
    if len(strong) >= 2 * MIN_WORDS and len(strong) * 10 >= len(tokens) and not specific:
        converted = [w for t in strong for w in _WORD.findall(convert(t, "viqr"))]
        valid, n = _score(converted)
        if n and valid >= MIN_VALID * n:
            return "viqr"
    return None


# TCVN3 and VNI text was typed on Windows: 0x80-0x9F are the cp1252 quotes, dashes and bullets
_CP1252_PUNCTUATION = {b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0)
                       if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


def decode_legacy_bytes(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) for bytes that are not UTF-8 but Vietnamese in Windows-1258, TCVN3 or
    VNI; None when no candidate reads as Vietnamese."""
    candidates = []
    try:
        cp1258 = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        cp1258 = None
    if cp1258 is not None:
        words = [w for w in _WORD.findall(cp1258) if any(ord(c) > 0x7F for c in w)]
        valid, n = _score(words)
        if n >= MIN_WORDS and valid >= MIN_VALID * n:
            candidates.append((valid / n, "windows-1258", cp1258))
    latin = data.decode("latin-1").translate(_CP1252_PUNCTUATION)
    for enc in ("tcvn3", "vni"):
        words = [w for w in _WORD.findall(latin) if any(ord(c) > 0x7F for c in w)]
        converted = [convert(w, enc) for w in words]
        changed = [c for w, c in zip(words, converted) if c != w]
        valid, n = _score(changed)
        if n >= MIN_WORDS and valid >= MIN_VALID * n:
            candidates.append((valid / n, enc, None))
    if not candidates:
        return None
    share, enc, text = max(candidates, key=lambda c: c[0])
    return (text if text is not None else convert(latin, enc)), enc


# --------------------------------------------------------------------------- fonts
def font_encoding(font: str | None) -> str | None:
    """The legacy encoding a font name implies: .VnTime/.VnArial -> tcvn3 (.VnTimeH, capitals,
    -> tcvn3-capitals), VNI-Times/VNI-Helve -> vni; None for Unicode fonts."""
    if not font:
        return None
    name = font.strip()
    low = name.lower()
    if low.startswith(".vn") or low.startswith("vn3-") or low.startswith("abc "):
        return "tcvn3-capitals" if name.endswith("H") else "tcvn3"
    if low.startswith("vni-") or low.startswith("vni "):
        return "vni"
    return None

