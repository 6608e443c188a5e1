"""A unit page's structured data for search engines: schema.org in JSON-LD.

What a search engine reads of a unit's page: the service (a GovernmentService of the unit's
kind), who runs it (the unit, with its address, phone and e-mail), the board that provides it
(part of the City of Stockholm), the area it serves, and the guarantee itself as a document with
its validity. Everything comes from the page's view (selection.GuaranteeView): pure, as the page is.

The vocabulary's types and properties used here are checked in the tests against schema.org's own
definitions (tests/site/schemaorg/), properties against the types they may describe.
"""

from __future__ import annotations

import json
from typing import Any

from ..model import PRESCHOOL
from . import labels, paths, render
from .selection import GuaranteeView

CONTEXT = "https://schema.org"
# The page's front matter carries the data to the theme, which puts it in the page's head (overrides/main.html).
FRONT_MATTER_KEY = "garanti_strukturerade_data"
# The unit's own schema.org type where the vocabulary has one for its service; else an Organization.
UNIT_TYPES = {PRESCHOOL: "Preschool"}

# Inside <script>, HTML ends the element at "</script" and reads "<!--" as a comment: no "<" may be
# there as itself. ">" and "&" go too, so that no reader takes the data for markup; U+2028 and U+2029
# end a line in older JavaScript. JSON reads each escape as the character it stands for.
_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def unit_data(view: GuaranteeView) -> dict[str, Any]:
    """The schema.org description of the guarantee on a unit's page (or its language version's)."""
    guarantee, board, t = view.guarantee, view.board, labels.of(view.language)
    board_url = _absolute(view, paths.url_of(paths.board_page(board.slug)))
    unit_url = _absolute(view, guarantee.url)  # the unit and its service are one in every language
    provider = {
        "@type": "GovernmentOrganization",
        "@id": f"{board_url}#namnd",
        "name": board.name,
        "url": board_url,
        "parentOrganization": {"@type": "GovernmentOrganization", "name": t.city},
    }
    contact = guarantee.contact
    unit = _without_empty(
        {
            "@type": UNIT_TYPES.get(guarantee.service, "Organization"),
            "@id": f"{unit_url}#enhet",
            "name": guarantee.title,
            "address": contact.address,
            "telephone": render.phone_link(contact.phone).removeprefix("tel:") if contact.phone else None,
            "email": contact.email,
            "url": contact.web if contact.web and render.is_web_address(contact.web) else None,
            "parentOrganization": {"@id": provider["@id"]},
        }
    )
    channel = _without_empty(
        {
            "@type": "ServiceChannel",
            "serviceUrl": view.address,
            "servicePhone": _without_empty(
                {"@type": "ContactPoint", "telephone": unit.get("telephone"), "email": contact.email}
            )
            if contact.phone or contact.email
            else None,
            "serviceLocation": {"@type": "Place", "name": guarantee.title, "address": contact.address}
            if contact.address
            else None,
            # The minority languages it serves in besides Swedish, named in the page's language.
            "availableLanguage": [t.value(language) for language in guarantee.service_languages],
        }
    )
    document = _without_empty(
        {
            "@type": "DigitalDocument",
            "name": f"{t.notice_heading} – {guarantee.title}",
            "url": view.address,
            "inLanguage": t.tag,
            "temporalCoverage": f"{guarantee.valid_from.isoformat()}/{guarantee.valid_to.isoformat()}",
            "expires": guarantee.valid_to.isoformat(),
            "publisher": {"@id": provider["@id"]},
            "dateCreated": view.approval.meeting.date.isoformat() if view.approval else None,
        }
    )
    return _without_empty(
        {
            "@context": CONTEXT,
            "@type": "GovernmentService",
            "@id": f"{unit_url}#tjanst",
            "name": guarantee.title,
            "serviceType": t.value(guarantee.service),
            "description": t.description.format(title=guarantee.title, area=board.display_name),
            "url": view.address,
            "areaServed": {"@type": "AdministrativeArea", "name": board.district or t.city},
            "provider": provider,
            "serviceOperator": unit,
            "availableChannel": channel,
            "termsOfService": view.address,
            "subjectOf": document,
        }
    )


def text(data: dict[str, Any]) -> str:
    """The data as the content of a <script type="application/ld+json"> element, safe whatever its texts
    hold: it is data, which browsers never run, and no text in it can end the element."""
    written = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for character, escape in _ESCAPES.items():
        written = written.replace(character, escape)
    return written


def _absolute(view: GuaranteeView, page_url: str) -> str:
    return view.settings.site_url.rstrip("/") + "/" + page_url


def _without_empty(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value not in (None, "", [], {})}
