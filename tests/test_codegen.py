"""The generator: committed output equals what it produces now; spec location and patches."""

from __future__ import annotations

import inspect
import os
from pathlib import Path

import pytest

from tools.codegen import generate, ir, naming, patches, render, spec

SPEC = generate.default_spec_path()
needs_spec = pytest.mark.skipif(
    not SPEC.is_file() and not os.environ.get("CI"),  # in CI a missing spec fails, not skips
    reason=f"Zoom's OpenAPI description is not at {SPEC} (set AIOZOOM_SPEC)",
)


@pytest.fixture(scope="module")
def produced() -> dict[str, str]:
    if not SPEC.is_file():
        if os.environ.get("CI"):  # CI always has the spec beside the clone: never skip there
            pytest.fail(f"Zoom's OpenAPI description is not at {SPEC}")
        pytest.skip(f"Zoom's OpenAPI description is not at {SPEC} (set AIOZOOM_SPEC)")
    return generate.generate(SPEC)


@needs_spec
def test_committed_output_is_what_the_generator_produces(produced: dict[str, str]) -> None:
    root = generate.REPO_ROOT
    differ = [
        name
        for name, text in produced.items()
        if not (root / name).is_file() or (root / name).read_text(encoding="utf-8") != text
    ]
    assert differ == [], "stale generated files; run: .venv/bin/python -m tools.codegen"
    assert generate.stale_files(root, produced) == []


@needs_spec
def test_generated_files_say_so_on_their_first_line(produced: dict[str, str]) -> None:
    for name, text in produced.items():
        assert render.MARKER in text.splitlines()[0], name
    assert "aiozoom/api/meetings.py" in produced
    assert "docs/api-reference.md" in produced
    assert "aiozoom/testing/spec_examples.json" in produced


@needs_spec
def test_every_operation_has_a_pinned_name() -> None:
    doc = spec.load(SPEC)
    ids = {
        op["operationId"]
        for item in doc["paths"].values()
        for method, op in item.items()
        if method in spec.METHODS
    }
    assert ids == set(naming.PYTHON_NAMES)


@needs_spec
def test_every_patch_finds_its_defect() -> None:
    doc = spec.load(SPEC)
    assert patches.apply(doc) == []
    assert patches.apply(doc) == [p.__name__ for p in patches.PATCHES]  # nothing left to fix


def test_every_patch_says_what_it_fixes() -> None:
    for patch in patches.PATCHES:
        assert len(inspect.getdoc(patch) or "") > 40, patch.__name__


def test_spec_path_default_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AIOZOOM_SPEC", raising=False)
    expected = generate.REPO_ROOT.parent / "shared" / "zoom-openapi" / "ZoomMeetingAPISpec.json"
    assert generate.default_spec_path() == expected
    monkeypatch.setenv("AIOZOOM_SPEC", "/elsewhere/spec.json")
    assert generate.default_spec_path() == Path("/elsewhere/spec.json")


def test_missing_spec_is_a_clear_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert generate.main(["--spec", str(tmp_path / "absent.json"), "--check"]) == 2
    assert "spec not found" in capsys.readouterr().err


@needs_spec
def test_check_mode_passes_on_the_committed_tree() -> None:
    assert generate.main(["--spec", os.fspath(SPEC), "--check"]) == 0


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
    import importlib

    from aiozoom.api import operations

    checked = 0
    for op in operations():
        module = importlib.import_module(f"aiozoom.api.{op.namespace.split('.')[0]}")
        method = getattr(getattr(module, naming.NAMESPACES[op.namespace][0]), op.method_name)
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
