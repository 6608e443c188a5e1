"""Only an approver's tag counts: approval tags signed with SSH keys, checked against main's list.

The list of approvers is `godkannare/allowed_signers` as it is on the main
line (never as it is at a tag: whoever made the tag could have written it
there). It has git's allowed-signers format (`man ssh-keygen`, ALLOWED
SIGNERS), one key a line, with the boards a key may approve for as the
principals:

    hagersten-liljeholmen anna.andersson@stockholm.se ssh-ed25519 AAAAC3Nz...
    enskede-arsta-vantor,hagersten-liljeholmen ssh-ed25519 AAAAC3Nz... bo.berg@stockholm.se

(the first word is the principals: board folder names separated by commas,
or `*` for every board; what follows the key is a free comment).

A tag is verified with `ssh-keygen -Y verify` in git's namespace, for the
tag's board as the principal, over the tag object without its signature:
the very check `git verify-tag` makes, with the board as the identity. The tag
object also names the tag; that name must be the tag's own, so a signed
decision cannot be replayed under another board or date.

The signature is checked as of now, not as of the time the tag claims: whoever
holds a key can date a tag as they like, so a key whose validity has ended
(`valid-before` in the list) approves nothing new. The decisions it signed while
it was valid keep publishing because they are recorded, by name and tag object,
in `godkannare/behallna-beslut` on main, in the same commit that retires the key
(`garanti avsluta-nyckel`, see `retire`). A tag that was made later, however it
is dated, is in no such record.

Without the list (a repository that has not set up keys yet) nothing is
published unless the publisher asks for it explicitly; the site then says so.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import gitrepo, scratch
from .errors import GitError, Refusal, UsageError
from .publish_record import RECORD_FILE

SIGNERS_FILE = "godkannare/allowed_signers"
# The decisions signed by keys that have since been retired: "<tag> <tag object>" a line.
KEPT_FILE = "godkannare/behallna-beslut"
NAMESPACE = "git"  # what git signs tags in
_SSH_SIGNATURE = b"-----BEGIN SSH SIGNATURE-----"
_ANY_SIGNATURE = (b"-----BEGIN PGP SIGNATURE-----", b"-----BEGIN SIGNED MESSAGE-----", _SSH_SIGNATURE)
_KEY_TYPES = ("ssh-", "ecdsa-", "sk-")
# What ssh-keygen says of a line whose key is outside its validity: the line itself is fine.
_VALIDITY_REASONS = ("key has expired", "key not yet valid")


@dataclass(frozen=True)
class TagProblem:
    """Why a tag is not a valid approval (Swedish); `retired` is the line of the key that made it
    when that key's validity has ended. `general`: the fault is not the tag's but the verifying's (a
    broken list, no ssh-keygen), so no tag can be judged and publishing stops for every board."""

    message: str
    retired: SignerLine | None = None
    general: bool = False

    def __str__(self) -> str:
        return self.message


# A tag's problem, or None when the tag is a valid approval.
Verify = Callable[[gitrepo.ApprovalTag], "TagProblem | None"]


class NoApprovers(Refusal):
    """There is no usable list of approvers on main; the message (Swedish) says why and what to do."""


# --- the list on main --------------------------------------------------------------


@dataclass(frozen=True)
class SignerLine:
    """One line of the list: who may approve for which boards, with which key, until when."""

    number: int
    principals: tuple[str, ...]
    options: tuple[str, ...]
    key: str  # "<type> <base64>"
    comment: str

    @property
    def valid_before(self) -> str | None:
        """The option's value as written ("20260101"), if the key's validity ends."""
        return next(
            (
                option.split("=", 1)[1].strip('"')
                for option in self.options
                if option.lower().startswith("valid-before=")
            ),
            None,
        )

    @property
    def signer(self) -> str:
        """Who the key belongs to, as the list says (the comment), else the key's beginning."""
        return self.comment or self.key[:40] + "…"

    def may_approve_for(self, board: str) -> bool:
        return "*" in self.principals or board in self.principals

    def text(self, options: tuple[str, ...] | None = None) -> str:
        """The line as ssh-keygen reads it, with other options if given."""
        chosen = self.options if options is None else options
        return " ".join(part for part in (",".join(self.principals), ",".join(chosen), self.key, self.comment) if part)

    def without_validity(self) -> str:
        return self.text(tuple(o for o in self.options if not o.lower().startswith(("valid-before=", "valid-after="))))


def parse_line(number: int, line: str) -> SignerLine | None:
    """A line of the list as its parts; None for a comment, a blank line or one that is not a key line."""
    words = _words(line)
    if not words or words[0].startswith("#"):
        return None
    options: list[str] = []
    rest = words[1:]
    if rest and not rest[0].startswith(_KEY_TYPES):
        options, rest = _split_options(rest[0]), rest[1:]
    if len(rest) < 2:
        return None
    return SignerLine(number, tuple(words[0].split(",")), tuple(options), f"{rest[0]} {rest[1]}", " ".join(rest[2:]))


def _words(line: str) -> list[str]:
    """Split at blanks outside double quotes (an option's value may be quoted)."""
    words, word, quoted = [], "", False
    for character in line.strip():
        if character == '"':
            quoted = not quoted
        if character in " \t" and not quoted:
            if word:
                words.append(word)
            word = ""
        else:
            word += character
    return words + [word] if word else words


def _split_options(text: str) -> list[str]:
    options, option, quoted = [], "", False
    for character in text:
        if character == '"':
            quoted = not quoted
        if character == "," and not quoted:
            options.append(option)
            option = ""
        else:
            option += character
    return options + [option] if option else options


@dataclass(frozen=True)
class Approvers:
    """Main's list of approvers, and the decisions kept from keys retired since."""

    signers: bytes
    kept: frozenset[tuple[str, str]]  # (tag name, tag object)

    @property
    def lines(self) -> list[SignerLine]:
        text = self.signers.decode("utf-8", "replace")
        return [line for number, raw in enumerate(text.splitlines(), 1) if (line := parse_line(number, raw))]


def approvers_at(root: Path, line: str) -> Approvers:
    """The list of approvers on the main line; NoApprovers when it is missing, empty or not a file."""
    try:
        signers = gitrepo.read_file_at(root, line, SIGNERS_FILE)
    except GitError:
        signers = None
    where = f"{SIGNERS_FILE} på {line.removeprefix('refs/heads/').removeprefix('refs/remotes/')}"
    if signers is None:
        folder = any(gitrepo.list_tree(root, line, SIGNERS_FILE))
        raise NoApprovers(f"Listan över godkännare ({where}) {'är en mapp, inte en fil' if folder else 'saknas'}.")
    if not any(
        parse_line(number, raw) for number, raw in enumerate(signers.decode("utf-8", "replace").splitlines(), 1)
    ):
        raise NoApprovers(f"Listan över godkännare ({where}) är tom: den har ingen nyckel.")
    return Approvers(signers, frozenset(read_kept(gitrepo.read_file_at(root, line, KEPT_FILE) or b"")))


def read_kept(data: bytes) -> list[tuple[str, str]]:
    """(tag name, tag object) for each line of the kept decisions; comments and blank lines skipped."""
    kept = []
    for raw in data.decode("utf-8", "replace").splitlines():
        words = raw.split("#", 1)[0].split()
        if len(words) >= 2:
            kept.append((words[0], words[1]))
    return kept


# --- verifying tags ----------------------------------------------------------------


@contextmanager
def verifier(root: Path, approvers: Approvers | None, now: dt.datetime) -> Iterator[Verify | None]:
    """A function tag -> problem or None, judged at `now`; None when there is no list to verify against."""
    if approvers is None:
        yield None
        return
    with scratch.work_folder("signaturer") as folder:
        check = _Check(root, folder, approvers, now)
        yield check.problem


class _Check:
    def __init__(self, root: Path, folder: Path, approvers: Approvers, now: dt.datetime) -> None:
        self.root, self.folder, self.approvers, self.now = root, folder, approvers, now
        self.allowed = folder / "allowed_signers"
        self.allowed.write_bytes(approvers.signers)

    def problem(self, tag: gitrepo.ApprovalTag) -> TagProblem | None:
        """Why the tag is not an approval signed by one of its board's approvers (None: it is)."""
        message = self._message(tag)
        return TagProblem(message) if isinstance(message, str) else message

    def _message(self, tag: gitrepo.ApprovalTag) -> str | TagProblem | None:
        name, board = tag.name, tag.board
        payload, signature = split_signature(gitrepo.tag_object(self.root, name))
        inner = _header(payload, b"tag")
        if inner != name:
            return (
                f'Taggen "{name}" är en kopia av beslutet "{inner}" under ett annat namn. En signerad tagg gäller '
                f"bara det beslut den skapades för. Ta bort taggen: git push origin :refs/tags/{name}"
            )
        if signature is None:
            return (
                f'Taggen "{name}" är inte signerad. Projektet har en lista över godkännare ({SIGNERS_FILE}), så '
                "bara taggar som en godkännare har signerat publiceras. En flyttad eller efterhandsskapad tagg ser ut "
                "så här. Ta bort taggen och låt nämndens sekreterare skapa den igen med garanti tag "
                '(se PUBLICERING.md, "Din signeringsnyckel").'
            )
        if not signature.startswith(_SSH_SIGNATURE):
            return (
                f'Taggen "{name}" är signerad med något annat än en SSH-nyckel, och kan inte kontrolleras. '
                "Skapa den igen med garanti tag."
            )
        if shutil.which("ssh-keygen") is None:
            return TagProblem(
                "Programmet ssh-keygen (OpenSSH) saknas, så taggarnas signaturer kan inte kontrolleras. "
                "Installera OpenSSH och försök igen.",
                general=True,
            )
        now = _verify_time(self.now)
        done = _ssh_keygen(self.folder, self.allowed, board, payload, signature, now)
        if done.returncode == 0:
            return None
        broken = _broken_line(done.stderr.decode("utf-8", "replace"), self.allowed)
        if broken:
            return TagProblem(
                f"Listan över godkännare ({SIGNERS_FILE} på main) har ett fel på rad {broken[0]}: {broken[1]}. "
                'Därför kan taggarnas signaturer inte kontrolleras. Be förvaltaren rätta raden (se "Listan över '
                'godkännare" i PUBLICERING.md).',
                general=True,
            )
        signer = self._signer(board, payload, signature)
        if signer is None:
            return (
                f'Taggen "{name}" har ingen giltig signatur från någon av nämndens godkännare i {SIGNERS_FILE} '
                "på main: den är signerad med en nyckel som inte står i listan för nämnden, eller ändrad efter "
                "signeringen (till exempel flyttad). Ta bort taggen och låt nämndens sekreterare skapa den igen "
                "med garanti tag."
            )
        return self._retired_key_problem(tag, signer, payload, signature)

    def _signer(self, board: str, payload: bytes, signature: bytes) -> SignerLine | None:
        """The line of the board's approvers whose key made the signature, whatever its validity."""
        for line in self.approvers.lines:
            if line.may_approve_for(board) and self.verifies(line.without_validity(), board, payload, signature, None):
                return line
        return None

    def _retired_key_problem(
        self, tag: gitrepo.ApprovalTag, signer: SignerLine, payload: bytes, signature: bytes
    ) -> TagProblem | None:
        """The key is in the list for the board but not valid now: only a decision it signed while
        valid, recorded when it was retired, still counts."""
        claimed = _tagged_at(payload)
        valid_then = claimed is not None and self.verifies(signer.text(), tag.board, payload, signature, claimed)
        if valid_then and (tag.name, gitrepo.tag_object_id(self.root, tag.name)) in self.approvers.kept:
            return None
        return TagProblem(
            f'Taggen "{tag.name}" är signerad av {signer.signer} (rad {signer.number} i {SIGNERS_FILE} på main), '
            f"vars nyckel {validity_text(signer)}. En nyckel som har slutat gälla kan inte fastställa nya beslut, hur "
            f"taggen än är daterad, och taggen finns inte bland besluten som behölls när nyckeln avslutades "
            f"({KEPT_FILE}). Ta bort taggen (git push origin :refs/tags/{tag.name}) och låt en av nämndens nuvarande "
            "godkännare skapa den igen med garanti tag.",
            retired=signer,
        )

    def verifies(self, line: str, board: str, payload: bytes, signature: bytes, at: str | None) -> bool:
        single = self.folder / "en_rad"
        single.write_text(line + "\n", encoding="utf-8")
        return _ssh_keygen(self.folder, single, board, payload, signature, at).returncode == 0


def validity_text(line: SignerLine) -> str:
    """ "slutade gälla 2026-01-01 (valid-before)": why the key is not valid now, as the list says."""
    valid_before = line.valid_before
    if not valid_before:
        return "inte gäller nu (se nyckelns valid-after i listan)"
    digits = valid_before.rstrip("Zz")
    shown = f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}" if len(digits) >= 8 and digits[:8].isdigit() else valid_before
    if len(digits) >= 12 and digits.isdigit():
        shown += f" {digits[8:10]}:{digits[10:12]}" + (" UTC" if valid_before[-1:] in "Zz" else "")
    return f"slutade gälla {shown} (valid-before)"


def split_signature(raw: bytes) -> tuple[bytes, bytes | None]:
    """(what was signed, the signature) of a tag object, split as git splits it:
    at the last line that starts a signature."""
    at, position = None, 0
    for line in raw.splitlines(keepends=True):
        if line.startswith(_ANY_SIGNATURE):
            at = position
        position += len(line)
    return (raw, None) if at is None else (raw[:at], raw[at:])


def _header(payload: bytes, key: bytes) -> str | None:
    for line in payload.split(b"\n"):
        if not line:
            return None  # the headers end at the first empty line
        if line.startswith(key + b" "):
            return line[len(key) + 1 :].decode("utf-8", "replace")
    return None


def _broken_line(stderr: str, allowed: Path) -> tuple[int, str] | None:
    """(line, ssh-keygen's reason) where ssh-keygen could not read the list, e.g. "allowed_signers:3: invalid key";
    a key outside its validity ("key has expired") is no fault of the list."""
    for found in re.finditer(rf"{re.escape(str(allowed))}:(\d++): ([^\n]*+)", stderr):
        reason = found.group(2).strip()
        if not reason.startswith(_VALIDITY_REASONS):
            return int(found.group(1)), reason
    return None


def _verify_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%d%H%M%SZ")


def _tagged_at(payload: bytes) -> str | None:
    """The tagger's time as ssh-keygen's verify-time (UTC): the time the tag claims."""
    tagger = _header(payload, b"tagger") or ""
    try:
        seconds = int(tagger.rsplit(">", 1)[1].split()[0])
        return _verify_time(dt.datetime.fromtimestamp(seconds, dt.UTC))
    except (IndexError, ValueError, OverflowError, OSError):
        return None


def _ssh_keygen(
    folder: Path, allowed: Path, board: str, payload: bytes, signature: bytes, at: str | None
) -> subprocess.CompletedProcess:
    signature_file = folder / "signatur"
    signature_file.write_bytes(signature)
    when = [f"-Overify-time={at}"] if at else []
    return subprocess.run(
        [
            shutil.which("ssh-keygen") or "ssh-keygen",
            "-Y",
            "verify",
            "-f",
            str(allowed),
            "-I",
            board,
            "-n",
            NAMESPACE,
            "-s",
            str(signature_file),
            *when,
        ],
        input=payload,
        capture_output=True,
        check=False,
        timeout=60,
    )


# --- retiring a key ------------------------------------------------------------------


KEPT_HEADER = (
    "# Beslut som fattades med nycklar som sedan har avslutats (valid-before i allowed_signers).\n"
    "# De publiceras fortfarande; andra taggar från de nycklarna gör det inte, hur de än är daterade.\n"
    "# Skrivs av garanti avsluta-nyckel, i samma ändring som avslutar nyckeln. En rad per beslut:\n"
    "# <tagg> <taggobjektets id>  # vem som signerade\n"
)


@dataclass(frozen=True)
class Signed:
    """An approval tag the key verifies for, with what the tag claims of its own making."""

    name: str
    sha: str  # the tag object
    tagged_at: dt.datetime


@dataclass(frozen=True)
class Retirement:
    """A key's lines with valid-before set, and the decisions it signed before, to keep."""

    lines: tuple[SignerLine, ...]
    until: dt.datetime  # from when the key approves nothing
    signers_text: str  # the list, rewritten
    kept_text: str  # the kept decisions, with the key's added
    kept: tuple[str, ...]  # the names of the decisions recorded now
    confirmed: tuple[Signed, ...] = ()  # those of them kept on the administrator's word alone
    shown: tuple[tuple[Signed, str], ...] = ()  # those of them kept on evidence from outside the tag, and which


def retire(
    root: Path,
    who: str,
    until: dt.datetime,
    confirmed: tuple[str, ...] | None = None,
    evidence: Mapping[tuple[str, str], str] | None = None,
) -> Retirement:
    """The key `who` names (its public key file, or the comment after it in the list, e.g. the
    e-mail address) valid only before `until`, and the approval tags it signed until then,
    recorded so that those keep publishing. Nothing is written here.

    `confirmed` None: `until` is now, and a tag that exists now was made before it, whatever its
    date says. Otherwise `until` is in the past, and a tag's date is only its maker's claim: the key
    may have signed it after `until` and dated it back. Then only the tags the administrator has
    checked and names in `confirmed`, and those that `evidence` (tag name, tag object -> what shows
    it, e.g. a publish before `until`) shows existed before `until`, are kept; any other tag the key
    verifies before `until` refuses the whole retirement, so that none is kept or dropped without
    someone looking at it."""
    listed = root / SIGNERS_FILE
    if listed.is_symlink() or not listed.is_file():
        raise Refusal(f"{SIGNERS_FILE} finns inte i projektmappen. Byt till main (git switch main och git pull).")
    text = listed.read_text(encoding="utf-8")
    lines = _lines_of(text, who, root)
    ended = [line for line in lines if line.valid_before]
    if ended:
        raise Refusal(
            f'Nyckeln på rad {ended[0].number} är redan avslutad (valid-before="{ended[0].valid_before}"). '
            "Inget har ändrats."
        )
    stamp = f'valid-before="{until.astimezone(dt.UTC):%Y%m%d%H%M%SZ}"'
    rewritten = {line.number: line.text((*line.options, stamp)) for line in lines}
    signers_text = "".join(
        rewritten.get(number, raw) + ("\n" if number in rewritten else "")
        for number, raw in enumerate(text.splitlines(keepends=True), 1)
    )
    kept_file = root / KEPT_FILE
    old_kept = kept_file.read_text(encoding="utf-8") if kept_file.is_file() else KEPT_HEADER
    known = {name for name, _ in read_kept(old_kept.encode("utf-8"))}
    signed = [tag for tag in signed_before(root, lines, until) if tag.name not in known]
    shown = {tag.name: evidence[(tag.name, tag.sha)] for tag in signed if (tag.name, tag.sha) in (evidence or {})}
    if confirmed is not None:
        signed = _only_confirmed(signed, confirmed, shown, known, until)
    kept_text = old_kept + "".join(
        f"{tag.name} {tag.sha}  # {_kept_comment(lines[0], tag, confirmed, shown, until)}\n" for tag in signed
    )
    past = confirmed is not None
    return Retirement(
        tuple(lines),
        until,
        signers_text,
        kept_text,
        tuple(tag.name for tag in signed),
        tuple(tag for tag in signed if past and tag.name not in shown),
        tuple((tag, shown[tag.name]) for tag in signed if past and tag.name in shown),
    )


def _kept_comment(
    line: SignerLine, tag: Signed, confirmed: tuple[str, ...] | None, shown: Mapping[str, str], until: dt.datetime
) -> str:
    """Who signed, and, after a past day, what the keeping rests on, so that a later reader knows."""
    if confirmed is None:
        return line.signer
    if tag.name in shown:
        return f"{line.signer}, {shown[tag.name]}"
    return f"{line.signer}, bekräftad av förvaltaren vid avslut från {until:%Y-%m-%d}"


def _only_confirmed(
    signed: list[Signed], confirmed: tuple[str, ...], shown: Mapping[str, str], known: set[str], until: dt.datetime
) -> list[Signed]:
    """The tags the administrator confirmed or evidence shows; a Refusal naming every other one, or
    a name confirmed that is no tag of the key's before `until`."""
    by_name = {tag.name: tag for tag in signed}
    strays = [name for name in dict.fromkeys(confirmed) if name not in by_name and name not in known]
    if strays:
        raise UsageError(
            f"{', '.join(strays)}: ingen sådan tagg, signerad av nyckeln och daterad före {until:%Y-%m-%d}, finns "
            "i projektmappen (kör git fetch --tags). Ange med --behall bara taggar som kommandot har visat. "
            "Inget har ändrats."
        )
    unproven = [tag for tag in signed if tag.name not in confirmed and tag.name not in shown]
    if unproven:
        raise Refusal(
            f"Nyckeln har signerat {len(unproven)} {'tagg daterad' if len(unproven) == 1 else 'taggar daterade'} före "
            f"{until:%Y-%m-%d} som ingenting visar fanns före den dagen. En taggs datum är bara vad den som gjorde "
            "den skrev: med nyckeln går det att skapa en tagg i dag och datera den bakåt. Kontrollera varje tagg "
            "(att beslutet står i protokollet, att taggen fanns på GitHub eller publicerades före dagen). Kör sedan "
            "kommandot igen med --behall TAGG för varje tagg du har kontrollerat, och med --publicerat för en "
            f"webbplats som publicerades före dagen ({RECORD_FILE} visar vilka taggar den publicerade). "
            "En tagg du inte kan kontrollera "
            "behålls inte: ta bort den (git push origin :refs/tags/TAGG) och låt en nuvarande godkännare skapa den "
            "igen med garanti tag. Inget har ändrats.",
            [tag_line(tag) for tag in unproven],
        )
    return [tag for tag in signed if tag.name in confirmed or tag.name in shown]


def tag_line(tag: Signed) -> str:
    """ "norra/2026-01-22, daterad 2026-01-22 18:00 UTC, taggobjekt 1a2b…": what the administrator checks."""
    return f"{tag.name}, daterad {tag.tagged_at.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC, taggobjekt {tag.sha}"


def _lines_of(text: str, who: str, root: Path) -> list[SignerLine]:
    lines = [line for number, raw in enumerate(text.splitlines(), 1) if (line := parse_line(number, raw))]
    given = Path(who).expanduser()
    if not given.is_absolute():
        given = Path.cwd() / given
    if who.endswith(".pub") or given.is_file():
        try:
            key = " ".join(given.read_text(encoding="utf-8").split()[:2])
        except (OSError, UnicodeDecodeError):
            raise Refusal(
                f"Nyckelfilen {who} kan inte läsas. Ange den publika nyckeln (.pub) eller "
                "e-postadressen som står efter nyckeln i listan."
            ) from None
        found = [line for line in lines if line.key == key]
    else:
        found = [line for line in lines if who.casefold() in line.comment.casefold().split()]
    if not found:
        raise Refusal(
            f'Hittar ingen nyckel för "{who}" i {SIGNERS_FILE}. Ange den publika nyckelfilen (.pub) '
            "eller e-postadressen som står efter nyckeln på raden."
        )
    if len({line.key for line in found}) > 1:
        numbers = ", ".join(str(line.number) for line in found)
        raise Refusal(
            f'"{who}" står vid flera olika nycklar (rad {numbers}). Ange den publika nyckelfilen (.pub) '
            "för den nyckel som ska avslutas."
        )
    return found


def signed_before(root: Path, lines: list[SignerLine] | tuple[SignerLine, ...], until: dt.datetime) -> list[Signed]:
    """Every approval tag one of the key's lines verifies, dated until `until`."""
    found = []
    with scratch.work_folder("signaturer") as folder:
        check = _Check(root, folder, Approvers(b"", frozenset()), dt.datetime.now(dt.UTC))
        for tag in gitrepo.approval_tags(root):
            if not tag.annotated or tag.tagged_at is None or tag.tagged_at > until:
                continue
            payload, signature = split_signature(gitrepo.tag_object(root, tag.name))
            if signature is None or not signature.startswith(_SSH_SIGNATURE):
                continue
            at = _verify_time(tag.tagged_at)
            if any(
                line.may_approve_for(tag.board)
                and check.verifies(line.without_validity(), tag.board, payload, signature, at)
                for line in lines
            ):
                found.append(Signed(tag.name, gitrepo.tag_object_id(root, tag.name), tag.tagged_at))
    return found
