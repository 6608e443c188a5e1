"""Helpers for browser tests: axe-core audits, request recording, PDF pages.

Kept free of pytest so that site tests can import them directly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from playwright.sync_api import BrowserContext, Page, Route

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Hosts the browser may actually reach; everything else is aborted so that
# no test ever sends a request off the machine.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

# URL schemes that never touch the network and therefore are never "foreign".
LOCAL_SCHEMES = frozenset({"data", "blob", "about"})

# "/Type /Page" object markers, excluding the "/Type /Pages" tree nodes.
_PDF_PAGE_RE = re.compile(rb"/Type\s*/Page[^s]")

# Request log per browser context. Weak keys: a closed context that is
# garbage-collected takes its log with it.
_request_logs: WeakKeyDictionary[BrowserContext, list[str]] = WeakKeyDictionary()


# --- axe-core ---------------------------------------------------------------


@lru_cache(maxsize=1)
def axe_source() -> str:
    """The axe-core bundle shipped with the pinned axe-playwright-python."""
    return (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def run_axe(page: Page) -> list[dict]:
    """Audit the current page against WCAG 2.1 A/AA; return the violations.

    The script is evaluated rather than loaded by URL, so it works with the
    network locked down and does not show up in the request log.
    """
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    results = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})""",
        AXE_TAGS,
    )
    return results["violations"]


def format_violations(violations: list[dict]) -> str:
    """Readable multi-line summary of axe violations for assertion messages."""
    if not violations:
        return "no axe violations"
    lines = [f"{len(violations)} axe violation(s):"]
    for violation in violations:
        lines.extend(_format_violation(violation))
    return "\n".join(lines)


def _format_violation(violation: dict) -> list[str]:
    nodes = violation.get("nodes", [])
    lines = [f"- {violation['id']} [{violation.get('impact')}]: {violation.get('help')} ({len(nodes)} node(s))"]
    for node in nodes[:3]:
        lines.append(f"    target: {node.get('target')}")
        lines.append(f"    html:   {_shorten(node.get('html', ''))}")
    return lines


def _shorten(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --- request recording ------------------------------------------------------


def is_loopback(url: str) -> bool:
    return (urlsplit(url).hostname or "") in LOOPBACK_HOSTS


def record_requests(context: BrowserContext) -> list[str]:
    """Log every request URL of `context`; abort those leaving loopback.

    Returns the (live) list the URLs are appended to.
    """
    log: list[str] = []
    _request_logs[context] = log
    # The request event also fires for redirect hops, which bypass routing.
    context.on("request", lambda request: log.append(request.url))
    context.route("**/*", _keep_on_loopback)
    return log


def _keep_on_loopback(route: Route) -> None:
    if is_loopback(route.request.url):
        route.continue_()
    else:
        route.abort("blockedbyclient")


def requested_urls(source: Page | BrowserContext) -> list[str]:
    """URLs recorded by `record_requests` for a page's context (or a context)."""
    context = source.context if isinstance(source, Page) else source
    return list(_request_logs.get(context, []))


def origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    default_port = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, parts.hostname or "", parts.port or default_port


def foreign_requests(requests: Page | BrowserContext | Iterable[str], base_url: str) -> list[str]:
    """Requested URLs whose origin differs from `base_url`'s origin.

    `requests` is a list of URLs, or a page/context from the `page` fixture
    (whose recorded requests are then used).
    """
    if isinstance(requests, (Page, BrowserContext)):
        requests = requested_urls(requests)
    home = origin(base_url)
    return [url for url in requests if urlsplit(url).scheme not in LOCAL_SCHEMES and origin(url) != home]


# --- PDF ----------------------------------------------------------------------


def pdf_page_count(page: Page, url: str, header_footer: bool = False) -> int:
    """Number of A4 pages `url` prints to, using the print stylesheet.

    `header_footer`: with the browser's own header and footer (date, title, address,
    page number), as a resident printing with the print dialog's defaults gets them."""
    page.goto(url)
    page.emulate_media(media="print")
    try:
        pdf = page.pdf(format="A4", print_background=True, display_header_footer=header_footer)
    finally:
        # Later assertions on the same page should see the screen layout again.
        page.emulate_media(media="null")
    return len(_PDF_PAGE_RE.findall(pdf))
