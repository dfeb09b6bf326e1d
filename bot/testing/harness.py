"""Drive a real PTB ``Application`` offline: fake users chat with it, fake time moves its jobs.

Build the application on the fake API (no updater; updates are fed directly)::

    api, clock = FakeBotAPI(), FakeClock()
    app = build_fake_app_builder(api).build()   # = ApplicationBuilder().token("123:TEST")
                                                #   .request(api).get_updates_request(api)
                                                #   .updater(None)
    ...add handlers / jobs...
    async with BotHarness(app, api, clock) as harness:
        alice = harness.chat(42, "Alice")
        replies = await alice.send("/start")          # bot messages sent/edited by this
        await alice.press("借书")                      # inline button by label substring
        await harness.advance(timedelta(days=3))       # runs due jobs on the fake clock
        assert alice.last_reply.text == "..."

``async with`` initialises the app, runs ``post_init`` (PTB only runs it from
``run_polling``/``run_webhook``), starts the JobQueue scheduler *paused* (no job ever fires
from wall-clock time, see :mod:`bot.testing._jobs`), starts the app; on exit it stops and
shuts the app down (``post_stop``/``post_shutdown`` included).

Errors: the harness registers an error handler (first in line) that records every
``(update, error)`` in :attr:`BotHarness.errors`. Leaving the ``async with`` block with
errors recorded raises :class:`HarnessErrors` (chained to the first one) unless they were
consumed with :meth:`BotHarness.expect_errors` or ``fail_on_errors=False`` was given.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
from types import TracebackType
from typing import Any, NamedTuple, Self

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, CallbackContext, Job

from bot.clock import FakeClock
from bot.testing._chat import Chat
from bot.testing._jobs import FakeJobRunner
from bot.testing._records import SentMessage
from bot.testing.fake_api import FakeBotAPI

__all__ = ["BotHarness", "CaughtError", "Chat", "HarnessErrors", "build_fake_app_builder"]

AnyApp = Application[Any, Any, Any, Any, Any, Any]


def build_fake_app_builder(
    api: FakeBotAPI, token: str = "123:TEST"
) -> ApplicationBuilder[Any, Any, Any, Any, Any, Any]:
    """An ``ApplicationBuilder`` wired to ``api`` with no updater; add your own options."""
    return ApplicationBuilder().token(token).request(api).get_updates_request(api).updater(None)


class CaughtError(NamedTuple):
    """An error that reached the application's error handlers."""

    update: object | None
    error: BaseException
    job: Job[Any] | None = None


class HarnessErrors(AssertionError):
    """Handlers or jobs raised and nobody expected it."""

    def __init__(self, errors: list[CaughtError]) -> None:
        lines = [f"{len(errors)} error(s) reached the error handlers:"]
        for caught in errors:
            where = f"job {caught.job.name!r}" if caught.job else _describe(caught.update)
            lines.append(f"  - {type(caught.error).__name__}: {caught.error} (in {where})")
        super().__init__("\n".join(lines))
        self.errors = errors


def _describe(update: object | None) -> str:
    if isinstance(update, Update):
        if update.callback_query:
            return f"callback {update.callback_query.data!r}"
        if update.effective_message and update.effective_message.text:
            return f"message {update.effective_message.text!r}"
        return f"update {update.update_id}"
    return repr(update)


class BotHarness:
    """Runs ``app`` against ``api``; see the module docstring."""

    def __init__(
        self,
        app: AnyApp,
        api: FakeBotAPI,
        clock: FakeClock | None = None,
        *,
        fail_on_errors: bool = True,
    ) -> None:
        self.app, self.api, self.clock = app, api, clock
        self.fail_on_errors = fail_on_errors
        self.errors: list[CaughtError] = []
        self._update_id = 0
        self._chats: dict[int, Chat] = {}
        self._jobs: FakeJobRunner | None = None
        self._initialized = False
        if api.clock is None and clock is not None:
            api.clock = clock

    # -- lifecycle -----------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        app = self.app
        handlers = dict(app.error_handlers)
        app.error_handlers.clear()
        app.add_error_handler(self._record_error)
        app.error_handlers.update(handlers)
        if app.job_queue is not None and self.clock is not None:
            self._jobs = FakeJobRunner(app.job_queue, self.clock)
            self._jobs.install()
        try:
            await app.initialize()
            self._initialized = True
            if app.post_init:
                await app.post_init(app)
            if app.job_queue is not None and not app.job_queue.scheduler.running:
                app.job_queue.scheduler.start(paused=True)
            await app.start()
            if app.job_queue is not None:
                app.job_queue.scheduler.pause()  # in case it was started elsewhere
        except BaseException:
            await self._close()
            raise
        if self._jobs:
            self._jobs.observe()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._close()
        if exc is None and self.fail_on_errors:
            self.assert_no_errors()

    async def _close(self) -> None:
        app = self.app
        try:
            await self.drain()
            if app.running:
                await app.stop()
                if app.post_stop:
                    await app.post_stop(app)
            if self._initialized:
                self._initialized = False
                await app.shutdown()
                if app.post_shutdown:
                    await app.post_shutdown(app)
        finally:
            if self._jobs:
                self._jobs.uninstall()
            app.error_handlers.pop(self._record_error, None)

    async def _record_error(
        self, update: object, context: CallbackContext[Any, Any, Any, Any]
    ) -> None:
        if context.error is not None:
            self.errors.append(CaughtError(update, context.error, context.job))

    async def drain(self) -> None:
        """Wait for tasks the app started with ``create_task`` (non-blocking handlers,
        error handling of jobs)."""
        tasks: set[asyncio.Task[Any]] = getattr(self.app, "_Application__create_task_tasks", set())
        for _ in range(100):
            pending = [task for task in tasks if not task.done()]
            if not pending:
                return
            await asyncio.gather(*pending, return_exceptions=True)

    # -- errors ----------------------------------------------------------------------------

    def assert_no_errors(self) -> None:
        """Raise :class:`HarnessErrors` (chained to the first error) if any were recorded."""
        if self.errors:
            errors = list(self.errors)
            raise HarnessErrors(errors) from errors[0].error

    def expect_errors(self, *types: type[BaseException]) -> list[CaughtError]:
        """Take the recorded errors (so they do not fail the test) and return them.

        With ``types``, assert there is at least one error and all are of these types.
        """
        errors = list(self.errors)
        self.errors.clear()
        if types:
            assert errors, f"expected errors of type {[t.__name__ for t in types]}, got none"
            unexpected = [e for e in errors if not isinstance(e.error, types)]
            if unexpected:
                raise HarnessErrors(unexpected) from unexpected[0].error
        return errors

    # -- users -----------------------------------------------------------------------------

    def chat(
        self,
        user_id: int,
        first_name: str = "Reader",
        username: str | None = None,
        language_code: str | None = "zh-hans",
    ) -> Chat:
        """The private chat with user ``user_id`` (same object for the same id)."""
        if user_id not in self._chats:
            self._chats[user_id] = Chat(self, user_id, first_name, username, language_code)
        return self._chats[user_id]

    def next_update_id(self) -> int:
        self._update_id += 1
        return self._update_id

    def now_ts(self) -> int:
        return self.api.now_ts()

    async def process(self, raw: dict[str, Any], chat_id: int | None = None) -> list[SentMessage]:
        """Feed a raw update dict (``update_id`` added if missing) to the app; return the
        bot messages sent or edited in ``chat_id`` (every chat if None) meanwhile."""
        raw.setdefault("update_id", self.next_update_id())
        start = len(self.api.events)
        await self.app.process_update(Update.de_json(raw, self.app.bot))
        await self.drain()
        if self._jobs:
            self._jobs.observe()
        return self.touched_since(start, chat_id)

    def touched_since(self, event_index: int, chat_id: int | None) -> list[SentMessage]:
        seen: list[SentMessage] = []
        for event in self.api.events[event_index:]:
            if chat_id is not None and event.chat_id != chat_id:
                continue
            if not event.message.deleted and all(m is not event.message for m in seen):
                seen.append(event.message)
        return seen

    # -- time ------------------------------------------------------------------------------

    def now(self) -> dtm.datetime:
        return self._need_clock().now()

    async def advance(self, delta: dtm.timedelta) -> int:
        """Move the clock by ``delta``, running due jobs in order; returns how many ran."""
        return await self.advance_to(self._need_clock().now() + delta)

    async def advance_to(self, when: dtm.datetime) -> int:
        clock = self._need_clock()
        if when < clock.now():
            raise ValueError("time only moves forward")
        if self._jobs is None:
            clock.set(when)
            return 0
        return await self._jobs.advance_to(when, self._run_job)

    async def _run_job(self, job: Job[Any]) -> None:
        await job.run(self.app)
        await self.drain()

    def _need_clock(self) -> FakeClock:
        if self.clock is None:
            raise RuntimeError("this BotHarness has no FakeClock; pass clock= to move time")
        return self.clock
