"""Reading a built EPUB back for assertions: its files, parsed XHTML, the OPF."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}


class BuiltEpub:
    def __init__(self, path: Path):
        self.path = path
        with zipfile.ZipFile(path) as archive:
            self.infos = archive.infolist()
            self.files = {info.filename: archive.read(info.filename) for info in self.infos}

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.files[name])

    @property
    def opf(self) -> etree._Element:
        return self.xml("EPUB/content.opf")

    def documents(self) -> dict[str, etree._Element]:
        return {name: self.xml(name) for name in self.files if name.endswith(".xhtml")}

    def meta(self, prop: str) -> list[str]:
        return [el.text for el in self.opf.xpath(f"//opf:meta[@property='{prop}']", namespaces=NS)]
