"""Membership's workflow, declared to the engine (workflows.actions, workflows.voting): every transition
of an application and of a membership, who hears of it, where it is offered, its side effects, and
the council's discussion as a voting stage. The transitions themselves are in models.py."""

from django.contrib.auth.models import User
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import roles
from workflows import certificates
from workflows.actions import SITE, Notice, TransitionAction, declare, holders_of, registry
from workflows.models import CertificateKind
from workflows.voting import VotingStage, role_electorate

from .models import DISCUSSION_STAGE, ApplicationState, Membership, MembershipApplication, MemberUnit, Standing
from .services import refuse_a_current_members_name


# --- who hears of what ----------------------------------------------------------------------------
def _application_subject(application: MembershipApplication) -> str:
    return gettext("入会申请：{name} {value2}").format(
        name=application.unit.name, value2=application.get_state_display()
    )


APPLICANT = Notice(
    to=lambda application: [application.applicant.email, application.unit.contact_email],
    template="membership/mail/applicant.txt",
    subject=_application_subject,
    context_name="application",
)


def staff(*codes: str) -> Notice:
    """The staff whose move is next."""
    return Notice(
        to=holders_of(*codes),
        template="membership/mail/staff.txt",
        subject=_application_subject,
        context_name="application",
    )


# --- the council's discussion (Art. 8, 23) --------------------------------------------------------
DISCUSSION = registry.register_stage(
    VotingStage(
        key=DISCUSSION_STAGE,
        model=MembershipApplication,
        open_state=ApplicationState.IN_DISCUSSION,
        electorate=role_electorate(roles.COUNCIL),
        opens_with=("accept_for_discussion",),
        if_passed="close_discussion",
        if_failed="close_discussion",  # the chair then decides; approval needs the vote to have passed
        close_name="close_discussion",
        title=_("理事会表决"),
        voter_label=_("理事"),
        tally_field="discussion_tally",
        closed_message=_("讨论已结束或尚未开始，不能投票。"),
        not_entitled_message=_("只有理事可以对入会申请投票。"),
    )
)

# --- applications ---------------------------------------------------------------------------------
declare(MembershipApplication, "submit", offered_on=SITE, notices=(APPLICANT, staff(roles.SECRETARIAT)))
declare(MembershipApplication, "resubmit", offered_on=SITE, notices=(APPLICANT, staff(roles.SECRETARIAT)))
declare(MembershipApplication, "withdraw", offered_on=SITE, notices=(APPLICANT, staff(roles.SECRETARIAT)))
declare(MembershipApplication, "accept_for_discussion", notices=(APPLICANT, staff(roles.COUNCIL)))
declare(MembershipApplication, "return_for_revision", notices=(APPLICANT,))
declare(MembershipApplication, "close_discussion", stage=DISCUSSION, notices=(APPLICANT, staff(roles.CHAIR)))
declare(MembershipApplication, "approve", notices=(APPLICANT, staff(roles.SECRETARIAT)))
declare(MembershipApplication, "reject", notices=(APPLICANT,))


def certificate_lines(unit: MemberUnit) -> dict[str, list[str]]:
    return certificates.in_both_languages(
        lambda: [
            gettext("经全国中等职业教育合作发展联席会讨论通过，"),
            gettext("{value1}“{name}”为联席会会员单位。").format(
                value1=unit.get_unit_type_display(), name=certificates.name_in_language(unit.name, unit.name_en)
            ),
            gettext("会员代表：{representative}").format(representative=unit.representative),
            gettext("特发此证。"),
        ]
    )


@registry.register
class IssueCertificate(TransitionAction):
    """The unit becomes a member: standing, certificate (number + PDF), access to members' content."""

    model = MembershipApplication
    transition = "issue_certificate"
    notices = (APPLICANT,)

    def prepare(self, application, params):
        refuse_a_current_members_name(MemberUnit.objects.get(pk=application.unit_id))

    def after(self, application, comment):
        membership = Membership.objects.create(unit=application.unit, application=application)
        membership.certificate = certificates.issue(
            kind=CertificateKind.MEMBERSHIP,
            holder_name=application.unit.name,
            subject=membership,
            lines=certificate_lines(application.unit),
        )
        membership.save(update_fields=["certificate"])
        application.unit.account.groups.add(roles.group(roles.MEMBERS))


# --- standing -------------------------------------------------------------------------------------
declare(
    Membership,
    "notify_withdrawal",
    offered_on=(),  # the member's withdrawal page, with its signed notice (views.withdraw)
    files_required=("notice", _("请上传加盖公章的书面退会通知。")),
    notices=(
        Notice(
            to=holders_of(roles.SECRETARIAT),
            template="membership/mail/withdrawal_notice.txt",
            subject=lambda membership: gettext("退会通知：{name}").format(name=membership.unit.name),
            context_name="membership",
        ),
    ),
)


@registry.register
class ConfirmCertificateReturned(TransitionAction):
    """The certificate came back (Art. 12): it is revoked, never deleted, and members-only access ends."""

    model = Membership
    transition = "confirm_certificate_returned"
    notices = (
        Notice(
            to=lambda membership: [membership.unit.account.email, membership.unit.contact_email],
            template="membership/mail/left.txt",
            subject=lambda membership: gettext("退会已办结：{name}").format(name=membership.unit.name),
            context_name="membership",
        ),
    )

    def after(self, membership, comment):
        if membership.certificate is not None:
            certificates.revoke(membership.certificate, reason=gettext("会员单位退会，证书已交回"))
        end_members_access(membership.unit)


def end_members_access(unit: MemberUnit) -> None:
    """Every account acting for a unit that has left — its contact and the colleagues it invited — loses
    the members role, unless it still acts for another unit on the register."""
    members = roles.group(roles.MEMBERS)
    on_register = [Standing.ACTIVE, Standing.LEAVING]
    for account in User.objects.filter(Q(pk=unit.account_id) | Q(unit_accounts__unit=unit)).distinct():
        still_member = Membership.objects.filter(
            Q(unit__account=account) | Q(unit__accounts__user=account), state__in=on_register
        )
        if not still_member.exists():
            account.groups.remove(members)


@registry.register
class ReissueCertificate(TransitionAction):
    """A lost or damaged certificate: same record and number, a new PDF, one audit row."""

    model = Membership
    transition = "reissue_certificate"

    def after(self, membership, comment):
        certificates.reissue(
            membership.certificate, lines=certificate_lines(membership.unit), holder_name=membership.unit.name
        )
