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


def test_the_published_site_has_the_form_saving_to_the_git_host(tmp_path, monkeypatch):
    repo = make_repo(tmp_path / "repo")
    assert repo.approve("norra", "2026-01-22") == 0
    monkeypatch.setenv("GITHUB_REPOSITORY", "stockholm/kvalitetsgarantier")
    monkeypatch.setenv("REDIGERA_AUTH_URL", "https://inloggning.example.stockholm")
    out = tmp_path / "site"
    assert repo.garanti("publish", "--out", str(out), ALLOW_UNVERIFIED) == 0

    config = json.loads((out / "redigera/config.json").read_text(encoding="utf-8"))["decap"]
    assert config["backend"] == {"name": "github", "repo": "stockholm/kvalitetsgarantier", "branch": "main",
                                 "base_url": "https://inloggning.example.stockholm", "auth_scope": "public_repo",
                                 "commit_messages": form.COMMIT_MESSAGES}
    assert config["publish_mode"] == "editorial_workflow" and "local_backend" not in config
    assert [c["name"] for c in config["collections"]][:2] == ["norra-forskolor", "norra-andra"]
    page = html.unescape((out / "redigera/index.html").read_text(encoding="utf-8"))
    assert "connect-src 'self' blob: https://api.github.com;" in page and "127.0.0.1" not in page
    assert (out / "redigera/decap/decap-cms.js").stat().st_size > 1_000_000
