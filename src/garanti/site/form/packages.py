"""The files the site takes as they are from the form's Node packages (redigera/node_modules)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .settings import DECAP_DIR, YAML_DIR, FormSettings

# --- the files --------------------------------------------------------------------------


@dataclass(frozen=True)
class CopiedFile:
    """A file the site takes as it is from the form's Node packages."""

    path: str  # below the site root
    source: Path


def copied_files(settings: FormSettings) -> list[CopiedFile]:
    """Decap's bundle (its code-split parts beside it) and the yaml library's browser build."""
    if not settings.installed:
        return []
    decap = settings.modules / "decap-cms" / "dist"
    yaml = settings.modules / "yaml" / "browser" / "dist"
    copied = [CopiedFile(f"{DECAP_DIR}/{path.name}", path) for path in sorted(decap.glob("*decap-cms.js"))]
    copied += [
        CopiedFile(f"{YAML_DIR}/{path.relative_to(yaml).as_posix()}", path) for path in sorted(yaml.rglob("*.js"))
    ]
    return copied
