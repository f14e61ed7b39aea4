from django.urls import path

from jiliang.standards import views

app_name = "standards"

urlpatterns = [
    *views.STANDARDS.urls(),
    path("standards/<int:pk>/chain/", views.standard_chain, name="standards_chain"),
    path("standards/<int:pk>/status/", views.standard_status, name="standards_status"),
    *views.APPROVALS.urls(),
    path("approvals/<int:pk>/revoke/", views.approval_revoke, name="approvals_revoke"),
    *views.LINKS.urls(),
    *views.CHECKS.urls(),
    *views.EXTERNALS.urls(),
    path("reexamination/", views.reexamination_list, name="reexamination"),
]
