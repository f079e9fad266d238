"""The command lines of docs/cli.md (and the ``aiozoom`` lines of docs/sdk.md), run as typed.

Every line of a page's ```sh blocks that runs ``aiozoom`` is run for real, in page order, as
``python -m aiozoom ...`` in a subprocess (split with ``shlex``, no shell), against a FakeZoom
serving from the test's event loop; each must end with status 0 (a server: 130 after Ctrl-C, as
the page documents) and print what its check expects, and the output a page shows after a
``$ `` prompt is compared with what the command prints; a ``# or: python -m aiozoom ...``
comment is run too. A line the test cannot run fails it, and
so does a page whose number of command lines changed (``PAGES``).

What the page leaves to the reader, and what the test puts there:

- ``VAR=...`` (after ``export`` or before a command): the fake's value for ``ZOOM_ACCOUNT_ID``,
  ``ZOOM_CLIENT_ID`` and ``ZOOM_CLIENT_SECRET``; values made up for the run for
  ``ZOOM_SDK_KEY``, ``ZOOM_SDK_SECRET`` and ``ZOOM_WEBHOOK_SECRET_TOKEN``; any other ``...``
  fails. A page's ``export`` lines hold for its later lines, as in one shell;
- the environment: the test's own without any ``ZOOM_*`` or ``AIOZOOM_*`` variable, plus
  ``ZOOM_BASE_URL`` and ``ZOOM_TOKEN_URL`` pointing at the fake (the page's "they exist for
  tests"); the credentials come only from the page's own ``export`` lines;
- the people: the fake's account is Ada Lovelace's (``ada@example.com``, the owner, so ``me``)
  with Bob Babbage, created when the page's table says; Ada has an upcoming meeting and cloud
  recordings of February and March 2026;
- relative paths (``--dest archive``): commands run in a temporary directory;
- a server (``sdk-server``, ``webhooks serve``): ``--port N`` becomes ``--port 0``, a free port;
  the test waits for the address it prints, asks it once (a signature, as the ``--cors-origin``
  page would; each event the page shows it printing, delivered by the fake from
  ``EVENT_OBJECTS``, must print the page's line but for the time), then stops it with Ctrl-C;
- ``aiozoom demo`` brings its own fake Zoom;
- ``$name``: the shell variable the page set (``signature=$(aiozoom sdk-signature ...)``) or the
  variable it exported; ``$SIGNATURE``, which a page uses without making: a Meeting SDK
  signature made with the page's SDK key and secret;
- ``pbpaste |`` (the clipboard): standard input holding the signature the page made last;
- ``| jq ...``: jq itself when it is installed, and the filter's meaning from ``JQ`` either way;
- ``pip install ...``: not run (the test's environment has the extra).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shlex
import shutil
import signal
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import click
import pytest

from aiozoom.cli.app import aiozoom as aiozoom_group
from aiozoom.cli.params import parse_utc_datetime
from aiozoom.sdk import decode_signature, meeting_sdk_signature
from aiozoom.testing import FakeClock, FakeZoom
from tests.docs_pages import fenced_blocks

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# page -> its command lines that run aiozoom: a line added or removed is noticed here
PAGES: dict[str, int] = {"cli.md": 13, "sdk.md": 2}
BOUND = 20.0  # seconds a command (or a server's first line, or an answer) may take
SHELLS = {"sh", "shell", "bash", "console"}
_ASSIGNMENT = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)=(?P<value>.*)", re.S)
_CAPTURE = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)=\$\((?P<command>.*)\)(\s+#.*)?")
_ALTERNATIVE = re.compile(r"#\s*or:\s*(?P<command>python -m aiozoom\b.*)$")
_LOOKS_LIKE_A_COMMAND = re.compile(r"\s*(\$ )?(\w+=\S+ +)*(python3? -m )?aiozoom( |$)")
_VARIABLE = re.compile(r"\$(?:\{(?P<braced>\w+)\}|(?P<name>\w+))")
ISO_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
MADE_UP = {
    "ZOOM_SDK_KEY": "docsCliSdkKey0123456789",
    "ZOOM_SDK_SECRET": "docsCliSdkSecret0123456789abcdefghij",
    "ZOOM_WEBHOOK_SECRET_TOKEN": "docsCliWebhookSecretToken0123",
}
TYPES = {1: "basic", 2: "licensed"}
# the people of the page: (email, first name, last name, type, created)
PEOPLE = (
    ("ada@example.com", "Ada", "Lovelace", 2, "2024-03-01T09:12:44Z"),
    ("bob@example.com", "Bob", "Babbage", 1, "2025-01-20T16:03:09Z"),
)
# Ada's cloud recordings: (when the meeting ended, its topic, its files)
RECORDED = (
    ("2026-02-10T15:00:00Z", "Design review", ("MP4", "M4A", "TRANSCRIPT", "CHAT")),
    ("2026-03-20T11:30:00Z", "Retro", ("MP4", "M4A")),
)
# what a page pipes into aiozoom: (the command) -> what it writes, from the page's shell
INPUTS: dict[tuple[str, ...], Callable[[Shell], str]] = {
    ("pbpaste",): lambda shell: shell.variables["signature"] + "\n",  # the clipboard
}
# jq filters of the page, as Python: (jq's arguments) -> what jq prints for these JSON lines
JQ: dict[tuple[str, ...], Callable[[list[dict[str, Any]]], list[str]]] = {
    ("-r", "select(.type == 2) | .email"): lambda users: [
        u["email"] for u in users if u["type"] == 2
    ],
    ("-s", "length"): lambda users: [str(len(users))],
}
# webhook events a page shows `webhooks serve` printing: what Zoom sends for each
EVENT_OBJECTS: dict[str, dict[str, Any]] = {
    "meeting.started": {"id": 85746065432, "topic": "Design review"},
    "meeting.participant_joined": {
        "id": 85746065432,
        "topic": "Design review",
        "participant": {"user_name": "Ada Lovelace"},
    },
    "recording.completed": {
        "id": 85746065432,
        "topic": "Design review",
        "total_size": 181_403_136,
        "recording_files": [
            {"file_type": "MP4"},
            {"file_type": "M4A"},
            {"file_type": "TRANSCRIPT"},
        ],
    },
}


# -- reading the page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """A command line of a page, and the output the page shows after it (``$ `` blocks)."""

    page: str
    number: int  # 1-based, in the page
    text: str  # without the prompt
    shown: tuple[str, ...] = ()


def shell_lines(path: Path) -> list[Line]:
    """The command lines of the page's shell blocks, in order."""
    found: list[Line] = []
    for block in fenced_blocks(path):
        if block.lang in SHELLS:
            found.extend(_block_lines(path.name, list(block.body)))
    return found


def _block_lines(page: str, body: list[tuple[int, str]]) -> list[Line]:
    prompted = any(text.startswith("$ ") for _, text in body)
    found: list[Line] = []
    continued = False
    for number, text in body:
        if continued:  # the line before ended with a backslash
            last = found[-1]
            found[-1] = replace(last, text=f"{last.text[:-1].rstrip()} {text.strip()}")
        elif prompted and not text.startswith("$ "):
            if found:
                found[-1] = replace(found[-1], shown=(*found[-1].shown, text))
            continue
        elif text.strip() and not text.lstrip().startswith("#"):
            found.append(Line(page, number, text.removeprefix("$ ").strip()))
        else:
            continue
        continued = found[-1].text.endswith("\\")
    return found


@dataclass(frozen=True)
class Command:
    """What a line runs: ``aiozoom`` with its arguments, or ``export``, or an install."""

    line: Line
    kind: str  # "aiozoom", "export" or "install"
    assignments: tuple[tuple[str, str], ...] = ()  # VAR=value before it, or exported
    argv: tuple[str, ...] = ()  # after `aiozoom` (or `python -m aiozoom`)
    before: tuple[str, ...] = ()  # the command piping into it
    after: tuple[str, ...] = ()  # the command it pipes into
    capture: str | None = None  # the shell variable `name=$(...)` sets


def parse(line: Line) -> list[Command]:
    """What ``line`` runs (two commands for ``aiozoom --help  # or: python -m aiozoom --help``);
    ``ValueError`` for a line this test does not know how to run."""
    capture = _CAPTURE.fullmatch(line.text)
    text = capture["command"] if capture else line.text
    tokens = shlex.split(text, comments=True)
    if tokens and tokens[0] == "export":
        pairs = [_ASSIGNMENT.fullmatch(t) for t in tokens[1:]]
        if not pairs or not all(pairs):
            raise ValueError(f"an export this test cannot read: {line.text}")
        return [Command(line, "export", tuple((m["name"], m["value"]) for m in pairs if m))]
    if tokens[:2] == ["pip", "install"]:
        return [Command(line, "install")]
    assignments = []
    while tokens and (found := _ASSIGNMENT.fullmatch(tokens[0])):
        assignments.append((found["name"], found["value"]))
        tokens.pop(0)
    stages: list[list[str]] = [[]]
    for token in tokens:
        if token == "|":
            stages.append([])
        else:
            stages[-1].append(token)
    runs = [i for i, stage in enumerate(stages) if _aiozoom_args(stage) is not None]
    if len(runs) != 1:
        raise ValueError(f"not an aiozoom command line this test can run: {line.text}")
    at = runs[0]
    before, after = stages[:at], stages[at + 1 :]
    if len(before) > 1 or len(after) > 1 or (before and tuple(before[0]) not in INPUTS):
        raise ValueError(f"a pipeline this test cannot run: {line.text}")
    if after and (after[0][:1] != ["jq"] or tuple(after[0][1:]) not in JQ):
        raise ValueError(f"a filter this test cannot run (add it to JQ): {line.text}")
    commands = [
        Command(
            line,
            "aiozoom",
            tuple(assignments),
            tuple(_aiozoom_args(stages[at]) or ()),
            tuple(before[0]) if before else (),
            tuple(after[0]) if after else (),
            capture["name"] if capture else None,
        )
    ]
    alternative = _ALTERNATIVE.search(line.text)
    if alternative:
        alt = parse(replace(line, text=alternative["command"], shown=()))
        commands.extend(alt)
    return commands


def _aiozoom_args(stage: list[str]) -> list[str] | None:
    if stage[:1] == ["aiozoom"]:
        return stage[1:]
    if stage[:3] in (["python", "-m", "aiozoom"], ["python3", "-m", "aiozoom"]):
        return stage[3:]
    return None


def command_path(argv: tuple[str, ...]) -> str:
    """``aiozoom users list`` for ``users list --json``: the command an argv runs."""
    words: list[str] = ["aiozoom"]
    command: click.Command = aiozoom_group
    for arg in argv:
        if arg.startswith("-"):
            if len(words) > 1:
                break
            continue
        if isinstance(command, click.Group) and arg in command.commands:
            command = command.commands[arg]
            words.append(arg)
        else:
            break
    return " ".join(words)


def option(argv: tuple[str, ...], name: str, default: str | None = None) -> str | None:
    """The value of ``--name VALUE`` in ``argv`` (the last one given)."""
    found = default
    for i, arg in enumerate(argv[:-1]):
        if arg == name:
            found = argv[i + 1]
    return found


# -- the reader's shell ---------------------------------------------------------------------------


@dataclass
class Shell:
    """A reader following a page: the fake, what they exported, their shell variables."""

    fake: FakeZoom
    cwd: Path
    exported: dict[str, str] = field(default_factory=dict)
    variables: dict[str, str] = field(default_factory=dict)

    def value_for(self, name: str, value: str) -> str:
        """``value`` of ``VAR=value``, a page's ``...`` filled in."""
        if value != "...":
            return self.expand(value)
        fake = {
            f"ZOOM_{key.upper()}": value
            for key, value in self.fake.credentials().items()
            if key in ("account_id", "client_id", "client_secret")
        }
        known = {**fake, **MADE_UP}
        assert name in known, f"no value for {name}=...: add one to the test's table"
        return known[name]

    def env(self, command: Command) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith(("ZOOM_", "AIOZOOM_"))}
        path = os.pathsep.join(p for p in (str(ROOT), base.get("PYTHONPATH", "")) if p)
        return {
            **base,
            "PYTHONPATH": path,
            "ZOOM_BASE_URL": self.fake.base_url,
            "ZOOM_TOKEN_URL": self.fake.token_url,
            **self.exported,
            **{name: self.value_for(name, value) for name, value in command.assignments},
        }

    def expand(self, word: str) -> str:
        def value(match: re.Match[str]) -> str:
            name = match["braced"] or match["name"]
            if name in self.variables:
                return self.variables[name]
            if name in self.exported:
                return self.exported[name]
            if name == "SIGNATURE":  # a signature the reader already has
                return meeting_sdk_signature(
                    self.exported["ZOOM_SDK_KEY"], self.exported["ZOOM_SDK_SECRET"], 85746065432, 0
                )
            raise AssertionError(f"${name} is set nowhere: add it to the test's table")

        return _VARIABLE.sub(value, word)

    def argv(self, command: Command) -> list[str]:
        args = [self.expand(arg) for arg in command.argv]
        if command_path(command.argv) in SERVERS:
            args = ["0" if args[i - 1 : i] == ["--port"] else a for i, a in enumerate(args)]
        return [sys.executable, "-m", "aiozoom", *args]

    def stdin(self, command: Command) -> bytes | None:
        if not command.before:
            return None
        return INPUTS[command.before](self).encode()


@dataclass(frozen=True)
class Ran:
    command: Command
    argv: tuple[str, ...]  # as run (after `aiozoom`)
    status: int
    out: str
    err: str


async def run(shell: Shell, command: Command) -> Ran:
    argv = shell.argv(command)
    stdin = shell.stdin(command)
    proc = await asyncio.create_subprocess_exec(
        *argv,
        stdin=asyncio.subprocess.PIPE if stdin is not None else asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=shell.env(command),
        cwd=shell.cwd,
    )
    try:
        out, err = await asyncio.wait_for(proc.communicate(stdin), BOUND)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode is not None
    return Ran(command, tuple(argv[3:]), proc.returncode, out.decode(), err.decode())


async def follow(shell: Shell, line: Line) -> None:
    """Run what ``line`` runs, and check it."""
    for command in parse(line):
        if command.kind == "export":
            for name, value in command.assignments:
                shell.exported[name] = shell.value_for(name, value)
        elif command.kind == "aiozoom":
            path = command_path(command.argv)
            if path in SERVERS:
                await SERVERS[path](shell, command)
            else:
                result = await run(shell, command)
                assert result.status == 0, (result.status, result.err)
                assert path in CHECKS, f"say what `{path}` must print: add it to CHECKS"
                CHECKS[path](shell, result)
                if command.after:
                    await pipe_into(command.after, result)
                if command.capture:
                    shell.variables[command.capture] = result.out.strip()


async def pipe_into(consumer: tuple[str, ...], ran: Ran) -> None:
    """``aiozoom ... | jq ...``: the filter's meaning, and jq's own answer when it is there."""
    records = [json.loads(line) for line in ran.out.splitlines()]
    expected = JQ[consumer[1:]](records)
    assert expected  # a filter that keeps nothing shows nothing
    jq = shutil.which("jq")
    if jq is None:
        return
    proc = await asyncio.create_subprocess_exec(
        jq,
        *consumer[1:],
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(proc.communicate(ran.out.encode()), BOUND)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0, err
    assert out.decode().splitlines() == expected


# -- what each command must print -----------------------------------------------------------------


def _owner(shell: Shell) -> dict[str, Any]:
    account = shell.fake.account
    return account.users[account.owner_id]


def check_help(shell: Shell, ran: Ran) -> None:
    assert "--help" in ran.argv
    assert ran.out.startswith("Usage: aiozoom [OPTIONS] COMMAND [ARGS]...")
    listed = re.findall(r"^  ([a-z][a-z-]+)  ", ran.out, re.MULTILINE)
    visible = [name for name, c in aiozoom_group.commands.items() if not c.hidden]
    assert listed == sorted(visible)


def check_users_list(shell: Shell, ran: Ran) -> None:
    status = option(ran.argv, "--status", "active")
    account = shell.fake.account
    users = [account.users[u] for u in account.user_order if account.users[u]["status"] == status]
    if "--json" in ran.argv:
        printed = [json.loads(line) for line in ran.out.splitlines()]
        assert [(u["id"], u["email"], u["type"]) for u in printed] == [
            (u["id"], u["email"], u["type"]) for u in users
        ]
        return
    header, rule, *rows = ran.out.splitlines()
    assert header.split() == ["id", "email", "name", "type", "status", "created"]
    assert set(rule) == {"─"}
    expected = [
        [u["id"], u["email"], u["first_name"], u["last_name"], TYPES[u["type"]], u["status"],
         u["created_at"]]
        for u in users
    ]  # fmt: skip
    assert [row.split() for row in rows] == expected
    if ran.command.line.shown:  # the page's table, but for the IDs Zoom gives
        shown_header, _, *shown = ran.command.line.shown
        assert shown_header.split() == header.split()
        assert [row.split()[1:] for row in shown] == [row[1:] for row in expected]


def check_meetings_list(shell: Shell, ran: Ran) -> None:
    user = ran.argv[ran.argv.index("list") + 1]
    kind = option(ran.argv, "--type", "scheduled")
    owner = _owner(shell)
    assert shell.fake.state.find_user(shell.fake.account, user) is owner
    held = [m for m in shell.fake.account.meetings.values() if m["host_id"] == owner["id"]]
    expected = [m for m in held if kind == "scheduled" or m["start_time"] >= _now_iso()]
    assert expected  # Ada has an upcoming meeting
    if "--json" in ran.argv:
        printed = [json.loads(line) for line in ran.out.splitlines()]
        assert [(m["id"], m["topic"], m["join_url"]) for m in printed] == [
            (m["id"], m["topic"], m["join_url"]) for m in expected
        ]
        return
    header, _, *rows = ran.out.splitlines()
    assert header.split() == ["id", "topic", "type", "start", "minutes", "join", "URL"]
    assert len(rows) == len(expected)
    for meeting, row in zip(expected, rows, strict=True):
        assert row.startswith(str(meeting["id"]))
        assert meeting["topic"] in row and meeting["join_url"] in row


def check_meetings_create(shell: Shell, ran: Ran) -> None:
    meeting = list(shell.fake.account.meetings.values())[-1]  # the one it made
    user = ran.argv[ran.argv.index("create") + 1]
    assert meeting["host_id"] == shell.fake.state.find_user(shell.fake.account, user)["id"]
    assert meeting["topic"] == option(ran.argv, "--topic")
    start = option(ran.argv, "--start")
    if start is not None:
        assert meeting["start_time"] == _iso(parse_utc_datetime(start))
    assert meeting["duration"] == int(option(ran.argv, "--duration", "60") or 0)
    created, join = ran.out.splitlines()
    assert created.startswith(f"created meeting {meeting['id']} “{meeting['topic']}” for {user}")
    assert join == f"join URL: {meeting['join_url']}"
    if ran.command.line.shown:  # the page's lines, but for the number and URL Zoom gives
        shown_created, shown_join = ran.command.line.shown
        assert re.sub(r"\b\d{9,11}\b", str(meeting["id"]), shown_created) == created
        assert shown_join.startswith("join URL: https://")


def check_recordings_download(shell: Shell, ran: Ran) -> None:
    first = date.fromisoformat(option(ran.argv, "--from") or "")
    last = date.fromisoformat(option(ran.argv, "--to") or _now_iso()[:10])
    dest = option(ran.argv, "--dest", "recordings") or ""
    host = shell.fake.state.find_user(shell.fake.account, option(ran.argv, "--user", "me") or "")
    files = [
        f
        for rec in shell.fake.recordings.recordings.values()
        if rec.host_id == host["id"]
        and first <= datetime.fromtimestamp(rec.start, UTC).date() <= last
        for f in rec.files
    ]
    assert files  # Ada's recordings of the page's dates
    summary = f"{len(files)} downloaded, 0 already complete, 0 failed, in {dest}"
    assert ran.out.splitlines()[-1] == summary
    saved = sorted(p for p in (shell.cwd / dest).rglob("*") if p.is_file())
    assert sorted(p.stat().st_size for p in saved) == sorted(f.file_size for f in files)
    if ran.command.line.shown:
        pattern = re.sub(r"\d+", r"\\d+", re.escape(summary))
        assert re.fullmatch(pattern, ran.command.line.shown[-1])


def check_sdk_signature(shell: Shell, ran: Ran) -> None:
    (token,) = ran.out.splitlines()
    info = decode_signature(token, shell.env(ran.command)["ZOOM_SDK_SECRET"])
    assert info.ok, info.problems
    number = re.sub(r"\s", "", option(ran.argv, "--meeting") or "")
    role = int(option(ran.argv, "--role", "0") or 0)
    assert (info.claims["mn"], info.claims["role"]) == (number, role)
    assert re.fullmatch(
        rf"signature for meeting {number} as (attendee|host), valid until {ISO_UTC.pattern}\n",
        ran.err,
    )


def check_decode_signature(shell: Shell, ran: Ran) -> None:
    assert "kind: meeting" in ran.out
    assert "signature verifies: yes" in ran.out and "expired: no" in ran.out
    assert "problem:" not in ran.out
    claims = json.loads(ran.out.split("\nkind:", 1)[0])["claims"]
    assert claims["sdkKey"] == shell.exported["ZOOM_SDK_KEY"]


def check_demo(shell: Shell, ran: Ran) -> None:
    meetings = int(option(ran.argv, "--meetings", "3") or 0)
    ended = [int(n) for n in re.findall(r"” ended: (\d+) files saved$", ran.out, re.MULTILINE)]
    assert len(ended) == meetings and all(ended)
    done = re.search(r"^done: (\d+) files \(.+\) saved; ", ran.out, re.MULTILINE)
    assert done is not None and int(done[1]) == sum(ended)


CHECKS: dict[str, Callable[[Shell, Ran], None]] = {
    "aiozoom": check_help,
    "aiozoom demo": check_demo,
    "aiozoom users list": check_users_list,
    "aiozoom meetings list": check_meetings_list,
    "aiozoom meetings create": check_meetings_create,
    "aiozoom recordings download": check_recordings_download,
    "aiozoom sdk-signature": check_sdk_signature,
    "aiozoom decode-signature": check_decode_signature,
}


# -- servers: started, asked once, stopped with Ctrl-C ---------------------------------------------


async def _serve(
    shell: Shell,
    command: Command,
    address: re.Pattern[str],
    probe: Callable[[str, Any], Awaitable[None]],
) -> str:
    """Start ``command``, wait for the address it prints, ``probe`` it, stop it with Ctrl-C;
    what it wrote to standard error after the address."""
    proc = await asyncio.create_subprocess_exec(
        *shell.argv(command),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=shell.env(command),
        cwd=shell.cwd,
    )
    try:
        assert proc.stdout is not None and proc.stderr is not None
        first = (await asyncio.wait_for(proc.stderr.readline(), BOUND)).decode()
        found = address.search(first)
        assert found is not None, first
        await probe(found["url"], proc)
        proc.send_signal(signal.SIGINT)  # Ctrl-C
        out, err = await asyncio.wait_for(proc.communicate(), BOUND)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 130, err  # interrupted, quietly
    assert out == b""
    return err.decode()


async def serve_signatures(shell: Shell, command: Command) -> None:
    env = shell.env(command)
    origin = option(command.argv, "--cors-origin")

    async def probe(url: str, proc: Any) -> None:
        headers = {"Origin": origin} if origin else {}
        body = {"meetingNumber": "857 4606 5432", "role": 0}
        timeout = aiohttp.ClientTimeout(total=BOUND)
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.post(url + "/", json=body, headers=headers) as answer,
        ):
            assert answer.status == 200
            got = await answer.json()
            assert answer.headers.get("Access-Control-Allow-Origin") == origin
        assert got["sdkKey"] == env["ZOOM_SDK_KEY"]
        info = decode_signature(got["signature"], env["ZOOM_SDK_SECRET"])
        assert info.ok and info.claims["mn"] == "85746065432", info.problems

    listening = re.compile(r"listening on (?P<url>http://127\.0\.0\.1:\d+)")
    logged = await _serve(shell, command, listening, probe)
    assert env["ZOOM_SDK_SECRET"] not in logged
    for line in logged.splitlines():  # the signatures it made, logged
        assert line.startswith("signed a Meeting SDK signature for meeting 85746065432"), line


async def serve_webhooks(shell: Shell, command: Command) -> None:
    secret = shell.env(command)[
        option(command.argv, "--secret-token-env") or "ZOOM_WEBHOOK_SECRET_TOKEN"
    ]
    shown = command.line.shown
    path = option(command.argv, "--path", "/") or "/"

    async def probe(url: str, proc: Any) -> None:
        if shown:  # the address, but for the port
            assert re.sub(r":\d+/", ":PORT/", shown[0]) == re.sub(
                r":\d+/", ":PORT/", f"receiving Zoom webhooks at {url}"
            )
        events = [line.split("  ") for line in shown[1:]] or [["", "meeting.started", ""]]
        for when, name, what in events:
            assert name in EVENT_OBJECTS, f"no {name} to send: add it to EVENT_OBJECTS"
            delivery = await shell.fake.deliver_webhook(
                url, name, EVENT_OBJECTS[name], secret_token=secret
            )
            assert delivery.status == 200
            printed = (await asyncio.wait_for(proc.stdout.readline(), BOUND)).decode()
            printed_when, printed_name, printed_what = printed.rstrip("\n").split("  ")
            assert ISO_UTC.fullmatch(printed_when) and printed_name == name
            if what:
                assert ISO_UTC.fullmatch(when) and printed_what == what

    receiving = re.compile(
        rf"receiving Zoom webhooks at (?P<url>http://127\.0\.0\.1:\d+{re.escape(path)})"
    )
    assert await _serve(shell, command, receiving, probe) == ""  # nothing rejected


SERVERS: dict[str, Callable[[Shell, Command], Awaitable[None]]] = {
    "aiozoom sdk-server": serve_signatures,
    "aiozoom signature-server": serve_signatures,
    "aiozoom webhooks serve": serve_webhooks,
}


# -- the fake the page describes ------------------------------------------------------------------


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _now_iso() -> str:
    return _iso(datetime.now(UTC))


def _at(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()


def people_and_meetings(fake: FakeZoom, clock: FakeClock) -> None:
    """Ada (the owner) and Bob; Ada's recordings of early 2026 and an upcoming meeting."""
    account, state = fake.account, fake.state
    (ada_email, first, last, kind, created), *others = PEOPLE
    ada = account.users[account.owner_id]
    state.change_email(account, ada, ada_email)
    ada.update(first_name=first, last_name=last, display_name=f"{first} {last}", type=kind)
    ada["created_at"] = created
    for email, first, last, kind, created in others:
        state.create_user(
            account,
            {"email": email, "first_name": first, "last_name": last, "type": kind},
            now=_at(created),
        )
    for ended, topic, files in RECORDED:
        clock.set(_at(ended))
        meeting = state.create_meeting(account, ada["id"], {"topic": topic, "duration": 45})
        fake.end_meeting(meeting["id"], files=files)
    clock.set(time.time())
    start = _iso(datetime.now(UTC).replace(microsecond=0) + timedelta(days=7))
    state.create_meeting(
        account, ada["id"], {"topic": "Weekly sync", "type": 2, "start_time": start}
    )


@pytest.mark.parametrize("page", sorted(PAGES))
async def test_the_command_lines_of_a_page_run(page: str, tmp_path: Path) -> None:
    lines = shell_lines(DOCS / page)
    commands = [c for line in lines for c in parse(line) if c.kind == "aiozoom"]
    assert len({c.line.number for c in commands}) == PAGES[page], (
        "the page's aiozoom command lines changed: update PAGES"
    )
    text = (DOCS / page).read_text(encoding="utf-8").splitlines()
    looks_run = {n for n, t in enumerate(text, 1) if _LOOKS_LIKE_A_COMMAND.match(t)}
    assert looks_run <= {line.number for line in lines}, "a command outside a ```sh block"
    clock = FakeClock()
    async with FakeZoom(users=1, clock=clock) as fake:
        people_and_meetings(fake, clock)
        shell = Shell(fake, tmp_path)
        for line in lines:
            try:
                await follow(shell, line)
            except Exception as exc:
                raise AssertionError(f"docs/{page}, line {line.number}: {line.text}") from exc


def test_the_reader_sees_prompts_output_pipes_and_assignments(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "```sh\npip install x\nexport A=... B=2   # both\naiozoom users list --json | jq -s length"
        "\n```\n\n```python\naiozoom = 1\n```\n\n```sh\n$ X=... aiozoom sdk-server \\\n"
        "    --port 4000\nlistening\n$ s=$(aiozoom --help)  # or: python -m aiozoom --help\n```\n",
        encoding="utf-8",
    )
    lines = shell_lines(page)
    assert [(line.number, line.shown) for line in lines] == [
        (2, ()), (3, ()), (4, ()), (12, ("listening",)), (15, ()),
    ]  # fmt: skip
    parsed = [c for line in lines for c in parse(line)]
    assert [(c.kind, c.assignments, c.argv, c.after, c.capture) for c in parsed] == [
        ("install", (), (), (), None),
        ("export", (("A", "..."), ("B", "2")), (), (), None),
        ("aiozoom", (), ("users", "list", "--json"), ("jq", "-s", "length"), None),
        ("aiozoom", (("X", "..."),), ("sdk-server", "--port", "4000"), (), None),
        ("aiozoom", (), ("--help",), (), "s"),
        ("aiozoom", (), ("--help",), (), None),
    ]
    assert command_path(("--debug", "meetings", "list", "me", "--json")) == "aiozoom meetings list"
    with pytest.raises(ValueError, match="cannot run"):
        parse(Line("page.md", 1, "curl https://example.com | aiozoom decode-signature -"))
