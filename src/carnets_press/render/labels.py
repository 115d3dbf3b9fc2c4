"""Words the renderers add to the book (page titles, "Translated by"), by language.

A French or Spanish edition gets its own words; unknown languages fall back
to English. Add a language by adding a dictionary.
"""

from __future__ import annotations

from carnets_press.manuscript.metadata import MARC_RELATORS, Metadata

_LABELS = {
    "en": {
        "contents": "Contents", "landmarks": "Landmarks",
        "page_list": "Pages", "titlepage": "Title page", "cover_page": "Cover", "colophon": "Colophon",
        "notes": "Notes", "by": "by", "source": "Source", "published": "Published by",
        "start": "Start of text", "note": "Note",
        # "ISBN 978-… (EPUB)": the edition an ISBN of the credits is for; the cover's default alt text.
        "editions": {"epub": "EPUB", "print": "print"},
        "cover_alt": "Cover of {title}", "cover_alt_by": "Cover of {title} by {authors}",
        "roles": {"trl": "Translated by", "edt": "Edited by", "aui": "Introduction by", "aft": "Afterword by",
                  "trc": "Transcribed by", "win": "Introduction by", "wpr": "Preface by", "ann": "Annotated by",
                  "ill": "Illustrated by", "com": "Compiled by"},
    },
    "fr": {
        "contents": "Table des matières", "landmarks": "Repères",
        "page_list": "Pages", "titlepage": "Page de titre", "cover_page": "Couverture", "colophon": "Colophon",
        "notes": "Notes", "by": "de", "source": "Source", "published": "Publié par",
        "start": "Début du texte", "note": "Note",
        "editions": {"epub": "livre numérique", "print": "livre imprimé"},
        "cover_alt": "Couverture de «\u00a0{title}\u00a0»",
        "cover_alt_by": "Couverture de «\u00a0{title}\u00a0», de {authors}",
        "roles": {"trl": "Traduit par", "edt": "Édité par", "aui": "Introduction de", "aft": "Postface de",
                  "trc": "Transcrit par", "win": "Introduction de", "wpr": "Préface de", "ann": "Annoté par",
                  "ill": "Illustré par", "com": "Réuni par"},
    },
    "de": {
        "contents": "Inhalt", "landmarks": "Orientierungspunkte",
        "page_list": "Seiten", "titlepage": "Titelseite", "cover_page": "Umschlag", "colophon": "Impressum",
        "notes": "Anmerkungen", "by": "von", "source": "Quelle", "published": "Verlag:",
        "start": "Textanfang", "note": "Anmerkung",
        "editions": {"epub": "E-Book", "print": "Druckausgabe"},
        "cover_alt": "Umschlag des Buches „{title}“", "cover_alt_by": "Umschlag des Buches „{title}“ von {authors}",
        "roles": {"trl": "Übersetzt von", "edt": "Herausgegeben von", "aui": "Mit einer Einleitung von",
                  "aft": "Nachwort von", "trc": "Transkribiert von", "win": "Mit einer Einleitung von",
                  "wpr": "Mit einem Vorwort von", "ann": "Kommentiert von", "ill": "Illustriert von",
                  "com": "Zusammengestellt von"},
    },
    "es": {
        "contents": "Índice", "landmarks": "Puntos de referencia",
        "page_list": "Páginas", "titlepage": "Portada", "cover_page": "Cubierta", "colophon": "Colofón",
        "notes": "Notas", "by": "de", "source": "Fuente", "published": "Publicado por",
        "start": "Inicio del texto", "note": "Nota",
        "editions": {"epub": "libro electrónico", "print": "libro impreso"},
        "cover_alt": "Cubierta de «{title}»", "cover_alt_by": "Cubierta de «{title}», de {authors}",
        "roles": {"trl": "Traducción de", "edt": "Edición de", "aui": "Introducción de", "aft": "Epílogo de",
                  "trc": "Transcripción de", "win": "Introducción de", "wpr": "Prólogo de", "ann": "Notas de",
                  "ill": "Ilustraciones de", "com": "Compilación de"},
    },
    "it": {
        "contents": "Indice", "landmarks": "Punti di riferimento",
        "page_list": "Pagine", "titlepage": "Frontespizio", "cover_page": "Copertina", "colophon": "Colophon",
        "notes": "Note", "by": "di", "source": "Fonte", "published": "Pubblicato da",
        "start": "Inizio del testo", "note": "Nota",
        "editions": {"epub": "ebook", "print": "edizione a stampa"},
        "cover_alt": "Copertina di «{title}»", "cover_alt_by": "Copertina di «{title}» di {authors}",
        "roles": {"trl": "Traduzione di", "edt": "A cura di", "aui": "Introduzione di", "aft": "Postfazione di",
                  "trc": "Trascrizione di", "win": "Introduzione di", "wpr": "Prefazione di", "ann": "Note di",
                  "ill": "Illustrazioni di", "com": "Raccolta di"},
    },
}


def labels_for(language: str) -> dict:
    return _LABELS.get(language.split("-")[0].lower(), _LABELS["en"])


def contributor_groups(contributors, language: str) -> list[dict[str, str]]:
    """Contributors grouped by role, in first-seen order: 'Translated by A and B'."""
    labels = labels_for(language)
    groups: dict[str, list[str]] = {}
    for person in contributors:
        groups.setdefault(person.role, []).append(person.name)
    return [
        {"label": labels["roles"].get(role, person_role_label(role)), "names": _join(names, _joiner(language))}
        for role, names in groups.items()
    ]


def cover_alt(meta: Metadata) -> str:
    """The cover's alt text: [cover] alt, else "Cover of Notebooks: 1941–1947 by Victor Serge" in the book's
    language."""
    if meta.cover.alt:
        return meta.cover.alt
    labels = labels_for(meta.language)
    authors = _join([person.name for person in meta.creators], _joiner(meta.language))
    sentence = labels["cover_alt_by"] if authors else labels["cover_alt"]
    return sentence.format(title=meta.full_title, authors=authors)


def person_role_label(role: str) -> str:
    return MARC_RELATORS.get(role, role) + ":"


def _joiner(language: str) -> str:
    return {"fr": " et ", "de": " und ", "es": " y ", "it": " e "}.get(language.split("-")[0].lower(), " and ")


def _join(names: list[str], joiner: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + joiner + names[-1]
