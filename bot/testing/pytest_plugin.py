"""Pytest fixtures for bot tests. Register from ``tests/conftest.py``::

    pytest_plugins = ["bot.testing.pytest_plugin"]

Fixtures:

* ``fake_api``: a fresh :class:`~bot.testing.fake_api.FakeBotAPI` (strict mode);
* ``fake_clock``: a :class:`~bot.clock.FakeClock` at 2026-09-07 02:00 UTC;
* ``harness_factory``: ``await harness_factory(app)`` starts a
  :class:`~bot.testing.harness.BotHarness` on ``fake_api``/``fake_clock`` (override with
  ``api=``/``clock=``) and stops it at teardown. Build ``app`` with
  ``build_fake_app_builder(fake_api)``. App-specific fixtures belong in the app's own
  conftest, e.g.::

      @pytest.fixture
      async def harness(harness_factory, fake_api, fake_clock):
          return await harness_factory(create_app(build_fake_app_builder(fake_api), fake_clock))

If a handler or job raised while the test ran (the error reached the app's error
handlers), the test FAILS right after its body with the errors listed and the first one
chained, unless the test took them with ``harness.expect_errors(...)`` or cleared
``harness.errors``. Errors raised during teardown fail the teardown. Harnesses used
directly as ``async with BotHarness(...)`` check the same thing when the block ends.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Generator
from typing import Any, Protocol

import pytest

from bot.clock import FakeClock
from bot.testing.fake_api import FakeBotAPI
from bot.testing.harness import AnyApp, BotHarness, CaughtError, HarnessErrors

__all__ = ["HarnessFactory", "fake_api", "fake_clock", "harness_factory"]

_OPEN_HARNESSES = pytest.StashKey[list[BotHarness]]()


class HarnessFactory(Protocol):
    async def __call__(
        self,
        app: AnyApp,
        *,
        api: FakeBotAPI | None = None,
        clock: FakeClock | None = None,
        fail_on_errors: bool = True,
    ) -> BotHarness: ...


@pytest.fixture
def fake_clock() -> FakeClock:
    from datetime import UTC, datetime

    return FakeClock(datetime(2026, 9, 7, 2, 0, tzinfo=UTC))


@pytest.fixture
def fake_api(fake_clock: FakeClock) -> FakeBotAPI:
    return FakeBotAPI(clock=fake_clock)


@pytest.fixture
async def harness_factory(
    request: pytest.FixtureRequest, fake_api: FakeBotAPI, fake_clock: FakeClock
) -> AsyncIterator[HarnessFactory]:
    opened: list[BotHarness] = []
    request.node.stash[_OPEN_HARNESSES] = opened

    async def make(
        app: AnyApp,
        *,
        api: FakeBotAPI | None = None,
        clock: FakeClock | None = None,
        fail_on_errors: bool = True,
    ) -> BotHarness:
        harness = BotHarness(
            app, api or fake_api, clock or fake_clock, fail_on_errors=fail_on_errors
        )
        await harness.__aenter__()
        opened.append(harness)
        return harness

    yield make
    first: BaseException | None = None
    for harness in reversed(opened):
        try:
            await harness.__aexit__(None, None, None)
        except BaseException as exc:
            first = first or exc
    if first is not None:
        raise first


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, Any, Any]:
    """Fail the test (not just its teardown) when its harnesses caught errors."""
    try:
        result = yield
    except BaseException as exc:
        errors = _take_errors(item)
        if errors:
            exc.add_note(str(HarnessErrors(errors)))
        raise
    errors = _take_errors(item)
    if errors:
        raise HarnessErrors(errors) from errors[0].error
    return result


def _take_errors(item: pytest.Item) -> list[CaughtError]:
    """Collect (and clear, so teardown does not report them again) uncaught errors."""
    errors: list[CaughtError] = []
    for harness in item.stash.get(_OPEN_HARNESSES, []):
        if harness.fail_on_errors:
            errors.extend(harness.errors)
            harness.errors.clear()
    return errors
