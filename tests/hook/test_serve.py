"""What one `mkdocs serve` keeps and forgets from build to build (garanti.site.serve and .preview).

The builds here are real MkDocs builds run in this process the way `mkdocs serve
--dirty` runs them (one startup, a fresh configuration for every build, the
same hook module throughout), so that a test can break a build on purpose and
look at the files written; tests/hook/test_preview_serve.py runs the real server.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
import time
from pathlib import Path

import jinja2
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from garanti.hook import speed as hook_speed
from garanti.hook.serve import DirtyNotice, ServeSession, templates_stamp
from garanti.site.preview import Changes, LatestOnly
from garanti.site.search import IndexRun
from garanti.site.speed import PreviewCollector

from ..helpers import TODAY, site_project, write
from ..samples import HOME, HOME_CARE_MD

HOME_CARE_OUTPUT = "provstaden/provstadens-hemtjanst/index.html"
SERVE_URL = "http://127.0.0.1:8000/"


class InProcessServe:
    """The builds of `mkdocs serve --dirty` on a project, in this process, into site_dir."""

    def __init__(self, root: Path, site_dir: Path):
        self.config_file, self.site_dir = str(site_project(root)), site_dir
        self._config().plugins.on_startup(command="serve", dirty=True)

    def _config(self):
        config = load_config(self.config_file, site_dir=str(self.site_dir))
        config.site_url = SERVE_URL
        return config

    def build(self) -> None:
        build(self._config(), serve_url=SERVE_URL, dirty=True)

    def page(self, output: str) -> str:
        return (self.site_dir / output).read_text(encoding="utf-8")

    def stop(self) -> None:
        self._config().plugins.on_shutdown()


@pytest.fixture
def serve(content_repo: Path, tmp_path_factory, monkeypatch):
    monkeypatch.setenv("GARANTI_TODAY", TODAY)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("GARANTI_APPROVALS", raising=False)
    served = InProcessServe(content_repo, tmp_path_factory.mktemp("served"))
    served.build()
    yield served
    served.stop()


def save(path: Path, text: str) -> None:
    """Save a file so that MkDocs sees it newer than the page it wrote, however coarse the clock."""
    path.write_text(text, encoding="utf-8")
    later = time.time_ns() + 2_000_000_000
    os.utime(path, ns=(later, later))


def test_pages_a_failed_build_was_to_render_are_rendered_by_the_next_one(serve: InProcessServe):
    root = Path(serve.config_file).parent
    save(root / HOME, HOME_CARE_MD.replace("tryggt liv", "gott liv"))
    (root / "docs/om.md").write_bytes("# Om kvalitetsgarantier, sparad i fel teckenkodning: å ä ö\n".encode("latin-1"))
    with pytest.raises(UnicodeDecodeError):  # MkDocs cannot read om.md: nothing is written
        serve.build()
    assert "tryggt liv" in serve.page(HOME_CARE_OUTPUT)

    save(root / "docs/om.md", "# Om kvalitetsgarantier\n\nRättad.\n")  # nothing else changes
    serve.build()
    assert "gott liv" in serve.page(HOME_CARE_OUTPUT)


def test_a_template_that_does_not_compile_and_then_does(serve: InProcessServe):
    root = Path(serve.config_file).parent
    main = root / "overrides/main.html"
    good = main.read_text(encoding="utf-8")
    save(main, good.replace("{% endblock %}", "{% endblok %}"))
    with pytest.raises(jinja2.TemplateSyntaxError):  # a template that does not compile: no page is written
        serve.build()
    save(main, good.replace("{{ lang.garanti.preview_note }}", "Förhandsgranskning – ett utkast."))
    serve.build()
    assert "ett utkast" in serve.page("provstaden/provstadens-forskolor/index.html")
    assert "ett utkast" in serve.page("index.html")


def test_a_saved_theme_template_renders_every_page_again(serve: InProcessServe):
    root = Path(serve.config_file).parent
    main = root / "overrides/main.html"
    save(
        main,
        main.read_text(encoding="utf-8").replace("{{ lang.garanti.preview_note }}", "Förhandsgranskning – ett utkast."),
    )
    serve.build()
    for output in (HOME_CARE_OUTPUT, "provstaden/index.html", "om/index.html", "index.html"):
        assert "ett utkast" in serve.page(output), output


def test_a_build_after_a_stopped_preview_in_the_same_process_is_a_build_again(serve: InProcessServe, tmp_path):
    """After `mkdocs serve` stops, a build in the same process (as MkDocs' API allows, without
    a startup event) refuses content with problems, as every build outside the preview must."""
    root = Path(serve.config_file).parent
    write(root, HOME, HOME_CARE_MD.replace("service: hemtjänst", "service: hemtjänster"))
    serve.build()  # the preview shows the problem instead of refusing
    assert "Sidan kan inte visas" in serve.page(HOME_CARE_OUTPUT)
    serve.stop()
    with pytest.raises(Abort):
        build(load_config(serve.config_file, site_dir=str(tmp_path / "site")))
    assert not (tmp_path / "site" / HOME_CARE_OUTPUT).exists()


def test_changes_forget_what_a_failed_build_was_to_render():
    changes = Changes()
    changes.start("layout")
    assert changes.changed("a.md", 1) and changes.changed("b.md", 1)
    changes.finish()
    changes.start("layout")
    assert changes.changed("a.md", 2) and not changes.changed("b.md", 1)
    changes.forget()  # the build failed
    changes.start("layout")
    assert changes.changed("a.md", 2) and not changes.changed("b.md", 1)
    changes.finish()
    changes.forget()  # failed after writing the site (strict mode counts warnings at the very end)
    changes.start("layout")
    assert not changes.changed("a.md", 2)


def test_the_templates_stamp_follows_a_saved_added_and_removed_template(tmp_path: Path):
    template = write(tmp_path, "overrides/partials/header.html", "<header></header>")
    first = templates_stamp(str(tmp_path / "overrides"))
    save(template, "<header>!</header>")
    second = templates_stamp(str(tmp_path / "overrides"))
    assert second != first
    added = write(tmp_path, "overrides/main.html", "")
    assert templates_stamp(str(tmp_path / "overrides")) != second
    added.unlink()
    assert templates_stamp(str(tmp_path / "overrides")) == second
    assert templates_stamp(None) == ()


def test_the_dirty_notice_filter_drops_only_mkdocs_dirty_warning():
    def record(message: str) -> logging.LogRecord:
        return logging.LogRecord(DirtyNotice.LOGGER, logging.WARNING, __file__, 1, message, None, None)

    notice = DirtyNotice()
    assert not notice.filter(record("A 'dirty' build is being performed, this will likely lead to inaccurate"))
    assert notice.filter(record("Doc file 'om.md' contains a link 'x.md', but the target is not found"))


def test_closing_the_search_waits_for_the_running_job_and_drops_the_waiting_one():
    started, release, done = threading.Event(), threading.Event(), []
    jobs = LatestOnly()
    jobs.submit(lambda: (started.set(), release.wait(10), done.append("running")))
    assert started.wait(10)
    jobs.submit(lambda: done.append("waiting"))
    threading.Timer(0.2, release.set).start()
    jobs.close()
    assert done == ["running"]


def test_the_collectors_full_pass_comes_after_the_page_is_served_not_during_a_build(
    content_repo, tmp_path_factory, monkeypatch
):
    """The preview keeps a site's worth of objects; Python's full collection pass over them took
    three quarters of a second at 8,400 guarantees, inside one save out of four. After its first
    build the preview makes that pass on the background thread, after each build is served."""
    monkeypatch.setenv("GARANTI_TODAY", TODAY)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("GARANTI_APPROVALS", raising=False)
    before = gc.get_threshold()
    served = InProcessServe(content_repo, tmp_path_factory.mktemp("served"))
    try:
        full_passes = gc.get_stats()[2]["collections"]
        served.build()
        assert gc.get_threshold() == (*before[:2], PreviewCollector.NO_FULL_COLLECTION)
        deadline = time.monotonic() + 60
        while gc.get_stats()[2]["collections"] == full_passes and time.monotonic() < deadline:
            time.sleep(0.05)
        assert gc.get_stats()[2]["collections"] > full_passes
    finally:
        served.stop()
    assert gc.get_threshold() == before


def test_a_new_build_cancels_the_search_index_still_being_made(tmp_path: Path):
    """Pagefind takes seconds at thousands of guarantees; a save while it runs cancels it, so that
    it does not slow the build down (the build makes a new index once it is served)."""
    session = ServeSession(dirty=False)
    (tmp_path / "sidor").mkdir()
    run = IndexRun(tmp_path / "sidor")
    session._index_started(run)
    try:
        session.start(config=None)  # a save: a new build begins
        assert run.finish(tmp_path / "site") is False
    finally:
        session.close()


def test_the_navigation_made_once_is_the_navigation_each_page_would_get(
    content_repo: Path, tmp_path_factory, monkeypatch
):
    """Material's navigation is made once for the pages outside it that show it alike
    (hook.speed.SharedNavigation): every page is the same as when it is made for each page (also a
    page outside the navigation whose address shares a folder with a page in it: its links
    differ), and the guarantees shared far fewer navigations than there are of them."""
    monkeypatch.setenv("GARANTI_TODAY", TODAY)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("GARANTI_APPROVALS", raising=False)
    for number in range(12):
        write(
            content_repo,
            f"guarantees/provstaden/aldreomsorg/enhet-{number}.md",
            HOME_CARE_MD.replace("Provstadens hemtjänst", f"Enhet {number}"),
        )
    config = site_project(content_repo)
    write(content_repo, "docs/om/mer.md", "# Mer om garantierna\n\nEn sida under /om/, utanför navigationen.\n")
    made: list[hook_speed.SharedNavigation] = []
    share = hook_speed.SharedNavigation.__init__

    def recorded(self, render):
        share(self, render)
        made.append(self)

    def build_into(site_dir: Path) -> dict[str, str]:
        build(load_config(str(config), site_dir=str(site_dir)))
        return {
            path.relative_to(site_dir).as_posix(): path.read_text(encoding="utf-8")
            for path in site_dir.rglob("*.html")
            if "pagefind" not in path.parts
        }

    monkeypatch.setattr(hook_speed.SharedNavigation, "__init__", recorded)
    shared = build_into(tmp_path_factory.mktemp("shared"))
    monkeypatch.setattr(hook_speed.SharedNavigation, "_key", lambda self, context: None)  # each page its own
    each = build_into(tmp_path_factory.mktemp("each"))
    assert shared.keys() == each.keys() and "om/mer/index.html" in shared
    assert gc.get_freeze_count() == 0  # a full build sets its objects aside from the collector only while it runs
    assert [page for page in shared if shared[page] != each[page]] == []
    guarantees = [page for page in shared if "data-pagefind-body" in shared[page]]
    assert len(guarantees) == 14 and 0 < len(made[0]._made) < len(guarantees) / 2
