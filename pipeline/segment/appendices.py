"""Find the appendices (Phụ lục) that follow a document's body.

Textual forms handled, a line of its own: "Phụ lục 1", "PHỤ LỤC I", "Phụ Lục", "Phụ lục số 02",
"PHỤ LỤC II: DANH MỤC ...", "Phụ lục 1. Kết quả ...". The title is the rest of that line, or
the capitalised lines below it (one blank line allowed before them): "KẾT QUẢ THỰC HIỆN CÁC KẾ
HOẠCH", "CÁC SỞ, NGÀNH VÀ ĐỊA PHƯƠNG THỰC HIỆN / BÁO CÁO CẢI CÁCH HÀNH CHÍNH THÁNG 02 NĂM 2020".
Not an appendix: a sentence that starts with the word ("Phụ lục kèm theo báo cáo này gồm ...",
"Phụ lục 2 kèm theo Quyết định này." — lower-case rest, or a final full stop; "Phụ lục. Trong
thời hạn ..." — a sentence after an unnumbered keyword), nor a line that continues a sentence
cut by the line break ("... theo mẫu AP04 tại" / "Phụ lục. ...").
An appendix runs to the next appendix heading or to the end of the text.
"""
from __future__ import annotations

from pipeline.segment import regexes as rx
from pipeline.segment.lines import Line, strip_markup


def _mostly_upper(s: str) -> bool:
    letters = [ch for ch in s if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.7 * len(letters)


def _title_like(rest: str, numbered: bool) -> bool:
    """A heading's rest: capitals, or (after a number) a short phrase that is not a sentence."""
    if rest.startswith("("):
        return True
    if _mostly_upper(rest) and rest[0].isalpha():
        return True
    if not numbered or not rest[0].isupper() or rest.endswith((".", ",", ";")) or ". " in rest:
        return False
    return len(rest.split()) <= 15


def _continues_sentence(lines: list[Line], i: int, skip: set[int]) -> bool:
    """True when the line before (debris skipped) is running text cut mid-sentence."""
    for j in range(i - 1, max(-1, i - 12), -1):
        prev = lines[j]
        if prev.blank or j in skip:
            continue
        t = prev.text.rstrip(" *")
        return len(t) > 40 and not prev.has_tab and t[-1:].isalpha() and t[-1:].islower()
    return False


def find_appendices(lines: list[Line], skip: set[int] | None = None, text_len: int | None = None) -> list[dict]:
    """[{label, title, char_start, char_end, title_end, line}] in order."""
    skip = skip or set()
    found: list[dict] = []
    for ln in lines:
        if ln.blank or ln.index in skip or ln.has_tab or len(ln.text) > 200:
            continue
        t = strip_markup(ln.text)
        if not t[:1] in "Pp":
            continue
        m = rx.APPENDIX_HEADING.fullmatch(t)
        if not m:
            continue
        rest = m.group("rest").strip()
        if rest and not _title_like(rest, numbered=bool(m.group("num"))):
            continue
        if _continues_sentence(lines, ln.index, skip):
            continue
        label = " ".join(t[:m.end("num") if m.group("num") else m.end("kw")].split())
        title_parts: list[str] = []
        title_end = ln.rend
        if rest and not rest.startswith("("):
            title_parts.append(rest)
        else:
            blanks = 0
            for nxt in lines[ln.index + 1:ln.index + 8]:
                if nxt.blank:
                    if title_parts or blanks >= 1:
                        break
                    blanks += 1
                    continue
                nt = strip_markup(nxt.text)
                if nxt.has_tab or nt.startswith("(") or not _mostly_upper(nt) or len(nt) > 200:
                    break
                title_parts.append(nt)
                title_end = nxt.rend
                if len(title_parts) == 3:
                    break
        found.append({"label": label, "title": " ".join(" ".join(title_parts).split()) or None,
                      "char_start": ln.lstart, "title_end": title_end, "line": ln.index})
    end = text_len if text_len is not None else (lines[-1].end if lines else 0)
    for i, a in enumerate(found):
        a["char_end"] = found[i + 1]["char_start"] if i + 1 < len(found) else end
    return found
