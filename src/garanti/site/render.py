"""Turning untrusted text into safe HTML and safe Markdown.

The checker (`garanti.untrusted`) refuses active content before it is ever
published; this module is the second fence and assumes the first one failed.
Editors' texts are converted by Python-Markdown with one extension of our own
(a phone number in running text becomes a tel: link, so that a phone can call it)
and then sanitised by nh3 to a handful of inline and list tags, with links only to
web, e-mail and phone addresses. Names are escaped by the templates' HTML
autoescaping, so they are always shown as written.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from urllib.parse import quote, urljoin

import markdown
import nh3
from markdown.inlinepatterns import InlineProcessor
from markupsafe import Markup

from ..untrusted import ALLOWED_SCHEMES, is_allowed_address, link_scheme
from .paths import QR_FILE

TEXT_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "br", "code"}
TEXT_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = set(ALLOWED_SCHEMES)
LINK_REL = "noopener noreferrer"

# What generated pages may contain after MkDocs has rendered them: our
# templates' markup, Python-Markdown's output, toc permalinks and admonitions.
PAGE_TAGS = TEXT_TAGS | {
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "div",
    "span",
    "section",
    "aside",
    "address",
    "nav",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "small",
    "hr",
    "img",  # only the wall notice's QR code: editors' texts never reach here with one (TEXT_TAGS)
}
PAGE_ATTRIBUTES = {
    "*": {"id", "class", "lang"},  # lang: a Swedish name on a Finnish page, a link named in its page's language
    "a": {"href", "title", "rel", "hreflang"},
    "nav": {"aria-label"},  # a guarantee's links to its texts in other languages
    "div": {"tabindex", "role", "aria-label"},  # the scrollable tables (decisions, comparisons)
    # The decisions' table, laid out as cards on a phone: its roles keep it a table for screen readers.
    **{tag: {"role"} for tag in ("table", "thead", "tbody", "tr", "td")},
    "th": {"scope", "role"},
    # A follow-up result's symbol, a table cell's name on a phone: what is read is beside it.
    "span": {"aria-hidden"},
    "img": {"src", "alt", "width", "height", "loading"},
}


# A Swedish phone number in running text: "08-508 14 000", "0771-11 22 33", "+46 8 508 14 000".
# An area code after 0 (or +46), then two to four groups of two or three digits. Not inside
# a longer run of digits, words or dates ("2026-01-01", "dnr 476-2010"), and not a time
# ("08-16": one group only). Every part is bounded: a match is tried in constant time at
# each place. has_phone_digits() then counts the digits.
_PHONE_NUMBER = re.compile(r"(?<![\w+\-–/.,:])(?:\+46[ -]?|0)\d{1,3}(?:[ -]?\d{2,3}){2,4}(?![\w\-–/]|[.,:]\d)")
_NOT_DIGIT = re.compile(r"[^0-9+]")
# Digits of a Swedish number: with the leading 0, 8 to 10 (08-12 34 56 ... 0771-123 45 67).
_NATIONAL_DIGITS = range(8, 11)


def phone_link(phone: str) -> str:
    """A tel: address in international form: "08-508 21 430" -> "tel:+46850821430"."""
    digits = _NOT_DIGIT.sub("", phone)
    if digits.startswith("0"):
        digits = "+46" + digits[1:]
    return f"tel:{digits}"


def has_phone_digits(text: str) -> bool:
    """Whether text that looks like a phone number has the digits of one."""
    digits = _NOT_DIGIT.sub("", text)
    national = "0" + digits[3:] if digits.startswith("+46") else digits
    return len(national) in _NATIONAL_DIGITS


class _PhoneLinks(InlineProcessor):
    """Python-Markdown: a phone number in running text as a link a phone can call.
    Never inside a link (an editor's own) or code: those are left as written."""

    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(self, match: re.Match, data: str):  # noqa: N802 (Python-Markdown's name)
        number = match.group(0)
        if not has_phone_digits(number):
            return None, None, None
        link = etree.Element("a", {"href": phone_link(number)})
        link.text = markdown.util.AtomicString(number)
        return link, match.start(0), match.end(0)


class _PhoneLinkExtension(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # Last: emphasis and links are found first, and a number in a link stays its text.
        md.inlinePatterns.register(_PhoneLinks(_PHONE_NUMBER.pattern, md), "garanti-phone", 1)


_converter = markdown.Markdown(extensions=[_PhoneLinkExtension()])  # nothing else beyond CommonMark-ish basics


def _clean_text_html(raw_html: str) -> str:
    return nh3.clean(
        raw_html,
        tags=TEXT_TAGS,
        attributes=TEXT_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        attribute_filter=_only_allowed_addresses,
    )


def _only_allowed_addresses(tag: str, attribute: str, value: str) -> str | None:
    """An editor's link leads only where the checker allows (nh3 keeps relative addresses)."""
    if attribute == "href" and not is_allowed_address(value):
        return None
    return value


def block(text: str) -> Markup:
    """An editor's multi-paragraph Markdown as sanitised HTML."""
    if _is_plain(text):
        return _plain_paragraphs(text)
    _converter.reset()
    return Markup(_clean_text_html(_converter.convert(text)).strip())


# Most texts are plain sentences. Converting and sanitising each one adds up
# to a large part of a build of thousands of guarantees (benchmarks/README.md), so
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
    # A phone number is plain text to Markdown, but our extension makes it a link.
    return not _NOT_PLAIN.search(text) and not _has_phone_number(text)


def _has_phone_number(text: str) -> bool:
    return any(has_phone_digits(match.group(0)) for match in _PHONE_NUMBER.finditer(text))


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


def map_address(address: str, service: str) -> str:
    """The address of a place on the map service the city chose: `service` with "{adress}"
    replaced by the address, every character that means something in a URL escaped."""
    return service.replace("{adress}", quote(address, safe=""))


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


# The unit's QR code, as its page ("qr.svg") and its versions' pages ("../qr.svg", "../../qr.svg") name it.
_OWN_QR = re.compile(rf"\A(?:\.\./){{0,2}}{re.escape(QR_FILE)}\Z")


def _only_own_images(tag: str, attribute: str, value: str) -> str | None:
    """An image may only show the unit's own QR code file: nothing is loaded from elsewhere."""
    if tag == "img" and attribute == "src" and not _OWN_QR.fullmatch(value):
        return None
    return value


# Every link of a document our templates made (attributes are always double-quoted there).
_HREF = re.compile(r'\bhref="([^"]*+)"')


def whole_links(document: str, site_url: str) -> str:
    """A document read away from the site (the board paper, printed from a local file): each link made
    a whole address on the site, or taken away (its text stays), so that none leads to a file on the
    reader's computer."""

    def whole(match: re.Match) -> str:
        address = html.unescape(match.group(1))
        if address.startswith("/") and not address.startswith("//"):
            address = urljoin(site_url, address)
        if link_scheme(address) in URL_SCHEMES and is_allowed_address(address):
            return f'href="{html.escape(address)}"'
        return ""

    return _HREF.sub(whole, document)
