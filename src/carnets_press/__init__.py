"""carnets-press: publish notebook and diary editions as EPUB3 and print PDF."""

__version__ = "0.1.0"
