"""Which approved version of a unit is in force on a day, which comes next, and what changed when
(garanti.timeline, garanti.changes): the model, without git or MkDocs."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from garanti.changes import CHANGED, compare_unit, for_residents
from garanti.model import Board, Commitment, Contact, FollowUp, Guarantee, Meeting
from garanti.timeline import ENDED, IN_FORCE, UPCOMING, Decided, Timeline

BOARD = Board(
    "norra",
    "Norrstadens stadsdelsnämnd",
    "stadsdelsnämnd",
    "Norrstaden",
    {"aldreomsorg": "Äldreomsorg"},
    (
        Meeting(dt.date(2026, 1, 22), "NS-1", "§ 1"),
        Meeting(dt.date(2026, 6, 11)),
        Meeting(dt.date(2026, 12, 10), "NS-2", "§ 9"),
    ),
)

KEEP = "Vi ringer om vi blir mer än 30 minuter försenade."


def unit(slug: str, year: int, *promises: str, correction: str = "Vi rättar inom en vecka.") -> Guarantee:
    return Guarantee(
        "norra",
        "aldreomsorg",
        slug,
        slug.capitalize(),
        "hemtjänst",
        dt.date(year, 1, 1),
        dt.date(year, 12, 31),
        tuple(Commitment(p) for p in promises or (KEEP,)),
        correction,
        "Ring oss.",
        Contact(phone="08-508 11 111"),
        "Text.",
        source=f"guarantees/norra/aldreomsorg/{slug}.md",
    )


def decided(date: str, *guarantees: Guarantee, follow_ups: tuple[FollowUp, ...] = ()) -> Decided:
    day = dt.date.fromisoformat(date)
    return Decided(
        BOARD,
        BOARD.meeting_on(day) or Meeting(day),
        f"norra/{date}",
        "0" * 40,
        {g.slug: g for g in guarantees},
        follow_ups,
    )


def follow_up(slug: str, year: int, complaints: int = 2) -> FollowUp:
    return FollowUp(
        "norra",
        "aldreomsorg",
        slug,
        year,
        (),
        0,
        None,
        complaints,
        source=f"guarantees/norra/aldreomsorg/{slug}.uppfoljning-{year}.yml",
    )


JANUARY = decided("2026-01-22", unit("a", 2026), unit("b", 2026))
DECEMBER = decided("2026-12-10", unit("a", 2027, KEEP, "Du får en kontaktperson inom en vecka."))


def test_a_december_decision_for_next_year_leaves_this_year_in_force_and_announces_the_next():
    a = Timeline([DECEMBER, JANUARY]).units[("norra", "a")]
    shown = a.shown(dt.date(2026, 12, 15))
    assert (shown.state, shown.version.year, shown.version.decision is JANUARY) == (IN_FORCE, 2026, True)
    assert a.upcoming(dt.date(2026, 12, 15)).year == 2027
    after = a.shown(dt.date(2027, 1, 2))
    assert (after.state, after.version.year, after.version.decision is DECEMBER) == (IN_FORCE, 2027, True)
    assert a.upcoming(dt.date(2027, 1, 2)) is None
    assert [a.address(v) for v in a.versions] == ["2026/", "2027/"]


def test_a_unit_left_out_of_next_years_decision_stays_in_force_until_its_validity_ends():
    b = Timeline([JANUARY, DECEMBER]).units[("norra", "b")]
    assert b.shown(dt.date(2026, 12, 31)).state == IN_FORCE
    ended = b.shown(dt.date(2027, 1, 1))
    assert (ended.state, ended.withdrawn_by) == (ENDED, None)  # its validity ran out
    assert [entry.change.status for entry in b.history] == ["ny", "borttagen"]


def test_a_decision_for_this_year_without_a_unit_withdraws_it_from_its_date():
    june = decided("2026-06-11", unit("a", 2026))
    b = Timeline([JANUARY, june]).units[("norra", "b")]
    assert b.shown(dt.date(2026, 6, 1)).state == IN_FORCE
    ended = b.shown(dt.date(2026, 6, 12))
    assert (ended.state, ended.withdrawn_by) == (ENDED, june)


def test_a_correction_within_the_year_replaces_the_text_and_keeps_the_first_at_an_address_of_its_own():
    june = decided("2026-06-11", unit("a", 2026, KEEP, correction="Vi rättar samma dag."), unit("b", 2026))
    a = Timeline([JANUARY, june]).units[("norra", "a")]
    assert a.in_force(dt.date(2026, 6, 1)).decision is JANUARY
    assert a.in_force(dt.date(2026, 6, 12)).decision is june
    assert [a.address(v) for v in a.versions] == ["2026/2026-01-22/", "2026/"]
    b = Timeline([JANUARY, june]).units[("norra", "b")]
    assert len(b.versions) == 1 and [e.decision for e in b.history] == [JANUARY]  # approved again unchanged


def test_a_new_unit_approved_for_next_year_is_shown_as_upcoming():
    december = decided("2026-12-10", unit("a", 2027), unit("c", 2027))
    c = Timeline([JANUARY, december]).units[("norra", "c")]
    assert c.shown(dt.date(2026, 12, 15)).state == UPCOMING
    assert c.shown(dt.date(2027, 1, 1)).state == IN_FORCE


def test_follow_ups_go_beside_the_version_they_report_on_and_only_new_or_changed_ones_are_history():
    spring = decided("2026-06-11", unit("a", 2026), unit("b", 2026), follow_ups=(follow_up("a", 2025),))
    december = decided("2026-12-10", unit("a", 2027), follow_ups=(follow_up("a", 2025), follow_up("a", 2026, 5)))
    earlier = decided("2025-01-20", unit("a", 2025))
    timeline = Timeline([earlier, JANUARY, spring, december])
    a = timeline.units[("norra", "a")]
    by_year = {v.year: v for v in a.versions}
    assert [f.year for f in a.follow_ups_of(by_year[2025])] == [2025]
    assert [f.year for f in a.follow_ups_of(by_year[2026])] == [2026]
    assert [(e.decision.date.isoformat(), [f.year for f in e.follow_ups]) for e in a.history] == [
        ("2025-01-20", []),
        ("2026-01-22", []),
        ("2026-06-11", [2025]),
        ("2026-12-10", [2026]),
    ]
    corpus = timeline.corpus_on(dt.date(2026, 12, 15))
    assert sorted((g.slug, g.valid_from.year) for g in corpus.guarantees) == [("a", 2026), ("b", 2026)]
    assert sorted((f.unit, f.year) for f in corpus.follow_ups) == [("a", 2025), ("a", 2026)]


def test_what_changed_is_said_in_a_residents_words():
    old = unit("a", 2026, KEEP, "Du får en kontaktperson inom två veckor.", "Vi städar varje vecka.")
    new = replace(
        unit("a", 2027, KEEP, "Du får en kontaktperson inom en vecka.", "Du får välja tid för duschen."),
        complaints="Skriv till oss.",
    )
    change = compare_unit(new, old)
    assert change.status == CHANGED
    assert for_residents(change) == [
        "Ny giltighetstid: 1 januari–31 december 2027.",
        "Nytt åtagande: ”Du får välja tid för duschen.”",
        "Åtagandet ”Du får en kontaktperson inom två veckor.” ändrades till ”Du får en kontaktperson inom en vecka.”",
        "Borttaget åtagande: ”Vi städar varje vecka.”",
        "Ny text om hur du lämnar synpunkter och klagomål.",
    ]


# A decision speaks until another decision speaks (issue 32): a withdrawn unit stays withdrawn.


def lasting(slug: str, first: int, last: int, *promises: str) -> Guarantee:
    """A guarantee valid for several years, by mistake or on purpose."""
    return replace(unit(slug, first, *promises), valid_to=dt.date(last, 12, 31))


def test_a_withdrawn_unit_stays_withdrawn_once_the_withdrawing_decisions_guarantees_expire():
    earlier = decided("2025-12-11", lasting("a", 2026, 2027), unit("b", 2026))
    timeline = Timeline([earlier, JANUARY_WITHOUT_A := decided("2026-01-22", unit("b", 2026))])
    a = timeline.units[("norra", "a")]
    assert a.shown(dt.date(2026, 1, 21)).state == IN_FORCE
    for day in (dt.date(2026, 1, 22), dt.date(2026, 12, 31), dt.date(2027, 1, 5), dt.date(2027, 12, 31)):
        shown = a.shown(day)
        assert (shown.state, shown.withdrawn_by) == (ENDED, JANUARY_WITHOUT_A), day
        assert a.in_force(day) is None and a.upcoming(day) is None
    assert a.shown(dt.date(2028, 1, 1)).withdrawn_by is None  # its validity has run out too: just ended
    corpus = timeline.corpus_on(dt.date(2027, 1, 5))
    assert [
        g.slug
        for g in corpus.guarantees
        if timeline.units[("norra", g.slug)].shown(dt.date(2027, 1, 5)).state == IN_FORCE
    ] == []


def test_a_validity_of_several_years_holds_until_a_later_decision_leaves_the_unit_out():
    alone = decided("2025-12-11", lasting("a", 2026, 2028), unit("b", 2026))
    a = Timeline([alone]).units[("norra", "a")]
    assert all(a.shown(dt.date(year, 6, 1)).state == IN_FORCE for year in (2026, 2027, 2028))
    december = decided("2026-12-10", unit("b", 2027))  # next year's decision, without a
    a = Timeline([alone, december]).units[("norra", "a")]
    assert a.shown(dt.date(2026, 12, 15)).state == IN_FORCE  # next year's decision has not spoken yet
    for day in (dt.date(2027, 1, 1), dt.date(2028, 3, 1)):  # and past the expiry of its guarantees
        assert (a.shown(day).state, a.shown(day).withdrawn_by) == (ENDED, december), day


def test_a_text_replaced_with_a_shorter_validity_does_not_bring_the_longer_one_back():
    alone = decided("2025-12-11", lasting("a", 2026, 2027))
    june = decided("2026-06-11", unit("a", 2026, KEEP, correction="Vi rättar samma dag."))
    a = Timeline([alone, june]).units[("norra", "a")]
    assert a.in_force(dt.date(2026, 7, 1)).decision is june
    shown = a.shown(dt.date(2027, 3, 1))
    assert (shown.state, shown.version.decision, shown.withdrawn_by) == (ENDED, june, None)


def test_a_decision_in_the_future_says_nothing_until_its_day_and_then_speaks_from_it():
    june = decided("2026-06-11", unit("a", 2026))
    b = Timeline([JANUARY, june]).units[("norra", "b")]
    assert b.shown(dt.date(2026, 6, 10)).state == IN_FORCE  # the withdrawal is decided the next day
    assert (b.shown(dt.date(2026, 6, 11)).state, b.shown(dt.date(2026, 6, 11)).withdrawn_by) == (ENDED, june)
    reopened = decided("2026-12-10", unit("a", 2027), unit("b", 2027))
    b = Timeline([JANUARY, june, reopened]).units[("norra", "b")]
    before = b.shown(dt.date(2026, 12, 15))
    assert (before.state, before.version.year) == (UPCOMING, 2027)  # withdrawn this year, approved for the next
    assert b.in_force(dt.date(2026, 12, 15)) is None
    after = b.shown(dt.date(2027, 1, 2))
    assert (after.state, after.version.decision) == (IN_FORCE, reopened)


def test_two_decisions_on_one_day_are_read_in_the_order_of_their_tags_and_boards_do_not_speak_for_each_other():
    same_day = dt.date(2026, 6, 11)
    without_b = Decided(BOARD, Meeting(same_day), "norra/2026-06-11", "1" * 40, {"a": unit("a", 2026)})
    with_b = Decided(
        BOARD,
        Meeting(same_day),
        "norra/2026-06-11-b",
        "2" * 40,
        {g.slug: g for g in (unit("a", 2026), unit("b", 2026, KEEP, correction="Vi rättar direkt."))},
    )
    for order in ([JANUARY, without_b, with_b], [with_b, without_b, JANUARY]):
        b = Timeline(order).units[("norra", "b")]
        assert b.in_force(same_day).decision is with_b
        assert b.in_force(dt.date(2026, 6, 10)).decision is JANUARY
    south = replace(BOARD, slug="sodra", name="Söderstadens stadsdelsnämnd")
    other = Decided(
        south,
        Meeting(same_day),
        "sodra/2026-06-11",
        "3" * 40,
        {"c": replace(unit("c", 2026), board="sodra", source="guarantees/sodra/aldreomsorg/c.md")},
    )
    timeline = Timeline([JANUARY, other])
    assert timeline.units[("norra", "b")].shown(same_day).state == IN_FORCE  # another board's decision
    assert timeline.units[("sodra", "c")].shown(same_day).state == IN_FORCE
