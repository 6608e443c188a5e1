"""Atom feeds (RFC 4287) of the boards' decisions: one for the whole site and one per board.

Each entry is one decision: the guarantees it approved that are new or changed (what changed, in
a resident's words: changes.for_residents), the units it left out, and the follow-ups it approved.
Written with the standard library's XML writer, which escapes every text; an editor's Markdown in
a quoted commitment is rendered and sanitised as on the pages (render.inline). Pages link to the
feeds with <link rel="alternate"> (overrides/main.html, the page's front matter `garanti_flode`).
Only a published site built from its decisions has entries.

Material's script fetches "sitemap.xml" beside the address of every <link rel="alternate"> on a
page (its language switcher's alternates): so beside each feed lies a small sitemap of the page
the feed is about, and that request costs a few hundred bytes instead of failing, or loading the
whole site's sitemap. The script reads it only to follow a click on a link below the feed's address,
and nothing lies below a file, so what it needs is an answer in the feed's folder; one page (below
that folder, as sitemaps.org asks) is the least a valid sitemap holds. Moving every feed into one
folder would need one sitemap, at the price of the feeds' published addresses
(tests/browser/test_feed_sitemaps_browser.py).

The feeds are written here rather than by feedgenerator (Pelican's): with it, this module was 148
lines instead of 149, since its Atom feed dates an empty feed by the clock and needs a subclass to
build the same bytes from the same content.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from ..changes import CHANGED, NEW, REMOVED, for_residents
from ..layout import DECISIONS_DIR
from ..model import Board
from ..timeline import Decided, HistoryEntry
from ..wording import count_text, date_text, kept_text, sort_key
from . import paths, render
from .selection import Site

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml"
AUTHOR = "Stockholms stad"
SITE_FEED, board_feed = paths.SITE_FEED, paths.board_feed


def files(site: Site) -> dict[str, str]:
    """{site path: Atom XML} for the site's feed and each board's; without a timeline (the preview) the
    feeds have no entries: no decision is published there."""
    decisions = site.timeline.decisions if site.timeline else {}
    changed = _changes_by_decision(site)
    entries = {
        board.slug: [_entry(site, board, d, changed.get(id(d), [])) for d in reversed(decisions.get(board.slug, []))]
        for board in site.boards
    }
    every = sorted((entry for found in entries.values() for entry in found), key=lambda e: e[0], reverse=True)
    feeds = {
        SITE_FEED: _feed(
            site,
            SITE_FEED,
            "Beslut om kvalitetsgarantierna – Stockholms stad",
            paths.decisions_page(),
            [entry for _, entry in every],
        )
    }
    for board in site.boards:
        feeds[board_feed(board.slug)] = _feed(
            site,
            board_feed(board.slug),
            f"Beslut om kvalitetsgarantierna – {board.name}",
            paths.board_page(board.slug),
            [entry for _, entry in entries[board.slug]],
        )
    sitemaps = {
        _beside(feed): _sitemap(site.absolute_url(paths.url_of(page)))
        for feed, page in [(SITE_FEED, paths.decisions_page())]
        + [(board_feed(board.slug), paths.board_page(board.slug)) for board in site.boards]
    }
    return feeds | sitemaps


def _beside(feed: str) -> str:
    return feed.rsplit("/", 1)[0] + "/sitemap.xml"


def _sitemap(address: str) -> str:
    """A sitemap (sitemaps.org) of one page: what Material's script finds beside a feed (see above)."""
    urlset = ET.Element("{http://www.sitemaps.org/schemas/sitemap/0.9}urlset")
    ET.SubElement(
        ET.SubElement(urlset, "{http://www.sitemaps.org/schemas/sitemap/0.9}url"),
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc",
    ).text = address
    ET.register_namespace("", "http://www.sitemaps.org/schemas/sitemap/0.9")
    return ET.tostring(urlset, encoding="unicode", xml_declaration=True) + "\n"


def _feed(site: Site, path: str, title: str, page: str, entries: list[ET.Element]) -> str:
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "sv"})
    _text(feed, "id", site.absolute_url(path))
    _text(feed, "title", title)
    updated = max((entry.findtext(f"{{{ATOM}}}updated") for entry in entries), default=None)
    _text(feed, "updated", updated or _moment(site.today))
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = AUTHOR
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type=MEDIA_TYPE, href=site.absolute_url(path))
    ET.SubElement(
        feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=site.absolute_url(paths.url_of(page))
    )
    feed.extend(entries)
    ET.register_namespace("", ATOM)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def _changes_by_decision(site: Site) -> dict[int, list[HistoryEntry]]:
    """Every unit's history entries, by their decision (its id): each unit is read once."""
    found: dict[int, list[HistoryEntry]] = {}
    for unit in site.timeline.units.values() if site.timeline else ():
        for entry in unit.history:
            found.setdefault(id(entry.decision), []).append(entry)
    return found


def _entry(site: Site, board: Board, decision: Decided, changes: list[HistoryEntry]) -> tuple[str, ET.Element]:
    entry = ET.Element(f"{{{ATOM}}}entry")
    updated = _moment(decision.date)
    _text(
        entry,
        "id",
        f"tag:{urlsplit(site.settings.site_url).hostname},{decision.date.isoformat()}:"
        f"{DECISIONS_DIR}/{board.slug}/{decision.date.isoformat()}",
    )
    reference = f" ({decision.meeting.reference})" if decision.meeting.reference else ""
    _text(entry, "title", f"{board.name}: beslut om kvalitetsgarantierna {date_text(decision.date)}{reference}")
    _text(entry, "updated", updated)
    ET.SubElement(
        entry,
        f"{{{ATOM}}}link",
        rel="alternate",
        type="text/html",
        href=site.absolute_url(paths.url_of(paths.board_page(board.slug))),
    )
    _text(entry, "summary", _summary(changes, len(decision.guarantees)))
    _text(entry, "content", str(_content(site, changes)), type="html")
    return updated + board.slug, entry


def _summary(changes: list[HistoryEntry], approved: int) -> str:
    """ "2 nya garantier, 1 ändrad, 1 uppföljning": what a reader sees first."""
    statuses = [entry.change.status for entry in changes]
    follow_ups = sum(len(entry.follow_ups) for entry in changes)
    parts = [
        count_text(statuses.count(NEW), "ny garanti", "nya garantier"),
        count_text(statuses.count(CHANGED), "ändrad", "ändrade"),
        count_text(statuses.count(REMOVED), "borttagen", "borttagna"),
        count_text(follow_ups, "uppföljning", "uppföljningar"),
    ]
    said = [part for part in parts if not part.startswith("0 ")]
    return (
        ", ".join(said) if said else "inga ändringar"
    ) + f"; {count_text(approved, 'garanti', 'garantier')} fastställda."


def _content(site: Site, changes: list[HistoryEntry]) -> Markup:
    if not changes:
        return Markup("<p>Inga ändringar i garantierna.</p>")
    items = [
        _unit_item(site, entry) for entry in sorted(changes, key=lambda entry: sort_key(entry.change.guarantee.title))
    ]
    return Markup("<ul>") + Markup("").join(items) + Markup("</ul>")


def _unit_item(site: Site, entry: HistoryEntry) -> Markup:
    guarantee = entry.change.guarantee
    name = escape(guarantee.title)
    link = Markup('<a href="{}">{}</a>').format(site.absolute_url(guarantee.url), name)
    what = {NEW: "Ny garanti", CHANGED: "Ändrad garanti", REMOVED: "Inte med i beslutet"}.get(entry.change.status)
    lines = [render.inline(line) for line in for_residents(entry.change)] if entry.change.status == CHANGED else []
    lines += [
        Markup("Uppföljningen av {}: {}.").format(f.year, kept_text(f.kept, len(f.results))) for f in entry.follow_ups
    ]
    head = Markup("{}: {}").format(what, link) if what else link
    details = (
        Markup("<ul>") + Markup("").join(Markup("<li>{}</li>").format(line) for line in lines) + Markup("</ul>")
        if lines
        else Markup("")
    )
    return Markup("<li>{}{}</li>").format(head, details)


def _text(parent: ET.Element, name: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
    element.text = text
    return element


def _moment(day: dt.date) -> str:
    """A decision's day as Atom dates it (RFC 3339): its start, in UTC."""
    return f"{day.isoformat()}T00:00:00Z"
