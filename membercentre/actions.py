"""The member centre's workflows, declared to the engine (workflows.actions): a contribution's
transitions (who hears of each, where it is offered, the expert draw and the publication as side
effects) and a profile change's approval. The transitions themselves are in models.py."""

from django.utils.translation import gettext_lazy as _

from core import roles
from workflows.actions import SITE, Notice, TransitionAction, declare, holders_of, registry

from .models import Contribution, ProfileChangeRequest


def _subject(contribution: Contribution) -> str:
    return _("资源投稿：{title} {state}").format(title=contribution.title, state=contribution.get_state_display())


CONTRIBUTOR = Notice(
    to=lambda contribution: [contribution.unit.account.email, contribution.unit.contact_email],
    template="membercentre/mail/contributor.txt",
    subject=_subject,
    context_name="contribution",
)
SECRETARIAT = Notice(
    to=holders_of(roles.SECRETARIAT),
    template="membercentre/mail/staff.txt",
    subject=_subject,
    context_name="contribution",
)
EXPERT = Notice(
    to=lambda contribution: [contribution.reviewer.email] if contribution.reviewer_id else [],
    template="membercentre/mail/expert.txt",
    subject=lambda contribution: _("请评审资源投稿：{title}").format(title=contribution.title),
    context_name="contribution",
)

declare(Contribution, "submit", offered_on=SITE, notices=(CONTRIBUTOR, SECRETARIAT))
declare(Contribution, "resubmit", offered_on=SITE, notices=(CONTRIBUTOR, SECRETARIAT))
declare(Contribution, "withdraw", offered_on=SITE, notices=(SECRETARIAT,))


@registry.register
class SendToExpert(TransitionAction):
    """An expert is drawn at random from the appointed experts of the resource's major, avoiding the
    contributing unit's own staff (expertpool.draws: recorded, re-checkable)."""

    model = Contribution
    transition = "send_to_expert"
    notices = (CONTRIBUTOR, EXPERT)

    def after(self, contribution, comment):
        from expertpool.draws import draw_panel
        from expertpool.models import ExpertCandidate

        from .services import refuse_without_major

        refuse_without_major(contribution)
        draw = draw_panel(
            major=contribution.major,
            size=1,
            purpose=str(_("资源投稿评审：{title}").format(title=contribution.title))[:200],
            by=self.user,
            evaluated_unit=contribution.unit,
        )
        contribution.panel_draw = draw
        contribution.reviewer = ExpertCandidate.objects.get(pk=draw.current_panel_ids[0])
        Contribution.objects.filter(pk=contribution.pk).update(panel_draw=draw, reviewer=contribution.reviewer)


# The expert answers on the site (the member centre's review page), not in the admin.
declare(Contribution, "recommend", offered_on=SITE, notices=(SECRETARIAT,))
declare(Contribution, "return_for_revision", offered_on=("admin", SITE), notices=(CONTRIBUTOR,))


@registry.register
class Publish(TransitionAction):
    """The contribution becomes a resource page under the library, linked to the unit, its files
    copied into Wagtail documents attached to the page."""

    model = Contribution
    transition = "publish"
    notices = (CONTRIBUTOR,)

    def after(self, contribution, comment):
        from .services import publish_resource_page

        page = publish_resource_page(contribution, by=self.user)
        contribution.resource_page = page
        Contribution.objects.filter(pk=contribution.pk).update(resource_page=page)


# --- profile changes ------------------------------------------------------------------------------
REQUESTER = Notice(
    to=lambda change: [change.requested_by.email, change.unit.contact_email],
    template="membercentre/mail/profile_change.txt",
    subject=lambda change: _("单位信息变更：{unit} {state}").format(
        unit=change.unit.name, state=change.get_state_display()
    ),
    context_name="change",
)


@registry.register
class ApproveProfileChange(TransitionAction):
    model = ProfileChangeRequest
    transition = "approve"
    notices = (REQUESTER,)

    def after(self, change, comment):
        from .services import apply_profile_change

        apply_profile_change(change)


declare(ProfileChangeRequest, "reject", notices=(REQUESTER,))
