"""Runs PTB JobQueue jobs on fake time (used by :class:`~bot.testing.harness.BotHarness`).

The APScheduler scheduler is started *paused*, so nothing fires from wall-clock time;
:meth:`FakeJobRunner.advance_to` computes each job's fire times from its trigger on the
fake clock and runs them itself, in order. Rules:

* cron jobs (``run_daily``, ``run_monthly``, ``run_custom(trigger="cron")``): every fire
  time strictly after the moment the job was created (fake time) or last fired;
* interval jobs (``run_repeating``): jobs created while the harness runs get their
  ``first`` (default: one interval) measured on the fake clock; jobs that already existed
  when the harness started fire at harness start + k * interval;
* one-shot jobs (``run_once``): a relative ``when`` (seconds/timedelta/time of day) is
  measured on the fake clock at creation; a job due in the past fires at the next advance.

While the harness runs, ``JobQueue`` computes relative times from the fake clock (the
job queue instance gets a subclass overriding ``_tz_now``/``_parse_time_input``), and
``Job.next_t`` shows the fake next fire time. Disabled jobs (``job.enabled = False``)
do not fire. (Re-enabling makes APScheduler recompute the next run on wall-clock time and
drop the job if that gives none, e.g. a ``last`` already in the real past.)
Jobs fire with the clock set to their fire time; ties run in creation order.
"""

from __future__ import annotations

import contextlib
import datetime as dtm
from collections.abc import Awaitable, Callable
from typing import Any

from apscheduler.job import Job as APSJob
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger
from telegram._utils.datetime import localize
from telegram.ext import Job, JobQueue

from bot.clock import FakeClock

_TICK = dtm.timedelta(microseconds=1)
MAX_FIRES_PER_ADVANCE = 100_000


class FakeJobRunner:
    def __init__(self, job_queue: JobQueue[Any], clock: FakeClock) -> None:
        self.job_queue = job_queue
        self.clock = clock
        self._anchor: dict[str, dtm.datetime] = {}  # creation (fake) time of each job
        self._last: dict[str, dtm.datetime] = {}  # last fake fire time
        self._legacy: set[str] = set()  # jobs created before install()
        self._order: dict[str, int] = {}
        self._original_class: type[Any] | None = None
        self._original_add_job: Any = None

    # -- install / uninstall ---------------------------------------------------------------

    def install(self) -> None:
        """Make the job queue compute relative times on the fake clock."""
        queue, clock = self.job_queue, self.clock
        self._legacy = {job.id for job in queue.scheduler.get_jobs()}
        for job_id in self._legacy:
            self._see(job_id)
        base = type(queue)

        def _tz_now(self: Any) -> dtm.datetime:
            return clock.now().astimezone(self.scheduler.timezone)

        def _parse_time_input(self: Any, time: Any, shift_day: bool = False) -> Any:
            if isinstance(time, dtm.time):
                tzinfo = time.tzinfo or self.scheduler.timezone
                now = clock.now()
                when = dtm.datetime.combine(now.astimezone(tzinfo).date(), time)
                when = localize(when, tzinfo) if when.tzinfo is None else when
                if shift_day and when <= now:
                    when += dtm.timedelta(days=1)
                return when
            return base._parse_time_input(self, time, shift_day)

        fake_class = type(
            f"FakeTime{base.__name__}",
            (base,),
            {"__slots__": (), "_tz_now": _tz_now, "_parse_time_input": _parse_time_input},
        )
        self._original_class = base
        queue.__class__ = fake_class
        self._original_add_job = original = queue.scheduler.add_job

        def add_job(func: Any, trigger: Any = None, *args: Any, **kwargs: Any) -> APSJob:
            if trigger == "interval" and kwargs.get("start_date") is None:
                interval = dtm.timedelta(
                    **{k: kwargs.get(k, 0) for k in ("weeks", "days", "hours", "minutes")},
                    seconds=kwargs.get("seconds", 0),
                )
                kwargs["start_date"] = clock.now() + (interval or dtm.timedelta(seconds=1))
            if "next_run_time" not in kwargs:  # APScheduler would compute it on wall-clock
                kwargs["next_run_time"] = dtm.datetime.max.replace(tzinfo=dtm.UTC)
            aps_job: APSJob = original(func, trigger, *args, **kwargs)
            self._see(aps_job.id)
            self._sync(aps_job)
            return aps_job

        queue.scheduler.add_job = add_job

    def uninstall(self) -> None:
        if self._original_class is not None:
            self.job_queue.__class__ = self._original_class
            self._original_class = None
        if self._original_add_job is not None:
            del self.job_queue.scheduler.add_job  # drop the instance attribute
            self._original_add_job = None

    # -- fire times --------------------------------------------------------------------------

    def _see(self, job_id: str) -> None:
        if job_id not in self._anchor:
            self._anchor[job_id] = self.clock.now()
            self._order[job_id] = len(self._order)

    def next_fire(self, aps_job: APSJob) -> dtm.datetime | None:
        """The next fake fire time of ``aps_job`` (None if it will not fire again)."""
        self._see(aps_job.id)
        trigger, last = aps_job.trigger, self._last.get(aps_job.id)
        anchor = self._anchor[aps_job.id]
        if isinstance(trigger, DateTrigger):
            return trigger.run_date if last is None else None
        if isinstance(trigger, IntervalTrigger):
            if last is not None:
                result: dtm.datetime | None = trigger.get_next_fire_time(last, last)
                return result
            if aps_job.id in self._legacy:
                return anchor + trigger.interval
            return trigger.start_date
        prev = last or anchor
        if isinstance(trigger, CronTrigger):
            return trigger.get_next_fire_time(prev, prev + _TICK)
        # Other triggers: ask them the usual way, from the fake time.
        return trigger.get_next_fire_time(last, prev + _TICK)

    def observe(self) -> None:
        """Note new jobs and show fake next fire times in ``Job.next_t``."""
        for aps_job in self.job_queue.scheduler.get_jobs():
            self._sync(aps_job)

    def _sync(self, aps_job: APSJob) -> None:
        """Store the fake next fire time as the job's ``next_run_time``.

        APScheduler marks a paused job (``Job.enabled = False``) with ``next_run_time``
        None, so those are left alone. (PTB's ``Job.enabled`` is False until it is set,
        so it cannot tell paused jobs apart.)
        """
        self._see(aps_job.id)
        if getattr(aps_job, "next_run_time", None) is None:
            return
        when = self.next_fire(aps_job)
        if when is not None and aps_job.next_run_time != when:
            with contextlib.suppress(Exception):  # removed meanwhile: nothing to show
                aps_job.modify(next_run_time=when)

    # -- running -----------------------------------------------------------------------------

    async def advance_to(
        self, target: dtm.datetime, run: Callable[[Job[Any]], Awaitable[None]]
    ) -> int:
        """Run every job due up to ``target`` in order; return how many ran."""
        fired = 0
        while True:
            self.observe()
            due: list[tuple[dtm.datetime, int, APSJob]] = []
            for aps_job in self.job_queue.scheduler.get_jobs():
                if aps_job.next_run_time is None:  # paused
                    continue
                when = self.next_fire(aps_job)
                if when is not None and when <= target:
                    due.append((when, self._order[aps_job.id], aps_job))
            if not due:
                break
            when, _, aps_job = min(due, key=lambda item: (item[0], item[1]))
            self._last[aps_job.id] = when
            if when > self.clock.now():
                self.clock.set(when)
            if self.next_fire(aps_job) is None:
                with contextlib.suppress(Exception):
                    aps_job.remove()
            await run(Job.from_aps_job(aps_job))
            fired += 1
            if fired > MAX_FIRES_PER_ADVANCE:
                raise RuntimeError(
                    f"more than {MAX_FIRES_PER_ADVANCE} job runs in one advance; "
                    "advance in smaller steps or check for a runaway job"
                )
        if target > self.clock.now():
            self.clock.set(target)
        self.observe()
        return fired
