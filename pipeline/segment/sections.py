"""Find the section tree of a document: numbered headings, legal units, the "Căn cứ" preamble.

Textual forms handled, each at the start of a line (leading blanks and markdown `**`/`#` ignored):
  Roman        "I. CÔNG TÁC CHỈ ĐẠO", "IV) KIẾN NGHỊ"                      kind roman, level 1
  Arabic       "1. Về chỉ đạo", "2.1.3. Kết quả", "1.1.Quyết định" (no space), "6.Phương hướng",
               "2.1.3.100% hồ sơ" (heading starts with a figure), "5.2 Lập danh mục" (no
               trailing dot, capital next), "1) ..."                        kind arabic, level 1 + depth
  Lettered     "a) Xây dựng ...", "đ) ...", "b/ ..."                         kind letter, level parent + 1
  Legal        "Phần thứ nhất", "PHẦN II", "Chương I" (title on the same or the next line),
               "Mục 1", "Điều 5. Tên điều"            kind part / chapter / section / article
               (a Phần / Chương / Mục title is in capitals: "Chương V Nghị định này." is text);
               "1." directly inside an article is a khoản (kind clause), "a)" inside a khoản or an
               article an điểm (kind point). Levels rank the legal units present in the document
               (a law with Chương and Điều: Chương 1, Điều 2, khoản 3, điểm 4).
  Preamble     the "Căn cứ ..." / "Theo đề nghị ..." / "Xét ..." lines (with their wrapped
               continuations) before the first heading: one block, kind preamble, no numbering.
Not headings: "-", "+", "*", "•" bullets (content of the enclosing section); tab-separated table
rows; footnote definitions, page-break debris and web boilerplate lines (given as `skip`); lines
that open a quotation (“Điều 5. ...” in an amending text, with the lines up to the closing ”);
figures at a line start such as "2.473 hồ sơ", "1.000.000 đồng", "15.12.2022".

Tree: a heading continues the numbering of the nearest open scope where it is the next number
(2 after 1, 2.1.4 after 2.1.3, b after a); a list that restarts at 1 / a / I opens a nested scope
under the heading just before it (it is not flagged) — unless that heading is the same number
("1." right after "1.": a duplicate). Điều, Chương and Phần number through the
whole document. Anomalies compare a heading with its previous sibling of the same type:
duplicate_numbering (the same number again: a second "II."), skipped_numbering (a gap, or a
list that does not start at its first number), out_of_order (a smaller number).
`body_end` is the start of the next heading outside the section's subtree, cut at the closing
block (Nơi nhận / signature) and at appendices (Phụ lục), which are regions of their own.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from extractors.regex_at import KEEP_GIL
from pipeline.model import row_id
from pipeline.segment import regexes as rx
from pipeline.segment.lines import Line

_LEGAL_RANK = {"part": 0, "chapter": 1, "section": 2, "article": 3}
_GLOBAL_KINDS = {"part", "chapter", "article"}
_LETTERS = "abcdđefghijklmnopqrstuvwxyz"
_VIET_SKIPPABLE = set("đfjwz")
_QUOTE_OPEN = "“\"‘«"
_MAX_QUOTE_LINES = 400
_MAX_DEPTH = 16  # nested scopes; deeper restarts are read as siblings (keeps the tree walk linear)


@dataclass
class Heading:
    kind: str                 # roman / arabic / letter / part / chapter / section / article / preamble
    key: tuple                # sibling type: ("arabic", depth), ("roman",), ...
    value: tuple[int, ...]    # numbers compared between siblings
    numbering: str | None
    heading: str | None
    start: int
    end: int
    line: int
    title_line: int | None = None   # index of a next line taken as the heading text
    rest_start: int | None = None   # offset of the heading text after the numbering

    # written out: compiled by mypyc this __init__ is C; @dataclass's own runs as Python (see Num)
    def __init__(self, kind: str, key: tuple, value: tuple[int, ...], numbering: str | None, heading: str | None,
                 start: int, end: int, line: int, title_line: int | None = None, rest_start: int | None = None) -> None:
        self.kind, self.key, self.value, self.numbering, self.heading = kind, key, value, numbering, heading
        self.start, self.end, self.line, self.title_line, self.rest_start = start, end, line, title_line, rest_start


@dataclass(eq=False)
class _Node:
    h: Heading | None
    parent: "_Node | None" = None
    kind: str = "root"
    level: int = 0
    anomaly: str | None = None
    children_last: dict = field(default_factory=dict)

    # written out: compiled by mypyc this __init__ is C; @dataclass's own runs as Python (see Num)
    def __init__(self, h: Heading | None, parent: "_Node | None" = None, kind: str = "root", level: int = 0,
                 anomaly: str | None = None, children_last: dict | None = None) -> None:
        self.h, self.parent, self.kind, self.level, self.anomaly = h, parent, kind, level, anomaly
        self.children_last = {} if children_last is None else children_last


# ---------------------------------------------------------------------------- numbering parsers

def roman_to_int(s: str) -> int:
    vals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total, prev = 0, 0
    for ch in reversed(s):
        v = vals[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def parse_arabic(s: str) -> tuple[tuple[int, ...], int] | None:
    """(numbers, offset of the heading text) of an arabic numbering at the start of `s`, or None.

    Tries the longest run of dot-separated groups first: '2.1.3.100% hồ sơ' is 2.1.3 followed
    by the heading '100% hồ sơ'; '2.473 hồ sơ' and '15.12.2022' are figures, not numberings.
    """
    m = rx.ARABIC_GROUPS.match(s, None, None, KEEP_GIL)
    if not m or m.end() >= len(s) - 1:  # a bare figure on its own line
        return None
    groups = m.group(0).split(".")
    for k in range(min(len(groups), 5), 0, -1):
        comps = groups[:k]
        if any(len(g) > 2 or (g[0] == "0" and (len(g) > 1 or i == 0)) for i, g in enumerate(comps)):
            continue
        p = sum(len(g) for g in comps) + (k - 1)
        term = s[p] if p < len(s) and s[p] in ".)" else None
        q = p + 1 if term else p
        r = q
        while r < len(s) and s[r] in " \t":
            r += 1
        rest = s[r:]
        if not rest.strip():
            continue
        c = rest[0]
        if k == 1:
            if term is None or c.isdigit() or c in ",/%-+:":
                continue
        elif term is None:
            if r == q or not c.isupper():
                continue
        elif c.isdigit():
            # '2.1.3.100% hồ sơ': a percentage right after the numbering's dot
            if term != "." or r != q or not rx.PERCENT_AHEAD.match(rest):
                continue
        elif c in ",/%-+":
            continue
        return tuple(int(g) for g in comps), r
    return None


def _legal_value(num: str) -> int:
    low = num.lower()
    if low.startswith("thứ"):
        words = low.split()[1:]
        total = 0
        for w in words:
            v = rx.ORDINALS.get(w)
            if v is None:
                return 0
            total = total * 10 + v if w == "mươi" else total + v
        return total
    if num[:1].isdigit():
        digits = "".join(ch for ch in num if ch.isdigit())
        return int(digits) if digits else 0
    try:
        return roman_to_int(num.upper())
    except KeyError:
        return 0


def _mostly_upper(s: str) -> bool:
    letters = [ch for ch in s if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.7 * len(letters)


def _clean_heading(s: str) -> str | None:
    s = s.replace("**", "").strip(" \t*_|")
    return " ".join(s.split()) or None


def match_heading(text: str, offset: int, line: int) -> Heading | None:
    """The heading that starts the (stripped) line `text` found at `offset`, or None."""
    lead = len(text) - len(text.lstrip("*#_ \t"))
    s = text[lead:]
    start = offset + lead
    end = offset + len(text)
    if not s or s[0] in _QUOTE_OPEN:
        return None
    c = s[0]
    if c in "PpCcMĐđ":
        for kind, pat in (("part", rx.PART_HEADING), ("chapter", rx.CHAPTER_HEADING),
                          ("section", rx.MUC_HEADING), ("article", rx.ARTICLE_HEADING)):
            m = pat.match(s, None, None, KEEP_GIL)
            if not m:
                continue
            rest = m.group("rest")
            if kind != "article" and rest and (rx.LEGAL_REFERENCE_REST.match(rest) or not _mostly_upper(rest)):
                return None  # "Chương V Nghị định này." is running text; titles are in capitals
            num = m.group("num")
            kw = "Điều" if kind == "article" else m.group("kw").capitalize()
            numbering = f"{kw} {' '.join(num.split())}"
            return Heading(kind, (kind,), (_legal_value(num),), numbering, _clean_heading(rest),
                           start, end, line, rest_start=start + m.start("rest"))
    if c in "IVX":
        m = rx.ROMAN_HEADING.match(s, None, None, KEEP_GIL)
        if m and m.group("num"):
            rest = m.group("rest")
            if not rest[:1].isdigit():
                num = m.group("num")
                return Heading("roman", ("roman",), (roman_to_int(num),), num, _clean_heading(rest),
                               start, end, line, rest_start=start + m.start("rest"))
    if c.isdigit():
        parsed = parse_arabic(s[:40] if len(s) > 40 else s)
        if parsed:
            numbers, r = parsed
            return Heading("arabic", ("arabic", len(numbers)), numbers, ".".join(map(str, numbers)),
                           _clean_heading(s[r:]), start, end, line, rest_start=start + r)
        return None
    if c in _LETTERS:
        m = rx.LETTER_HEADING.match(s, None, None, KEEP_GIL)
        if m:
            letter = m.group("num")
            return Heading("letter", ("letter",), (_LETTERS.index(letter) + 1,), letter,
                           _clean_heading(m.group("rest")), start, end, line, rest_start=start + m.start("rest"))
    return None


# ---------------------------------------------------------------------------- sibling logic

def _is_first(h: Heading) -> bool:
    return h.value[-1] == 1


def _is_successor(prev: Heading, h: Heading) -> bool:
    if prev.value[:-1] != h.value[:-1]:
        return False
    a, b = prev.value[-1], h.value[-1]
    if h.kind == "letter":
        if not 0 < b - a <= 2:
            return False
        return all(_LETTERS[i - 1] in _VIET_SKIPPABLE for i in range(a + 1, b))
    return b == a + 1


def _compare(prev: Heading, h: Heading) -> str:
    if h.value == prev.value:
        return "duplicate_numbering"
    return "skipped_numbering" if h.value > prev.value else "out_of_order"


def _natural_parent(h: Heading, stack: list[_Node]) -> int:
    """Index in `stack` of the node a heading that opens a scope hangs under."""
    if h.kind == "roman":
        for i in range(len(stack) - 1, 0, -1):
            if stack[i].kind in _LEGAL_RANK:
                return i
        return 0
    if h.kind == "arabic" and len(h.value) > 1:
        prefix = h.value[:-1]
        for i in range(len(stack) - 1, 0, -1):
            n = stack[i]
            if n.h is not None and n.h.key[0] == "arabic" and n.h.value == prefix:
                return i
        for i in range(len(stack) - 1, 0, -1):
            n = stack[i]
            if n.h is not None and n.h.key == ("arabic", len(prefix)):
                return i
    return len(stack) - 1


def _legal_parent(h: Heading, stack: list[_Node]) -> int:
    rank = _LEGAL_RANK[h.kind]
    for i in range(len(stack) - 1, 0, -1):
        r = _LEGAL_RANK.get(stack[i].kind)
        if r is not None and r < rank:
            return i
    return 0


def _kind_under(h: Heading, parent: _Node) -> str:
    if h.kind == "arabic" and len(h.value) == 1 and parent.kind == "article":
        return "clause"
    if h.kind == "letter" and parent.kind in ("clause", "article"):
        return "point"
    return h.kind


def build_tree(headings: list[Heading], region_starts: list[int]) -> list[_Node]:
    """Attach each heading to its parent and flag numbering anomalies (see module docstring)."""
    nodes: list[_Node] = []
    root = _Node(None)
    stack: list[_Node] = [root]
    global_last: dict[tuple, _Node] = {}
    region = -1
    for h in headings:
        r = bisect.bisect_right(region_starts, h.start) - 1
        if r != region:  # an appendix starts a numbering of its own
            region = r
            root = _Node(None)
            stack = [root]
            global_last = {}
        anomaly = None
        if h.kind in _LEGAL_RANK:
            pi = _legal_parent(h, stack)
            prev = global_last.get(h.key) if h.kind in _GLOBAL_KINDS else stack[pi].children_last.get(h.key)
            prev_h = prev.h if prev is not None else None
            if prev_h is None:
                anomaly = None if _is_first(h) or h.kind == "article" else "skipped_numbering"
            elif not (_is_successor(prev_h, h) or _is_first(h)):
                anomaly = _compare(prev_h, h)
        else:
            pi = None
            for i in range(len(stack) - 1, -1, -1):
                prev = stack[i].children_last.get(h.key)
                if prev is not None and _is_successor(prev.h, h):
                    pi = i
                    break
            if pi is None:
                last = stack[-1].h
                repeat = last is not None and last.key == h.key and last.value == h.value
                if _is_first(h) and not repeat and len(stack) < _MAX_DEPTH:
                    pi = _natural_parent(h, stack)
                else:
                    for i in range(len(stack) - 1, -1, -1):
                        prev = stack[i].children_last.get(h.key)
                        if prev is not None:
                            pi, anomaly = i, _compare(prev.h, h)
                            break
                    else:
                        pi, anomaly = _natural_parent(h, stack), "skipped_numbering"
        parent = stack[pi]  # type: ignore[index]
        node = _Node(h, parent=parent if parent.h is not None else None, anomaly=anomaly,
                     kind=_kind_under(h, parent))
        parent.children_last[h.key] = node
        if h.kind in _GLOBAL_KINDS:
            global_last[h.key] = node
        stack = stack[:pi + 1] + [node]  # type: ignore[operator]
        nodes.append(node)
    _assign_levels(nodes)
    return nodes


def _assign_levels(nodes: list[_Node]) -> None:
    present = sorted({_LEGAL_RANK[n.kind] for n in nodes if n.kind in _LEGAL_RANK})
    legal_level = {rank: i + 1 for i, rank in enumerate(present)}
    for n in nodes:  # parents come before their children
        if n.kind == "roman":
            n.level = 1
        elif n.kind == "arabic":
            n.level = 1 + len(n.h.value)  # type: ignore[union-attr]
        elif n.kind in _LEGAL_RANK:
            n.level = legal_level[_LEGAL_RANK[n.kind]]
        else:  # letter, clause, point, preamble
            n.level = (n.parent.level if n.parent is not None else 0) + 1


# ---------------------------------------------------------------------------- scanning

def _title_below(lines: list[Line], i: int, skip: set[int]) -> int | None:
    """Index of the line holding a chapter's title when it is not on the keyword line."""
    for j in range(i + 1, min(i + 3, len(lines))):
        ln = lines[j]
        if ln.blank or j in skip:
            continue
        t = ln.text
        if len(t) > 250 or match_heading(t, ln.lstart, j) is not None:
            return None
        letters = [ch for ch in t if ch.isalpha()]
        return j if letters and sum(ch.isupper() for ch in letters) >= 0.6 * len(letters) else None
    return None


_HEADING_FIRST = frozenset("*#_IVXPCMĐ0123456789")


def _may_start_heading(t: str) -> bool:
    """Cheap test on the first characters before the patterns run."""
    c = t[0]
    return c in _HEADING_FIRST or (c in _LETTERS and len(t) > 1 and t[1] in ")/")


def scan_headings(text: str, lines: list[Line], skip: set[int]) -> list[Heading]:
    """Every heading line, in order (quoted passages and `skip` lines left out)."""
    out: list[Heading] = []
    quote_depth, quote_lines, straight_open = 0, 0, False
    for ln in lines:
        if ln.blank:
            continue
        t = ln.text
        if quote_depth > 0 or straight_open:  # inside a quoted passage
            quote_lines += 1
            if quote_depth > 0:
                quote_depth += t.count("“") - t.count("”")
            if straight_open and t.count('"') % 2 == 1:
                straight_open = False
            if quote_lines > _MAX_QUOTE_LINES:
                quote_depth, straight_open = 0, False
            continue
        if t[0] in _QUOTE_OPEN:
            depth = t.count("“") - t.count("”")
            if depth > 0:
                quote_depth, quote_lines = depth, 0
            elif t[0] == '"' and t.count('"') % 2 == 1:
                straight_open, quote_lines = True, 0
            continue
        if ln.index in skip:  # table rows are in `skip`; "1.\tVề ..." alone is a heading
            continue
        if not _may_start_heading(t):
            continue
        h = match_heading(t, ln.lstart, ln.index)
        if h is None:
            continue
        if ln.rend - ln.lstart > len(t):  # a line longer than its scanned head
            h.end = ln.rend
            h.heading = _clean_heading(text[h.rest_start:ln.rend])
        if h.kind in ("part", "chapter", "section") and h.heading is None:
            j = _title_below(lines, ln.index, skip)
            if j is not None:
                h.heading = _clean_heading(lines[j].text)
                h.end = lines[j].rend
                h.title_line = j
        if out and out[-1].title_line == ln.index:
            continue
        out.append(h)
    return out


def find_preamble(lines: list[Line], skip: set[int], before: int) -> Heading | None:
    """The block of "Căn cứ ..." lines that precedes the first heading (offset `before`)."""
    first = None
    for ln in lines:
        if ln.start >= before:
            return None
        if not ln.blank and ln.index not in skip and rx.PREAMBLE_START.match(ln.text):
            first = ln
            break
    if first is None:
        return None
    last = first
    for ln in lines[first.index + 1:first.index + 400]:
        if ln.start >= before:
            break
        if ln.blank or ln.index in skip:
            continue
        t = ln.text
        if rx.ENACTING.match(t) or match_heading(t, ln.lstart, ln.index) is not None:
            break
        if last.text.rstrip(" *").endswith((";", ".", ":")) and not rx.PREAMBLE_CONTINUE.match(t):
            break
        last = ln
    return Heading("preamble", ("preamble",), (1,), None, None, first.lstart, first.rend, first.index,
                   title_line=last.index)


def find_sections(doc_id: str, text: str, lines: list[Line], skip: set[int] | None = None,
                  stops: list[int] | None = None, region_starts: list[int] | None = None) -> list[dict]:
    """Section rows (schemas/tables.py `sections`, without doc_id), sorted by char_start.

    `skip`: line indexes that cannot be headings (debris, footnotes, boilerplate).
    `stops`: offsets where every open section ends (closing block, appendix headings).
    `region_starts`: offsets where a new numbering region starts (0 and each appendix).
    """
    skip = skip or set()
    stops = sorted(stops or [])
    region_starts = sorted(set(region_starts or [0]) | {0})
    headings = scan_headings(text, lines, skip)
    first_start = headings[0].start if headings else len(text)
    preamble = find_preamble(lines, skip, min([first_start] + [s for s in stops if s > 0]))
    nodes = build_tree(headings, region_starts)
    if preamble is not None:
        pnode = _Node(preamble, kind="preamble", level=1)
        nodes.insert(0, pnode)
    n = len(nodes)
    ids = {id(node): row_id(doc_id, "S", i + 1) for i, node in enumerate(nodes)}
    rows: list[dict] = []
    for i, node in enumerate(nodes):
        h = node.h
        assert h is not None   # only the tree's root has no heading, and it is not a node here
        if node.kind == "preamble":
            natural = lines[h.title_line].rend  # type: ignore[index]
        else:
            j = i + 1
            while j < n and _descends(nodes[j], node):
                j += 1
            natural = nodes[j].h.start if j < n else len(text)  # type: ignore[union-attr]
        k = bisect.bisect_right(stops, h.start)
        body_end = min(natural, stops[k]) if k < len(stops) else natural
        rows.append({
            "section_id": ids[id(node)],
            "parent_id": ids.get(id(node.parent)) if node.parent is not None else None,
            "level": node.level,
            "numbering": h.numbering,
            "heading": h.heading,
            "char_start": h.start,
            "char_end": h.end,
            "body_end": max(body_end, h.end),
            "kind": node.kind,
            "anomaly": node.anomaly,
        })
    return rows


def _descends(node: _Node, ancestor: _Node) -> bool:
    p = node.parent
    while p is not None:
        if p is ancestor:
            return True
        p = p.parent
    return False
