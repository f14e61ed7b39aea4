"""``jiliang compilemessages_pure``: compile the translation catalogues with polib instead of GNU gettext.

Django's own ``compilemessages`` shells out to ``msgfmt``, which a fresh machine may not have; ``make demo``
must work without system gettext. The compiled ``.mo`` files are committed next to their ``.po`` files, so
running the site never needs this command — it is for whoever edits a ``.po`` (``make messages`` runs
``makemessages`` and then this). Fuzzy and untranslated entries are left out, as ``msgfmt`` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


@dataclass(frozen=True)
class Compiled:
    """One catalogue compiled: where it went and how many entries were kept or left out."""

    po_path: Path
    mo_path: Path
    translated: int
    fuzzy: int
    untranslated: int


def catalogues() -> list[Path]:
    """Every ``<locale>/LC_MESSAGES/*.po`` under ``settings.LOCALE_PATHS``, sorted."""
    found: list[Path] = []
    for locale_path in settings.LOCALE_PATHS:
        found.extend(sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po")))
    return found


def compile_po(po_path: Path) -> Compiled:
    """Write ``po_path``'s ``.mo`` beside it; polib keeps only translated, non-fuzzy entries."""
    catalogue = polib.pofile(str(po_path), encoding="utf-8")
    entries = [e for e in catalogue if not e.obsolete]
    mo_path = po_path.with_suffix(".mo")
    catalogue.save_as_mofile(str(mo_path))
    translated = len(catalogue.translated_entries())
    fuzzy = sum(1 for e in entries if e.fuzzy)
    return Compiled(po_path, mo_path, translated, fuzzy, len(entries) - translated - fuzzy)


class Command(BaseCommand):
    help = "Compile every .po under LOCALE_PATHS to .mo with polib (no system gettext needed)."

    def handle(self, *args: Any, **options: Any) -> None:
        paths = catalogues()
        if not paths:
            raise CommandError(
                f"no .po files under LOCALE_PATHS ({', '.join(map(str, settings.LOCALE_PATHS))})"
            )
        for po_path in paths:
            result = compile_po(po_path)
            line = f"compiled {result.po_path} -> {result.mo_path.name}: {result.translated} messages"
            counts = ((result.fuzzy, "fuzzy"), (result.untranslated, "untranslated"))
            skipped = [f"{n} {what}" for n, what in counts if n]
            if skipped:
                line += f" (skipped {', '.join(skipped)})"
            self.stdout.write(line)
