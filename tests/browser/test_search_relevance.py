"""The search's relevance set (tests/search/relevance.yml) against the real index of the sample
site, run by the site's own search page in real Chromium: each query holds (what should find
nothing finds nothing; the relevant units come first), and the precision stays where it is.
benchmarks/search_relevance.py prints the same figures."""

from __future__ import annotations

import pytest

from garanti.content import check_tree

from ..helpers import REPO_ROOT
from .helpers import record_requests
from .relevance import Outcome, load_queries, report, run

QUERIES = load_queries()
SAMPLE = check_tree(REPO_ROOT).corpus
# The mean precision of the first results over the set (0.656 before places, small words and the
# Finnish everyday words; 0.955 with them): a change that lowers it shows here.
LEAST_PRECISION = 0.95


@pytest.fixture(scope="module")
def outcomes(serve_dir, preview_site, browser) -> dict[str, Outcome]:
    """Every query of the set run once, on a page of its own context (the tests' page is per test)."""
    base = serve_dir(preview_site)
    context = browser.new_context(service_workers="block")
    record_requests(context)  # and loopback only, as the tests' pages
    try:
        page = context.new_page()
        return {query.name: run(page, base, query, SAMPLE) for query in QUERIES}
    finally:
        context.close()


@pytest.mark.parametrize("query", QUERIES, ids=[query.name for query in QUERIES])
def test_query_finds_the_relevant_units_first(outcomes, query):
    outcome = outcomes[query.name]
    assert outcome.problems() == [], f"{query.name} ({query.why}): {outcome.shown}, {outcome.status!r}"


def test_the_set_keeps_its_precision(outcomes):
    mean = sum(outcome.precision for outcome in outcomes.values()) / len(outcomes)
    assert mean >= LEAST_PRECISION, report(list(outcomes.values()))


def test_the_set_covers_what_residents_ask():
    """Places, services, typos, small words, Finnish and queries that should find nothing."""
    assert {query.language for query in QUERIES} == {"sv", "fi"}
    assert sum(query.relevant is None for query in QUERIES) >= 5
    assert any(query.relevant and "area" in query.relevant for query in QUERIES)
    titles = {g.title for g in SAMPLE.guarantees}
    for query in QUERIES:
        assert set(query.first) <= titles, f"{query.name}: no such unit in the sample"
        assert set((query.relevant or {}).get("titles", ())) <= titles, query.name
