"""The two validators give one verdict. `schemas.validate` asks jsonschema-rs (compiled, fast)
whether a file is valid and only asks `jsonschema` (whose errors are translated) when it is not,
so a file the fast one wrongly found valid would pass unchecked. Every document the check reads
from the mistake table's trees, the accepted edits and the sample content is put to both."""

from __future__ import annotations

import jsonschema_rs
import pytest

from garanti import schemas
from garanti.content import check_tree

from ..helpers import REPO_ROOT
from ..mistakes import ACCEPTED, MISTAKES, make_edits
from ..samples import write_provstaden


@pytest.fixture
def documents(monkeypatch) -> list[tuple[str, object]]:
    """Every (schema, data) the check validates while the test runs."""
    seen: list[tuple[str, object]] = []
    validate = schemas.validate

    def recorded(name, data, written=None):
        seen.append((name, data))
        return validate(name, data, written)

    monkeypatch.setattr(schemas, "validate", recorded)
    return seen


def _python_verdict(name: str, data: object) -> bool:
    return not any(True for _ in schemas._validator(name).iter_errors(data))


def _same_verdicts(documents: list[tuple[str, object]]) -> None:
    assert documents, "the check validated nothing"
    for name, data in documents:
        assert schemas._is_valid(name, data) == _python_verdict(name, data), (name, data)


def test_the_sample_content(documents):
    check_tree(REPO_ROOT)
    assert {name for name, _ in documents} >= {schemas.GUARANTEE_SCHEMA, schemas.BOARD_SCHEMA}
    _same_verdicts(documents)


def test_every_mistake_of_the_table(documents, tmp_path):
    invalid = 0
    for number, mistake in enumerate(MISTAKES):
        documents.clear()
        check_tree(mistake.make(tmp_path / str(number)))
        _same_verdicts(documents) if documents else None
        invalid += sum(not _python_verdict(name, data) for name, data in documents)
    assert invalid >= 30, "the table's schema mistakes reach the validators"


def test_the_accepted_edits(documents, tmp_path):
    for number, (_, path, edits) in enumerate(ACCEPTED):
        root = write_provstaden(tmp_path / str(number))
        make_edits(root, path, edits)
        check_tree(root)
    _same_verdicts(documents)


def test_a_wrong_value_is_found_by_both():
    data = {"title": 5}
    assert not schemas._is_valid(schemas.GUARANTEE_SCHEMA, data)
    assert not _python_verdict(schemas.GUARANTEE_SCHEMA, data)


def test_a_date_written_as_a_block_is_no_date_for_either():
    """Rust's "$" is the end of the text, as the schemas' $ read as ECMA-262 reads it."""
    pattern = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    assert not jsonschema_rs.validator_for(pattern).is_valid("2026-12-31\n")
    assert jsonschema_rs.validator_for(pattern).is_valid("2026-12-31")
    assert not schemas._EcmaValidator(pattern).is_valid("2026-12-31\n")
    assert schemas._EcmaValidator(pattern).is_valid("2026-12-31")


def test_both_read_one_schema_object(monkeypatch):
    """jsonschema reads the very object jsonschema-rs is compiled from (`inlined`), not a rewritten copy."""
    compiled_from = []
    monkeypatch.setattr(jsonschema_rs, "validator_for", lambda schema, **options: compiled_from.append(schema))
    schemas.reload()
    for name in schemas.SCHEMAS:
        schemas._compiled(name)
        assert schemas._validator(name).schema is schemas.inlined(name) is compiled_from[-1], name
    monkeypatch.undo()
    schemas.reload()


def _checked_with_parking(root) -> list[str]:
    """The check's messages for the sample home care unit given a `parking:` key."""
    home = root / "guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.md"
    home.write_text(
        home.read_text(encoding="utf-8").replace("\ncorrection:", "\nparking: Två platser.\ncorrection:", 1),
        encoding="utf-8",
    )
    return [problem.message for problem in check_tree(root).problems]


def test_a_changed_schema_is_read_by_both_validators(changed_schema, documents, tmp_path):
    changed_schema(lambda schema: schema["properties"].update(parking={"title": "Parkering", "type": "string"}))
    assert _checked_with_parking(write_provstaden(tmp_path)) == []
    assert any("parking" in data for _, data in documents)
    _same_verdicts(documents)


def test_a_key_a_changed_schema_added_is_unknown_after_its_test(tmp_path):
    """Runs after the test above: the schema it changed is the schema's own again, for both validators."""
    assert any('Okänd nyckel "parking"' in message for message in _checked_with_parking(write_provstaden(tmp_path)))
