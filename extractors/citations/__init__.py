"""Citations of legal instruments: find them in text, parse, resolve, relate, and key them.

    find_citations(text)                  the pure function on text (tests, spaCy component)
    extract(doc, rows)                    the pipeline stage: {"citations": [row, ...]}
    corpus_tables(citation_rows)          instruments and citation_edges, after all documents

Modules, one verb each: regexes (every pattern), codes (type and issuer tables), models,
find, parse, dates, named, resolve, relations, anomalies, rows (the stage), corpus.
"""
from extractors.citations.corpus import corpus_tables
from extractors.citations.find import find_citations
from extractors.citations.models import Citation
from extractors.citations.rows import extract

__all__ = ["Citation", "corpus_tables", "extract", "find_citations"]
