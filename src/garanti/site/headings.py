"""Heading ids, permalinks and the table of contents for pages rendered to HTML here.

Guarantee pages skip MkDocs' Markdown step (converting a thousand of them was
the largest cost of a build), so this does for their headings what the toc
extension configured in mkdocs.yml does for Markdown pages: the same ids (the
extension's own slugify and unique), the same permalink anchor, and table of
contents tokens of the extension's shape, which MkDocs turns into `page.toc`
(Material's sidebar and the search index's sections read it).

Only our own templates' headings pass through here: editors' texts are
sanitised to tags that include no heading.
"""

from __future__ import annotations

import html
import re

from markdown.extensions.toc import nest_toc_tokens, slugify, strip_tags, unique

# As `toc: permalink_title` in mkdocs.yml, so every page's anchors read the same.
PERMALINK_TITLE = "Länk till det här avsnittet"
PERMALINK_TEXT = "¶"  # the extension writes &para;, which the sanitising fence turns into this

_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.DOTALL)


def anchor_headings(page_html: str, permalink_title: str = PERMALINK_TITLE) -> tuple[str, list[dict]]:
    """(HTML with an id and a permalink on every plain <hN>, nested toc tokens).

    Tokens are what Python-Markdown's toc extension leaves in `md.toc_tokens`:
    {level, id, name, html, data-toc-label, children}; `name` is the heading's
    text as HTML (entities kept), as the extension gives it.
    """
    used: set[str] = set()
    counters: dict[str, int] = {}
    tokens: list[dict] = []

    def anchor(match: re.Match) -> str:
        level, inner = match.group(1), match.group(2).strip()
        name = strip_tags(inner)
        heading_id = unique(slugify(html.unescape(name), "-"), used, counters)
        tokens.append({"level": int(level), "id": heading_id, "name": name, "html": inner, "data-toc-label": ""})
        # slugify leaves only ASCII letters, digits, "_" and "-": safe in an attribute.
        return (
            f'<h{level} id="{heading_id}">{inner}'
            f'<a class="headerlink" href="#{heading_id}" title="{html.escape(permalink_title)}">{PERMALINK_TEXT}</a>'
            f"</h{level}>"
        )

    anchored = _HEADING.sub(anchor, page_html)
    return anchored, nest_toc_tokens(tokens)
