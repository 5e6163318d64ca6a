"""baocao's extractors as spaCy pipeline components.

    from extractors.spacy_pipeline import baocao_spacy
    nlp = baocao_spacy()                       # blank "vi" + every baocao component
    doc = nlp(text)
    doc.spans["baocao_citations"]              # one Span per mention, label = family
    doc.spans["baocao_citations"][0]._.baocao  # the parse: ref, doc_type, number, year, date ...
    doc.ents                                   # citations, dossier figures and percentages
    spacy.displacy.render(doc, style="span", options={"spans_key": "baocao_dossier_stats"})

The language is spaCy's blank Vietnamese pipeline with `use_pyvi = False`: its tokenizer then
splits on whitespace and needs neither pyvi nor any download (`spacy.blank("vi")` with the
default config imports pyvi and fails without it). The tokenizer is wrapped so that doc.text is
the text the dataset holds in documents.text (ingested and normalized as a .txt file: NFC,
look-alike dashes and spaces folded); for NFC text without look-alikes it is the input unchanged.
Every span is made with `doc.char_span(start, end, alignment_mode="expand")`, so a mention that
starts or ends inside a whitespace token ("(Kế hoạch số 94/KH-UBND)") covers the whole token;
`span._.baocao["char_start"]`/`["char_end"]` keep the exact character offsets.

Components, registered by name (each also usable alone after `spacy.blank(...)`):
  baocao_citations   extractors.citations.find_citations: spans "baocao_citations"
  baocao_dossiers    extractors.dossiers + extractors.percentages on the segmented document:
                     spans "baocao_dossier_stats" (label = metric) and "baocao_percentages"
  baocao_checks      pipeline.checks over the rows above (the citations stage's rows included):
                     spans "baocao_findings" (label = "rule:status")
Extension attributes: Span._.baocao (the row as a dict, JSON-friendly), Doc._.baocao (every
table's rows found so far: {"citations": [...], "dossier_stats": [...], ...}).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import weakref
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

SPANS = {"citations": "baocao_citations", "dossier_stats": "baocao_dossier_stats",
         "percentages": "baocao_percentages", "findings": "baocao_findings"}
ENT_LABELS = {"citations": "CITATION", "dossier_stats": "DOSSIER", "percentages": "PERCENT"}
_ROWS_KEY = "baocao_rows"
# the segmented pipeline document behind a spaCy Doc (not serializable, so not in user_data)
_PIPELINE_DOCS: "weakref.WeakKeyDictionary[Doc, object]" = weakref.WeakKeyDictionary()


def _jsonable(v):
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    return v


def _rows(doc: Doc) -> dict:
    return doc.user_data.setdefault(_ROWS_KEY, {})


def _span_row(span: Span):
    for rows in _rows(span.doc).values():
        for r in rows:
            if r.get("_span_id") == span.id_:
                return r
    return None


if not Doc.has_extension("baocao"):
    Doc.set_extension("baocao", getter=lambda doc: _rows(doc))
if not Span.has_extension("baocao"):
    Span.set_extension("baocao", getter=_span_row)


def pipeline_doc(doc: Doc):
    """The segmented pipeline `Doc` (pipeline.model.Doc) of a spaCy Doc, made once."""
    pdoc = _PIPELINE_DOCS.get(doc)
    if pdoc is None:
        from pipeline.model import Doc as PDoc
        from pipeline.model import Page

        from pipeline.segment import segment

        pdoc = PDoc(doc_id=hashlib.sha256(doc.text.encode("utf-8")).hexdigest(), source_path="<spacy>",
                    source_format="txt", text=doc.text, pages=[Page(1, 0, len(doc.text))])
        segment(pdoc)
        _PIPELINE_DOCS[doc] = pdoc   # only once segmented: a failure is retried, never half-read
    return pdoc


def _add(doc: Doc, table: str, rows: list[dict], label_of) -> None:
    """Store `rows` as the doc's `table` and as spans; citations/figures/percentages join doc.ents."""
    stored, spans = [], []
    for i, r in enumerate(rows):
        r = {k: _jsonable(v) for k, v in r.items()}
        r["_span_id"] = f"{table}:{i}"
        stored.append(r)
        s, e = r.get("char_start"), r.get("char_end")
        if s is None or e is None or not (0 <= s < e <= len(doc.text)):
            continue
        span = doc.char_span(s, e, label=label_of(r) or table, alignment_mode="expand", span_id=r["_span_id"])
        if span is not None:
            spans.append(span)
    _rows(doc)[table] = stored
    doc.spans[SPANS[table]] = spans
    if table in ENT_LABELS:
        ents = [Span(doc, s.start, s.end, label=ENT_LABELS[table], span_id=s.id_) for s in spans]
        doc.ents = filter_spans(list(doc.ents) + ents)


def _citation_row(c) -> dict:
    import dataclasses

    d = {f.name: getattr(c, f.name) for f in dataclasses.fields(c)}
    d["char_start"], d["char_end"] = d.pop("start"), d.pop("end")
    return d


@Language.component("baocao_citations")
def citations_component(doc: Doc) -> Doc:
    """Mentions of legal instruments, exactly those `find_citations(doc.text)` returns."""
    from extractors.citations import find_citations

    rows = [_citation_row(c) for c in find_citations(doc.text)]
    _add(doc, "citations", rows, lambda r: r.get("family") or "citation")
    return doc


@Language.component("baocao_dossiers")
def dossiers_component(doc: Doc) -> Doc:
    """Dossier figures and percentages, as the pipeline's extract stages find them."""
    from extractors import dossiers, percentages

    pdoc = pipeline_doc(doc)
    stats = dossiers.extract(pdoc, {}).get("dossier_stats", [])
    pcts = percentages.extract(pdoc, {"dossier_stats": stats}).get("percentages", [])
    _add(doc, "dossier_stats", stats, lambda r: r.get("metric"))
    _add(doc, "percentages", pcts, lambda r: "percentage")
    return doc


@Language.component("baocao_checks")
def checks_component(doc: Doc) -> Doc:
    """The arithmetic and consistency checks over the rows found so far (run as the pipeline does)."""
    from extractors.citations import extract as citation_rows
    from pipeline.checks import check

    pdoc = pipeline_doc(doc)
    have = _rows(doc)
    rows = {"citations": citation_rows(pdoc, {}).get("citations", []),
            "dossier_stats": [_strip(r) for r in have.get("dossier_stats", [])],
            "percentages": [_strip(r) for r in have.get("percentages", [])]}
    if "dossier_stats" not in have:
        from extractors import dossiers, percentages

        rows["dossier_stats"] = dossiers.extract(pdoc, {}).get("dossier_stats", [])
        rows["percentages"] = percentages.extract(pdoc, rows).get("percentages", [])
    findings = check(pdoc, rows).get("findings", [])
    _add(doc, "findings", findings, lambda r: f"{r.get('rule')}:{r.get('status')}")
    return doc


def _strip(r: dict) -> dict:
    return {k: v for k, v in r.items() if k != "_span_id"}


class NormalizingTokenizer:
    """Reads the text as baocao reads a .txt file (ingest + normalize), then tokenizes that."""

    def __init__(self, inner):
        self.inner = inner

    def __call__(self, text: str) -> Doc:
        from pipeline.model import IngestError
        from pipeline.process import load_doc

        try:
            pdoc, _ = load_doc(text.encode("utf-8"), Path("input.txt"), "input.txt")
        except IngestError:  # empty or unreadable: tokenize as given
            return self.inner(text)
        doc = self.inner(pdoc.text)
        _PIPELINE_DOCS[doc] = pdoc
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for t in texts:
            yield self(t)

    def __getattr__(self, name):  # to_bytes / from_disk / ... are the inner tokenizer's
        return getattr(self.inner, name)


def baocao_spacy(components=("baocao_citations", "baocao_dossiers", "baocao_checks")) -> Language:
    """A blank Vietnamese pipeline (no pyvi, no download) with baocao's components."""
    import spacy

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.tokenizer = NormalizingTokenizer(nlp.tokenizer)
    for name in components:
        nlp.add_pipe(name)
    return nlp
