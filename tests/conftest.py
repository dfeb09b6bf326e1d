from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.testing.scenario import DemoLibrary, demo_library

pytest_plugins = ["bot.testing.pytest_plugin"]


@pytest.fixture
async def demo(tmp_path: Path) -> AsyncIterator[DemoLibrary]:
    """The demo library running on the offline fake: readers linked, catalogue loaded."""
    async with demo_library(tmp_path) as running:
        yield running
