"""The pure decisions, table-driven: token answers, deadlines, Zoom answers, path escaping."""

from __future__ import annotations

import json
import pickle

import pytest

from aiozoom import (
    AuthenticationError,
    FieldError,
    InvalidResponseError,
    MissingScopesError,
    NotFoundError,
    PageTokenExpiredError,
    PermissionDeniedError,
    RateLimitExceeded,
    TokenRequestError,
    ZoomAPIError,
)
from aiozoom.auth import Token
from aiozoom.auth.token import parse_token_response, refresh_deadline
from aiozoom.http import decode_response, error_from_response, path_segment, rejected_token
from aiozoom.http.responses import missing_scopes

URL = "https://zoom.us/oauth/token"


def test_token_answer_becomes_a_token() -> None:
    body = json.dumps(
        {
            "access_token": "abc",
            "token_type": "bearer",
            "expires_in": 3599,
            "scope": "user:read",
            "api_url": "https://api.zoom.us",
        }
    ).encode()
    token = parse_token_response(200, "application/json", body, now=1000.0, url=URL)
    assert token == Token(
        access_token="abc",
        expires_at=4599.0,
        scope="user:read",
        token_type="bearer",
        issued_at=1000.0,
        api_url="https://api.zoom.us",
    )
    assert "abc" not in repr(token)
    assert Token.from_dict(token.to_dict()) == token


@pytest.mark.parametrize(
    ("status", "body", "error", "match"),
    [
        (
            401,
            b'{"reason":"Invalid client_id or client_secret","error":"invalid_client"}',
            "invalid_client",
            "HTTP 401: invalid_client \\(Invalid client_id or client_secret\\)",
        ),
        (
            400,
            b'{"reason":"Invalid Token!","error":"invalid_request"}',
            "invalid_request",
            "Invalid Token!",
        ),
        (
            200,
            b'{"error":"invalid_grant","error_description":"bad code"}',
            "invalid_grant",
            "bad code",
        ),
        (502, b"<html>bad gateway</html>", None, "HTTP 502 with text/html, not a JSON object"),
        (200, b"", None, "not a JSON object"),
        (200, b'{"access_token": ""}', None, "without an access_token"),
        (200, b'{"access_token": 5}', None, "without an access_token"),
        (500, b'{"message": "oops"}', None, "refused the request with HTTP 500: error \\(oops\\)"),
    ],
)
def test_token_refusals(status: int, body: bytes, error: str | None, match: str) -> None:
    with pytest.raises(TokenRequestError, match=match) as info:
        parse_token_response(status, "text/html" if b"<" in body else "", body, now=0, url=URL)
    assert info.value.status == status
    assert info.value.error == error


@pytest.mark.parametrize(
    ("expires_in", "expires_at"),
    [(3600, 3600.0), ("3600", 3600.0), (0, None), (-5, None), (True, None), ("soon", None)],
)
def test_token_lifetimes(expires_in: object, expires_at: float | None) -> None:
    body = json.dumps({"access_token": "t", "expires_in": expires_in}).encode()
    assert parse_token_response(200, "", body, now=0, url=URL).expires_at == expires_at


@pytest.mark.parametrize(
    ("issued", "expires", "leeway", "jitter", "rnd", "deadline"),
    [
        (0, 3600, 300, 0.0, 0.9, 3300),  # an hour-long token: five minutes early
        (0, 3600, 300, 0.5, 0.5, 3600 - 375),  # jitter widens the margin by up to 50%
        (0, 30, 300, 0.0, 0.0, 15),  # a 30 s JWT is kept for half its life at least
        (0, 600, 300, 0.0, 0.0, 300),  # a 10-minute token: the full leeway...
        (0, 600, 300, 0.5, 0.5, 300),  # ...but the jitter stops at half its life
        (0, 900, 300, 0.5, 0.5, 525),
        (None, 3600, 300, 0.0, 0.0, 3300),  # unknown issue time: the plain leeway
        (0, None, 300, 0.0, 0.0, float("inf")),  # unknown expiry: only a 401 replaces it
    ],
)
def test_refresh_deadline(
    issued: float | None,
    expires: float | None,
    leeway: float,
    jitter: float,
    rnd: float,
    deadline: float,
) -> None:
    token = Token(access_token="t", expires_at=expires, issued_at=issued)
    assert refresh_deadline(token, leeway=leeway, jitter=jitter, rnd=rnd) == deadline


@pytest.mark.parametrize(
    ("status", "body", "verdict"),
    [
        (401, b'{"code": 124, "message": "Invalid access token."}', (124, "Invalid access token.")),
        (401, b'{"message": "Access token is expired."}', (None, "Access token is expired.")),
        (401, b'{"code": 200, "message": "No permission."}', None),
        (401, b"<html>unauthorized</html>", None),
        (403, b'{"code": 124, "message": "Invalid access token."}', None),
        (200, b'{"code": 124}', None),
        (
            401,
            b'{"code": 124, "message": "Access token is expired."}',
            (124, "Access token is expired."),
        ),
        (401, b'{"message": "Invalid access token"}', (None, "Invalid access token")),
        # a token that lacks a scope is not dead: a new token would not help
        (
            401,
            b'{"code": 4711, "message": "Invalid access token, does not contain scopes:[a:b]"}',
            None,
        ),
        (401, b'{"message": "Invalid access token, does not contain scopes:[a:b]"}', None),
        (401, b'{"code": 4700, "message": "Invalid access token."}', None),
    ],
)
def test_rejected_token(status: int, body: bytes, verdict: tuple[int | None, str] | None) -> None:
    assert rejected_token(status, body) == verdict


@pytest.mark.parametrize(
    ("status", "body", "cls"),
    [
        (401, b'{"code":124,"message":"Invalid access token."}', AuthenticationError),
        (403, b'{"code":200,"message":"No permission."}', PermissionDeniedError),
        (404, b'{"code":3001,"message":"Meeting does not exist: 1."}', NotFoundError),
        (
            400,
            b'{"code":300,"message":"The next page token is invalid or expired."}',
            PageTokenExpiredError,
        ),
        (429, b'{"code":429,"message":"Too many requests"}', RateLimitExceeded),
        (500, b"", ZoomAPIError),
        (
            401,
            b'{"code":4711,"message":"Invalid access token, does not contain scopes:[x]"}',
            MissingScopesError,
        ),
        # a Zoom error object that came with a 2xx status: classed by its code
        (200, b'{"code":1001,"message":"User does not exist: x."}', NotFoundError),
        (200, b'{"code":124,"message":"Invalid access token."}', AuthenticationError),
        (201, b'{"code":300,"message":"Validation Failed."}', ZoomAPIError),
    ],
)
def test_error_classes(status: int, body: bytes, cls: type[ZoomAPIError]) -> None:
    err = error_from_response(status, {"x-zm-trackingid": "T1"}, body, method="GET", path="/x")
    assert type(err) is cls
    assert err.status == status and err.tracking_id == "T1"


def test_field_errors_and_pickling() -> None:
    body = json.dumps(
        {
            "code": 300,
            "message": "Validation Failed.",
            "errors": [{"field": "topic", "message": "Too long"}, "junk", {"field": "type"}],
        }
    ).encode()
    err = error_from_response(400, {}, body, method="POST", path="/users/me/meetings")
    assert err.errors == (FieldError("topic", "Too long"), FieldError("type", ""))
    assert str(err) == (
        "POST /users/me/meetings: HTTP 400 (code 300): Validation Failed.; topic: Too long; type: "
    )
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is ZoomAPIError and str(copy) == str(err) and copy.errors == err.errors


def test_decode_response() -> None:
    assert decode_response(200, {}, b'{"a": 1}', method="GET", path="/x") == {"a": 1}
    assert decode_response(204, {}, b"", method="DELETE", path="/x") is None
    with pytest.raises(InvalidResponseError, match=r"GET /x: HTTP 200 with .*text/html.*<html>"):
        decode_response(200, {}, b"<html>", method="GET", path="/x", content_type="text/html")
    with pytest.raises(NotFoundError):
        decode_response(404, {}, b'{"code": 1001, "message": "no"}', method="GET", path="/x")


@pytest.mark.parametrize(
    "body",
    [
        '{"a": "é"}'.encode("utf-8-sig"),  # a byte order mark
        '{"a": "é"}'.encode("utf-16"),
        '{"a": "é"}'.encode("utf-32-le"),
    ],
)
def test_json_in_other_encodings_than_plain_utf8_decodes(body: bytes) -> None:
    assert decode_response(200, {}, body, method="GET", path="/x") == {"a": "é"}


# JSON a faster decoder refuses or reads otherwise than json does, and JSON both read alike
_AWKWARD = [
    b'{"big": 123456789012345678901234567890, "neg": -98765432109876543210}',
    b'{"n": NaN, "i": Infinity, "m": -Infinity, "huge": 1e400}',
    b'{"lone": "\\ud800", "pair": "\\ud83d\\ude00"}',
    b'{"dup": 1, "dup": 2}',
    '\ufeff{"bom": true}'.encode(),
    '{"utf16": "\u00e9"}'.encode("utf-16"),
    b'{"f": 0.1, "g": 1.7976931348623157e308, "h": 5e-324, "z": -0.0, "e": 1E2}',
    b'[1, "two", null, true, {"x": []}]',
    b"[" * 600 + b"]" * 600,
]


@pytest.mark.parametrize("body", _AWKWARD)
def test_the_speedups_decoder_answers_exactly_what_json_answers(body: bytes) -> None:
    from aiozoom.http.responses import decode_json, default_json_loads

    loads = default_json_loads()  # msgspec is in the test extras, so CI runs this
    assert loads is not None
    expected = decode_json(body)
    got = decode_json(body, loads)
    # repr: NaN equals nothing, and -0.0 == 0.0; the types and signs must match too
    assert repr(got) == repr(expected)
    assert repr(got) == repr(json.loads(body))


def test_a_decoder_is_tried_first_and_json_decides_what_it_refuses() -> None:
    calls: list[bytes] = []

    def picky(body: bytes) -> object:
        calls.append(body)
        if b"NaN" in body or b"<" in body:
            raise ValueError("not for me")
        return {"decoded": "by picky"}

    ok = decode_response(200, {}, b'{"a": 1}', method="GET", path="/x", loads=picky)
    assert ok == {"decoded": "by picky"}
    odd = decode_response(200, {}, b'{"a": NaN}', method="GET", path="/x", loads=picky)
    assert repr(odd) == "{'a': nan}" and len(calls) == 2
    with pytest.raises(InvalidResponseError, match="not JSON"):
        decode_response(200, {}, b"<html>", method="GET", path="/x", loads=picky)


def test_bytes_that_are_no_encoding_of_json_are_an_invalid_response() -> None:
    with pytest.raises(InvalidResponseError, match="not JSON"):
        decode_response(200, {}, b'{"a": "\xff\xfe\xfd', method="GET", path="/x")


@pytest.mark.parametrize(
    "body",
    [
        b'{"code": 1001, "message": "User does not exist: x."}',
        b'{"code": 300, "message": "Validation Failed.", "errors": [{"field": "a"}]}',
    ],
)
def test_a_2xx_error_object_raises(body: bytes) -> None:
    with pytest.raises(ZoomAPIError) as info:
        decode_response(200, {}, body, method="GET", path="/x")
    assert info.value.status == 200 and info.value.code in (1001, 300)


@pytest.mark.parametrize(
    "body",
    [
        b'{"code": 1001}',  # no message: e.g. a rooms config answer
        b'{"code": 1001, "message": "m", "id": "u1"}',  # other fields: a real answer
        b'{"code": "1001", "message": "m"}',
        b'{"message": "m"}',
        b"[1, 2]",
    ],
)
def test_a_2xx_answer_that_is_not_an_error_object_is_data(body: bytes) -> None:
    assert decode_response(200, {}, body, method="GET", path="/x") == json.loads(body)


@pytest.mark.parametrize(
    ("message", "scopes"),
    [
        ("Invalid access token, does not contain scopes:[a:b:c, d:e]", ("a:b:c", "d:e")),
        ("Invalid access token, does not contain scopes: [meeting:read]", ("meeting:read",)),
        ("Invalid access token, does not contain scopes:[]", ()),
        ("Invalid scope.", ()),
    ],
)
def test_missing_scopes(message: str, scopes: tuple[str, ...]) -> None:
    assert missing_scopes(message) == scopes


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("me", "me"),
        (85746065, "85746065"),
        ("jchill@example.com", "jchill%40example.com"),
        ("a/b?c#d", "a%2Fb%3Fc%23d"),
        ("4444AAAiAAAAAiAiAiiAii==", "4444AAAiAAAAAiAiAiiAii%3D%3D"),
        ("/ajXp112QmuoKj4854875==", "%252FajXp112QmuoKj4854875%253D%253D"),  # begins with "/"
        ("ajXp1//2QmuoKj4854875==", "ajXp1%252F%252F2QmuoKj4854875%253D%253D"),  # contains "//"
    ],
)
def test_path_segment(value: str | int, escaped: str) -> None:
    assert path_segment(value) == escaped


@pytest.mark.parametrize("value", ["", None, True, 1.5])
def test_path_segment_refuses(value: object) -> None:
    with pytest.raises(ValueError, match=r"^meeting_id"):
        path_segment(value, name="meeting_id")  # type: ignore[arg-type]


def test_query_parameters_are_encoded_one_way() -> None:
    from datetime import UTC, date, datetime, timedelta, timezone

    from aiozoom.http.params import encode_params

    params = {
        "flag": True,
        "off": False,
        "skip": None,
        "n": 30,
        "from": date(2026, 1, 1),
        "at": datetime(2026, 1, 1, 9, 30, tzinfo=UTC),
        "local": datetime(2026, 1, 1, 9, 30, tzinfo=timezone(timedelta(hours=2))),
        "ids": ["a", 2, True],
    }
    assert encode_params(params) == {
        "flag": "true",
        "off": "false",
        "n": "30",
        "from": "2026-01-01",
        "at": "2026-01-01T09:30:00Z",
        "local": "2026-01-01T09:30:00+02:00",
        "ids": "a,2,true",
    }
    assert encode_params(None) == {} == encode_params({})
