"""Which fonts the machine has: the PDF reports refuse to print Chinese as empty boxes."""

from __future__ import annotations

import shutil
import subprocess


def cjk_font_available() -> bool:
    """Whether fontconfig knows a font covering Chinese (WeasyPrint finds its fonts through fontconfig)."""
    if shutil.which("fc-list") is None:
        return False
    result = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(result.stdout.strip())
