"""The data model: one `Citation` per mention of a legal instrument found in a text."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(slots=True)
class Citation:
    """A mention of an instrument, with its span in the text and every parsed field.

    Field names follow the dataset contract (citations table). `doc_type` is the type resolved
    from the symbol as the spec's §6 step 5 says; `cited` is the type word the text uses in
    front of it, canonical spelling ('Kế hoạch' in "Kế hoạch số 6192/QĐ-UBND"); `number` has
    its leading zeros stripped and `number_raw` keeps them; `ref` keeps the digits as written.
    """

    start: int
    end: int
    text: str
    via: str = "inline"                     # inline / short_form / named / self (self: "Kèm theo ...")
    family: str | None = None               # admin / cong_van / qppl / party / copy / vbhn / legacy / named
    doc_type: str | None = None
    cited: str | None = None
    type_code: str | None = None
    number: str | None = None
    number_raw: str | None = None
    year: int | None = None                 # from the number (QPPL), else from the date
    issuer_code: str | None = None
    extra: tuple[str, ...] = ()
    term: int | None = None                 # Quốc hội term of QHkk / UBTVQHkk, or the Party khóa
    date: dt.date | None = None
    ref: str | None = None                  # "94/KH-UBND", "61/2018/NĐ-CP", "47-KH/TU"
    symbol: str | None = None               # ref without the number: "KH-UBND"
    flags: tuple[str, ...] = ()
    issuer_text: str | None = None
    name: str | None = None                 # named instruments: the name after the type word
    symbol_start: int | None = None         # span of the number-and-symbol itself
    symbol_end: int | None = None
    tail_end: int | None = None             # end of the date / issuer phrase that follows
    relation: str | None = None
    relation_source: int | None = None      # index (in the same list) of the mention acting on this one
    anomaly: str | None = None
    resolved_ref: str | None = None         # short forms: the full ref found elsewhere in the text
    resolved_index: int | None = None       # ... and the index of that full mention
    header: bool = False                    # "Số: 417/BC-UBND" at a line start, no type word
    attached_to: bool = False               # "(Kèm theo Báo cáo số ...)": a self-reference

    # written out: compiled by mypyc this __init__ is C; @dataclass's own runs as Python (see Num)
    def __init__(self, start: int, end: int, text: str, via: str = "inline", family: str | None = None,
                 doc_type: str | None = None, cited: str | None = None, type_code: str | None = None,
                 number: str | None = None, number_raw: str | None = None, year: int | None = None,
                 issuer_code: str | None = None, extra: tuple[str, ...] = (), term: int | None = None,
                 date: dt.date | None = None, ref: str | None = None, symbol: str | None = None,
                 flags: tuple[str, ...] = (), issuer_text: str | None = None, name: str | None = None,
                 symbol_start: int | None = None, symbol_end: int | None = None, tail_end: int | None = None,
                 relation: str | None = None, relation_source: int | None = None, anomaly: str | None = None,
                 resolved_ref: str | None = None, resolved_index: int | None = None, header: bool = False,
                 attached_to: bool = False) -> None:
        self.start, self.end, self.text, self.via, self.family = start, end, text, via, family
        self.doc_type, self.cited, self.type_code, self.number, self.number_raw = doc_type, cited, type_code, number, number_raw
        self.year, self.issuer_code, self.extra, self.term, self.date = year, issuer_code, extra, term, date
        self.ref, self.symbol, self.flags, self.issuer_text, self.name = ref, symbol, flags, issuer_text, name
        self.symbol_start, self.symbol_end, self.tail_end = symbol_start, symbol_end, tail_end
        self.relation, self.relation_source, self.anomaly = relation, relation_source, anomaly
        self.resolved_ref, self.resolved_index, self.header, self.attached_to = resolved_ref, resolved_index, header, attached_to


@dataclass(slots=True)
class SymbolParts:
    """What the number-and-symbol alone says (before the cited word is taken into account)."""

    shape: str                              # qppl / party / slash
    number: str | None
    number_raw: str | None
    year: int | None
    codes: list[str] = field(default_factory=list)   # canonical codes after the number/year
    term: int | None = None
    qh: str | None = None                   # "QH" / "UBTVQH" for N/YYYY/QHkk
    flags: list[str] = field(default_factory=list)

    # written out: compiled by mypyc this __init__ is C; @dataclass's own runs as Python (see Num)
    def __init__(self, shape: str, number: str | None, number_raw: str | None, year: int | None,
                 codes: list[str] | None = None, term: int | None = None, qh: str | None = None,
                 flags: list[str] | None = None) -> None:
        self.shape, self.number, self.number_raw, self.year, self.term, self.qh = shape, number, number_raw, year, term, qh
        self.codes = [] if codes is None else codes
        self.flags = [] if flags is None else flags
