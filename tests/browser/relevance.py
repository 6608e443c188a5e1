"""The search's relevance set (tests/search/relevance.yml) run in a real browser against a built
site's own search page and index: what each query shows first, and its precision. Used by
tests/browser/test_search_relevance.py and benchmarks/search_relevance.py; kept free of pytest."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import yaml
from playwright.sync_api import Page

from garanti.model import Corpus, Guarantee

RELEVANCE_SET = Path(__file__).resolve().parents[1] / "search" / "relevance.yml"
TOP = 5  # precision is counted over the first results a phone shows
SEARCH_PAGES = {"sv": "sok/", "fi": "suomeksi/haku/"}


@dataclass(frozen=True)
class Query:
    text: str
    language: str
    relevant: dict | None  # None: nothing should be found
    first: tuple[str, ...]
    says: str | None
    why: str

    @property
    def name(self) -> str:
        return f"{self.language}:{self.text}"


@dataclass
class Outcome:
    query: Query
    shown: list[str]  # the first results' Swedish unit names, in order
    status: str
    right: list[bool] = field(default_factory=list)  # per shown result: is it relevant

    @property
    def precision(self) -> float:
        """Of the first TOP results, the share that is relevant; a query that should find nothing
        is 1 when nothing is shown, else 0; one that should find something and shows nothing, 0."""
        if self.query.relevant is None:
            return 1.0 if not self.shown else 0.0
        return sum(self.right) / len(self.right) if self.right else 0.0

    def problems(self) -> list[str]:
        """What does not hold: something shown for a query that should find nothing; nothing relevant
        shown, or a unit that is not relevant before one that is; the wrong first; the status's words."""
        found = []
        if self.query.relevant is None and self.shown:
            found.append(f"should find nothing: {self.shown}")
        if self.query.relevant is not None and (not any(self.right) or self.right != sorted(self.right, reverse=True)):
            found.append(f"the relevant units are not first: {self.shown}")
        if self.query.first and (not self.shown or self.shown[0] not in self.query.first):
            found.append(f"first {self.shown[:1]}, expected one of {list(self.query.first)}")
        if self.query.says and self.query.says not in self.status:
            found.append(f"status {self.status!r} lacks {self.query.says!r}")
        return found


def load_queries(path: Path = RELEVANCE_SET) -> list[Query]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Query(
            text=item["query"],
            language=item.get("language", "sv"),
            relevant=None if item["relevant"] == "none" else dict(item["relevant"]),
            first=tuple(item.get("first", ())),
            says=item.get("says"),
            why=item["why"],
        )
        for item in raw
    ]


def is_relevant(guarantee: Guarantee, corpus: Corpus, relevant: dict) -> bool:
    checks = {
        "area": lambda value: corpus.boards[guarantee.board].display_name == value,
        "service": lambda value: guarantee.service == value,
        "titles": lambda value: guarantee.title in value,
    }
    return all(checks[key](value) for key, value in relevant.items())


def run(page: Page, base: str, query: Query, corpus: Corpus) -> Outcome:
    """The query typed into its search page's address, as a shared link would; what it shows."""
    page.goto(f"{base}{SEARCH_PAGES[query.language]}?q={quote(query.text)}")
    page.wait_for_selector("#sok[data-klar]")  # the search page's script has shown this search
    by_path = {urlsplit(base).path + g.url: g for g in corpus.guarantees}
    by_path |= {path + "suomeksi/": g for path, g in by_path.items()}
    units = []
    for href in page.locator(".garanti-traff__namn").evaluate_all("links => links.map(link => link.pathname)")[:TOP]:
        units.append(by_path[href])
    right = [query.relevant is not None and is_relevant(g, corpus, query.relevant) for g in units]
    return Outcome(query, [g.title for g in units], page.locator("#sok-status").inner_text(), right)


def report(outcomes: list[Outcome]) -> str:
    lines = [
        f"{o.precision:4.2f}  {o.query.name:28} {'; '.join(o.problems()) or 'ok'}"
        + (f"  {o.shown}" if o.precision < 1 and not o.problems() else "")
        for o in outcomes
    ]
    mean = sum(o.precision for o in outcomes) / len(outcomes)
    held = sum(not o.problems() for o in outcomes)
    lines.append(
        f"precision@{TOP} (mean over {len(outcomes)} queries): {mean:.3f}; queries that hold in full: "
        f"{held}/{len(outcomes)}"
    )
    return "\n".join(lines)
