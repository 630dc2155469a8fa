"""Password reset and change for everyone who logs in on the site (applicants, member units,
experts, staff). Django's own views with the site's templates; only the reset mail differs: it is
sent through the task queue like every other mail, links to SITE_BASE_URL (not to whatever Host
header the request carried), and an address gets at most PASSWORD_RESET_MAILS_PER_HOUR of them, so
the form cannot be used to flood someone's inbox. Whether an address has an account is never said.
"""

import hashlib

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache
from django.urls import path

from workflows.notifications import notify

MAILS_PER_HOUR = getattr(settings, "PASSWORD_RESET_MAILS_PER_HOUR", 3)
LINK_VALID_HOURS = settings.PASSWORD_RESET_TIMEOUT // 3600


def _may_send_reset_mail(address: str) -> bool:
    """Count this mail against the address's hourly allowance; False once it is spent."""
    key = "password-reset-mails:" + hashlib.sha256(address.strip().lower().encode()).hexdigest()
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key) <= MAILS_PER_HOUR
    except ValueError:  # the entry expired between add and incr: this is the first mail again
        cache.add(key, 1, timeout=3600)
        return True


class QueuedPasswordResetForm(PasswordResetForm):
    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        if not _may_send_reset_mail(to_email):
            return
        context = {**context, "valid_hours": LINK_VALID_HOURS}
        notify(recipients=[to_email], subject="重设密码", template=email_template_name, context=context)


_validity = {"valid_hours": LINK_VALID_HOURS}

urlpatterns = [
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(
            form_class=QueuedPasswordResetForm,
            email_template_name="registration/password_reset_email.txt",
            extra_context=_validity,
        ),
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
