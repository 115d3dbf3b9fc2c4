"""Kept for the modules that import the tool's files from here (render/epub.py, check/rules/fonts.py):
they live in carnets_press.resources, which neither the renderers nor the build cache own."""

from __future__ import annotations

from carnets_press.resources import package_dir, stylesheet_text

__all__ = ["package_dir", "stylesheet_text"]
