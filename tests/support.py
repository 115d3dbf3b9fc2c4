"""Paths the tests share (imported by name: tests/ is on pytest's pythonpath)."""

from __future__ import annotations

from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
SAMPLE = REPOSITORY / "manuscript"
