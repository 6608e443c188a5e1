"""The files at a unit's address in a language none of its approved texts has a version in
(pages.absent_version_files): rendered once per language with a stand-in for the unit's name, each unit's
file must be byte for byte the plain rendering of the templates, hostile names included."""

from __future__ import annotations

import json

from markupsafe import escape

from garanti.site import pages

from ..helpers import write
from ..repos import published_site
from ..samples import home_care

DECISION = "provstaden/2026-01-22"
# Names the check lets through (no HTML tags) that HTML, Jinja or the stand-in's replacing could misread.
HOSTILE = {
    "citat": "Hemtjänsten \"Solen\" & 'Månen' 5 > 3",
    "mallkod": "{{ 7*7 }} {% if x %}Å ä ö – ®",
    "entiteter": "Hemtjänsten &lt;b&gt; &amp; &#34;",
}


def test_every_units_file_is_the_plain_rendering_of_the_templates(content_repo):
    for slug, title in HOSTILE.items():
        write(content_repo, f"guarantees/provstaden/aldreomsorg/{slug}.md", home_care(title=json.dumps(title)))
    site = published_site(content_repo, DECISION)

    made = pages.absent_version_files(site)

    plain = {
        page.removesuffix(".md") + ".html": pages.absent_file(page, context)
        for _, _, page, context in pages._absent_contexts(site, in_record=False)
    }
    assert made == plain
    assert len(made) == 2 * (2 + len(HOSTILE))  # every unit, in Finnish and in easy-to-read Swedish
    for slug, title in HOSTILE.items():
        for language in ("suomeksi", "lattlast"):
            html = made[f"provstaden/{slug}/{language}/index.html"]
            assert str(escape(title)) in html and (title == str(escape(title)) or title not in html)


def test_each_file_names_its_own_unit(content_repo):
    for slug, title in HOSTILE.items():
        write(content_repo, f"guarantees/provstaden/aldreomsorg/{slug}.md", home_care(title=json.dumps(title)))
    made = pages.absent_version_files(published_site(content_repo, DECISION))

    assert "Hemtjänsten &amp;lt;b&amp;gt; &amp;amp; &amp;#34;" in made["provstaden/entiteter/suomeksi/index.html"]
    assert "Hemtjänsten &#34;Solen&#34; &amp; &#39;Månen&#39; 5 &gt; 3" in made["provstaden/citat/lattlast/index.html"]
    assert "Solen" not in made["provstaden/mallkod/suomeksi/index.html"]
    assert "Provstadens hemtjänst" in made["provstaden/provstadens-hemtjanst/lattlast/index.html"]
