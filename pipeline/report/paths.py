"""File names of the report's pages: slugs that cannot leave the site directory.

Every page name is made here from data (a doc_id, an instrument key), never taken from it:
ASCII letters, digits and '-' only, at most 40 characters of readable slug, then a hash of the
whole key so two keys that slug alike ("94/KH-UBND", "94-KH-UBND") still get two pages.
"""
from __future__ import annotations

import hashlib
import regex as re
import unicodedata
from pathlib import Path

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(key: str, max_len: int = 40) -> str:
    """'94/KH-UBND' -> '94-kh-ubnd-1a2b3c4d'; Vietnamese letters folded to ASCII."""
    folded = unicodedata.normalize("NFKD", key.replace("đ", "d").replace("Đ", "D"))
    ascii_ = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    readable = _NOT_SLUG.sub("-", ascii_).strip("-")[:max_len].strip("-")
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return f"{readable}-{digest}" if readable else digest


def doc_page(doc_id: str) -> str:
    return f"documents/{slug(doc_id[:16], 16)}.html"


def instrument_page(key: str) -> str:
    return f"instruments/{slug(key)}.html"


def write_page(site: Path, rel: str, content: str | bytes) -> Path:
    """Write `content` at site/rel, refusing any path that would land outside `site`."""
    root = site.resolve()
    target = (root / rel).resolve()
    if root != target and root not in target.parents:
        raise ValueError(f"refusing to write outside the site: {rel!r}")
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")
    return target


class SiteWriter:
    """Writes the pages of one build and, at the end, removes the pages an earlier build left.

    Only page folders this module names (documents/, instruments/) are swept, and only .html
    files in them: nothing else under --out is touched.
    """

    PAGE_FOLDERS = ("documents", "instruments")

    def __init__(self, site: Path):
        self.site = site
        self.written: set[str] = set()

    def write(self, rel: str, content: str | bytes) -> Path:
        self.written.add(rel)
        return write_page(self.site, rel, content)

    def drop_stale(self) -> int:
        gone = 0
        for folder in self.PAGE_FOLDERS:
            for f in (self.site / folder).glob("*.html"):
                if f"{folder}/{f.name}" not in self.written:
                    f.unlink()
                    gone += 1
        return gone
