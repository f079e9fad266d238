"""The generator: committed output equals what it produces now; spec location and patches."""

from __future__ import annotations

import inspect
import os
from pathlib import Path

import pytest

from tests.hub import HUB, needs_hub
from tools.codegen import fake_spec, generate, hub, ir, naming, patches, render, spec, webhooks


@pytest.fixture(scope="module")
def produced() -> dict[str, str]:
    if not HUB.is_dir():
        if os.environ.get("CI"):  # CI always has the descriptions beside the clone
            pytest.fail(f"Zoom's API Hub descriptions are not at {HUB}")
        pytest.skip(f"Zoom's API Hub descriptions are not at {HUB} (set AIOZOOM_HUB)")
    return generate.generate(HUB)


@needs_hub
def test_committed_output_is_what_the_generator_produces(produced: dict[str, str]) -> None:
    root = generate.REPO_ROOT
    differ = [
        name
        for name, text in produced.items()
        if not (root / name).is_file() or (root / name).read_text(encoding="utf-8") != text
    ]
    assert differ == [], "stale generated files; run: .venv/bin/python -m tools.codegen"
    assert generate.stale_files(root, produced) == []


@needs_hub
def test_the_generator_is_deterministic(produced: dict[str, str]) -> None:
    doc = hub.load(HUB)
    patches.apply(doc)
    again = render.render_all(ir.build(doc))
    again["aiozoom/testing/spec_schemas.json"] = fake_spec.render_fake_spec(doc)
    again.update(webhooks.render_webhooks(HUB / "webhooks"))
    assert set(again) == set(produced)
    unformatted = {n: t for n, t in again.items() if not n.endswith(".py")}
    assert all(unformatted[n] == produced[n] for n in unformatted)


@needs_hub
def test_generated_files_say_so_on_their_first_line(produced: dict[str, str]) -> None:
    for name, text in produced.items():
        assert render.MARKER in text.splitlines()[0], name
    for name in (
        "aiozoom/api/meetings.py",
        "aiozoom/api/phone/__init__.py",
        "aiozoom/api/phone/call_logs.py",
        "aiozoom/models/team_chat/messages.py",
        "aiozoom/models/team_chat/__init__.py",
    ):
        assert name in produced
    assert "docs/api-reference.md" in produced and "docs/api/phone.md" in produced
    assert "aiozoom/testing/spec_examples.json" in produced


@needs_hub
def test_the_meeting_apis_names_are_kept() -> None:
    doc = hub.load(HUB)
    keys = {
        f"{method.upper()} {path}"
        for path, item in doc["paths"].items()
        for method in item
        if method in spec.METHODS
    }
    assert set(naming.LEGACY_NAMES) <= keys  # every pinned name still names an operation
    assert len(naming.LEGACY_NAMES) == 309


@needs_hub
def test_every_name_is_pinned_once() -> None:
    doc = hub.load(HUB)
    keys = {
        f"{method.upper()} {path}"
        for path, item in doc["paths"].items()
        for method in item
        if method in spec.METHODS
    }
    pins = naming.pinned_names()
    assert set(pins) | set(naming.LEGACY_NAMES) == keys  # none missing, none stale
    assert not set(pins) & set(naming.LEGACY_NAMES)
    assert len(set(pins.values()) | set(naming.LEGACY_NAMES.values())) == len(keys)


@needs_hub
def test_every_patch_finds_its_defect() -> None:
    doc = hub.load(HUB)
    assert patches.apply(doc) == []
    assert patches.apply(doc) == [p.__name__ for p in patches.PATCHES]  # nothing left to fix


def test_every_patch_says_what_it_fixes() -> None:
    for patch in patches.PATCHES:
        assert len(inspect.getdoc(patch) or "") > 40, patch.__name__


def test_hub_path_default_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AIOZOOM_HUB", raising=False)
    assert generate.default_hub_path() == generate.REPO_ROOT.parent / "shared" / "zoom-api-hub"
    monkeypatch.setenv("AIOZOOM_HUB", "/elsewhere/hub")
    assert generate.default_hub_path() == Path("/elsewhere/hub")


def test_missing_hub_is_a_clear_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert generate.main(["--hub", str(tmp_path / "absent"), "--check"]) == 2
    assert "descriptions not found" in capsys.readouterr().err


@needs_hub
def test_check_mode_passes_on_the_committed_tree() -> None:
    assert generate.main(["--hub", os.fspath(HUB), "--check"]) == 0


@pytest.mark.parametrize(
    ("summary", "method", "namespace", "tag", "product", "collection", "expected"),
    [
        (
            "Get account's call logs",
            "get",
            "phone.call_logs",
            "Call Logs",
            "phone",
            True,
            "list",
        ),
        (
            "Get call log details",
            "get",
            "phone.call_logs",
            "Call Logs",
            "phone",
            False,
            "get",
        ),
        (
            "Send a chat message",
            "post",
            "team_chat.messages",
            "Chat Messages",
            "team-chat",
            False,
            "send",
        ),
        (
            "Assign queue agents",
            "post",
            "contact_center.queues",
            "Queues",
            "contact-center",
            False,
            "assign_agents",
        ),
        ("List phone users", "get", "phone.users", "Users", "phone", True, "list"),
        (
            "React to a chat message",
            "patch",
            "team_chat.messages",
            "Chat Messages",
            "team-chat",
            False,
            "react",
        ),
    ],
)
def test_method_names_from_summaries(
    summary: str,
    method: str,
    namespace: str,
    tag: str,
    product: str,
    collection: bool,
    expected: str,
) -> None:
    name = naming.summary_name(
        summary,
        method,
        namespace=namespace,
        tag=tag,
        product=product,
        collection=collection,
    )
    assert name == expected


def test_names_are_made_unique_within_a_namespace() -> None:
    names = naming.disambiguate(
        {"get"},
        [
            ("a", "list", "/phone/call_logs", "accountCallLogs", False),
            ("b", "list", "/phone/users/{userId}/call_logs", "phoneUserCallLogs", False),
            ("c", "get", "/phone/call_logs/{callLogId}", "getCallLog", False),
            ("d", "add", "/zra/conversations", "addOld", True),
            ("e", "add", "/zra/conversations/by_url", "addNew", False),
        ],
    )
    assert names == {
        "a": "list",
        "b": "list_for_user",
        "c": "get_for_call_log",
        "d": "add_deprecated",
        "e": "add",
    }


def test_namespaces_from_products_and_tags() -> None:
    assert naming.tag_namespace("phone", "Call Logs", "/phone/call_logs") == "phone.call_logs"
    assert naming.tag_namespace("team-chat", "Chat Messages", "/chat") == "team_chat.messages"
    assert naming.tag_namespace("meetings", "Polls", "/webinars/{id}/polls") == "webinars"
    assert naming.tag_namespace("meetings", "Polls", "/meetings/{id}/polls") == "meetings"
    assert naming.tag_namespace("tasks", "Tasks", "/tasks") == "tasks"
    assert naming.tag_namespace("zoom-docs", "Import", "/docs/import") == "docs.imports"


def test_descriptions_yield_category_and_scopes() -> None:
    text = (
        "Create a meeting.\n\n **Scopes:** `meeting:write:admin`, `meeting:write`\n\n"
        "**[Rate Limit Label](https://example/rate-limits):** `Medium` <br>"
    )
    assert spec.category(text) == "Medium"
    assert spec.scopes(text) == ("meeting:write:admin", "meeting:write")
    assert spec.category("no label here") is None
    with pytest.raises(ValueError, match="Enormous"):
        spec.category("**[Rate Limit Label](x):** `Enormous`")
    op = {"description": "x\n\n**[Rate Limit Label](https://r):** `1`"}
    doc = {"paths": {"/qm/x": {"get": op}}}
    assert patches.rate_limit_label_not_a_category(doc)
    assert spec.category(op["description"]) is None


def test_names() -> None:
    assert naming.identifier("from") == "from_"
    assert naming.identifier("language_item_pairList") == "language_item_pair_list"
    assert naming.identifier("WebinarUUID") == "webinar_uuid"
    assert naming.singular("registrants") == "registrant"
    assert naming.singular("activities") == "activity"
    assert naming.singular("sensor_data") == "sensor_data"
    assert naming.pascal("in_meeting") == "InMeeting"


def test_path_parameters_choose_how_they_are_written() -> None:
    number = ir.Prim("int")
    text = ir.Prim("str")
    either = ir.OneOf((number, text))
    assert ir._segment_function("meetingId", number) == "meeting_number"
    assert ir._segment_function("webinarId", number) == "meeting_number"
    assert ir._segment_function("meetingId", text) == "meeting_id_segment"  # "ID or UUID"
    assert ir._segment_function("meetingId", either) == "meeting_id_segment"
    assert ir._segment_function("webinarId", text) == "meeting_id_segment"
    assert ir._segment_function("meetingUUID", text) == "path_segment"
    assert ir._segment_function("userId", text) == "path_segment"


def test_meeting_and_webinar_ids_accept_zooms_printed_form() -> None:
    import aiozoom.api
    from aiozoom.api import operations

    checked = 0
    for op in operations():
        cls = getattr(aiozoom.api, naming.NAMESPACES[op.namespace][0])  # loads its module
        method = getattr(cls, op.method_name)
        for p in op.parameters:
            if p.location == "path" and p.name in ("meetingId", "webinarId"):
                source = inspect.getsource(method)
                assert inspect.signature(method).parameters[p.python_name].annotation == (
                    "int | str"
                ), op.python_name
                helper = "meeting_number(" if "meeting_number(" in source else "meeting_id_segment("
                assert f"{helper}{p.python_name}, name={p.python_name!r})" in source
                checked += 1
    assert checked > 100
