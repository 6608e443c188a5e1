"""Turning untrusted text into safe HTML and safe Markdown.

The checker (`garanti.untrusted`) refuses active content before it is ever
published; this module is the second fence and assumes the first one failed.
Editors' texts are converted by a plain Python-Markdown (no extensions) and
then sanitised by nh3 to a handful of inline and list tags, with links only to
web, e-mail and phone addresses. Names that go into generated Markdown are
escaped for both HTML and Markdown, so they are always shown as written.
"""

from __future__ import annotations

import html
import re

import markdown
import nh3
from markupsafe import Markup

from ..untrusted import ALLOWED_SCHEMES, link_scheme
from .paths import QR_FILE

TEXT_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "br", "code"}
TEXT_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = set(ALLOWED_SCHEMES)
LINK_REL = "noopener noreferrer"

# What generated pages may contain after MkDocs has rendered them: our
# templates' markup, Python-Markdown's output, toc permalinks and admonitions.
PAGE_TAGS = TEXT_TAGS | {
    "h1", "h2", "h3", "h4", "h5", "h6", "div", "span", "section", "aside", "address",
    "table", "caption", "thead", "tbody", "tr", "th", "td", "small", "hr",
    "img",  # only the wall notice's QR code: editors' texts never reach here with one (TEXT_TAGS)
}
PAGE_ATTRIBUTES = {
    "*": {"id", "class"},
    "a": {"href", "title", "rel"},
    "div": {"tabindex", "role", "aria-label"},  # the scrollable tables (decisions, comparisons)
    # The decisions' table, laid out as cards on a phone: its roles keep it a table for screen readers.
    **{tag: {"role"} for tag in ("table", "thead", "tbody", "tr", "td")},
    "th": {"scope", "role"},
    # A follow-up result's symbol, a table cell's name on a phone: what is read is beside it.
    "span": {"aria-hidden"},
    "img": {"src", "alt", "width", "height", "loading"},
}

# Python-Markdown's backslash-escapable characters.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#+\-.!])")
_WHITESPACE = re.compile(r"\s+")

_converter = markdown.Markdown()  # no extensions: nothing beyond CommonMark-ish basics


def _clean_text_html(raw_html: str) -> str:
    return nh3.clean(
        raw_html,
        tags=TEXT_TAGS,
        attributes=TEXT_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
    )


def block(text: str) -> Markup:
    """An editor's multi-paragraph Markdown as sanitised HTML."""
    if _is_plain(text):
        return _plain_paragraphs(text)
    _converter.reset()
    return Markup(_clean_text_html(_converter.convert(text)).strip())


# Most texts are plain sentences. Converting and sanitising each one costs
# about a millisecond, a large part of a build of thousands of guarantees, so
# text in which Markdown would find nothing to act on is only escaped: no
# Markdown or HTML character anywhere, and no line that could start a block
# (list, quote, heading, code) or end in a hard line break.
_NOT_PLAIN = re.compile(
    r"[\\`*_\[\]<>&#!|~]"
    r"|^[ \t]*(?:[-+=>]|\d+[.)])"
    r"|^(?: {4}|\t)"
    r"| {2}$",
    re.MULTILINE,
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def _is_plain(text: str) -> bool:
    return not _NOT_PLAIN.search(text)


def _plain_paragraphs(text: str) -> Markup:
    paragraphs = [part.strip() for part in _PARAGRAPH_BREAK.split(text.strip())]
    return Markup("\n".join(f"<p>{html.escape(part, quote=False)}</p>" for part in paragraphs if part))


def inline(text: str) -> Markup:
    """An editor's short Markdown text (one paragraph) as sanitised inline HTML."""
    rendered = str(block(text))
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return Markup(rendered)


def is_web_address(url: str | None) -> bool:
    """Whether an address (a contact's web site, a meeting's minutes) may become a link: https or http only."""
    return bool(url) and link_scheme(url) in ("https", "http")


def markdown_text(text: str) -> Markup:
    """Plain text for a place in generated Markdown (heading, link text): shown as written.

    HTML-escaped first (so no tag or entity survives), then every character
    Markdown could act on is backslash-escaped; line breaks become spaces so the
    text can never start a new block.
    """
    flat = _WHITESPACE.sub(" ", str(text)).strip()
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False)))


def clean_page(page_html: str) -> str:
    """The last fence for a generated page as MkDocs rendered it.

    Whatever slipped through the checker and the text renderer, only our own
    markup's tags and attributes survive here: no script, no event handler, no
    javascript: URL.
    """
    return nh3.clean(
        page_html,
        tags=PAGE_TAGS,
        attributes=PAGE_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        attribute_filter=_only_own_images,
    )


def _only_own_images(tag: str, attribute: str, value: str) -> str | None:
    """An image may only show the page's own QR code file: nothing is loaded from elsewhere."""
    if tag == "img" and attribute == "src" and value != QR_FILE:
        return None
    return value
