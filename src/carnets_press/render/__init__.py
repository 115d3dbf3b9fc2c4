"""Renderers: the book model serialised as EPUB3 and as print HTML/PDF."""
