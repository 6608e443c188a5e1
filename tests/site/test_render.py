"""Defence in depth: content that got past the checker still cannot run a script.

The guarantees here are built directly, bypassing `garanti check`, with the
usual attacks in every field an editor controls.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from html.parser import HTMLParser

import pytest

from garanti.content import check_tree
from garanti.model import Commitment, Contact
from garanti.site import render, structured
from garanti.site.pages import HtmlPage, generate_pages, guarantee_pages
from garanti.site.paths import QR_FILE
from garanti.site.selection import Settings, Site
from garanti.untrusted import ALLOWED_SCHEMES, link_scheme

from ..helpers import REPO_ROOT

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[klicka](javascript:alert(1))",
    "[klicka](&#106;avascript:alert(1))",
    "[klicka](java&#x09;script:alert(1))",
    "[klicka](JaVaScRiPt:alert(1))",
    "[klicka]( javascript:alert(1))",
    "[klicka](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[klicka][ref]\n\n[ref]: javascript:alert(1)",
    '<a href="javascript:alert(1)">klicka</a>',
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</script>",
    "![bild](https://evil.example/spy.png)",
    "<details open ontoggle=alert(1)>",
    "`<script>alert(1)</script>`",
    "<style>body{display:none}</style>",
    "*[x](vbscript:msgbox(1))*",
]
HOSTILE = "\n\n".join(ATTACKS)
HOSTILE_NAME = 'Förskola [x](javascript:alert(1)) <script>alert(1)</script> *_`{: onclick=alert(1) } "citat"'


def rendered(page: HtmlPage) -> tuple[str, str]:
    """(front matter, body HTML) of a generated page."""
    return page.front_matter.strip("-\n"), page.html


class _ActiveContent(HTMLParser):
    """Collects what a browser would treat as active or foreign content."""

    BAD_TAGS = {
        "script",
        "iframe",
        "svg",
        "img",
        "style",
        "object",
        "embed",
        "details",
        "form",
        "input",
        "base",
        "link",
        "meta",
    }

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img" and dict(attrs).get("src") in (QR_FILE, None):
            return  # the wall notice's QR code (a file beside the page, made at build time), or no image at all
        if tag in self.BAD_TAGS:
            self.findings.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "src", "srcdoc", "action", "formaction"):
                self.findings.append(f"<{tag} {name}>")
            if name == "href" and link_scheme(value or "") not in (None, *ALLOWED_SCHEMES):
                self.findings.append(f"<{tag} href={value!r}>")


def dangerous(html: str) -> list[str]:
    """Everything in `html` that could run code or load from elsewhere, as a browser parses it."""
    parser = _ActiveContent()
    parser.feed(html)
    parser.close()
    return parser.findings


@pytest.fixture
def hostile_site(content_repo) -> Site:
    corpus = check_tree(content_repo).corpus
    base = next(g for g in corpus.guarantees if g.slug == "provstadens-forskolor")
    hostile = dataclasses.replace(
        base,
        title=HOSTILE_NAME,
        body=HOSTILE,
        commitments=tuple(Commitment(attack, "Samverkan") for attack in ATTACKS),
        correction=HOSTILE,
        complaints=HOSTILE,
        more_info=HOSTILE,
        contact=Contact(
            phone='08-508 00 000"><script>alert(1)</script>',
            email='a@stockholm.se" onmouseover="alert(1)',
            address="<script>alert(1)</script>",
            web="javascript:alert(1)",
        ),
    )
    board = corpus.boards["provstaden"]
    corpus.boards["provstaden"] = dataclasses.replace(
        board,
        default_contact=Contact(web='https://x.example/"><script>alert(1)</script>'),
        name="<script>alert(1)</script> nämnd",
        district="[x](javascript:alert(1))",
        departments={slug: HOSTILE_NAME for slug in board.departments},
    )
    corpus.guarantees = [hostile]
    return Site(corpus, Settings(today=dt.date(2026, 6, 1)))


def test_hostile_texts_render_without_active_content(hostile_site):
    pages = {path: rendered(page) for path, page in generate_pages(hostile_site).items()}
    pages |= {path: rendered(page) for path, page in guarantee_pages(hostile_site).items()}
    assert len(pages) > len(hostile_site.guarantees), "no pages generated"
    for path, (front, html) in pages.items():
        assert dangerous(html) == [], path
        # MkDocs prints front-matter values unescaped into <title> and <meta content="...">; the structured
        # data is printed only inside its script element, where JSON's own quotes are no attribute's end
        entries = [line.split(": ", 1) for line in front.splitlines()]
        assert all(
            "<" not in value and '\\"' not in value for key, value in entries if key != structured.FRONT_MATTER_KEY
        ), path
        assert all(
            "<" not in value and ">" not in value for key, value in entries if key == structured.FRONT_MATTER_KEY
        ), path


def test_hostile_names_are_shown_as_written(hostile_site):
    page = guarantee_pages(hostile_site)["provstaden/provstadens-forskolor/index.md"]
    shown = (
        "Förskola [x](javascript:alert(1)) &lt;script&gt;alert(1)&lt;/script&gt; "
        "*_`{: onclick=alert(1) } &#34;citat&#34;"
    )
    assert f'">{shown}<a class="headerlink"' in page.html
    # the front-matter title is escaped too: MkDocs' templates print it as is
    assert 'title: "Förskola [x](javascript:alert(1)) &lt;script&gt;' in page.front_matter
    # a name shown on an index page, as the last fence gives it to MkDocs
    department = render.clean_page(rendered(generate_pages(hostile_site)["provstaden/forskola/index.md"])[1])
    assert ">" + shown.replace("&#34;", '"') in department


def test_editor_text_keeps_only_harmless_markup():
    html = str(render.block("*Viktigt*: ring [oss](tel:+46850800000) eller [mejla](mailto:a@b.se).\n\n- ett\n- två"))
    assert html == (
        '<p><em>Viktigt</em>: ring <a href="tel:+46850800000" rel="noopener noreferrer">oss</a> eller '
        '<a href="mailto:a@b.se" rel="noopener noreferrer">mejla</a>.</p>\n<ul>\n<li>ett</li>\n<li>två</li>\n</ul>'
    )
    for attack in ATTACKS:
        assert dangerous(str(render.block(attack))) == [], attack
        assert dangerous(str(render.inline(attack))) == [], attack


def test_a_phone_number_in_running_text_becomes_a_link_to_call():
    def call(number: str, tel: str) -> str:
        return f'<a href="tel:{tel}" rel="noopener noreferrer">{number}</a>'

    assert str(render.block("Ring växeln på 08-508 14 000.")) == (
        f"<p>Ring växeln på {call('08-508 14 000', '+46850814000')}.</p>"
    )
    assert str(render.inline("*Ring* 0771-11 22 33 eller +46 8 508 20 000, vardagar")) == (
        f"<em>Ring</em> {call('0771-11 22 33', '+46771112233')} eller "
        f"{call('+46 8 508 20 000', '+46850820000')}, vardagar"
    )
    # an editor's own link and code are left as written: no link in a link
    assert str(render.inline("[Ring 08-508 14 000](tel:+46850814000) eller `08-508 14 000`")) == (
        f"{call('Ring 08-508 14 000', '+46850814000')} eller <code>08-508 14 000</code>"
    )
    # numbers that are not phone numbers: dates, times, postal codes, case numbers, amounts, long runs
    for text in (
        "2026-01-01",
        "kl. 08-16",
        "08.00–16.00",
        "Årsta torg 5, 120 57 Årsta",
        "dnr 476-2010-1.1",
        "1 000 000 kr",
        "0123456789012345",
        "08-12",
        "konto 0850814000123",
        "år 2025-2026",
        "08-508 14 000-1",
        "12-08-508 14 000",
    ):
        assert "<a" not in str(render.block(text)), text
    # markup around a number stays text: the link is ours, made of the digits alone
    assert str(render.inline('08-508 14 000"><script>x</script>')) == (call("08-508 14 000", "+46850814000") + '"&gt;')


def test_last_fence_strips_what_mkdocs_would_have_let_through():
    page = (
        '<h2 id="a">Rubrik<a class="headerlink" href="#a" title="Länk">¶</a></h2>'
        '<script>alert(1)</script><p onclick="alert(1)">text</p>'
        '<a href="javascript:alert(1)">x</a><img src="https://evil.example/a.png" onerror="alert(1)">'
        '<div class="admonition note"><p class="admonition-title">Obs</p></div>'
        '<iframe src="https://evil.example"></iframe><form action="https://evil.example"><input></form>'
    )
    cleaned = render.clean_page(page)
    assert dangerous(cleaned) == []
    assert "<form" not in cleaned and "<input" not in cleaned
    # our own markup survives
    assert '<a class="headerlink" href="#a" title="Länk">¶</a>' in cleaned
    assert '<div class="admonition note"><p class="admonition-title">Obs</p></div>' in cleaned
    assert "<p>text</p>" in cleaned
    # Only the page's own QR code file may be shown as an image.
    assert render.clean_page('<img src="qr.svg" alt="QR">') == '<img src="qr.svg" alt="QR">'
    # A version's page (/<board>/<unit>/<year>/) shows its unit's QR code, one or two folders up; nothing else.
    assert render.clean_page('<img src="../qr.svg" alt="QR">') == '<img src="../qr.svg" alt="QR">'
    for elsewhere in ("../../../qr.svg", "x/qr.svg", "/qr.svg", "../qr.svg?x", "https://example.com/qr.svg"):
        assert render.clean_page(f'<img src="{elsewhere}" alt="QR">') == '<img alt="QR">', elsewhere


def test_hook_fences_generated_pages_only(content_repo):
    from garanti.site import search
    from garanti.site.build import SiteBuild

    build = SiteBuild.load(content_repo, content_repo / "docs", None, {"GARANTI_TODAY": "2026-06-01"})
    script = "<p>x</p><script>alert(1)</script>"
    # guarantee pages: MkDocs' (empty) rendering is replaced by ours, which passes the fence too
    guarantee = "provstaden/provstadens-hemtjanst/index.md"
    build.html_pages[guarantee] = dataclasses.replace(build.html_pages[guarantee], html=script)
    assert build.page_content(guarantee, "") == search.indexed("<p>x</p>", build.search_entries[guarantee])
    # so do the lists' pages
    build.pages["provstaden/index.md"] = dataclasses.replace(build.pages["provstaden/index.md"], html=script)
    assert build.page_content("provstaden/index.md", "") == "<p>x</p>"
    assert build.page_content("index.md", script) == "<p>x</p>"
    # hand-written pages are the maintainers' own and pass untouched
    assert build.page_content("om.md", script) == script


def test_plain_text_shortcut_gives_exactly_what_markdown_gives():
    texts = [
        g_text
        for g in check_tree(REPO_ROOT).corpus.guarantees
        for g_text in (g.body, g.correction, g.complaints, g.more_info or "", *(c.text for c in g.commitments))
    ]
    texts += [
        "Rad ett\nrad två",
        "Ett \"citat\" och 'apostrof'",
        "Tre\n\n\nstycken\n  \nhär",
        "1 januari",
        "1. punkt",
        "- punkt",
        "    kod",
        "Rubrik\n===",
        "rad  \nbrytning",
        "> citat",
        "a@b.se http://x.se",
        "5 < 6",
        "A & B",
        "Ring 08-508 14 000.",
        "Öppet 08-16, 2026-01-01",
    ]
    shortcut = [text for text in texts if render._is_plain(text)]
    assert len(shortcut) > len(texts) / 2  # the shortcut is worth having
    for text in texts:
        render._converter.reset()
        full = render._clean_text_html(render._converter.convert(text)).strip()
        assert str(render.block(text)) == full, text
