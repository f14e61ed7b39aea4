"""The reminder digest by e-mail: each owner's users learn, once a week, how many of their instruments are
overdue or due soon, with a link to the reminders page (which holds the list: the mail names no instrument,
so a forwarded or intercepted mail says little)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from jiliang.instruments.choices import ReminderKind
from jiliang.instruments.models import Reminder
from jiliang.registry.models import User


def reminder_mail_send(*, today: dt.date) -> int:
    """Send the digest to every active user with an address whose organization has reminders (two
    queries, one SMTP connection); returns the number of messages sent."""
    counts = {
        row["organization"]: row
        for row in Reminder.objects.values("organization").annotate(
            overdue=Count("id", filter=Q(kind=ReminderKind.OVERDUE)),
            due_soon=Count("id", filter=Q(kind=ReminderKind.DUE_SOON)),
        )
    }
    recipients = (
        User.objects.filter(organization_id__in=list(counts), is_active=True)
        .exclude(email="")
        .select_related("organization")
        .order_by("organization_id", "id")
    )
    link = settings.JILIANG_SITE_URL + reverse("instruments:reminders")
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for user in recipients:
            row = counts[user.organization_id]
            params = {
                "organization": str(user.organization),
                "overdue": row["overdue"],
                "due_soon": row["due_soon"],
                "days": settings.JILIANG_REMINDER_DAYS,
                "link": link,
                "today": today.isoformat(),
            }
            subject = _("%(organization)s: instruments due for verification") % params
            body = (
                _(
                    "As of %(today)s, %(organization)s has %(overdue)s instrument(s) overdue for mandatory "
                    "verification and %(due_soon)s due within %(days)s days.\n\nThe list: %(link)s\n\n"
                    "An instrument under mandatory verification that was not verified as required may not be "
                    "used (计量法 第九条)."
                )
                % params
            )
            messages.append(EmailMessage(subject, body, to=[user.email]))
    if not messages:
        return 0
    with get_connection() as connection:
        return int(connection.send_messages(messages) or 0)
