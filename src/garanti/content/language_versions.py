"""A guarantee's language versions (<unit>.fi.md, <unit>.lattlast.md), matched against the guarantee.

A version is read as a guarantee is (strict YAML front matter, its schema, the untrusted-text rules,
template text refused outside a draft) and then held to its guarantee's structure: as many
commitments, in the same order, with the same curriculum areas; more information and hours where
the guarantee has them. A version that does not match is refused, naming the commitment. Whether
it was written from the Swedish text as it is now is its `swedish_text` fingerprint against the
guarantee's (fields.swedish_text_of): a version written from an earlier text passes with a warning,
and is never approved (model.Corpus.published). An easy-to-read version is warned about long
sentences and long words (schemas.readability).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import fields, schemas, untrusted_yaml
from ..languages import Language
from ..layout import GUARANTEE_SUFFIX, split_language_version_name
from ..model import HOURS_FIELDS, Board, Guarantee, Hours, LanguageVersion
from .cache import LoadCache
from .files import check_strings, read_text, report_schema
from .follow_ups import shortened
from .guarantees import check_body, draft_of, read_front_matter, refuse_placeholders
from .problems import Findings
from .readability import lix, sentences

# The Swedish text a version was written from, by its fingerprint: (board, unit slug, fingerprint)
# -> that version of the guarantee, or None. Read from git by the caller (the guarantee's history),
# so that a warning can say what changed since; without it the warning says only that it did.
EarlierTexts = Callable[[Board, str, str], "Guarantee | None"]

SWEDISH_TEXT = "swedish_text"  # the field naming the Swedish text a version was written from


def _text_fields() -> tuple[str, ...]:
    """The version's texts a reader reads, by where they stand in its front matter: the fields the
    schema marks translated that are texts of its own kind (correction, complaints, more_info)."""
    return tuple(field.key for field in fields.translated_fields() if field.text and len(field.path) == 1)


@dataclass(frozen=True)
class _VersionText:
    """A version file as read and checked on its own, before it is matched with its guarantee."""

    data: dict
    positions: untrusted_yaml.Positions
    body: str  # as written, blank lines and all (the model keeps it stripped, as a guarantee's)
    body_line: int
    clean: bool  # no problem of its own: it may go into the corpus once it matches its guarantee


def load_language_versions(
    paths: list[Path],
    board: Board | None,
    guarantees: list[Guarantee],
    report: Findings,
    cache: LoadCache,
    earlier_texts: EarlierTexts | None = None,
) -> list[LanguageVersion]:
    """The board's language versions, each checked and matched against its guarantee."""
    by_file = {g.source: g for g in guarantees}
    versions = []
    for path in paths:
        unit, language = split_language_version_name(path.name)
        read = cache.load(
            path, None, report, lambda path=path, language=language: load_version_file(path, language, report)
        )
        guarantee_path = path.with_name(f"{unit}{GUARANTEE_SUFFIX}")
        if not guarantee_path.is_file():
            report.add(
                path,
                1,
                1,
                f"Versionen på {language.name} hör inte till någon garanti: "
                f"{report.relative(guarantee_path)} finns inte. Lägg den bredvid garantin den är en version "
                f'av, med samma namn före "{language.file_suffix}", eller ta bort den.',
            )
            continue
        guarantee = by_file.get(report.relative(guarantee_path))
        if read is None or board is None or guarantee is None:
            continue  # the problems are reported: its own, or its guarantee's or board's
        if _matches(path, read, language, guarantee, report) and read.clean:
            version = _version(path, read, language, guarantee, report)
            if not version.current:
                _warn_stale(path, read, version, guarantee, board, report, earlier_texts)
            versions.append(version)
    return versions


def load_version_file(path: Path, language: Language, report: Findings) -> _VersionText | None:
    """A version file checked on its own: front matter, schema, text rules, template text, readability.
    None if it has no front matter of fields at all."""
    text = read_text(path, report)
    front_matter = (
        read_front_matter(text, path, report, "swedish_text, commitments", "swedish_text: 0123456789")
        if text is not None
        else None
    )
    if front_matter is None:
        return None
    data, positions, body, body_line = (
        front_matter.data,
        front_matter.positions,
        front_matter.body,
        front_matter.body_line,
    )
    before = len(report.problems)
    # swedish_text is said when the version is matched with its guarantee, with the value to write.
    errors = schemas.validate(schemas.LANGUAGE_VERSION_SCHEMA, data, positions.written)
    report_schema(
        [error for error in errors if SWEDISH_TEXT not in (error.path[:1] + (error.missing,))], positions, path, report
    )
    check_strings(data, positions, path, report)
    check_body(body, body_line, path, report)
    if not draft_of(data):
        refuse_placeholders(data, body, body_line, positions, path, report)
    read = _VersionText(data, positions, body, body_line, clean=len(report.problems) == before)
    if language.easy_to_read and read.clean:
        _warn_hard_to_read(path, read, report)
    return read


# --- matching the guarantee ----------------------------------------------------------


def _matches(path: Path, read: _VersionText, language: Language, guarantee: Guarantee, report: Findings) -> bool:
    """Whether the version has the guarantee's parts: its commitments one for one (areas too), and
    more information and hours where the guarantee has them."""
    data, positions = read.data, read.positions
    if not isinstance(data.get("commitments"), list):
        return False  # reported by the schema
    before = len(report.problems)
    theirs, ours = guarantee.commitments, data["commitments"]
    version = f"Versionen på {language.name}"
    if not fields.is_fingerprint(_swedish_text(read)):
        line, column = positions.of((SWEDISH_TEXT,)) if SWEDISH_TEXT in data else (2, 1)
        report.add(
            path,
            line,
            column,
            f"Skriv vilken svensk text versionen är skriven efter: {SWEDISH_TEXT}: "
            f'"{fields.swedish_text_of(guarantee)}", fingeravtrycket av texten i {guarantee.source} som den är '
            "nu. Kontrollera först att versionen säger samma sak som den svenska texten.",
        )
    for index, commitment in enumerate(theirs[len(ours) :], start=len(ours)):
        line, column = positions.of_key(("commitments",))
        report.add(
            path,
            line,
            column,
            f'Åtagande {index + 1} i garantin ("{shortened(commitment.text)}") saknas i '
            f"versionen på {language.name}. Skriv det som punkt {index + 1} under commitments, i samma ordning "
            f"som i {guarantee.source}.",
        )
    for index in range(len(theirs), len(ours)):
        line, column = positions.of(("commitments", index))
        report.add(
            path,
            line,
            column,
            f"{version} har fler åtaganden än garantin ({len(theirs)} i "
            f"{guarantee.source}): punkt {index + 1} motsvarar inget åtagande där. Ta bort den, eller skriv "
            "åtagandet i den svenska garantin först.",
        )
    for index, (commitment, item) in enumerate(zip(theirs, ours, strict=False)):
        area = item.get("area") if isinstance(item, dict) else None
        if area != commitment.area:
            line, column = positions.of(("commitments", index, "area") if area else ("commitments", index))
            report.add(path, line, column, _area_message(index, commitment.text, commitment.area, area, guarantee))
    if (guarantee.more_info is None) != ("more_info" not in data):
        line, column = positions.of_key(("more_info",)) if "more_info" in data else (2, 1)
        report.add(
            path,
            line,
            column,
            f"{version} ska ha mer information (more_info) om garantin har det, annars "
            f"inte: {guarantee.source} har {'inget' if guarantee.more_info is None else 'det'}.",
        )
    _check_unnamed_fields(path, read, version, guarantee, report)
    contact = data.get("contact") if isinstance(data.get("contact"), dict) else {}
    for key in HOURS_FIELDS:
        wanted, written = getattr(guarantee.contact, key), contact.get(key) or []
        if len(wanted) != len(written):
            line, column = positions.of_key(("contact", key)) if key in contact else (2, 1)
            report.add(
                path,
                line,
                column,
                f"{version} ska ha lika många rader under contact: {key}: som garantin "
                f"({len(wanted)} i {guarantee.source}), på versionens språk och i samma ordning.",
            )
    return len(report.problems) == before


def _check_unnamed_fields(path: Path, read: _VersionText, version: str, guarantee: Guarantee, report: Findings) -> None:
    """A marked field the model does not name: worded only where the guarantee has it, and only by a version
    whose fingerprint covers it (else a later change of its Swedish text would not make the version stale)."""
    titles = {field.key: field.title for field in fields.translated_fields()}
    since = {field.key: field.since for field in fields.translated_fields()}
    against = fields.written_against(guarantee, _swedish_text(read))
    for key, _ in fields.unnamed_translations(read.data):
        line, column = read.positions.of_key((key,))
        if key not in dict(guarantee.extra):
            report.add(
                path,
                line,
                column,
                f"{version} har {titles[key].lower()} ({key}), men garantin har det inte: {guarantee.source}. "
                "Ta bort det ur versionen, eller skriv det i den svenska garantin först.",
            )
        elif against is not None and since[key] > against:
            report.add(
                path,
                line,
                column,
                f"{version} har {titles[key].lower()} ({key}), men är skriven efter en svensk text utan det "
                f"(swedish_text). Kontrollera att versionen säger samma sak som {guarantee.source} och skriv "
                f'sedan swedish_text: "{fields.swedish_text_of(guarantee)}".',
            )


def _swedish_text(read: _VersionText) -> object:
    """The fingerprint as written: one of only digits, unquoted, YAML reads as a number."""
    value = read.data.get(SWEDISH_TEXT)
    return read.positions.written.get((SWEDISH_TEXT,), value) if isinstance(value, int) else value


def _area_message(index: int, text: str, wanted: str | None, written: str | None, guarantee: Guarantee) -> str:
    number = f'Åtagande {index + 1} ("{shortened(text)}" i {guarantee.source})'
    if wanted is None:
        return f"{number} har inget läroplansområde: bara förskolor anger area. Skriv åtagandet som en vanlig text."
    if written is None:
        return (
            f'{number} hör till läroplansområdet "{wanted}". Skriv "- area: {wanted}" och på nästa rad, '
            'indraget, "text:" med åtagandet.'
        )
    return (
        f'{number} hör till läroplansområdet "{wanted}", inte "{written}". Skriv åtagandena i samma '
        "ordning som i garantin."
    )


def _version(
    path: Path, read: _VersionText, language: Language, guarantee: Guarantee, report: Findings
) -> LanguageVersion:
    data = read.data
    contact = data.get("contact", {})
    return LanguageVersion(
        board=guarantee.board,
        department=guarantee.department,
        unit=guarantee.slug,
        language=language,
        title=data.get("title"),
        commitments=fields.commitments(data["commitments"]),
        correction=data["correction"],
        complaints=data["complaints"],
        body=read.body.strip(),
        swedish_text=_swedish_text(read),
        current=fields.written_against(guarantee, _swedish_text(read)) is not None,
        more_info=data.get("more_info"),
        opening_hours=tuple(Hours(**line) for line in contact.get("opening_hours", ())),
        visiting_hours=tuple(Hours(**line) for line in contact.get("visiting_hours", ())),
        draft=draft_of(data),
        source=report.relative(path),
        extra=fields.unnamed_translations(data),
    )


def _warn_stale(
    path: Path,
    read: _VersionText,
    version: LanguageVersion,
    guarantee: Guarantee,
    board: Board,
    report: Findings,
    earlier_texts: EarlierTexts | None,
) -> None:
    """A version written from an earlier Swedish text: said, with what changed when git knows that text."""
    now = fields.swedish_text_of(guarantee)
    earlier = earlier_texts(board, guarantee.slug, version.swedish_text) if earlier_texts else None
    changed = f" Ändrat sedan dess: {', '.join(changed_parts(earlier, guarantee))}." if earlier else ""
    line, column = read.positions.of((SWEDISH_TEXT,))
    report.warn(
        path,
        line,
        column,
        f"Den svenska texten i {guarantee.source} har ändrats sedan versionen på "
        f"{version.language.name} skrevs (swedish_text: {version.swedish_text}, garantin nu: {now}), så "
        f"versionen fastställs och publiceras inte.{changed} Uppdatera versionen efter den svenska texten "
        f'och skriv sedan swedish_text: "{now}".',
    )


def changed_parts(before: Guarantee, after: Guarantee) -> list[str]:
    """What a version words that differs between two Swedish texts, named as the editor finds it:
    "åtagande 3", "Rättelse" (the fields the schema marks translated, a field of parts named once)."""
    parts: list[str] = []
    for field in fields.translated_fields():
        old, new = fields.worded(before, field)[1], fields.worded(after, field)[1]
        if field.path == ("commitments",):
            parts += [
                f"åtagande {index + 1}"
                for index in range(max(len(old), len(new)))
                if old[index : index + 1] != new[index : index + 1]
            ]
        elif old != new and field.title not in parts:
            parts.append(field.title)
    return parts


# --- easy to read ---------------------------------------------------------------------------


def _texts(read: _VersionText) -> Iterator[tuple[str, tuple[int, int] | None, str]]:
    """(what, where, text) of each text a reader reads: its position in the front matter, or None for
    the verksamhetsidé (whose words are placed by their own line)."""
    commitments = read.data.get("commitments") or []
    for index, item in enumerate(commitments):
        at = ("commitments", index, "text") if isinstance(item, dict) else ("commitments", index)
        text = item.get("text") if isinstance(item, dict) else item
        if isinstance(text, str):
            yield f"åtagande {index + 1}", read.positions.of(at), text
    for key in _text_fields():
        if isinstance(read.data.get(key), str):
            yield key, read.positions.of((key,)), read.data[key]
    yield "verksamhetsidén", None, read.body


def _warn_hard_to_read(path: Path, read: _VersionText, report: Findings) -> None:
    """Warnings for an easy-to-read version: long sentences, long words, a high LIX."""
    limits = schemas.readability()
    for what, at, text in _texts(read):

        def place(offset: int, at=at, text=text) -> tuple[int, int]:
            if at is not None:
                return at
            before = text[:offset]
            return read.body_line + before.count("\n"), offset - (before.rfind("\n") + 1) + 1

        warned: set[str] = set()
        for sentence in sentences(text):
            if len(sentence.words) > limits.max_sentence_words:
                first = " ".join(word for _, word in sentence.words[:6])
                report.warn(
                    path,
                    *place(sentence.offset),
                    f'Lättläst: meningen som börjar "{first} …" ({what}) har '
                    f"{len(sentence.words)} ord. Skriv högst {limits.max_sentence_words} ord i en mening: "
                    "dela den i två.",
                )
            for place_in_sentence, (offset, word) in enumerate(sentence.words):
                if place_in_sentence and word[:1].isupper():
                    continue  # a name ("Midsommarkransen"): the reader knows it by its name
                if len(word) > limits.max_word_letters and word not in warned:
                    warned.add(word)
                    report.warn(
                        path,
                        *place(offset),
                        f'Lättläst: ordet "{word}" ({what}) har {len(word)} bokstäver. '
                        f"Välj ett kortare ord, eller dela ordet med bindestreck (högst "
                        f"{limits.max_word_letters} bokstäver i följd).",
                    )
    index = lix([text for _, _, text in _texts(read)])
    if index is not None and index > limits.max_lix:
        report.warn(
            path,
            1,
            1,
            f"Lättläst: texten har läsbarhetsindex (LIX) {index}; en lättläst text bör ha högst "
            f"{limits.max_lix}. Skriv kortare meningar och kortare ord.",
        )
