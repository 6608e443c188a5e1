"""The site's words, read from its message catalogues (site/labels.py, locale/<key>/LC_MESSAGES/garanti.po):
the Swedish one lists every message; each language's names no other; a language of its own (not a
Swedish variant) has them all; a translation fills the same places as the Swedish text."""

from __future__ import annotations

import re

import pytest

from garanti.languages import LANGUAGES, SWEDISH_TAG
from garanti.site import headings, labels

PLACE = re.compile(r"\{(\w+)\}")


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: language.key)
def test_a_catalogue_has_the_swedish_messages_and_fills_their_places(language):
    swedish, own = labels.catalogue_words(labels.SWEDISH_KEY), labels.catalogue_words(language.key)
    assert set(own) <= set(swedish), "a message the Swedish catalogue does not list"
    if language.tag != SWEDISH_TAG:
        assert set(own) == set(swedish), "a language of its own says every message (an empty one: not shown)"
    for name, text in own.items():
        if text and swedish[name]:
            assert set(PLACE.findall(text)) <= set(PLACE.findall(swedish[name])), name


def test_a_message_is_an_attribute_and_a_missing_one_an_error():
    assert labels.SWEDISH.commitments == "Våra åtaganden"
    assert labels.SWEDISH.permalink == headings.PERMALINK_TITLE  # the headings' own default, the same words
    with pytest.raises(AttributeError, match="no message 'commitment'"):
        labels.SWEDISH.commitment  # noqa: B018
