"""Validators of built files: EPUBCheck and DAISY Ace for the EPUB, the print QA for the PDF."""
