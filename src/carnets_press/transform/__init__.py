"""Transforms of the book model between reading and rendering: note numbers, typography."""
