"""``jiliang demo``: migrate, seed the Luoyang demo once, create the demo accounts, print them, serve."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from jiliang.core.scoping import Role
from jiliang.ops.management.commands.seed import seed_all
from jiliang.registry.choices import OrganizationKind
from jiliang.registry.models import Organization, Person, Region, User

DEMO_PASSWORD = "jiliang-demo"


@transaction.atomic
def demo_accounts() -> list[tuple[str, str]]:
    """The demo's accounts, one per role (created once); returns (username, what it sees)."""
    institute = Organization.objects.get(name="洛阳市计量测试院")
    enterprise = Organization.objects.filter(kind=OrganizationKind.ENTERPRISE).order_by("id").first()
    jianxi = Region.objects.get(code="410305", valid_to__isnull=True)
    accounts: list[tuple[str, dict[str, Any], str]] = [
        ("admin", {"role": Role.BUREAU, "is_superuser": True, "is_staff": True}, "administrator, whole city"),
        ("bureau", {"role": Role.BUREAU}, "市局计量科, whole city"),
        ("county", {"role": Role.COUNTY, "region": jianxi}, f"县区局, {jianxi.name} only"),
        ("institute", {"role": Role.INSTITUTE, "organization": institute}, f"institute: {institute.name}"),
        ("enterprise", {"role": Role.ENTERPRISE, "organization": enterprise}, f"enterprise: {enterprise}"),
    ]
    for username, fields, _ in accounts:
        user, created = User.objects.get_or_create(username=username, defaults=fields)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
    return [(username, what) for username, _, what in accounts]


class Command(BaseCommand):
    help = "Set up and run the Luoyang demo on the configured database (SQLite by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="set up only, do not start the server")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if not Person.objects.exists():
            self.stdout.write("Seeding the Luoyang demo data …")
            seed_all(scale="demo", seed=2015, log=self.stdout.write)
        accounts = demo_accounts()
        self.stdout.write(self.style.SUCCESS(f"\nDemo accounts (password: {DEMO_PASSWORD}):"))
        for username, what in accounts:
            self.stdout.write(f"  {username:<11} {what}")
        if options["no_serve"]:
            return
        self.stdout.write(self.style.SUCCESS(f"\nServing at http://{options['addrport']}/  (Ctrl-C stops)\n"))
        call_command("runserver", options["addrport"], use_reloader=False)
