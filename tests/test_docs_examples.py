"""The ```python samples of the documentation (docs/ and the README), run as a reader would run
them, against FakeZoom.

Each page's samples run in order in one namespace (a later sample may use what an earlier one
imported or defined), inside an event loop with a running ``FakeZoom`` standing in for Zoom:

- ``ZOOM_ACCOUNT_ID``, ``ZOOM_CLIENT_ID``, ``ZOOM_CLIENT_SECRET`` (the names the command line
  reads), ``ZOOM_API_KEY``/``ZOOM_API_SECRET`` (a legacy JWT app's), ``ZOOM_TOKEN_URL`` and
  ``ZOOM_BASE_URL`` are set in the environment to the fake's, ``ZOOM_SDK_KEY``,
  ``ZOOM_SDK_SECRET`` and ``ZOOM_WEBHOOK_SECRET_TOKEN`` to values made up for the run, and the
  names ``ACCOUNT_ID``, ``CLIENT_ID``, ``CLIENT_SECRET``, ``SDK_KEY``, ``SDK_SECRET``,
  ``WEBHOOK_SECRET`` and ``fake`` are given to the samples;
- Zoom's own token endpoint and API host, the defaults of ``ServerToServerOAuth``, ``UserOAuth``,
  ``exchange_code``, ``authorization_url`` and ``ZoomClient``, are the fake's for the run, so a
  sample is written as it would be for Zoom (``ServerToServerOAuth(account_id, client_id,
  client_secret)``, ``ZoomClient(auth)``);
- a top-level ``await``/``async with`` runs as it does in ``python -m asyncio``, and a closing
  ``asyncio.run(main())`` becomes ``await main()``; ``async def test_...()`` functions a sample
  defines are then called, as pytest would;
- the names given are given again before each sample (a sample's own ``async with FakeZoom()
  as fake`` does not leave a closed fake to the next one);
- the samples run as a module named ``__docs__``, so an ``if __name__ == "__main__":`` block (a
  ``web.run_app(app)`` that would serve forever) is left out, and a later sample tests ``app``;
- a sample that imports a synchronous client (zoomus, in the migration guide) is a synchronous
  program: it runs in a worker thread while the fake serves, with zoomus's default API and token
  URLs made the fake's;
- no name but loopback resolves, so a sample that escapes the fake fails instead of calling Zoom.

A sample that is not a program (a protocol's signature, another library's code) is marked with
the line ``<!-- not a program -->`` right before its fence; only those are skipped, and counted.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import socket
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import zoomus.client  # the migration guide's "before"

import aiozoom.client
from aiozoom.auth import ServerToServerOAuth, UserOAuth, authorization_url, exchange_code
from aiozoom.testing import FakeZoom
from tests.docs_pages import fenced_blocks

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MARK = "<!-- not a program -->"
# page -> (samples run, samples marked): a sample added or marked is noticed here
PAGES: dict[str, tuple[int, int]] = {
    "README.md": (1, 0),
    "api.md": (6, 0),
    "auth.md": (6, 3),
    "client.md": (2, 1),
    "deployment.md": (1, 1),
    "errors.md": (3, 0),
    "index.md": (1, 0),
    "migrating.md": (4, 0),
    "pagination.md": (6, 0),
    "quickstart.md": (3, 0),
    "rate-limits.md": (4, 0),
    "recordings.md": (4, 0),
    "resilience.md": (2, 0),
    "sdk.md": (13, 0),
    "testing.md": (5, 0),
    "webhooks.md": (10, 1),
}


def _path(page: str) -> Path:
    return ROOT / page if page == "README.md" else DOCS / page


@dataclass(frozen=True)
class Sample:
    page: str
    line: int  # of the opening fence, 1-based
    code: str
    marked: bool


def samples(path: Path) -> list[Sample]:
    """The ```python blocks of the page at ``path``, in order, with whether each is marked."""
    return [
        Sample(
            path.name,
            block.line,
            textwrap.dedent("\n".join(t for _, t in block.body)),
            block.before == MARK,
        )
        for block in fenced_blocks(path)
        if block.lang == "python"
    ]


class _AsyncioRunToAwait(ast.NodeTransformer):
    """``asyncio.run(main())`` as a statement of the sample itself becomes ``await main()``."""

    def visit_Module(self, node: ast.Module) -> ast.Module:
        for statement in node.body:
            call = statement.value if isinstance(statement, ast.Expr) else None
            if (
                isinstance(call, ast.Call)
                and ast.unparse(call.func) == "asyncio.run"
                and len(call.args) == 1
            ):
                statement.value = ast.Await(call.args[0])
        return node


SYNCHRONOUS_CLIENTS = {"zoomus"}


def _imports(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


async def run_sample(sample: Sample, scope: dict[str, Any]) -> None:
    tree = _AsyncioRunToAwait().visit(ast.parse(sample.code))
    synchronous = bool(_imports(tree) & SYNCHRONOUS_CLIENTS)
    ast.increment_lineno(tree, sample.line)  # tracebacks point at the page's lines
    ast.fix_missing_locations(tree)
    before = set(scope)
    code = compile(tree, str(_path(sample.page)), "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    if synchronous:  # it blocks: let the fake, on this loop, answer it meanwhile
        result = await asyncio.to_thread(eval, code, scope)
    else:
        result = eval(code, scope)  # our own documentation
    if inspect.iscoroutine(result):
        await result
    for name in sorted(set(scope) - before):
        function = scope[name]
        if name.startswith("test_") and inspect.iscoroutinefunction(function):
            await function()


_LOOPBACK = {"127.0.0.1", "localhost", "::1", None}


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    real: Callable[..., Any] = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name not in _LOOPBACK:
            raise socket.gaierror(socket.EAI_NONAME, f"a docs sample tried to reach {name}")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def _point_at(fake: FakeZoom, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Make ``fake`` the Zoom of every default; the names the samples are given."""
    account = fake.account
    made_up = {
        "ZOOM_SDK_KEY": "docsSdkKey0123456789",
        "ZOOM_SDK_SECRET": "docsSdkSecret0123456789abcdefghij",
        "ZOOM_WEBHOOK_SECRET_TOKEN": "docsWebhookSecretToken0123",
    }
    for function, name, value in (
        (ServerToServerOAuth.__init__, "token_url", fake.token_url),
        (UserOAuth.__init__, "token_url", fake.token_url),
        (exchange_code, "token_url", fake.token_url),
        (authorization_url, "authorize_url", fake.authorize_url),
    ):
        assert function.__kwdefaults__ is not None and name in function.__kwdefaults__
        monkeypatch.setitem(function.__kwdefaults__, name, value)
    monkeypatch.setattr(aiozoom.client, "DEFAULT_BASE_URL", fake.base_url)
    monkeypatch.setitem(zoomus.client.API_BASE_URIS, zoomus.client.API_VERSION_2, fake.base_url)
    defaults = zoomus.client.ZoomClient.__init__.__defaults__
    assert defaults is not None and defaults[-1] == zoomus.client.OAUTH_URI
    monkeypatch.setattr(
        zoomus.client.ZoomClient.__init__, "__defaults__", (*defaults[:-1], fake.token_url)
    )
    for name, value in {
        "ZOOM_ACCOUNT_ID": account.account_id,
        "ZOOM_CLIENT_ID": account.client_id,
        "ZOOM_CLIENT_SECRET": account.client_secret,
        "ZOOM_API_KEY": account.jwt_api_key,
        "ZOOM_API_SECRET": account.jwt_api_secret,
        "ZOOM_TOKEN_URL": fake.token_url,
        "ZOOM_BASE_URL": fake.base_url,
        **made_up,
    }.items():
        monkeypatch.setenv(name, value)
    return {
        "__name__": "__docs__",
        "ACCOUNT_ID": account.account_id,
        "CLIENT_ID": account.client_id,
        "CLIENT_SECRET": account.client_secret,
        "SDK_KEY": made_up["ZOOM_SDK_KEY"],
        "SDK_SECRET": made_up["ZOOM_SDK_SECRET"],
        "WEBHOOK_SECRET": made_up["ZOOM_WEBHOOK_SECRET_TOKEN"],
        "fake": fake,
    }


@pytest.mark.usefixtures("loopback_only")
@pytest.mark.parametrize("page", sorted(PAGES))
async def test_the_samples_of_a_page_run(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    found = samples(_path(page))
    runnable = [s for s in found if not s.marked]
    assert (len(runnable), len(found) - len(runnable)) == PAGES[page], (
        "samples run and marked changed: update PAGES"
    )
    async with FakeZoom(users=3) as fake:
        names = _point_at(fake, monkeypatch)
        scope = dict(names)
        for sample in runnable:
            scope.update(names)  # a sample's own `fake` does not outlive it
            try:
                await run_sample(sample, scope)
            except Exception as exc:
                raise AssertionError(f"{_path(page)}, the sample at line {sample.line}") from exc


def test_the_sample_reader_sees_marks_indents_and_other_languages(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "```sh\npip install x\n```\n\n<!-- not a program -->\n```python\nclass P: ...\n```\n\n"
        "- a list item:\n\n    ```python\n    x = 1\n    ```\n",
        encoding="utf-8",
    )
    found = samples(page)
    assert [(s.line, s.code, s.marked) for s in found] == [
        (6, "class P: ...", True),
        (12, "x = 1", False),
    ]


def test_every_page_with_samples_is_run() -> None:
    pages = [ROOT / "README.md", *DOCS.glob("*.md")]
    with_samples = {page.name for page in pages if samples(page)}
    assert with_samples == set(PAGES), "a page's ```python samples are not run: add it to PAGES"
