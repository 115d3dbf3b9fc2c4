"""Reading a manuscript directory into the book model."""
