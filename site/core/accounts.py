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
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.client_address import client_address
from core.rate_limits import within_limit
from core.single_line import SingleLineFieldsMixin
from workflows.notifications import notify

LINK_VALID_HOURS = settings.PASSWORD_RESET_TIMEOUT // 3600


class QueuedPasswordResetForm(SingleLineFieldsMixin, PasswordResetForm):
    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        if not within_limit("password-reset-mail", to_email, settings.PASSWORD_RESET_MAILS_PER_HOUR):
            return
        context = {**context, "valid_hours": LINK_VALID_HOURS}
        notify(recipients=[to_email], subject=gettext("重设密码"), template=email_template_name, context=context)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"

    def post(self, request, *args, **kwargs):
        # Every POST from a client counts, whether or not the address has an account (counting only
        # the mails sent would make the limit itself tell which addresses exist).
        if not within_limit(
            "password-reset-client", client_address(request), settings.PASSWORD_RESET_MAILS_PER_CLIENT_PER_HOUR
        ):
            form = self.get_form()
            form.is_valid()
            form.add_error(None, _("这个网络地址在一小时内请求重设密码的次数过多，请稍后再试，或联系秘书处。"))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


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
