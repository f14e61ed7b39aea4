"""``jiliang token create --user NAME [--name N] [--expires YYYY-MM-DD]`` · ``token list [--user NAME]`` ·
``token revoke ID``.

API tokens at the command line, for the server's operator. ``create`` prints the token once on standard
output (only its SHA-256 is stored); nothing can show it again. Bad input exits with code 2.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jiliang.core.accounts import services
from jiliang.core.models import ApiToken

EXIT_BAD_INPUT = 2


def _bad(message: str) -> CommandError:
    return CommandError(message, returncode=EXIT_BAD_INPUT)


class Command(BaseCommand):
    help = "Create, list and revoke API tokens (stored hashed; a new token is printed once)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token and print it once")
        create.add_argument("--user", required=True, help="the username the token acts as")
        create.add_argument("--name", default="command line", help="what the token is for")
        create.add_argument("--expires", help="last day of validity, YYYY-MM-DD (default: no expiry)")
        listing = sub.add_parser("list", help="list tokens (never the tokens themselves)")
        listing.add_argument("--user", help="only this user's")
        revoke = sub.add_parser("revoke", help="revoke a token by its id")
        revoke.add_argument("id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _user(self, username: str) -> Any:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise _bad(f"--user: no user named {username!r}")
        return user

    def _create(self, options: dict[str, Any]) -> None:
        user = self._user(options["user"])
        expires_at = None
        if options["expires"]:
            try:
                day = dt.date.fromisoformat(options["expires"])
            except ValueError:
                raise _bad(f"--expires: {options['expires']!r} is not a date YYYY-MM-DD") from None
            expires_at = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
        try:
            record, token = services.api_token_create(
                actor=None, user=user, name=options["name"], expires_at=expires_at
            )
        except ValidationError as exc:
            raise _bad("; ".join(exc.messages)) from None
        self.stderr.write(f"token {record.pk} for {user.username}; shown this once, only its hash is kept:")
        self.stdout.write(token)

    def _list(self, options: dict[str, Any]) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("id")
        if options["user"]:
            tokens = tokens.filter(user=self._user(options["user"]))
        for t in tokens:
            state = (
                "revoked"
                if t.revoked_at
                else ("expired" if t.expires_at and t.expires_at <= timezone.now() else "active")
            )
            self.stdout.write(f"{t.pk}\t{t.user.username}\t{t.prefix}…\t{state}\t{t.name}")

    def _revoke(self, options: dict[str, Any]) -> None:
        token = ApiToken.objects.filter(pk=options["id"]).select_related("user").first()
        if token is None:
            raise _bad(f"no token with id {options['id']}")
        try:
            services.api_token_revoke(actor=None, token=token)
        except ValidationError as exc:
            raise _bad("; ".join(exc.messages)) from None
        self.stdout.write(f"revoked token {token.pk} ({token.prefix}…) of {token.user.username}")
