"""The ``aiozoom`` command line, called in process through ``aiozoom.cli.main``.

API commands run against a real FakeZoom on loopback, served from its own thread and event loop
(the CLI runs its own ``asyncio.run``), with the credentials in the environment as a user would
set them. A few tests start ``python -m aiozoom`` itself, for what only a process shows: the
exit status and standard error as a shell sees them, signals, and what ``import aiozoom`` loads.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

import aiozoom
from aiozoom.cli import ErrorExit, main
from aiozoom.testing import FakeZoom, event_body
from aiozoom.webhooks import parse_event

KEY = "aiozoomTestSdkKey01"
SECRET = "aiozoom-test-sdk-secret-0123456789abcdef"
BOUND = 10  # seconds any one step may take before it counts as a hang
ISO_UTC = re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\b")
UNIX_SECONDS = re.compile(r"\b1\d{9}\b")


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


HEADER = _b64url(b'{"alg":"HS256","typ":"JWT"}')


def hand_made(claims_json: str, secret: str = SECRET) -> str:
    """An HS256 JWT built byte by byte, so a claim can be a number no JSON library would write."""
    signing_input = f"{HEADER}.{_b64url(claims_json.encode())}"
    digest = hmac.new(secret.encode(), signing_input.encode("ascii"), hashlib.sha256).digest()
    return f"{signing_input}.{_b64url(digest)}"


def claims_json(iat: str) -> str:
    key = json.dumps(KEY)
    return (
        f'{{"appKey":{key},"sdkKey":{key},"mn":"123456789","role":0,'
        f'"iat":{iat},"exp":1800003600,"tokenExp":1800003600}}'
    )


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command line in process: (exit status, standard output, standard error)."""
    line = None
    try:
        status = main(list(args))
    except ErrorExit as exc:
        status, line = exc.code if isinstance(exc.code, int) else -1, str(exc)
    out, err = capsys.readouterr()
    if line is not None:
        assert err.endswith(f"{line}\n")  # what the exception says is the line printed
    return status, out, err


def only_line(err: str) -> str:
    """The single line on standard error, after checking there is exactly one."""
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in err
    return err.rstrip("\n")


ENV = ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET", "ZOOM_BASE_URL", "ZOOM_TOKEN_URL")


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeZoom]:
    """A FakeZoom on its own thread and loop, its credentials in the environment as ZOOM_*."""
    loop = asyncio.new_event_loop()
    zoom = FakeZoom(users=3)
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(zoom.start(), loop).result(BOUND)
    credentials = zoom.credentials()
    for name in ENV:
        monkeypatch.setenv(name, credentials[name.removeprefix("ZOOM_").lower()])
    monkeypatch.delenv("AIOZOOM_DEBUG", raising=False)
    try:
        yield zoom
    finally:
        asyncio.run_coroutine_threadsafe(zoom.close(), loop).result(BOUND)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(BOUND)
        loop.close()


# -- users ------------------------------------------------------------------------------------


def test_users_list_prints_a_table_with_dates(
    fake: FakeZoom, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = cli(capsys, "users", "list")

    assert (status, err) == (0, "")
    header, _, *rows = out.splitlines()
    assert header.split() == ["id", "email", "name", "type", "status", "created"]
    assert len(rows) == 3
    for user in fake.account.users.values():
        (row,) = [r for r in rows if user["email"] in r]  # never wrapped or cut
        assert row.startswith(user["id"])
        assert f"{user['first_name']} {user['last_name']}" in row
        assert {1: "basic", 2: "licensed"}[user["type"]] in row.split()
        assert user["created_at"] in row
    assert ISO_UTC.search(out) and not UNIX_SECONDS.search(out)


def test_users_list_json_prints_one_object_per_line(
    fake: FakeZoom, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = cli(capsys, "users", "list", "--json")

    assert status == 0
    users = [json.loads(line) for line in out.splitlines()]
    assert [u["id"] for u in users] == fake.account.user_order
    assert users[0]["email"] == fake.account.users[users[0]["id"]]["email"]


# -- meetings ---------------------------------------------------------------------------------


def test_meetings_create_schedules_a_meeting_and_prints_its_join_url(
    fake: FakeZoom, capsys: pytest.CaptureFixture[str]
) -> None:
    owner = fake.account.users[fake.account.owner_id]["email"]

    status, out, err = cli(
        capsys,
        "meetings", "create", owner,
        "--topic", "Planning [bold]",
        "--start", "2026-12-01T10:00+02:00",
        "--duration", "45",
        "--timezone", "Europe/Berlin",
    )  # fmt: skip

    assert (status, err) == (0, "")
    (meeting,) = fake.account.meetings.values()
    assert meeting["topic"] == "Planning [bold]"
    assert meeting["start_time"] == "2026-12-01T08:00:00Z"  # the offset applied, sent as UTC
    assert (meeting["type"], meeting["duration"], meeting["timezone"]) == (2, 45, "Europe/Berlin")
    assert meeting["host_id"] == fake.account.owner_id
    assert f"join URL: {meeting['join_url']}" in out.splitlines()
    assert f"created meeting {meeting['id']}" in out
    assert "starting 2026-12-01T08:00:00Z" in out
    assert meeting["password"] not in out and "start_url" not in out


def test_meetings_create_without_start_is_instant_and_naive_times_are_utc(
    fake: FakeZoom, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(capsys, "meetings", "create", "me", "--topic", "Now")[0] == 0
    status, out, _ = cli(
        capsys, "meetings", "create", "me", "--topic", "Later", "--start", "2026-12-01T10:00",
        "--json",
    )  # fmt: skip

    assert status == 0
    answer = json.loads(out)
    now, later = fake.account.meetings.values()
    assert now["type"] == 1
    assert later["start_time"] == "2026-12-01T10:00:00Z"
    assert (answer["id"], answer["join_url"]) == (later["id"], later["join_url"])


def test_meetings_list_shows_what_the_user_has(
    fake: FakeZoom, capsys: pytest.CaptureFixture[str]
) -> None:
    for topic in ("Standup", "[red]Retro[/red]"):
        assert cli(capsys, "meetings", "create", "me", "--topic", topic, "--start",
                   "2026-12-01T10:00")[0] == 0  # fmt: skip

    status, out, _ = cli(capsys, "meetings", "list", "me")
    assert status == 0
    header, _, *rows = out.splitlines()
    assert header.split() == ["id", "topic", "type", "start", "minutes", "join", "URL"]
    assert len(rows) == 2
    for meeting, row in zip(fake.account.meetings.values(), rows, strict=True):
        assert row.startswith(str(meeting["id"]))
        assert meeting["topic"] in row  # markup-like text printed as it is
        assert "scheduled" in row and "2026-12-01T10:00:00Z" in row
        assert meeting["join_url"] in row

    status, out, _ = cli(capsys, "meetings", "list", "me", "--type", "upcoming", "--json")
    assert status == 0
    listed = [json.loads(line) for line in out.splitlines()]
    assert [m["id"] for m in listed] == list(fake.account.meetings)


# -- errors -----------------------------------------------------------------------------------


def test_bad_credentials_are_one_line_without_a_traceback(
    fake: FakeZoom, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZOOM_CLIENT_SECRET", "not-the-secret-at-all")

    status, out, err = cli(capsys, "users", "list")

    assert status == 1 and out == ""
    assert only_line(err) == (
        "aiozoom: error: Zoom refused the credentials (invalid_client): "
        "Invalid client_id or client_secret"
    )
    assert fake.api_count() == 0


def test_an_unknown_user_is_named(fake: FakeZoom, capsys: pytest.CaptureFixture[str]) -> None:
    for command in (("meetings", "list"), ("meetings", "create")):
        extra = ("--topic", "x") if command[1] == "create" else ()
        status, _, err = cli(capsys, *command, "nobody@example.com", *extra)
        assert status == 1
        assert only_line(err) == (
            "aiozoom: error: user nobody@example.com does not exist (404, code 1001)"
        )
    assert fake.account.meetings == {}


@pytest.mark.parametrize("start", ["tomorrow", "2026-13-01T10:00", ""])
def test_a_bad_start_is_one_line_before_anything_is_sent(
    start: str, fake: FakeZoom, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = cli(capsys, "meetings", "create", "me", "--topic", "x", "--start", start)

    assert status == 2
    assert only_line(err).startswith(f"aiozoom: error: --start: not a date-time: {start!r}")
    assert fake.token_requests == 0


@pytest.mark.parametrize(
    ("unset", "expected"),
    [
        (["ZOOM_ACCOUNT_ID"], "set ZOOM_ACCOUNT_ID or pass --account-id"),
        (["ZOOM_CLIENT_SECRET"], "set ZOOM_CLIENT_SECRET or pass --client-secret"),
        (
            ["ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET"],
            "set ZOOM_CLIENT_ID or pass --client-id; "
            "set ZOOM_CLIENT_SECRET or pass --client-secret",
        ),
    ],
)
def test_missing_credentials_name_the_variable(
    unset: list[str],
    expected: str,
    fake: FakeZoom,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in unset:
        monkeypatch.delenv(name)

    status, _, err = cli(capsys, "users", "list")

    assert status == 2
    assert only_line(err) == f"aiozoom: error: {expected}"
    assert fake.token_requests == 0


def test_credentials_can_be_passed_as_options(
    fake: FakeZoom, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ENV:
        monkeypatch.delenv(name)
    c = fake.credentials()

    status, out, _ = cli(
        capsys, "users", "list", "--json",
        "--account-id", c["account_id"], "--client-id", c["client_id"],
        "--client-secret", c["client_secret"],
        "--base-url", c["base_url"], "--token-url", c["token_url"],
    )  # fmt: skip

    assert status == 0 and len(out.splitlines()) == 3


def test_debug_shows_the_traceback_and_still_ends_with_the_line(
    fake: FakeZoom, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZOOM_CLIENT_SECRET", "not-the-secret-at-all")

    status, _, err = cli(capsys, "--debug", "users", "list")

    assert status == 1
    assert "Traceback (most recent call last)" in err
    assert "aiozoom.errors.TokenRequestError" in err
    assert err.splitlines()[-1].startswith("aiozoom: error: Zoom refused the credentials")
    assert "not-the-secret-at-all" not in err


def test_usage_errors_point_to_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = cli(capsys, "users", "list", "--bogus")
    assert status == 2
    line = only_line(err)  # click words the middle
    assert line.startswith("aiozoom: error: No such option") and "--bogus" in line
    assert line.endswith(" (see 'aiozoom users list --help')")
    status, _, err = cli(capsys, "meetings", "create", "me")
    assert status == 2
    assert "Missing option '--topic'" in only_line(err)


def test_a_process_shows_one_line_and_the_exit_status(fake: FakeZoom) -> None:
    env = {**os.environ, "ZOOM_CLIENT_SECRET": "not-the-secret-at-all"}
    done = subprocess.run(
        [sys.executable, "-m", "aiozoom", "users", "list"],
        env=env,
        capture_output=True,
        text=True,
        timeout=BOUND * 3,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert only_line(done.stderr).startswith("aiozoom: error: Zoom refused the credentials")


# -- help and version -------------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(capsys, "--version") == (0, f"aiozoom {aiozoom.__version__}\n", "")


@pytest.mark.parametrize("args", [[], ["--help"], ["-h"]])
def test_a_bare_aiozoom_prints_the_help(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = cli(capsys, *args)

    assert (status, err) == (0, "")
    assert out.startswith("Usage: aiozoom [OPTIONS] COMMAND [ARGS]...")
    listed = re.findall(r"^  ([a-z][a-z-]+)  ", out, re.MULTILINE)
    assert listed == [
        "decode-signature",
        "demo",
        "meetings",
        "recordings",
        "sdk-server",
        "sdk-signature",
        "users",
        "webhooks",
    ]  # signature-server, the old name of sdk-server, is hidden


def test_a_bare_group_prints_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "meetings")
    assert status == 0
    assert out.startswith("Usage: aiozoom meetings [OPTIONS] COMMAND")
    assert re.search(r"^  create ", out, re.MULTILINE) and re.search(r"^  list ", out, re.M)


@pytest.mark.parametrize(
    "command",
    [
        ["users", "list"],
        ["meetings", "list"],
        ["meetings", "create"],
        ["sdk-signature"],
        ["sdk-server"],
        ["decode-signature"],
        ["webhooks", "serve"],
        ["demo"],
    ],
)
def test_every_option_says_its_default(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = cli(capsys, *command, "--help")
    assert status == 0
    options = re.split(r"\n  (?=-)", out.split("Options:", 1)[1])[1:]
    assert options
    for option in options:
        text = " ".join(option.split())
        if text.startswith(("-h, --help", "--help")):
            continue
        assert "default" in text or "[required]" in text, text
        if "from the environment" in text:
            assert "env var: ZOOM_" in text


def test_signature_server_is_still_there_for_old_scripts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = cli(capsys, "signature-server", "--help")
    assert status == 0
    assert "Usage: aiozoom signature-server [OPTIONS]" in out and "--cors-origin" in out


def test_without_click_or_rich_it_says_what_to_install(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "rich", None)

    status, out, err = cli(capsys, "users", "list")

    assert (status, out) == (2, "")
    assert "pip install 'aiozoom-sdk[cli]'" in only_line(err)


def test_import_aiozoom_does_not_import_click_or_rich() -> None:
    probe = (
        "import sys, aiozoom, aiozoom.cli\n"
        "print(sorted(m for m in sys.modules if m.partition('.')[0] in ('click', 'rich')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=BOUND * 3
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# -- SDK signatures ---------------------------------------------------------------------------


def test_sdk_signature_prints_a_signature_with_the_right_claims(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import jwt as pyjwt

    monkeypatch.setenv("ZOOM_SDK_KEY", KEY)
    monkeypatch.setenv("ZOOM_SDK_SECRET", SECRET)
    before = datetime.now(UTC).timestamp()

    status, out, err = cli(
        capsys, "sdk-signature", "--meeting", "857 4606 5432", "--role", "1", "--expires", "3600"
    )

    assert status == 0
    claims = pyjwt.decode(out.strip(), SECRET, algorithms=["HS256"])
    assert (claims["mn"], claims["role"], claims["sdkKey"], claims["appKey"]) == (
        "85746065432",
        1,
        KEY,
        KEY,
    )
    assert claims["exp"] - claims["iat"] == 3600
    assert before - 60 <= claims["iat"] <= before
    exp = datetime.fromtimestamp(claims["exp"], UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert err == f"signature for meeting 85746065432 as host, valid until {exp}\n"
    assert SECRET not in out + err


def test_sdk_signature_refuses_bad_input_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZOOM_SDK_KEY", KEY)
    monkeypatch.delenv("ZOOM_SDK_SECRET", raising=False)
    status, _, err = cli(capsys, "sdk-signature", "--meeting", "123")
    assert status == 2
    assert only_line(err) == "aiozoom: error: set ZOOM_SDK_SECRET in the environment"

    monkeypatch.setenv("ZOOM_SDK_SECRET", SECRET)
    status, _, err = cli(capsys, "sdk-signature", "--meeting", "12a")
    assert status == 2
    assert only_line(err).startswith("aiozoom: error: --meeting: meeting number must")
    status, _, err = cli(capsys, "sdk-signature", "--meeting", "123", "--expires", "60")
    assert status == 2
    assert only_line(err).startswith("aiozoom: error: --expires: 60 is not in the range")


@pytest.mark.parametrize("iat", [str(10**400), "1e400"])
@pytest.mark.parametrize("with_secret", [False, True])
def test_decode_signature_reports_an_absurd_iat_instead_of_crashing(
    iat: str,
    with_secret: bool,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if with_secret:
        monkeypatch.setenv("ZOOM_SDK_SECRET", SECRET)
    else:
        monkeypatch.delenv("ZOOM_SDK_SECRET", raising=False)

    status = main(["decode-signature", hand_made(claims_json(iat))])

    out = capsys.readouterr().out
    assert status == 1
    assert "problem: iat is not a plausible Unix time" in out
    assert "issued at: not a time" in out
    assert ("signature verifies: yes" in out) is with_secret
    assert SECRET not in out


def test_decode_signature_exits_0_for_a_good_signature(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from aiozoom.sdk import meeting_sdk_signature

    monkeypatch.setenv("ZOOM_SDK_SECRET", SECRET)
    token = meeting_sdk_signature(KEY, SECRET, "123456789", 0)

    assert main(["decode-signature", token]) == 0
    out = capsys.readouterr().out
    assert "signature verifies: yes" in out
    assert "problem:" not in out


def test_decode_signature_reads_standard_input_and_shows_dates(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from aiozoom.sdk import meeting_sdk_signature

    monkeypatch.delenv("ZOOM_SDK_SECRET", raising=False)
    token = meeting_sdk_signature(KEY, SECRET, "123456789", 0, now=1_700_000_000)
    monkeypatch.setattr(sys, "stdin", io.StringIO(token + "\n"))

    status, out, _ = cli(capsys, "decode-signature", "-")

    assert status == 1  # expired long ago
    assert "issued at: 2023-11-14T22:12:50Z" in out  # iat is backdated 30 s
    assert "expires at: 2023-11-15T00:12:50Z" in out
    assert "signature verifies: not checked" in out and "expired: yes" in out


def test_decode_signature_refuses_what_is_not_a_jwt(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = cli(capsys, "decode-signature", "not-a-jwt")
    assert status == 2
    assert only_line(err).startswith("aiozoom: error: TOKEN: token is not a JWT")


async def test_sdk_server_stops_quietly_on_ctrl_c() -> None:
    env = {**os.environ, "ZOOM_SDK_KEY": KEY, "ZOOM_SDK_SECRET": SECRET}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "aiozoom", "sdk-server", "--port", "0",
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        assert proc.stderr is not None
        line = await asyncio.wait_for(proc.stderr.readline(), BOUND * 2)
        assert b"listening on http://127.0.0.1:" in line
        proc.send_signal(signal.SIGINT)
        out, err = await asyncio.wait_for(proc.communicate(), BOUND)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert (proc.returncode, out, err) == (130, b"", b"")


# -- webhooks ---------------------------------------------------------------------------------


async def test_webhooks_serve_prints_each_event() -> None:
    secret = "webhook-secret-token-for-the-cli"
    env = {**os.environ, "MY_WEBHOOK_SECRET": secret}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "aiozoom", "webhooks", "serve", "--port", "0",
        "--path", "/zoom/webhook", "--secret-token-env", "MY_WEBHOOK_SECRET",
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        assert proc.stdout is not None and proc.stderr is not None
        line = await asyncio.wait_for(proc.stderr.readline(), BOUND * 2)
        found = re.search(rb"http://127\.0\.0\.1:\d+/zoom/webhook", line)
        assert found is not None, line
        url = found.group().decode()
        async with FakeZoom() as fake:
            delivery = await fake.deliver_webhook(
                url, "meeting.started", {"id": 85746065432, "topic": "Standup"},
                secret_token=secret,
            )  # fmt: skip
            assert delivery.status == 200
            printed = (await asyncio.wait_for(proc.stdout.readline(), BOUND)).decode()
            wrong = await fake.deliver_webhook(url, "meeting.ended", secret_token="not-it")
            assert wrong.status == 401
            rejected = (await asyncio.wait_for(proc.stderr.readline(), BOUND)).decode()
    finally:
        proc.terminate()
        await proc.wait()
    when, name, what = printed.rstrip("\n").split("  ")
    assert ISO_UTC.fullmatch(when)
    assert abs(datetime.fromisoformat(when).timestamp() - fake.clock()) < 60
    assert (name, what) == ("meeting.started", "meeting 85746065432 “Standup”")
    assert "401" in rejected or "signature" in rejected


def test_webhooks_serve_needs_the_secret_token(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ZOOM_WEBHOOK_SECRET_TOKEN", raising=False)
    status, _, err = cli(capsys, "webhooks", "serve", "--port", "0")
    assert status == 2
    assert only_line(err) == (
        "aiozoom: error: set ZOOM_WEBHOOK_SECRET_TOKEN (the app's webhook Secret Token) in the "
        "environment"
    )


@pytest.mark.parametrize(
    ("event", "obj", "summary"),
    [
        (
            "meeting.participant_joined",
            {"id": 1, "topic": "Retro", "participant": {"user_name": "Ada"}},
            "Ada joined meeting 1 “Retro”",
        ),
        (
            "recording.completed",
            {
                "id": 2,
                "topic": "All hands",
                "total_size": 1234567,
                "recording_files": [{"file_type": "MP4"}, {"file_type": "M4A"}],
            },
            "meeting 2 “All hands”: 2 files, 1,234,567 bytes",
        ),
        ("meeting.ended", {"id": 3}, "meeting 3"),
        ("user.created", {"id": "u1"}, "account acct-1, object u1"),
    ],
)
def test_event_summaries(event: str, obj: dict[str, object], summary: str) -> None:
    from aiozoom.cli.webhooks import summary as summarize

    body = event_body(event, obj, account_id="acct-1", event_ts=1_800_000_000_123)
    assert summarize(parse_event(body)) == f"2027-01-15T08:00:00Z  {event}  {summary}"


# -- pure helpers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2026-12-01T10:00", "2026-12-01T10:00:00+00:00"),
        ("2026-12-01T10:00:30Z", "2026-12-01T10:00:30+00:00"),
        ("2026-12-01T10:00+02:00", "2026-12-01T08:00:00+00:00"),
        ("2026-12-01", "2026-12-01T00:00:00+00:00"),
    ],
)
def test_start_times_are_read_as_utc(given: str, expected: str) -> None:
    from aiozoom.cli.params import parse_utc_datetime

    assert parse_utc_datetime(given).isoformat() == expected


# -- recordings -------------------------------------------------------------------------------


def _started_on(instance: dict[str, object]) -> str:
    """The UTC day a meeting instance started: Zoom lists its recording under that day (a
    meeting ended just after midnight started the day before)."""
    return str(instance["start_time"])[:10]


def _recorded(fake: FakeZoom, topic: str) -> dict[str, object]:
    meeting = fake.state.create_meeting(fake.account, fake.account.owner_id, {"topic": topic})
    return fake.end_meeting(meeting["id"])


def test_recordings_download_fetches_every_file_and_a_rerun_only_what_is_missing(
    fake: FakeZoom, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    day = _started_on(_recorded(fake, "Weekly sync"))  # the day Zoom lists the recording under
    assert _started_on(_recorded(fake, "Retro")) == day
    dest = str(tmp_path)
    args = ("recordings", "download", "--from", day, "--to", day, "--dest", dest)
    status, out, err = cli(capsys, *args)
    assert status == 0
    assert "all files" in err and "all files" not in out  # progress goes to standard error
    assert "8 downloaded, 0 already complete, 0 failed" in out
    files = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert len(files) == 8
    assert not [p for p in files if p.name.endswith(".part")]
    files[0].unlink()
    status, out, _ = cli(capsys, *args)
    assert status == 0
    assert "1 downloaded, 7 already complete, 0 failed" in out


def test_recordings_download_by_type(
    fake: FakeZoom, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    day = _started_on(_recorded(fake, "Demo day"))
    status, out, _ = cli(
        capsys, "recordings", "download", "--from", day, "--type", "MP4", "--dest", str(tmp_path)
    )
    assert status == 0
    assert "1 downloaded" in out
    assert [p.suffix for p in tmp_path.rglob("*") if p.is_file()] == [".mp4"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--from", "tomorrow"), "'tomorrow'"),
        (("--from", "2026-05-02", "--to", "2026-05-01"), "--to"),
    ],
)
def test_recordings_download_bad_dates_are_one_line(
    fake: FakeZoom,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    args: tuple[str, ...],
    expected: str,
) -> None:
    status, _, err = cli(capsys, "recordings", "download", *args, "--dest", str(tmp_path))
    assert status == 2
    assert expected in only_line(err)


def test_recordings_download_for_an_unknown_user_is_one_line(
    fake: FakeZoom, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    today = datetime.now(UTC).date().isoformat()
    status, out, err = cli(
        capsys, "recordings", "download", "--from", today, "--user", "nobody@example.org",
        "--dest", str(tmp_path),
    )  # fmt: skip
    assert "all files" not in out  # no empty progress bar before the error
    assert status == 1
    assert only_line(err) == (
        "aiozoom: error: user nobody@example.org does not exist (404, code 1001)"
    )


def test_recordings_download_for_the_whole_account(
    fake: FakeZoom, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    days = []
    for owner in list(fake.account.users)[:2]:
        meeting = fake.state.create_meeting(fake.account, owner, {"topic": "team"})
        days.append(_started_on(fake.end_meeting(meeting["id"], files=("M4A",))))
    status, out, _ = cli(
        capsys,
        "recordings",
        "download",
        "--from",
        min(days),
        "--all-users",
        "--dest",
        str(tmp_path),
    )
    assert status == 0
    assert "2 downloaded, 0 already complete, 0 failed" in out


def test_recordings_download_to_a_folder_that_cannot_be_made_is_one_line(
    fake: FakeZoom, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_bytes(b"")
    today = datetime.now(UTC).date().isoformat()
    status, _, err = cli(
        capsys, "recordings", "download", "--from", today, "--dest", str(tmp_path / "a-file" / "x")
    )
    assert status == 1
    assert "cannot write to" in only_line(err)
