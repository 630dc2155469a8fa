"""Password reset and change for everyone who logs in on the site (applicants, member units,
experts, staff). Django's own views with the site's templates; only the reset mail differs: it is
sent through the task queue like every other mail, links to SITE_BASE_URL (not to whatever Host
header the request carried), and an address gets at most PASSWORD_RESET_MAILS_PER_HOUR of them, one
client at most PASSWORD_RESET_MAILS_PER_CLIENT_PER_HOUR, so the form cannot be used to flood
someone's inbox or to spray mail. Whether an address has an account is never said.
"""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.urls import path

from core.rate_limits import client_address, within_limit
from core.single_line import SingleLineFieldsMixin
from workflows.notifications import notify

LINK_VALID_HOURS = settings.PASSWORD_RESET_TIMEOUT // 3600


class QueuedPasswordResetForm(SingleLineFieldsMixin, PasswordResetForm):
    client = "unknown"  # the requesting address, set by the view

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        if not within_limit("password-reset-client", self.client, settings.PASSWORD_RESET_MAILS_PER_CLIENT_PER_HOUR):
            return
        if not within_limit("password-reset-mail", to_email, settings.PASSWORD_RESET_MAILS_PER_HOUR):
            return
        context = {**context, "valid_hours": LINK_VALID_HOURS}
        notify(recipients=[to_email], subject="重设密码", template=email_template_name, context=context)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"

    def form_valid(self, form):
        form.client = client_address(self.request)
        return super().form_valid(form)


_validity = {"valid_hours": LINK_VALID_HOURS}

urlpatterns = [
    path(
        "password_reset/",
        PasswordResetView.as_view(extra_context=_validity),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(extra_context=_validity),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(extra_context=_validity),
        name="password_reset_confirm",
    ),
]
