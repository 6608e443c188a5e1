"""The form page's Content-Security-Policy."""

from __future__ import annotations

from urllib.parse import urlsplit

from .settings import FormSettings

# --- the page -------------------------------------------------------------------


def content_security_policy(settings: FormSettings) -> str:
    """The form page's policy: only its own files, and only the back end it saves to.

    Two relaxations, both forced by Decap CMS and both kept to this page:
    - script-src 'unsafe-eval': Decap validates its configuration with Ajv, which compiles
      each schema into a function (new Function); without it the form does not start.
      No inline script runs ('unsafe-inline' is not given), and every script is our own file.
    - style-src 'unsafe-inline': Decap styles itself with Emotion, which writes <style>
      elements at run time. Styles cannot run code.
    connect-src blob: lets Decap read back what it holds in the page's own memory (an entry
    being saved); a blob: address is made by the page itself and names nothing elsewhere.
    """
    connect = ["'self'", "blob:", *sorted(_origins(settings))]
    images = ["'self'", "data:", "blob:", *sorted(_image_origins(settings))]
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            f"connect-src {' '.join(connect)}",
            f"img-src {' '.join(images)}",
            "font-src 'self'",
            "manifest-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "object-src 'none'",
        ]
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _origins(settings: FormSettings) -> set[str]:
    """Where the form's requests go besides its own site: the local back end, or the git host's API."""
    if settings.local_backend:
        return {_origin(settings.local_backend)}
    backend = settings.backend
    name = backend.get("name", "github")
    if name == "github":
        return {_origin(backend.get("api_root", "https://api.github.com"))}
    if name == "gitlab":
        origins = {_origin(backend.get("api_root", "https://gitlab.com/api/v4"))}
        if backend.get("base_url"):  # PKCE: the token is fetched from the GitLab host itself
            origins.add(_origin(backend["base_url"]))
        return origins
    return set()


def _image_origins(settings: FormSettings) -> set[str]:
    """The signed-in editor's picture in the form's header comes from the git host."""
    if settings.local_backend or settings.backend.get("name", "github") != "github":
        return set()
    return {"https://avatars.githubusercontent.com"}
