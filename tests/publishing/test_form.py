"""The published site carries the editors' form, saving to the git host (issue 23, item 6).

`garanti publish` builds a staged tree that has no node_modules: the form's packages come
from this checkout. The published form saves to the repository it is published from, with
the editorial workflow, and knows nothing of a local back end.
"""

from __future__ import annotations

import html
import json

from garanti.publishing import ALLOW_UNVERIFIED
from garanti.site import form

from ..repos import make_repo
from ..samples import FIRST, NORRA_HOME, SECOND, board, follow_up_path, follow_up_text


def test_the_published_site_has_the_form_saving_to_the_git_host(tmp_path, monkeypatch):
    repo = make_repo(tmp_path / "repo")
    assert repo.approve("norra", "2026-01-22") == 0
    monkeypatch.setenv("GITHUB_REPOSITORY", "stockholm/kvalitetsgarantier")
    monkeypatch.setenv("REDIGERA_AUTH_URL", "https://inloggning.example.stockholm")
    out = tmp_path / "site"
    assert repo.garanti("publish", "--out", str(out), ALLOW_UNVERIFIED) == 0

    config = json.loads((out / "redigera/config.json").read_text(encoding="utf-8"))["decap"]
    assert config["backend"] == {
        "name": "github",
        "repo": "stockholm/kvalitetsgarantier",
        "branch": "main",
        "base_url": "https://inloggning.example.stockholm",
        "auth_scope": "public_repo",
        "commit_messages": form.COMMIT_MESSAGES,
    }
    assert config["publish_mode"] == "editorial_workflow" and "local_backend" not in config
    assert [c["name"] for c in config["collections"]][:2] == ["norra-forskolor", "norra-andra"]
    page = html.unescape((out / "redigera/index.html").read_text(encoding="utf-8"))
    assert "connect-src 'self' blob: https://api.github.com;" in page and "127.0.0.1" not in page
    assert (out / "redigera/decap/decap-cms.js").stat().st_size > 1_000_000


def test_the_published_form_has_every_board_on_main_and_knows_mains_follow_ups(tmp_path, monkeypatch):
    """A board's first year: no approval tag yet, and its editors still write in the form. A follow-up on
    main that is not approved (a draft) already has its unit: the form does not offer a second."""
    repo = make_repo(tmp_path / "repo")
    assert repo.approve("norra", "2026-01-22") == 0
    repo.write(
        follow_up_path(NORRA_HOME),
        follow_up_text([(FIRST, "uppfyllt"), (SECOND, "uppfyllt")], count=0, complaints=0, draft=True),
    )
    repo.write(NORRA_HOME.removesuffix(".md") + ".fi.md", "---\ndraft: true\nswedish_text: 0123456abc\n---\n")
    repo.write(
        "guarantees/vastra/board.yml",
        board(
            "Västrastadens stadsdelsnämnd",
            "Västrastaden",
            {"forskola": "Avdelningen för förskola"},
            [{"date": "2027-02-18"}],
        ),
    )
    repo.commit("Västra börjar, och norras hemtjänst följs upp")
    monkeypatch.setenv("GITHUB_REPOSITORY", "stockholm/kvalitetsgarantier")
    monkeypatch.setenv("REDIGERA_AUTH_URL", "https://inloggning.example.stockholm")
    out = tmp_path / "site"
    assert repo.garanti("publish", "--out", str(out), ALLOW_UNVERIFIED) == 0

    config = json.loads((out / "redigera/config.json").read_text(encoding="utf-8"))["decap"]
    collections = {c["name"]: c for c in config["collections"]}
    for board_slug in ("norra", "sodra", "vastra"):  # approved or not
        assert {f"{board_slug}-forskolor", f"{board_slug}-andra"} <= set(collections), board_slug
    vastra = {field["name"]: field for field in collections["vastra-forskolor"]["fields"]}
    assert vastra["avdelning"]["options"] == [{"label": "Avdelningen för förskola", "value": "forskola"}]
    units = {field["name"]: field for field in collections["norra-uppfoljning-2026"]["fields"]}["enhet"]
    assert [option["value"] for option in units["options"]] == ["forskola/norra-forskolor"]
    # A language version on main, not approved, has its unit too; the Swedish texts are the approved ones.
    finnish = {field["name"]: field for field in collections["norra-fi"]["fields"]}["enhet"]
    assert [option["value"] for option in finnish["options"]] == ["forskola/norra-forskolor"]
    easy = {field["name"]: field for field in collections["norra-lattlast"]["fields"]}["enhet"]
    assert len(easy["options"]) == 2
    swedish = json.loads((out / "redigera/sprakversioner/norra.json").read_text(encoding="utf-8"))["units"]
    assert swedish["aldreomsorg/norra-hemtjanst"]["commitments"] == [{"text": FIRST}, {"text": SECOND}]
    # Nothing of main's unapproved content reaches the residents' pages.
    assert not (out / "vastra").exists() and not list(out.rglob("*.redigera-main*"))
