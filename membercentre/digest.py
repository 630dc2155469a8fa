"""The daily mail of what waits for each staff member who opted in (manage.py send_queue_digest),
through the outbox like every mail the site sends (workflows.notifications)."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.notifications import send_through_outbox

from .models import QueueDigestSubscription
from .queues import work_for


def send_digests() -> int:
    """One mail per subscribed active user with at least one waiting item; the number sent."""
    sent = 0
    subscriptions = QueueDigestSubscription.objects.filter(enabled=True, user__is_active=True).select_related("user")
    for subscription in subscriptions:
        user = subscription.user
        if not user.email:
            continue
        work = [view for view in work_for(user) if view.count]
        if not work:
            continue
        body = render_to_string(
            "membercentre/mail/digest.txt", {"user": user, "work": work, "site_url": settings.SITE_BASE_URL}
        )
        total = sum(view.count for view in work)
        subject = _("【联席会】今日待办：%(n)s 项") % {"n": total}
        with transaction.atomic():  # the mail's outbox row and "sent today" together, or neither
            send_through_outbox(subject=subject, body=body, recipients=[user.email])
            subscription.last_sent_at = timezone.now()
            subscription.save(update_fields=["last_sent_at"])
        sent += 1
    return sent
