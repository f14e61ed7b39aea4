"""A password validator beside Django's four: no password built on the platform's own name.

Django's validators accept ``jiliang-demo`` (12 characters, not in the common list, not the username),
yet it is the first guess of anyone who has seen this project. Words that name the site are refused
anywhere in the password, in any case.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: The platform's own words (its name, the field, the usual placeholders).
DEFAULT_WORDS = ("jiliang", "计量", "metrology", "password", "passw0rd", "qwerty", "changeme")


class ContextWordsValidator:
    """Refuses a password that contains one of ``words`` (case-insensitive)."""

    def __init__(self, words: tuple[str, ...] | list[str] = DEFAULT_WORDS) -> None:
        self.words = tuple(w.lower() for w in words)

    def validate(self, password: str, user: Any = None) -> None:
        found = next((w for w in self.words if w in password.lower()), None)
        if found is not None:
            raise ValidationError(
                _("The password must not contain the word “%(word)s”: it is among the first guesses."),
                code="password_context_word",
                params={"word": found},
            )

    def get_help_text(self) -> str:
        return _("Your password must not contain the site's name or words such as “password”.")
