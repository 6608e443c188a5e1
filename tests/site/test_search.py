"""The search index as MkDocs and Pagefind build it: which pages, with which
filters and metadata, and the service types' everyday words in the schema.
What residents find with it is tested in real Chromium (tests/browser/test_search_browser.py)."""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import jinja2
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from garanti import schemas
from garanti.errors import BrokenInstallation, Refusal
from garanti.scratch import work_folder
from garanti.site import search
from garanti.site.search import IndexEntry

from ..helpers import TODAY, read, site_project, write


def test_everyday_words_are_kept_with_the_service_types_in_the_schema():
    raw = schemas.load_schema(schemas.GUARANTEE_SCHEMA)["x-everyday-words"]
    assert set(raw) - {"$comment"} <= set(schemas.service_types()), "words for a service type the schema does not have"
    words = schemas.everyday_words()
    assert list(words) == schemas.service_types()
    assert "dagis" in words["förskola"]
    assert "äldreboende" in words["vård- och omsorgsboende"]
    assert "LSS-boende" in words["gruppbostad"]


def test_only_current_guarantees_are_indexed(preview_site, sample_corpus):
    today = dt.date.fromisoformat(TODAY)
    current = [g for g in sample_corpus.guarantees if not g.expired(today)]
    expired = [g for g in sample_corpus.guarantees if g.expired(today)]
    assert current and expired, "the sample needs both for this test"
    for guarantee in current:
        assert read(preview_site, f"{guarantee.url}index.html").count("<div data-pagefind-body>") == 1, guarantee.url
    # And the Finnish versions of the current ones, in an index of their own (issue 26).
    finnish = [
        f"{g.url}suomeksi/index.html"
        for g in current
        if any(v.unit_key == g.unit_key and v.language.key == "fi" for v in sample_corpus.language_versions)
    ]
    assert finnish, "the sample needs Finnish versions for this test"
    for relative in finnish:
        assert read(preview_site, relative).count("<div data-pagefind-body>") == 1, relative
    guarantee_pages = {f"{g.url}index.html" for g in sample_corpus.guarantees} | set(finnish)
    for page in preview_site.rglob("*.html"):
        relative = page.relative_to(preview_site).as_posix()
        if relative not in guarantee_pages or relative in {f"{g.url}index.html" for g in expired}:
            assert "data-pagefind-body" not in read(preview_site, relative), relative
    entry = json.loads(read(preview_site, "pagefind/pagefind-entry.json"))
    assert entry["languages"]["sv"]["page_count"] == len(current)
    assert entry["languages"]["fi"]["page_count"] == len(finnish)


def test_indexed_page_carries_filters_and_metadata_not_shown(preview_site, sample_corpus):
    draft = next(g for g in sample_corpus.guarantees if g.draft)
    board = sample_corpus.boards[draft.board]
    html = read(preview_site, f"{draft.url}index.html")
    found = re.findall(r'<span data-pagefind-(filter|meta)="(\w+):([^"]*)"></span>', html)
    filters = {name: value for kind, name, value in found if kind == "filter"}
    meta = {name: value for kind, name, value in found if kind == "meta"}
    assert filters == {
        "omrade": board.display_name,
        "verksamhet": draft.service,
        "avdelning": board.departments[draft.department],
    }
    assert meta["title"] == draft.title and meta["utkast"] == "ja"
    assert meta["vardagsord"] == " ".join(schemas.everyday_words()[draft.service])
    current = next(g for g in sample_corpus.guarantees if not g.draft and not g.expired(dt.date.fromisoformat(TODAY)))
    assert 'data-pagefind-meta="utkast:' not in read(preview_site, f"{current.url}index.html")


def test_filter_and_metadata_values_are_escaped():
    entry = IndexEntry(
        title="T", area='Norr "<b>"', service="förskola", department="A & B", draft=False, everyday_words=()
    )
    wrapped = search.indexed("<p>Text</p>", entry)
    assert 'data-pagefind-filter="omrade:Norr &#34;&lt;b&gt;&#34;"' in wrapped
    assert 'data-pagefind-filter="avdelning:A &amp; B"' in wrapped
    assert "<b>" not in wrapped


def test_suggestion_words_are_the_names_and_everyday_words_by_first_letter(preview_site):
    files = sorted((preview_site / search.WORDS_DIR).glob("*.json"))
    by_file = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in files}
    assert {"Årsta", "årsta", "arsta"} & set(by_file["a"]) == {"Årsta"}  # å goes with a, written as it is
    assert {"hemtjänst", "Hägersten"} <= set(by_file["h"]) and "dagis" in by_file["d"]
    assert "förskolor" in by_file["f"] and "äldreboende" in by_file["a"]
    # Written as the names write them: an ordinary word in lower case (though a title starts
    # with it), a name as it stands; each once.
    assert "Blåsuts" in by_file["b"] and "LSS" in by_file["l"]
    assert "öppna" in by_file["o"] and "Öppna" not in by_file["o"]  # "Öppna förskolorna", "öppna förskolan"
    for key, words in by_file.items():
        assert len({word.lower() for word in words}) == len(words)
        assert words == sorted(words, key=lambda word: (word.lower(), word))
        assert all(search.word_file_key(word) == key for word in words)
        assert all(re.fullmatch(r"[^\W\d_]{3,}", word) for word in words)


def test_the_index_is_that_of_the_built_pages(preview_site, tmp_path):
    """The build gives Pagefind only what it reads of each page (search.IndexSource). Pagefind over
    the whole built site makes the same pages (the fragment files are named by a hash of each page's
    text, address, filters and metadata) and the same words."""
    whole = tmp_path / "site"
    shutil.copytree(preview_site, whole, ignore=shutil.ignore_patterns(search.INDEX_DIR))
    search.IndexRun(whole).finish(whole)

    def made(site: Path, folder: str) -> list[str]:
        return sorted(path.name for path in (site / search.INDEX_DIR / folder).iterdir())

    for folder in ("fragment", "index"):
        assert made(preview_site, folder) == made(whole, folder), folder
    languages = json.loads(read(whole, "pagefind/pagefind-entry.json"))["languages"]
    assert len(made(whole, "fragment")) == sum(language["page_count"] for language in languages.values())


def test_pagefind_failure_is_refused_in_swedish(tmp_path):
    with pytest.raises(Refusal) as refused:
        search.IndexRun(tmp_path / "tom").finish(tmp_path / "site")
    message = str(refused.value)
    assert message.startswith("Sökindexet kunde inte byggas") and "scripts/setup" in message
    assert "Traceback" not in message


def test_a_missing_pagefind_is_a_broken_installation(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "saknas" / "pagefind"))
    search._pagefind_program.cache_clear()
    try:
        with pytest.raises(BrokenInstallation) as refused:
            search.IndexRun(tmp_path / "sidor")
    finally:
        search._pagefind_program.cache_clear()
    assert str(refused.value).startswith("Sökindexet kan inte byggas: programmet Pagefind gick inte att starta")
    assert "scripts/setup" in str(refused.value)


def test_a_build_that_fails_stops_the_search_and_leaves_nothing_behind(content_repo, tmp_path, monkeypatch):
    """A full build starts Pagefind before MkDocs renders the pages (so that both run at once);
    when the build then fails, Pagefind is stopped and its folders removed."""
    monkeypatch.setenv("GARANTI_TODAY", TODAY)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("GARANTI_APPROVALS", raising=False)
    config = site_project(content_repo)
    write(content_repo, "overrides/main.html", '{% extends "base.html" %}{% block announce %}{% if %}{% endblock %}')
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    with pytest.raises(jinja2.TemplateSyntaxError):
        build(load_config(str(config), site_dir=str(tmp_path / "site")))
    assert list(scratch.iterdir()) == []
    assert gc.get_freeze_count() == 0  # what the build set aside from the collector is collected again


def test_a_cancelled_index_run_puts_nothing_in_the_site_and_leaves_nothing_behind(preview_site, tmp_path, monkeypatch):
    """The preview cancels the search index still being made when the editor saves again (a new build)."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    site = tmp_path / "site"
    run = search.IndexRun(preview_site)
    run.cancel()
    assert run.finish(site) is False
    assert not (site / search.INDEX_DIR).exists() and list(scratch.iterdir()) == []


def test_a_killed_builds_search_folders_are_removed_by_the_next_run(tmp_path, monkeypatch):
    """A build killed while Pagefind's pages and bundle are being made leaves their folders;
    they are locked work folders (garanti.scratch), so the next run removes them."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    program = (
        "import sys, time\n"
        "from garanti.site.search import IndexRun, IndexSource\n"
        "source = IndexSource()\n"
        "run = IndexRun(source.folder)\n"
        "print(source.folder, run._bundle.parent, flush=True)\n"
        "time.sleep(120)\n"
    )
    build = subprocess.Popen(
        [sys.executable, "-c", program],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(temporary)},
        start_new_session=True,
    )
    left = [Path(folder) for folder in build.stdout.readline().split()]
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()
    assert len(left) == 2 and all(folder.is_dir() for folder in left), left

    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    with work_folder("publicera"):
        assert [folder for folder in left if folder.exists()] == []


def _cores_of(pid: int) -> set[int]:
    """The cores a process may run on (/proc lists them as "0-2,5"); readable until it is waited for."""
    status = Path(f"/proc/{pid}/status").read_text()
    listed = re.search(r"^Cpus_allowed_list:\s*(\S+)", status, re.MULTILINE)[1]
    cores = set()
    for part in listed.split(","):
        first, _, last = part.partition("-")
        cores |= set(range(int(first), int(last or first) + 1))
    return cores


@pytest.mark.skipif(
    not hasattr(os, "sched_setaffinity") or len(os.sched_getaffinity(0)) < 2, reason="one core: nothing to leave"
)
def test_pagefind_leaves_one_core_to_the_build(tmp_path):
    """Pagefind runs beside MkDocs: it may use every core the build may use but one, and the thread
    that started it gets all of its own back (MkDocs renders on it)."""
    own = os.sched_getaffinity(0)
    run = search.IndexRun(tmp_path / "sidor")
    try:
        assert os.sched_getaffinity(0) == own
        allowed = _cores_of(run._process.pid)  # ended or not: not yet waited for
    finally:
        with pytest.raises(Refusal):  # no pages to index
            run.finish(tmp_path / "site")
    assert allowed < own and len(allowed) == len(own) - 1, (allowed, own)


def test_where_cores_cannot_be_chosen_pagefind_is_told_its_threads(tmp_path, monkeypatch):
    """Without sched_setaffinity (not Linux), Pagefind's two thread pools are given all cores but one."""
    told = tmp_path / "told"
    program = tmp_path / "pagefind"
    program.write_text(f'#!/bin/sh\necho "$RAYON_NUM_THREADS $TOKIO_WORKER_THREADS" > {told}\nexit 3\n')
    program.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(program))
    monkeypatch.delenv("RAYON_NUM_THREADS", raising=False)
    monkeypatch.delenv("TOKIO_WORKER_THREADS", raising=False)
    monkeypatch.delattr(os, "sched_setaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    search._pagefind_program.cache_clear()
    try:
        with pytest.raises(Refusal):
            search.IndexRun(tmp_path / "sidor").finish(tmp_path / "site")
    finally:
        search._pagefind_program.cache_clear()
    assert told.read_text().split() == ["3", "3"]
