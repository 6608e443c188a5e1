"""The editors' guide to the form (REDIGERA.md) says what the form says (issue 23, item 7).

Every button and field the guide names in bold is a word of the form: a label made from the
schemas, or one of its Swedish words (docs/redigera/sv.js, or Decap's own Swedish). Every
picture it shows is there, and small.
"""

from __future__ import annotations

import datetime as dt
import re

from garanti.content import check_tree
from garanti.site import form
from garanti.site.selection import Settings, Site

from .helpers import REPO_ROOT

GUIDE = (REPO_ROOT / "REDIGERA.md").read_text(encoding="utf-8")
EXAMPLES = {"fetstil"}  # Markdown shown as an example, not a word of the form


def _form_words() -> str:
    site = Site(check_tree(REPO_ROOT).corpus, Settings(today=dt.date(2026, 6, 1)))
    config = form.config(site, form.FormSettings.of({}, {}, preview=True))["decap"]
    words = []
    for collection in config["collections"]:
        words += [collection["label"], f"Ny {collection['label_singular']}"]
        stack = list(collection["fields"])
        while stack:
            field = stack.pop()
            words.append(field.get("label", ""))
            if "label_singular" in field:  # its button: "Lägg till %{item}"
                words.append(f"Lägg till {field['label_singular']}")
            stack += field.get("fields", []) + ([field["field"]] if "field" in field else [])
    words += [f"Status: {status}" for status in ("Påbörjad", "Klar för granskning", "Godkänd")]  # "Status: %{status}"
    for script in ("sv.js", "redigering.js", "sprak.js"):  # Swedish words; a refused save's box; a version's fields
        words.append((REPO_ROOT / "docs/redigera" / script).read_text(encoding="utf-8"))
    decap = REPO_ROOT / "redigera/node_modules/decap-cms-locales/src/sv/index.js"
    if decap.is_file():
        words.append(decap.read_text(encoding="utf-8"))
    return "\n".join(words)


def test_every_word_of_the_form_the_guide_names_is_in_the_form():
    named = {" ".join(name.split()) for name in re.findall(r"\*\*([^*]+)\*\*", GUIDE)} - EXAMPLES
    assert len(named) > 15
    words = _form_words()
    missing = sorted(name for name in named if name not in words)
    assert missing == []


def test_the_guides_pictures_are_there_and_small():
    pictures = re.findall(r"!\[([^\]]+)\]\(([^)]+\.png)\)", GUIDE)
    assert len(pictures) >= 6
    for description, path in pictures:
        picture = REPO_ROOT / path
        assert picture.is_file(), path
        assert picture.stat().st_size < 150_000, path
        assert len(description) > 20, path  # a text for those who cannot see the picture


def test_the_sign_in_guide_says_what_the_form_asks_for_and_what_the_city_sets_up():
    guide = (REPO_ROOT / "INLOGGNING.md").read_text(encoding="utf-8")
    assert f"**GitHub, offentligt arkiv: `{form.DEFAULT_AUTH_SCOPE}`** (förvalt)" in guide
    assert all(f"`{scope}`" in guide for scope in form.AUTH_SCOPES)
    assert "Formuläret är inte inställt" in guide  # what a form without the city's sign-in shows
    for topic in ("Enterprise Managed Users", "self-managed", "Client secret", "Restrict creations", "*/*"):
        assert topic in guide, topic
