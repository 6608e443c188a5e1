"""The speed devices (garanti.site.speed) and the one switch that turns them all off: a full build
with the switch off forks nothing, holds the searched pages' content instead of reading it back,
and leaves the garbage collector alone. That the site is the same either way, byte for byte, is
tests/site/test_sample_site_unchanged.py's; the navigation made once is tests/hook/test_speed.py's."""

from __future__ import annotations

import gc

import pytest

from garanti.site import forked, search
from garanti.site.build import SiteBuild
from garanti.site.speed import SWITCH, PreviewCollector, Speed

from ..helpers import TODAY
from ..samples import HOME_PAGE

ON: dict[str, str] = {}
OFF = {SWITCH: "1"}


def full_build(content_repo, switch: dict[str, str], monkeypatch) -> tuple[SiteBuild, list[str]]:
    """A full build's stages before MkDocs renders, in this process; the functions forked.begun was given."""
    forked_work: list[str] = []
    begun = forked.begun

    def recorded(make):
        forked_work.append(make.__name__)
        return begun(make)

    monkeypatch.setattr(forked, "begun", recorded)
    environ = {"GARANTI_TODAY": TODAY, **switch}
    build = SiteBuild.load(content_repo, content_repo / "docs", None, environ, full_build=True)
    return build, forked_work


def test_the_switch_is_one_variable_set_to_1():
    assert Speed.of({}).on and Speed.of({SWITCH: ""}).on and Speed.of({SWITCH: "0"}).on
    assert not Speed.of({SWITCH: "1"}).on and not Speed.of({SWITCH: " 1\n"}).on


def test_with_the_devices_a_full_build_forks_and_reads_the_content_back(content_repo, monkeypatch):
    build, forked_work = full_build(content_repo, ON, monkeypatch)
    try:
        assert forked_work == ["made_elsewhere"]
        indexed = build.search_source.read(HOME_PAGE)
        assert build.html_pages[HOME_PAGE].html == ""  # not held: in the search's source
        assert build.page_content(HOME_PAGE, "") == ""
        assert build.stored_content(HOME_PAGE) == indexed and build.lets_go_of_content(HOME_PAGE)
    finally:
        build.stop_search()


def test_with_the_switch_off_a_full_build_forks_nothing_and_holds_the_content(content_repo, monkeypatch):
    build, forked_work = full_build(content_repo, OFF, monkeypatch)
    try:
        assert forked_work == []
        indexed = build.search_source.read(HOME_PAGE)  # written for the search all the same
        assert build.html_pages[HOME_PAGE].html != ""
        assert (
            build.page_content(HOME_PAGE, "")
            == indexed
            == search.indexed(build.html_pages[HOME_PAGE].html, build.search_entries[HOME_PAGE])
        )
        assert build.stored_content(HOME_PAGE) is None and not build.lets_go_of_content(HOME_PAGE)
    finally:
        build.stop_search()


@pytest.mark.parametrize(("switch", "frozen"), [(ON, True), (OFF, False)])
def test_the_collector_is_held_still_only_with_the_devices(switch, frozen):
    speed = Speed.of(switch)
    before = gc.get_freeze_count()
    gc.collect()  # what the test run left behind is not counted as set aside by the build
    speed.hold_for_the_build()
    try:
        assert (gc.get_freeze_count() > before) is frozen
    finally:
        speed.release_after_the_build()
    assert gc.get_freeze_count() == before


@pytest.mark.parametrize(("switch", "changed"), [(ON, True), (OFF, False)])
def test_the_previews_collector_keeps_from_full_passes_only_with_the_devices(switch, changed):
    before = gc.get_threshold()
    collector = PreviewCollector(Speed.of(switch))
    collector.built()
    try:
        assert (gc.get_threshold() == (*before[:2], PreviewCollector.NO_FULL_COLLECTION)) is changed
        assert (gc.get_threshold() == before) is not changed
    finally:
        collector.close()
    assert gc.get_threshold() == before
