"""Validators of built files: EPUBCheck for the EPUB."""
