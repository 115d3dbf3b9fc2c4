"""Words the renderers add to the book (page titles, "Translated by"), by language.

A French or Spanish edition gets its own words; unknown languages fall back
to English. Add a language by adding a dictionary. A contributor's role is
said in the book's words for the roles an edition commonly credits (each
language's "roles"); any other role of the MARC list gets its term, in English
("Woodcutter:"), and a role the list does not have, its code ("xyz:").
"""

from __future__ import annotations

from carnets_press.manuscript.metadata import Metadata
from carnets_press.relators import MARC_RELATORS

_LABELS = {
    "en": {
        "contents": "Contents", "landmarks": "Landmarks",
        "page_list": "Pages", "titlepage": "Title page", "cover_page": "Cover", "colophon": "Colophon",
        "notes": "Notes", "by": "by", "source": "Source", "published": "Published by",
        "published_in": "Published in {date}",
        "start": "Start of text", "note": "Note",
        # "ISBN 978-… (EPUB)": the edition an ISBN of the credits is for; the cover's default alt text.
        "editions": {"epub": "EPUB", "print": "print"},
        "cover_alt": "Cover of {title}", "cover_alt_by": "Cover of {title} by {authors}",
        "roles": {"trl": "Translated by", "edt": "Edited by", "aui": "Introduction by", "aft": "Afterword by",
                  "trc": "Transcribed by", "win": "Introduction by", "wpr": "Preface by", "ann": "Annotated by",
                  "ill": "Illustrated by", "com": "Compiled by", "wfw": "Foreword by", "waw": "Afterword by",
                  "cwt": "Commentary by", "abr": "Abridged by", "adp": "Adapted by", "pht": "Photographs by",
                  "ctg": "Maps by", "cov": "Cover design by", "bkd": "Book design by", "res": "Research by",
                  "pfr": "Proofread by", "red": "Edited by", "col": "Collected by", "ctb": "With contributions by",
                  "wst": "Supplementary text by", "wam": "Accompanying material by"},
    },
    "fr": {
        "contents": "Table des matières", "landmarks": "Repères",
        "page_list": "Pages", "titlepage": "Page de titre", "cover_page": "Couverture", "colophon": "Colophon",
        "notes": "Notes", "by": "de", "source": "Source", "published": "Publié par",
        "published_in": "Publié en {date}",
        "start": "Début du texte", "note": "Note",
        "editions": {"epub": "livre numérique", "print": "livre imprimé"},
        "cover_alt": "Couverture de «\u00a0{title}\u00a0»",
        "cover_alt_by": "Couverture de «\u00a0{title}\u00a0», de {authors}",
        "roles": {"trl": "Traduit par", "edt": "Édité par", "aui": "Introduction de", "aft": "Postface de",
                  "trc": "Transcrit par", "win": "Introduction de", "wpr": "Préface de", "ann": "Annoté par",
                  "ill": "Illustré par", "com": "Réuni par", "wfw": "Avant-propos de", "waw": "Postface de",
                  "cwt": "Commentaire de", "abr": "Abrégé par", "adp": "Adapté par", "pht": "Photographies de",
                  "ctg": "Cartes de", "cov": "Couverture de", "bkd": "Conception graphique de",
                  "res": "Recherches de", "pfr": "Relu par", "red": "Édité par", "col": "Recueilli par",
                  "ctb": "Avec la collaboration de", "wst": "Textes complémentaires de",
                  "wam": "Documents d’accompagnement de"},
    },
    "de": {
        "contents": "Inhalt", "landmarks": "Orientierungspunkte",
        "page_list": "Seiten", "titlepage": "Titelseite", "cover_page": "Umschlag", "colophon": "Impressum",
        "notes": "Anmerkungen", "by": "von", "source": "Quelle", "published": "Verlag:",
        "published_in": "Erschienen {date}",
        "start": "Textanfang", "note": "Anmerkung",
        "editions": {"epub": "E-Book", "print": "Druckausgabe"},
        "cover_alt": "Umschlag des Buches „{title}“", "cover_alt_by": "Umschlag des Buches „{title}“ von {authors}",
        "roles": {"trl": "Übersetzt von", "edt": "Herausgegeben von", "aui": "Mit einer Einleitung von",
                  "aft": "Nachwort von", "trc": "Transkribiert von", "win": "Mit einer Einleitung von",
                  "wpr": "Mit einem Vorwort von", "ann": "Kommentiert von", "ill": "Illustriert von",
                  "com": "Zusammengestellt von", "wfw": "Mit einem Geleitwort von", "waw": "Nachwort von",
                  "cwt": "Kommentar von", "abr": "Gekürzt von", "adp": "Bearbeitet von", "pht": "Fotografien von",
                  "ctg": "Karten von", "cov": "Umschlaggestaltung von", "bkd": "Buchgestaltung von",
                  "res": "Recherche von", "pfr": "Korrektorat von", "red": "Redaktion von",
                  "col": "Gesammelt von", "ctb": "Unter Mitarbeit von", "wst": "Ergänzende Texte von",
                  "wam": "Begleitmaterial von"},
    },
    "es": {
        "contents": "Índice", "landmarks": "Puntos de referencia",
        "page_list": "Páginas", "titlepage": "Portada", "cover_page": "Cubierta", "colophon": "Colofón",
        "notes": "Notas", "by": "de", "source": "Fuente", "published": "Publicado por",
        "published_in": "Publicado en {date}",
        "start": "Inicio del texto", "note": "Nota",
        "editions": {"epub": "libro electrónico", "print": "libro impreso"},
        "cover_alt": "Cubierta de «{title}»", "cover_alt_by": "Cubierta de «{title}», de {authors}",
        "roles": {"trl": "Traducción de", "edt": "Edición de", "aui": "Introducción de", "aft": "Epílogo de",
                  "trc": "Transcripción de", "win": "Introducción de", "wpr": "Prólogo de", "ann": "Notas de",
                  "ill": "Ilustraciones de", "com": "Compilación de", "wfw": "Prefacio de", "waw": "Epílogo de",
                  "cwt": "Comentario de", "abr": "Versión abreviada de", "adp": "Adaptación de",
                  "pht": "Fotografías de", "ctg": "Mapas de", "cov": "Cubierta de", "bkd": "Diseño de",
                  "res": "Investigación de", "pfr": "Corrección de", "red": "Edición de", "col": "Recopilación de",
                  "ctb": "Con la colaboración de", "wst": "Textos complementarios de",
                  "wam": "Material complementario de"},
    },
    "it": {
        "contents": "Indice", "landmarks": "Punti di riferimento",
        "page_list": "Pagine", "titlepage": "Frontespizio", "cover_page": "Copertina", "colophon": "Colophon",
        "notes": "Note", "by": "di", "source": "Fonte", "published": "Pubblicato da",
        "published_in": "Pubblicato nel {date}",
        "start": "Inizio del testo", "note": "Nota",
        "editions": {"epub": "ebook", "print": "edizione a stampa"},
        "cover_alt": "Copertina di «{title}»", "cover_alt_by": "Copertina di «{title}» di {authors}",
        "roles": {"trl": "Traduzione di", "edt": "A cura di", "aui": "Introduzione di", "aft": "Postfazione di",
                  "trc": "Trascrizione di", "win": "Introduzione di", "wpr": "Prefazione di", "ann": "Note di",
                  "ill": "Illustrazioni di", "com": "Raccolta di", "wfw": "Premessa di", "waw": "Postfazione di",
                  "cwt": "Commento di", "abr": "Riduzione di", "adp": "Adattamento di", "pht": "Fotografie di",
                  "ctg": "Carte di", "cov": "Copertina di", "bkd": "Progetto grafico di", "res": "Ricerche di",
                  "pfr": "Revisione di", "red": "Redazione di", "col": "Raccolto da",
                  "ctb": "Con la collaborazione di", "wst": "Testi complementari di",
                  "wam": "Materiali di accompagnamento di"},
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
