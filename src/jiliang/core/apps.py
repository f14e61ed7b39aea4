from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jiliang.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from jiliang.core.accounts.services import login_lockout_record

        def audit_lockout(
            sender: object, request: object, username: str, ip_address: str, **kw: object
        ) -> None:
            login_lockout_record(username=username or "", ip_address=ip_address or "")

        # django-axes announces a lock-out; the audit trail of the account records it.
        user_locked_out.connect(audit_lockout, dispatch_uid="jiliang-audit-lockout")
