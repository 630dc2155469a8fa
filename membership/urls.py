from django.urls import path

from . import views

app_name = "membership"

urlpatterns = [
    path("accounts/register/", views.register, name="register"),
    path("members/", views.directory, name="directory"),
    path("membership/", views.dashboard, name="dashboard"),
    path("membership/apply/", views.apply, name="apply"),
    path("membership/applications/<uuid:public_id>/", views.application_detail, name="application_detail"),
    path("membership/applications/<uuid:public_id>/edit/", views.application_edit, name="application_edit"),
    path(
        "membership/applications/<uuid:public_id>/files/<int:file_id>/",
        views.application_file,
        name="application_file",
    ),
    path(
        "membership/applications/<uuid:public_id>/<str:transition>/",
        views.application_action,
        name="application_action",
    ),
    path("membership/memberships/<int:pk>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("membership/memberships/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
