"""The approval tests' repository: norra with both of its units published."""

from __future__ import annotations

import pytest

from ..repos import Repo, make_repo


@pytest.fixture
def repo(tmp_path) -> Repo:
    """make_repo's boards, norra approved on 2025-06-12: both of its units are published now."""
    repo = make_repo(tmp_path / "repo")
    assert repo.approve("norra", "2025-06-12") == 0
    return repo
