"""Every word the site itself puts on a guarantee's page, its language pages and the theme around
them, per language: one table, one place.

The Swedish labels are the site's own; a Finnish page (lang="fi") has all of them in Finnish, and
an easy-to-read page (lättläst) has simpler Swedish ones. Material's own labels (the skip link, the
table of contents, "back to top") come from its language files, chosen by the page's language in
overrides/partials/language.html; the header, the navigation of a page in another language and the
search page take theirs from `theme_labels`, which the hook hands the theme. Names the editors write
(a board's, a department's) stay as written: on a Finnish page they are marked lang="sv".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace

from .. import schemas
from ..languages import EASY_SWEDISH, FINNISH, LANGUAGES, SWEDISH_TAG, Language
from ..model import AWARD_OUTCOMES, Meeting, QualityAward
from ..wording import date_text, listed, period_text
from . import paths
from .headings import PERMALINK_TITLE

SWEDISH_KEY = "sv"  # the Swedish page's key among the labels' (a language version's is its Language.key)


@dataclass(frozen=True)
class Labels:
    key: str  # SWEDISH_KEY, or a language version's key
    tag: str  # the page's lang attribute
    conjunction: str  # "och": the last of a list
    # The page's description (its <meta>), {title} {area}; the wall notice's head (printed only) and the page's notes.
    description: str
    notice_heading: str
    city: str
    draft_title: str
    draft_text: str
    expired_title: str
    expired_text: str  # {date}
    expired_where: str  # followed by the department
    upcoming_title: str
    upcoming_text: str  # {date}
    withdrawn_text: str  # {board} {date}: the decision that left the unit out
    # A unit's record: an earlier text in the archive, a text to come announced on the page in force.
    archived_title: str
    archived_text: str  # {board} {date} {period}
    unit_today: str  # the link from an earlier text to the unit's page
    to_unit_page: str  # the link from a text to come's own page to the unit's page
    announced_title: str  # {date}
    announced_text: str  # {board} {date}
    announced_link: str  # {date}: to the text to come in this page's language
    announced_in_swedish: str  # {date}: to the text to come in Swedish, when it has no version in this language
    # Headings.
    commitments: str
    correction: str
    complaints: str
    more_info: str
    contact: str
    validity: str
    # Validity and decision.
    valid_during: str  # {period}
    approved_by: str  # followed by the board's name
    approved_on: str  # {date}, after the board's name
    case_number: str  # before a decision's case number: "dnr"
    minutes: str
    proposal: str  # followed by the board's name
    preview_note: str
    to_be_approved: str  # followed by the board's name
    # The page's foot.
    qr_alt: str
    address_line: str
    more_from: str  # followed by the department
    compare: str  # {service} {where}
    # Contact.
    phone: str
    email: str
    address: str
    show_on_map: str
    opening_hours: str
    visiting_hours: str
    web: str
    # Language versions.
    own_name: str  # a version's name in its own language, as other pages link it ("Suomeksi")
    other_versions: str  # the language links' name for screen readers
    read_in_swedish: str  # the link to the Swedish text from this page, in Swedish
    version_note: str  # which text applies (on a version's page)
    stale_title: str
    stale_text: str
    easy_to_read_mark: str  # the mark an easy-to-read page carries at its top ("" for none)
    title_suffix: str  # after the unit's name in the page's title: " – lättläst"
    serves_in: str  # {languages}: the unit serves in them besides Swedish
    # A year of the city's kvalitetsutmärkelse ({year}), by its outcome: entered by the board's decision, took
    # part without the award, won it; then its class ({category}) and the decision ({board} {date}).
    award_entered: str
    award_took_part: str
    award_won: str
    award_category: str
    award_decision: str
    # The search's filter of it, and its values: every unit that took part, and those that won.
    filter_award: str
    award_filter_entered: str
    award_filter_won: str
    all_versions: str  # the link from a version's page to its language's entry page
    entry_title: str  # the language's entry page's title (paths.language_page)
    # A unit's address in the language when the text at the unit's address has no version in it (absent.html.j2).
    absent_title: str
    absent_replaced: str  # {board} {date}: the decision that approved the text in force without a version
    absent_never: str
    absent_archive: str  # the heading of the earlier texts' versions in the language
    swedish_page: str  # the link to the unit's Swedish page
    # The theme around the page (header, navigation, search page), see theme_labels.
    site_name: str
    search_form: str
    search_field: str
    search_placeholder: str
    search_button: str
    search_words: str
    search_submit: str
    search_tips: str
    filters_summary: str
    filter_area: str
    filter_service: str
    filter_department: str
    filter_language: str
    more_results: str
    no_script: str
    results_heading: str
    preview_banner: str
    permalink: str
    feeds_title: str  # the decisions' feeds, as a feed reader names them (overrides/main.html)

    def date(self, day: dt.date) -> str:
        return f"{day.day}.{day.month}.{day.year}" if self.tag == FINNISH.tag else date_text(day)

    def period(self, start: dt.date, end: dt.date) -> str:
        if self.tag != FINNISH.tag:
            return period_text(start, end)
        if start.year == end.year:
            return f"{start.day}.{start.month}.–{self.date(end)}"
        return f"{self.date(start)}–{self.date(end)}"

    def reference(self, meeting: Meeting) -> str:
        """A decision's reference as minutes write it, "dnr HL-2026/46, § 7", in this language."""
        return meeting.reference_with(self.case_number)

    def award(self, outcome: str | None) -> str:
        """The sentence of a year of the kvalitetsutmärkelse ({year}) by its outcome (model.AWARD_OUTCOMES; None:
        the board entered the unit, and how it went is not recorded)."""
        return {None: self.award_entered, AWARD_OUTCOMES[0]: self.award_took_part, AWARD_OUTCOMES[1]: self.award_won}[
            outcome
        ]

    def award_filter(self, awards: Iterable[QualityAward]) -> tuple[str, ...]:
        """The search filter's values of a unit's years of the kvalitetsutmärkelse: took part, and won."""
        awards = tuple(awards)
        won = any(award.outcome == AWARD_OUTCOMES[1] for award in awards)
        return ((self.award_filter_entered,) if awards else ()) + ((self.award_filter_won,) if won else ())

    def listed(self, words) -> str:
        """Fixed values of the schema in this language, listed: "finska och samiska", "suomi ja saame"."""
        return listed([self.value(word) for word in words], self.conjunction)

    def value(self, word: str) -> str:
        """A fixed value of the schema (a service type, a curriculum area, a language) in this language."""
        return schemas.value_names(self.tag).get(word, word) if self.tag != SWEDISH_TAG else word


SWEDISH = Labels(
    key=SWEDISH_KEY,
    tag=SWEDISH_TAG,
    conjunction="och",
    description="Kvalitetsgaranti för {title}, {area}.",
    notice_heading="Kvalitetsgaranti",
    city="Stockholms stad",
    draft_title="Utkast",
    draft_text="Den här garantin är ett utkast. Den syns bara i förhandsgranskningen och publiceras inte.",
    expired_title="Garantin gäller inte längre",
    expired_text="Den här garantin gällde till och med {date}; den gäller inte längre.",
    expired_where="Enhetens gällande garanti hittar du hos",
    upcoming_title="Garantin har inte börjat gälla",
    upcoming_text="Den här garantin gäller från och med {date}.",
    withdrawn_text="{board} fastställde den {date} garantierna utan den här enheten, så garantin gäller inte längre.",
    archived_title="Tidigare version",
    archived_text="Så här löd garantin som {board} fastställde den {date}. Den gällde {period}.",
    unit_today="Enhetens garanti i dag",
    to_unit_page="Till enhetens sida",
    announced_title="Ny garanti från {date}",
    announced_text="{board} har fastställt en ny garanti för enheten. Den gäller från och med {date}; till dess gäller "
    "garantin på den här sidan.",
    announced_link="Läs garantin som gäller från {date}",
    announced_in_swedish="Läs garantin som gäller från {date}",
    commitments="Våra åtaganden",
    correction="Om vi inte håller vad vi lovar",
    complaints="Synpunkter och klagomål",
    more_info="Mer information",
    contact="Kontakt",
    validity="Giltighetstid",
    valid_during="Garantin gäller {period}.",
    approved_by="Fastställd av",
    approved_on="den {date}",
    case_number="dnr",
    minutes="Protokollet från sammanträdet",
    proposal="Förslag: garantin ska fastställas av",
    preview_note="Förhandsgranskning – inte fastställd version.",
    to_be_approved="Garantin ska fastställas av",
    qr_alt="QR-kod till sidans adress",
    address_line="Den här garantin finns på",
    more_from="Fler garantier från",
    compare="Jämför med andra enheter inom {service} {where}",
    phone="Telefon",
    email="E-post",
    address="Adress",
    show_on_map="(visa på karta)",
    opening_hours="Öppettider",
    visiting_hours="Besökstider",
    web="Webbplats",
    own_name="På svenska",
    other_versions="Garantin på andra språk och på lättläst svenska",
    read_in_swedish="På svenska",
    version_note="",
    stale_title="",
    stale_text="",
    easy_to_read_mark="",
    title_suffix="",
    serves_in="Här kan du få service på {languages}.",
    all_versions="",
    entry_title="Kvalitetsgarantier",
    award_entered="Enheten anmäldes till Stockholms stads kvalitetsutmärkelse {year}.",
    award_took_part="Enheten deltog i Stockholms stads kvalitetsutmärkelse {year}.",
    award_won="Enheten tilldelades Stockholms stads kvalitetsutmärkelse {year}.",
    award_category="Tävlingsklass: {category}.",
    award_decision="Beslut av {board} den {date}",
    filter_award="Kvalitetsutmärkelsen",
    award_filter_entered="med i tävlingen",
    award_filter_won="fått utmärkelsen",
    absent_title="",
    absent_replaced="",
    absent_never="",
    absent_archive="",
    swedish_page="",
    site_name="Kvalitetsgarantier – Stockholms stad",
    search_form="Snabbsök",
    search_field="Sök kvalitetsgaranti",
    search_placeholder="Sök enhet eller verksamhet",
    search_button="Sök bland garantierna",
    search_words="Sökord",
    search_submit="Sök",
    search_tips="Det går bra att skriva utan å, ä och ö, och bara början av ett ord.",
    filters_summary="Visa bara",
    filter_area="Stadsdelsområde eller nämnd",
    filter_service="Verksamhet",
    filter_department="Avdelning",
    filter_language="Service på",
    more_results="Visa fler",
    no_script="Sökningen behöver JavaScript. Du hittar alla garantier under",
    results_heading="Sökresultat",
    preview_banner="Sidorna visar arbetskopian med utkast. Nämnderna har inte fastställt den här versionen.",
    feeds_title="Beslut om kvalitetsgarantierna",
    permalink=PERMALINK_TITLE,
)

FINNISH_LABELS = Labels(
    key=FINNISH.key,
    tag=FINNISH.tag,
    conjunction="ja",
    description="Laatutakuu: {title}, {area}.",
    notice_heading="Laatutakuu",
    city="Tukholman kaupunki",
    draft_title="Luonnos",
    draft_text="Tämä teksti on luonnos. Se näkyy vain esikatselussa, eikä sitä julkaista.",
    expired_title="Takuu ei ole enää voimassa",
    expired_text="Tämä takuu oli voimassa {date} asti; se ei ole enää voimassa.",
    expired_where="Yksikön voimassa olevan takuun löydät täältä:",
    upcoming_title="Takuu ei ole vielä voimassa",
    upcoming_text="Tämä takuu on voimassa {date} alkaen.",
    withdrawn_text="{board} vahvisti {date} takuut ilman tätä yksikköä, joten takuu ei ole enää voimassa.",
    archived_title="Aiempi versio",
    archived_text="Tämä on takuu sellaisena kuin {board} vahvisti sen {date}. Se oli voimassa {period}.",
    unit_today="Yksikön takuu tänään",
    to_unit_page="Yksikön sivulle",
    announced_title="Uusi takuu {date} alkaen",
    announced_text="{board} on vahvistanut yksikölle uuden takuun. Se on voimassa {date} alkaen; siihen asti on "
    "voimassa tällä sivulla oleva takuu.",
    announced_link="Lue {date} alkaen voimassa oleva takuu",
    announced_in_swedish="Lue {date} alkaen voimassa oleva takuu ruotsiksi",
    commitments="Lupauksemme",
    correction="Jos emme pidä lupaustamme",
    complaints="Palaute ja valitukset",
    more_info="Lisätietoa",
    contact="Yhteystiedot",
    validity="Voimassaoloaika",
    valid_during="Takuu on voimassa {period}.",
    approved_by="Vahvistanut:",
    approved_on="{date}",
    case_number="dnro",
    minutes="Kokouksen pöytäkirja (ruotsiksi)",
    proposal="Ehdotus: takuun vahvistaa",
    preview_note="Esikatselu – ei vahvistettu versio.",
    to_be_approved="Takuun vahvistaa",
    qr_alt="QR-koodi sivun osoitteeseen",
    address_line="Tämä takuu on osoitteessa",
    more_from="Lisää laatutakuita:",
    compare="",
    phone="Puhelin",
    email="Sähköposti",
    address="Osoite",
    show_on_map="(näytä kartalla)",
    opening_hours="Aukioloajat",
    visiting_hours="Vierailuajat",
    web="Verkkosivusto",
    own_name="Suomeksi",
    other_versions="Takuu muilla kielillä",
    read_in_swedish="På svenska",
    version_note="Tämä on suomennos. Jos tekstit eroavat toisistaan, ruotsinkielinen teksti on voimassa.",
    stale_title="Ruotsinkielinen teksti on muuttunut",
    stale_text="Ruotsinkielistä tekstiä on muutettu tämän käännöksen jälkeen. Käännös näkyy vain esikatselussa, "
    "eikä sitä julkaista ennen kuin se on päivitetty.",
    easy_to_read_mark="",
    title_suffix="",
    serves_in="Täällä saat palvelua myös kielellä: {languages}.",
    all_versions="Kaikki suomenkieliset laatutakuut",
    entry_title="Laatutakuut suomeksi",
    award_entered="Yksikkö ilmoitettiin Tukholman kaupungin laatupalkintokilpailuun vuonna {year}.",
    award_took_part="Yksikkö osallistui Tukholman kaupungin laatupalkintokilpailuun vuonna {year}.",
    award_won="Yksikkö sai Tukholman kaupungin laatupalkinnon vuonna {year}.",
    award_category="Kilpailusarja: {category}.",
    award_decision="Osallistumisesta päätti {board} {date}",
    filter_award="Laatupalkinto",
    award_filter_entered="mukana kilpailussa",
    award_filter_won="saanut palkinnon",
    absent_title="Takuuta ei ole nyt suomeksi",
    absent_replaced="{board} vahvisti {date} yksikölle uuden takuun, jota ei ole vielä käännetty suomeksi. Voimassa "
    "on ruotsinkielinen teksti.",
    absent_never="Yksikön takuu on vain ruotsinkielinen. Voimassa on ruotsinkielinen teksti.",
    absent_archive="Aiemmat suomenkieliset versiot",
    swedish_page="Lue takuu ruotsiksi",
    site_name="Laatutakuut – Tukholman kaupunki",
    search_form="Pikahaku",
    search_field="Hae laatutakuuta",
    search_placeholder="Hae yksikköä tai palvelua",
    search_button="Hae laatutakuista",
    search_words="Hakusanat",
    search_submit="Hae",
    search_tips="Voit kirjoittaa myös ilman å-, ä- ja ö-kirjaimia ja vain sanan alun.",
    filters_summary="Näytä vain",
    filter_area="Kaupunginosa-alue tai lautakunta",
    filter_service="Palvelu",
    filter_department="Osasto",
    filter_language="Palvelukieli",
    more_results="Näytä lisää",
    no_script="Haku tarvitsee JavaScriptin. Kaikki suomenkieliset laatutakuut löydät sivulta",
    results_heading="Hakutulokset",
    preview_banner="Sivut näyttävät työversion luonnoksineen. Lautakunnat eivät ole vahvistaneet tätä versiota.",
    feeds_title="Lautakuntien päätökset laatutakuista",
    permalink="Linkki tähän osioon",
)

EASY_SWEDISH_LABELS = replace(
    SWEDISH,
    key=EASY_SWEDISH.key,
    description="Kvalitetsgaranti på lättläst svenska för {title}, {area}.",
    notice_heading="Kvalitetsgaranti på lättläst svenska",
    draft_text="Den här texten är ett utkast. Den syns bara i förhandsgranskningen och publiceras inte.",
    commitments="Det här lovar vi dig",
    correction="Om vi inte gör det vi lovar",
    complaints="Om du vill tycka till eller klaga",
    more_info="Vill du veta mer?",
    contact="Så når du oss",
    validity="När gäller garantin?",
    own_name="Lättläst",
    other_versions="Garantin på andra sätt",
    read_in_swedish="Läs garantin på vanlig svenska",
    version_note="Det här är en lättläst version av garantin. Det är den vanliga texten som gäller.",
    stale_title="Den vanliga texten har ändrats",
    stale_text="Garantins vanliga text har ändrats efter att den här lättlästa texten skrevs. Den syns bara i "
    "förhandsgranskningen och publiceras inte förrän den är ändrad.",
    easy_to_read_mark="Lättläst",
    title_suffix=" – lättläst",
    all_versions="Fler garantier på lättläst svenska",
    entry_title="Kvalitetsgarantier på lättläst svenska",
    award_entered="År {year} fick vi vara med i Stockholms stads tävling om bra kvalitet. Tävlingen heter "
    "kvalitetsutmärkelsen.",
    award_took_part="År {year} var vi med i Stockholms stads tävling om bra kvalitet. Tävlingen heter "
    "kvalitetsutmärkelsen.",
    award_won="År {year} vann vi Stockholms stads pris för bra kvalitet. Priset heter kvalitetsutmärkelsen.",
    award_category="Vi tävlade i klassen {category}.",
    award_decision="Det bestämde {board} den {date}",
    archived_title="En gammal garanti",
    archived_text="Så här såg garantin ut när {board} beslutade om den {date}. Den gällde {period}.",
    unit_today="Garantin som gäller i dag",
    announced_text="{board} har beslutat om en ny garanti. Den gäller från {date}. Fram till dess gäller garantin på "
    "den här sidan.",
    announced_link="Läs den nya garantin",
    announced_in_swedish="Läs den nya garantin på vanlig svenska",
    absent_title="Garantin finns inte på lättläst svenska just nu",
    absent_replaced="{board} beslutade om en ny garanti den {date}. Den finns inte på lättläst svenska än. Det är "
    "den vanliga texten som gäller.",
    absent_never="Garantin finns bara på vanlig svenska.",
    absent_archive="Gamla garantier på lättläst svenska",
    swedish_page="Läs garantin på vanlig svenska",
)

_BY_KEY = {labels.key: labels for labels in (SWEDISH, FINNISH_LABELS, EASY_SWEDISH_LABELS)}
assert set(_BY_KEY) == {SWEDISH_KEY, *(language.key for language in LANGUAGES)}, "every language needs its labels"


def of(language: Language | None) -> Labels:
    """The labels of a language version's page, or of the Swedish page (None)."""
    return _BY_KEY[language.key if language else SWEDISH_KEY]


# The labels the theme's templates read (overrides/), by the page's language: what the hook hands the theme.
_THEME_KEYS = (
    "site_name",
    "search_form",
    "search_field",
    "search_placeholder",
    "search_button",
    "search_words",
    "search_submit",
    "search_tips",
    "filters_summary",
    "filter_area",
    "filter_service",
    "filter_department",
    "filter_language",
    "filter_award",
    "more_results",
    "no_script",
    "results_heading",
    "preview_note",
    "preview_banner",
    "read_in_swedish",
    "other_versions",
    "all_versions",
    "feeds_title",
)


# Where the hook puts theme_labels for the theme's templates: config.extra.garanti_labels.
THEME_LABELS_SETTING = "garanti_labels"


def theme_labels() -> dict[str, dict[str, str]]:
    """{page language (lang): {label: text, and the addresses of its start and search pages}} for the
    theme; easy-to-read pages are Swedish ones."""
    addresses = {
        SWEDISH_TAG: {"home": paths.url_of(paths.START_PAGE), "search_page": paths.SEARCH_URL},
        FINNISH.tag: {
            "home": paths.url_of(paths.language_page(FINNISH)),
            "search_page": paths.url_of(paths.FINNISH_SEARCH_PAGE),
        },
    }
    return {
        labels.tag: {
            **{key: value for key, value in asdict(labels).items() if key in _THEME_KEYS},
            **addresses[labels.tag],
            "search_words_dir": paths.SEARCH_WORDS_DIRS[labels.tag] + "/",
        }
        for labels in (SWEDISH, FINNISH_LABELS)
    }
