"""The retry loop around one call: a fresh tenacity ``AsyncRetrying`` that follows a RetryPolicy.

``ZoomClient.request`` makes the first attempt itself, with nothing built for retries; only when
it fails does it call :func:`retry_call`, which feeds that failure to a new ``AsyncRetrying`` as
its first attempt and lets :func:`aiozoom.retry.decide_retry` say whether and when to send again.
Each retry takes one from the client's :class:`~aiozoom.retry.RetryBudget` (except per-second
429s), is logged on ``aiozoom.retry`` and passed to the policy's ``on_retry`` hook.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import aiohttp
import attrs

from aiozoom.errors import (
    NotFoundError,
    RateLimitExceeded,
    TokenRequestError,
    ZoomAPIError,
    ZoomConnectionError,
    ZoomError,
)
from aiozoom.retry import RetryBudget, RetryDecision, RetryEvent, RetryPolicy, decide_retry

if TYPE_CHECKING:
    from tenacity import RetryCallState

__all__ = ["may_retry", "retry_call", "with_total"]

log = logging.getLogger("aiozoom.retry")

Send = Callable[[aiohttp.ClientTimeout, float, float], Awaitable[Any]]
"""Send the call once more: ``send(this attempt's timeout, seconds left of the deadline, the
longest the rate limiter may hold it)``."""

_REACHED_ZOOM = ("server_error", "timeout", "connection_error")
"""Retry reasons after which the failed attempt may have taken effect at Zoom."""


def with_total(timeout: aiohttp.ClientTimeout, total: float) -> aiohttp.ClientTimeout:
    """``timeout`` with another ``total`` (connect and read bounds kept): an attempt cut to what
    is left of its call's deadline."""
    return attrs.evolve(timeout, total=total)


def may_retry(error: ZoomError) -> bool:
    """Whether ``error`` is of a kind a retry policy may retry (a 429, a 5xx, a network failure,
    a token endpoint that did not answer).

    A quick filter before anything is built: a 404 or a malformed body is raised as it is.
    """
    if isinstance(error, RateLimitExceeded | ZoomConnectionError):
        return True
    if isinstance(error, TokenRequestError):
        return error.transient
    return isinstance(error, ZoomAPIError) and error.status >= 500


async def retry_call(
    policy: RetryPolicy,
    first: ZoomError,
    start: float,
    send: Send,
    method: str,
    path: str,
    timeout: aiohttp.ClientTimeout,
    budget: RetryBudget,
) -> Any:
    """Retry a call whose first attempt failed with ``first``, as ``policy`` says.

    ``start`` is when the call began on the policy's clock; ``timeout`` the per-attempt timeout,
    cut to what is left of the deadline for each attempt. Returns the first success or raises
    the last failure. A retry's unit of the budget is given back if the call is cancelled before
    the retry is sent.
    """
    pending: ZoomError | None = first
    last: ZoomError = first
    failures = 0
    rate_limited = 0
    decision: RetryDecision | None = None
    unit_unspent = False  # a budget unit taken for a retry not yet sent
    maybe_done = False  # an earlier attempt may have taken effect at Zoom

    def remaining() -> float:
        return policy.deadline - (policy.clock() - start)

    def should_retry(state: RetryCallState) -> bool:
        nonlocal failures, rate_limited, decision, last, unit_unspent, maybe_done
        assert state.outcome is not None
        error = state.outcome.exception()
        decision = None
        if not isinstance(error, ZoomError):
            return False
        last = error
        if isinstance(error, RateLimitExceeded):
            rate_limited += 1
        else:
            failures += 1
        decision = decide_retry(
            policy,
            error,
            method=method,
            failures=failures,
            rate_limited=rate_limited,
            remaining=remaining(),
            now=policy.wall_clock(),
            rnd=policy.rng.random(),
        )
        if decision is None:
            return False
        if decision.reason != "rate_limited":
            if not budget.take():
                log.warning(
                    "%s %s: not retried (%s): the client's retry budget is spent",
                    method,
                    path,
                    decision.reason,
                )
                decision = None
                return False
            unit_unspent = True
        maybe_done = maybe_done or decision.reason in _REACHED_ZOOM
        return True

    def wait(state: RetryCallState) -> float:
        return decision.wait if decision is not None else 0.0

    async def before_sleep(state: RetryCallState) -> None:
        assert decision is not None
        event = RetryEvent(
            method=method,
            path=path,
            attempt=state.attempt_number,
            reason=decision.reason,
            wait=decision.wait,
            error=last,
        )
        log.log(
            logging.INFO if decision.reason == "rate_limited" else logging.WARNING,
            "%s %s: attempt %d failed (%s: %s); retrying in %.2f s",
            method,
            path,
            event.attempt,
            event.reason,
            last,
            event.wait,
        )
        hook = policy.on_retry
        if hook is not None:
            outcome = hook(event)
            if inspect.isawaitable(outcome):
                await outcome

    async def attempt() -> Any:
        nonlocal pending, unit_unspent
        if pending is not None:
            error, pending = pending, None
            raise error
        left = remaining()
        if left <= 0:  # the hook or the sleep ran past the deadline: no attempt without time
            raise last
        unit_unspent = False
        cut = with_total(timeout, min(timeout.total or left, left))
        return await send(cut, left, policy.max_rate_limit_wait)

    from tenacity import AsyncRetrying, stop_never  # loaded with the first failure

    retrying = AsyncRetrying(
        retry=should_retry,
        wait=wait,
        stop=stop_never,
        sleep=policy.sleep,
        before_sleep=before_sleep,
        reraise=True,
    )
    try:
        result: Any = await retrying(attempt)
    except NotFoundError as exc:
        if method == "DELETE" and maybe_done:
            exc.message += (
                "; an earlier attempt of this DELETE failed after it may have reached Zoom, "
                "so it may have deleted it then"
            )
            exc.args = (exc._describe(),)
        raise
    except asyncio.CancelledError:
        if unit_unspent:
            budget.refund()
        raise
    budget.succeeded()
    return result
