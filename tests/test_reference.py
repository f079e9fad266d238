"""The generated API reference: every method on its namespace's page (a page per namespace below
a split one), with its call, parameters and body fields; links that resolve; unique anchors; pages
GitHub can display; the same output every time."""

from __future__ import annotations

import dataclasses
import os
import re
from collections import defaultdict
from pathlib import Path, PurePosixPath

import pytest

from tools.codegen import generate, hub, ir, patches, reference, render

REPO = Path(__file__).resolve().parents[1]
HUB = generate.default_hub_path()  # where the generator reads Zoom's API Hub descriptions
_LARGEST = 300_000  # bytes: no page near the ~500 KB GitHub stops displaying Markdown at

_ANCHOR = re.compile(r'<a id="([^"]+)"></a>')
_LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.fixture(scope="module")
def api() -> ir.API:
    """The API as tools/codegen/generate.py builds it from the API Hub."""
    if not HUB.is_dir():
        if os.environ.get("CI"):  # CI always has the descriptions beside the clone: never skip
            pytest.fail(f"Zoom's API Hub descriptions are not at {HUB}")
        pytest.skip(f"Zoom's API Hub descriptions are not at {HUB} (set AIOZOOM_HUB)")
    doc = hub.load(HUB)
    patches.apply(doc)
    return ir.build(doc)


@pytest.fixture(scope="module")
def files(api: ir.API) -> dict[str, str]:
    return reference.render_reference(api)


@pytest.fixture(scope="module")
def split(api: ir.API) -> set[str]:
    return reference.split_namespaces(api)


def _sections(page: str) -> dict[str, str]:
    """The page's text by anchor: each anchor's text runs to the next anchor."""
    pieces = _ANCHOR.split(page)
    return dict(zip(pieces[1::2], pieces[2::2], strict=True))


def _table_rows(section: str, method: str) -> dict[str, list[str]]:
    """The parameter table of a method's section: cells by the argument's Python name."""
    rows: dict[str, list[str]] = {}
    for line in section.splitlines():
        match = re.match(r"\| `(\w+)` \| ", line)
        if match:
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            assert match.group(1) not in rows, (
                f"{method}: two arguments named {match.group(1)} (an invalid def)"
            )
            rows[match.group(1)] = cells
    return rows


def _section(files: dict[str, str], split: set[str], op: ir.Operation) -> str:
    page = files[reference.page_of(op.namespace, split)]
    name = f"{op.namespace}.{op.method_name}"
    sections = _sections(page)
    assert reference.anchor(name) in sections, f"{name} has no section on its page"
    return sections[reference.anchor(name)]


def test_every_operation_is_on_its_page_with_its_call(
    api: ir.API, files: dict[str, str], split: set[str]
) -> None:
    assert api.operations
    pages_of: dict[str, list[str]] = defaultdict(list)  # anchor -> the pages that have it
    for path, text in files.items():
        for found in _ANCHOR.findall(text):
            pages_of[found].append(path)
    for op in api.operations:
        section = _section(files, split, op)
        name = f"zoom.{op.namespace}.{op.method_name}"
        where = pages_of[reference.anchor(op.python_name)]
        assert where == [reference.page_of(op.namespace, split)], (name, where)  # on one page
        assert f"### `{name}`" in section
        call = reference.call_signature(op)
        assert f"```python\n{call}\n```" in section, name
        assert call.startswith("async for item in " if op.paging else "await "), name
        assert f"`{op.method} {op.path}`" in section, name
        assert (op.category or "not stated") in section, name
        for scope in (*op.scopes, *op.granular_scopes):
            assert f"`{scope}`" in section, (name, scope)
        assert (f"### `{name}` (deprecated)" in section) == op.deprecated, name


def test_the_call_is_the_generated_signature(api: ir.API) -> None:
    """The parameters shown are exactly those ``render.render_method`` writes in the ``def``."""
    for op in api.operations:
        lines = render.render_method(op, render.Imports())
        end = next(i for i, line in enumerate(lines) if line.startswith("    ) -> "))
        generated = [line.strip().removesuffix(",") for line in lines[1:end]]
        assert generated[0] == "self"
        assert reference.signature_parts(op) == generated[1:], op.python_name
        call = reference.call_signature(op)
        for part in generated[1:]:
            assert part in call, (op.python_name, part)


def test_every_path_and_query_parameter_is_in_the_table(
    api: ir.API, files: dict[str, str], split: set[str]
) -> None:
    for op in api.operations:
        rows = _table_rows(_section(files, split, op), op.python_name)
        for p in [*op.path_params, *op.query_params]:
            assert p.python in rows, (op.python_name, p.python)
            _, zoom_name, where, *_ = rows[p.python]
            assert zoom_name == f"`{p.name}`", (op.python_name, p.name)
            assert where == p.location, (op.python_name, p.name)
        for p in op.path_params:
            if p.default is ir.NO_DEFAULT:
                assert rows[p.python][4] == "required", (op.python_name, p.python)
        for p in op.query_params:
            if p.required:
                assert rows[p.python][4] == "required", (op.python_name, p.python)


def test_body_fields_and_uploads_are_in_the_table(
    api: ir.API, files: dict[str, str], split: set[str]
) -> None:
    checked = 0
    for op in api.operations:
        rows = _table_rows(_section(files, split, op), op.python_name)
        if op.body_kind in ("json", "free"):
            assert rows["body"][2] == "body", op.python_name
        for f, keyword in zip(op.body_fields, op.body_kwargs, strict=True):
            assert keyword in rows, (op.python_name, keyword)
            assert rows[keyword][1] == f"`{f.json}`" and rows[keyword][2] == "body"
            assert rows[keyword][4] == ("required" if f.required else "optional"), keyword
            checked += f.required
        for f in op.multipart_files:
            assert f.name in rows, (op.python_name, f.name)
            assert rows[f.name][2] in ("file", "form")
    assert checked, "no required body field in the whole API: the check checked nothing"


def test_index_links_every_page_and_every_link_resolves(files: dict[str, str]) -> None:
    index = files[reference.INDEX]
    pages = {path for path in files if path != reference.INDEX}
    assert pages and all(path.startswith(reference.PAGES + "/") for path in pages)
    linked = {str(PurePosixPath("docs") / target.split("#")[0]) for target in _LINK.findall(index)}
    assert pages <= linked, f"not linked from the index: {sorted(pages - linked)}"
    anchors = {path: set(_ANCHOR.findall(text)) for path, text in files.items()}
    for path, text in files.items():
        for target in _LINK.findall(text):
            assert "://" not in target, (path, target)
            file_part, _, fragment = target.partition("#")
            resolved = str(PurePosixPath(os.path.normpath(PurePosixPath(path).parent / file_part)))
            if not file_part:
                resolved = path
            if resolved in files:
                if fragment:
                    assert fragment in anchors[resolved], f"{path}: {target} has no anchor"
            else:  # a hand-written page beside the reference, e.g. docs/api.md
                assert (REPO / resolved).is_file(), f"{path}: {target} leads nowhere"
                assert not fragment, (path, target)


def test_large_namespaces_are_split_and_no_page_is_too_large(
    api: ir.API, files: dict[str, str], split: set[str]
) -> None:
    sizes = {path: len(text.encode("utf-8")) for path, text in files.items()}
    too_large = {path: size for path, size in sizes.items() if size > _LARGEST}
    assert not too_large, f"pages GitHub may not display: {too_large}"
    assert {"phone", "contact_center"} <= split  # 637 KB and 521 KB as one page each
    below: dict[str, set[str]] = defaultdict(set)
    for op in api.operations:
        top, _, rest = op.namespace.partition(".")
        below[top].update([rest.split(".")[0]] if rest else [])
    assert split <= set(below)
    for top in below:
        overview = files[reference.page_path(top)]
        pages = {path for path in files if path.startswith(f"{reference.PAGES}/{top}/")}
        if top not in split:
            assert not pages, top
            assert sizes[reference.page_path(top)] <= reference.SPLIT_ABOVE or not below[top]
            continue
        assert pages == {reference.page_path(top, sub) for sub in below[top]}, top
        for sub in below[top]:
            # the overview links to the page, and keeps the anchor the namespace had there
            assert f'<a id="{reference.anchor(f"{top}.{sub}")}"></a>[`{sub}`]({top}/{sub}.md)' in (
                overview
            )
            assert f"[`zoom.{top}`](../{top}.md)" in files[reference.page_path(top, sub)]


def test_anchors_are_unique_per_page(files: dict[str, str]) -> None:
    for path, text in files.items():
        found = _ANCHOR.findall(text)
        assert found, path
        assert len(found) == len(set(found)), f"{path} repeats an anchor"


def test_output_is_deterministic_and_marked(api: ir.API, files: dict[str, str]) -> None:
    assert reference.render_reference(api) == files
    shuffled = dataclasses.replace(api, operations=list(reversed(api.operations)))
    assert reference.render_reference(shuffled) == files, "output depends on operation order"
    for path, text in files.items():
        assert text.startswith(f"<!-- {render.MARKER} -->\n"), path
        assert text.endswith("\n") and not text.endswith("\n\n"), path
        assert "\n\n\n" not in text, path


# -- small made-up APIs: each feature on a page of a few lines ------------------------------


def _op(namespace: str, method_name: str, **kw: object) -> ir.Operation:
    fields: dict[str, object] = {
        "operation_id": f"{namespace}.{method_name}",
        "method": "GET",
        "path": f"/{namespace.replace('.', '/')}/{method_name}",
        "tag": "Tag",
        "namespace": namespace,
        "method_name": method_name,
        "summary": f"Do {method_name} | or not",
        "description": "What it does.\n\nMore.",
        "category": "Light",
        "scopes": (),
        "deprecated": False,
    }
    fields.update(kw)
    return ir.Operation(**fields)  # type: ignore[arg-type]


def test_products_nested_namespaces_master_accounts_and_root_paths() -> None:
    when = ir.Param("from", "from_", "query", ir.Date(), True, ir.NO_DEFAULT, "Start date.")
    api = ir.API(
        operations=[
            _op(
                "phone.call_logs",
                "list",
                product="phone",
                query_params=[when],
                granular_scopes=("phone:read:list_call_logs:admin",),
                master_path="/accounts/{accountId}/phone/call_logs",
            ),
            _op("phone", "get_settings", product="phone", scopes=("phone:read:admin",)),
            _op("rooms.account.x", "get", product="rooms"),
            _op("scim", "list_users", product="scim2", path="/scim2/Users", root=True),
        ],
        models=[],
        unpinned=[],
    )
    files = reference.render_reference(api)
    assert sorted(files) == [
        "docs/api-reference.md",
        "docs/api/phone.md",
        "docs/api/rooms.md",
        "docs/api/scim.md",
    ]
    index = files["docs/api-reference.md"]
    assert "## Phone" in index and "## Zoom Rooms" in index and "## SCIM 2.0" in index
    assert "[`call_logs`](api/phone.md#phone-call_logs)" in index
    assert "[`account.x`](api/rooms.md#rooms-account-x)" in index

    phone = _sections(files["docs/api/phone.md"])
    logs = phone["phone-call_logs-list"]
    assert "await zoom.phone.call_logs.list(*, from_: date | str) -> None" in logs
    assert "`phone:read:list_call_logs:admin`" in logs
    assert "zoom.for_account(sub_account_id).phone.call_logs.list(...)" in logs
    assert "`GET /accounts/{accountId}/phone/call_logs`" in logs
    assert "| `from_` | `from` | query | `date \\| str` | required |" in logs
    assert "Do list \\| or not |" in files["docs/api/phone.md"]  # a pipe escaped in the contents
    assert "Master account" not in phone["phone-get_settings"]
    assert "from `https://api.zoom.us`, not under `/v2`" in files["docs/api/scim.md"]
    assert "not under `/v2`" not in files["docs/api/phone.md"]
    test_anchors_are_unique_per_page(files)
    test_index_links_every_page_and_every_link_resolves(files)


def test_a_namespace_larger_than_the_limit_is_split(monkeypatch: pytest.MonkeyPatch) -> None:
    api = ir.API(
        operations=[
            _op("phone.call_logs", "list", product="phone"),
            _op("phone.call_logs", "get", product="phone"),
            _op("phone.sms", "send", product="phone"),
            _op("phone", "get_settings", product="phone"),
            _op("rooms.account.x", "get", product="rooms"),
            _op("rooms.tags", "list", product="rooms"),
            _op("scim", "list_users", product="scim2", path="/scim2/Users", root=True),
        ],
        models=[],
        unpinned=[],
    )
    monkeypatch.setattr(reference, "SPLIT_ABOVE", 0)  # every page is too large
    files = reference.render_reference(api)
    assert sorted(files) == [
        "docs/api-reference.md",
        "docs/api/phone.md",
        "docs/api/phone/call_logs.md",
        "docs/api/phone/sms.md",
        "docs/api/rooms.md",
        "docs/api/rooms/account.md",
        "docs/api/rooms/tags.md",
        "docs/api/scim.md",  # nothing below it: one page, however large
    ]
    assert reference.split_namespaces(api) == {"phone", "rooms"}
    assert reference.page_of("rooms.account.x", {"rooms"}) == "docs/api/rooms/account.md"
    assert reference.page_of("phone", {"phone"}) == "docs/api/phone.md"

    index = files["docs/api-reference.md"]
    assert "[`call_logs`](api/phone/call_logs.md)" in index
    assert "[`account.x`](api/rooms/account.md#rooms-account-x)" in index
    assert "The largest (`zoom.phone`, `zoom.rooms`) are split" in index
    assert "(`docs/api/phone/call_logs.md` for `zoom.phone.call_logs`)" in index

    phone = files["docs/api/phone.md"]
    assert "4 methods: 1 of its own, on this page, and 3 in 2 namespaces below it" in phone
    assert '| <a id="phone-call_logs"></a>[`call_logs`](phone/call_logs.md) | 2 |' in phone
    assert '| <a id="phone-sms"></a>[`sms`](phone/sms.md) | 1 |' in phone
    assert "### `zoom.phone.get_settings`" in phone and "call_logs.list`" not in phone
    rooms = files["docs/api/rooms.md"]
    assert "## Its own methods" not in rooms and "3 in 2 namespaces" not in rooms
    assert "2 methods in 2 namespaces below it" in rooms

    logs = files["docs/api/phone/call_logs.md"]
    assert logs.startswith(f"<!-- {render.MARKER} -->\n# `zoom.phone.call_logs`\n")
    assert "[API reference](../../api-reference.md) · [`zoom.phone`](../phone.md)" in logs
    assert "[`list`](#phone-call_logs-list)" in logs
    assert set(_sections(logs)) == {
        "phone-call_logs",
        "phone-call_logs-get",
        "phone-call_logs-list",
    }
    account = _sections(files["docs/api/rooms/account.md"])
    assert "await zoom.rooms.account.x.get() -> None" in account["rooms-account-x-get"]
    test_anchors_are_unique_per_page(files)
    test_index_links_every_page_and_every_link_resolves(files)
