"""``jiliang report assessment --year Y [--region CODE] [--plan CODE] --format {html,xlsx,pdf} -o FILE``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiliang.plans import report
from jiliang.plans.models import Plan
from jiliang.registry.models import Region
from jiliang.registry.selectors import SYSTEM, region_get


class Command(BaseCommand):
    help = "Produce the annual assessment report of a plan."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="kind", required=True)
        assessment = sub.add_parser("assessment")
        assessment.add_argument("--year", type=int, required=True)
        assessment.add_argument("--region", help="GB/T 2260 code (default: the plan's region)")
        assessment.add_argument("--plan", help="plan code (default: the default plan)")
        assessment.add_argument("--format", choices=["html", "xlsx", "pdf"], default="html")
        assessment.add_argument("-o", "--output", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        plan = (
            Plan.objects.filter(code=options["plan"])
            if options["plan"]
            else Plan.objects.filter(is_default=True)
        ).first()
        if plan is None:
            raise CommandError("no such plan: load one with `jiliang plan load FILE`", returncode=2)
        region = None
        if options["region"]:
            try:
                region = region_get(code=options["region"])
            except Region.DoesNotExist:
                raise CommandError(f"unknown region code {options['region']}", returncode=2) from None
        built = report.assessment_build(plan=plan, user=SYSTEM, year=options["year"], region=region)
        path = Path(options["output"])
        if options["format"] == "html":
            path.write_text(report.render_html(built), encoding="utf-8")
        elif options["format"] == "xlsx":
            path.write_bytes(report.render_xlsx(built))
        else:
            try:
                path.write_bytes(report.render_pdf(built))
            except report.ReportError as exc:
                raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(f"wrote {path}")
