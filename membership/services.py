"""Writes: every change to an application or a membership goes through a function here.

Each transition function locks the row, fires the django-fsm-2 transition through
`workflows.services.perform_transition` (state, role and condition guards, audit row, Wagtail
history), does its own side effects in the same transaction, and queues its notifications for after
the commit. Keyword-only arguments, as the HackSoft style guide has it.
"""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from core import roles
from workflows import certificates, votes
from workflows.confirmation import confirmation_text
from workflows.models import CertificateKind, Vote
from workflows.notifications import notify
from workflows.services import TransitionRefused, perform_transition
from workflows.uploads import check_record_quota, check_upload

from .models import (
    CURRENT_STANDINGS,
    DISCUSSION_STAGE,
    OPEN_STATES,
    ApplicationFile,
    ApplicationState,
    Membership,
    MembershipApplication,
    MemberUnit,
    Standing,
)
from .names import name_key
from .selectors import council_voter_ids


# --- recipients -----------------------------------------------------------------------------------
def _applicant_emails(application: MembershipApplication) -> list[str]:
    return [application.applicant.email, application.unit.contact_email]


def _notify_application(application: MembershipApplication, *, transition: str, comment: str = "") -> None:
    """Who hears of each step: the applicant always; staff when the next move is theirs."""
    next_movers = {
        "submit": (roles.SECRETARIAT,),
        "resubmit": (roles.SECRETARIAT,),
        "withdraw": (roles.SECRETARIAT,),
        "accept_for_discussion": (roles.COUNCIL,),
        "close_discussion": (roles.CHAIR,),
        "approve": (roles.SECRETARIAT,),
    }.get(transition, ())
    context = {"application": application, "comment": comment, "state": application.get_state_display()}
    subject = f"入会申请：{application.unit.name} {application.get_state_display()}"
    notify(
        recipients=_applicant_emails(application),
        subject=subject,
        template="membership/mail/applicant.txt",
        context=context,
    )
    if next_movers:
        notify(
            recipients=roles.emails_of_role(*next_movers),
            subject=subject,
            template="membership/mail/staff.txt",
            context=context,
        )


# --- applications ---------------------------------------------------------------------------------
def members_with_name(key: str, *, exclude_unit: MemberUnit | None = None):
    """Current members (active or leaving) whose normalised name is `key`."""
    units = MemberUnit.objects.filter(name_key=key, memberships__state__in=CURRENT_STANDINGS)
    return units.exclude(pk=exclude_unit.pk) if exclude_unit is not None else units


def _refuse_active_members_name(key: str, *, account: User, unit: MemberUnit | None = None) -> None:
    """A name held by a current member (public in the member directory) cannot be applied for
    again by another account; any other duplicate is left to the secretariat at review."""
    member = members_with_name(key, exclude_unit=unit).exclude(account=account).first()
    if member is not None:
        raise ValidationError(
            {
                "name": _(
                    "“{name}”已是联席会在册会员单位（见会员名录），无需重复申请。如需变更联系人，请联系秘书处。"
                ).format(name=member.name)
            }
        )


def _attach(application: MembershipApplication, *, kind: str, uploaded) -> ApplicationFile:
    checked = check_upload(uploaded)
    record = ApplicationFile(
        application=application,
        kind=kind,
        original_name=checked.original_name,
        extension=checked.kind,
        size=checked.size,
    )
    record.file.save(checked.original_name, uploaded, save=False)
    record.save()
    return record


def _attach_all(application: MembershipApplication, *, letter, supporting) -> None:
    new = ([letter] if letter is not None else []) + list(supporting)
    kept = application.files.aggregate(count=Count("pk"), total=Sum("size"))
    try:
        check_record_quota(
            existing_count=kept["count"], existing_bytes=kept["total"] or 0, new_sizes=[f.size for f in new]
        )
    except ValidationError as error:
        raise ValidationError({"supporting" if supporting else "letter": error.messages}) from error
    if letter is not None:
        _attach(application, kind=ApplicationFile.Kind.LETTER, uploaded=letter)
    for uploaded in supporting:
        _attach(application, kind=ApplicationFile.Kind.SUPPORTING, uploaded=uploaded)


@transaction.atomic
def application_create(
    *, user: User, unit_data: dict, statement: str = "", letter=None, supporting=()
) -> MembershipApplication:
    """A draft application for a unit this account registers (or already registered).

    One open application per unit: a unit whose earlier application is still open must continue that
    one; a current member cannot apply again.
    """
    if not user.is_authenticated:
        raise PermissionDenied("请先登录。")
    key = name_key(unit_data["name"])
    _refuse_active_members_name(key, account=user)
    # Only this account's own earlier registration of the name is continued: another account's
    # draft or rejected application neither blocks this one nor is revealed (the secretariat sees
    # both as possible duplicates at review).
    unit = MemberUnit.objects.filter(account=user, name_key=key).order_by("-created_at").first()
    if unit is not None and unit.current_membership is not None:
        raise ValidationError({"name": _("该单位已是联席会会员单位，无需重复申请。")})
    if unit is not None and unit.applications.filter(state__in=OPEN_STATES).exists():
        raise ValidationError({"name": "该单位已有一份正在办理的申请，请在“我的申请”中继续办理。"})
    if unit is None:
        unit = MemberUnit.objects.create(account=user, **unit_data)
    else:
        for field, value in unit_data.items():
            setattr(unit, field, value)
        unit.save()
    application = MembershipApplication.objects.create(unit=unit, applicant=user, statement=statement)
    _attach_all(application, letter=letter, supporting=supporting)
    return application


@transaction.atomic
def application_update(
    *, application: MembershipApplication, by: User, unit_data: dict, statement: str = "", letter=None, supporting=()
) -> MembershipApplication:
    """The applicant edits a draft, or an application returned for more material."""
    application = MembershipApplication.objects.select_for_update().select_related("unit").get(pk=application.pk)
    if application.applicant_id != by.pk:
        raise PermissionDenied("只有申请人可以修改申请。")
    if not application.is_editable:
        raise TransitionRefused(f"申请当前为“{application.get_state_display()}”，不能修改。")
    _refuse_active_members_name(name_key(unit_data.get("name", "")), account=by, unit=application.unit)
    unit = application.unit
    for field, value in unit_data.items():
        setattr(unit, field, value)
    unit.save()
    application.statement = statement
    application.save(update_fields=["statement"])
    _attach_all(application, letter=letter, supporting=supporting)
    return application


@transaction.atomic
def application_transition(
    *,
    application: MembershipApplication,
    transition: str,
    by: User,
    comment: str = "",
    files=(),
    confirmed: bool = False,
) -> MembershipApplication:
    """Fire one of the simple transitions (no side effects beyond the state change). Irreversible
    ones (workflows.confirmation) need `confirmed=True`."""
    if transition not in SIMPLE_TRANSITIONS:
        raise TransitionRefused("未知的操作。")
    extra = {"confirmed": confirmed} if confirmation_text(application, transition) else {}
    application = perform_transition(application, transition, by=by, comment=comment, files=files, **extra)
    _notify_application(application, transition=transition, comment=comment)
    return application


SIMPLE_TRANSITIONS = {
    "submit",
    "resubmit",
    "withdraw",
    "accept_for_discussion",
    "return_for_revision",
    "approve",
    "reject",
}


def council_vote(*, application: MembershipApplication, voter: User, choice: str, comment: str = "") -> Vote:
    """A council member's vote, changeable while the discussion is open."""
    return votes.cast_vote_while_open(
        subject=application,
        open_state=ApplicationState.IN_DISCUSSION,
        stage=DISCUSSION_STAGE,
        voter=voter,
        entitled_voter_ids=council_voter_ids(),
        choice=choice,
        comment=comment,
        closed_message="讨论已结束或尚未开始，不能投票。",
        not_entitled_message="只有理事可以对入会申请投票。",
    )


def discussion_tally(application: MembershipApplication):
    return votes.count_votes(subject=application, stage=DISCUSSION_STAGE, entitled_voter_ids=council_voter_ids())


@transaction.atomic
def close_discussion(*, application: MembershipApplication, by: User, comment: str = "") -> MembershipApplication:
    """The secretariat ends the discussion; the tally at this moment is recorded with the step."""
    tally = discussion_tally(application)
    application = perform_transition(
        application,
        "close_discussion",
        by=by,
        comment=comment or tally.summary,
        data={"tally": tally.as_dict()},
        tally=tally,
    )
    _notify_application(application, transition="close_discussion", comment=tally.summary)
    return application


def certificate_lines(unit: MemberUnit) -> list[str]:
    return [
        "经全国中等职业教育合作发展联席会讨论通过，",
        f"{unit.get_unit_type_display()}“{unit.name}”为联席会会员单位。",
        f"会员代表：{unit.representative}",
        "特发此证。",
    ]


@transaction.atomic
def issue_certificate(*, application: MembershipApplication, by: User, comment: str = "") -> Membership:
    """The unit becomes a member: standing, certificate (number + PDF), access to members' content.

    Refused while another current member has the same normalised name: the secretariat first finds
    out whether it is the same unit (see "possible duplicates" on the application's page)."""
    unit = MemberUnit.objects.get(pk=application.unit_id)
    clash = members_with_name(unit.name_key, exclude_unit=unit).first()
    if clash is not None:
        raise TransitionRefused(
            _(
                "不能颁发证书：单位名称与在册会员单位“{name}”重复。请先核实是否为同一单位"
                "（同一单位无需再次入会），或请申请单位更正名称后再发证。"
            ).format(name=clash.name)
        )
    application = perform_transition(application, "issue_certificate", by=by, comment=comment)
    membership = Membership.objects.create(unit=application.unit, application=application)
    membership.certificate = certificates.issue(
        kind=CertificateKind.MEMBERSHIP,
        holder_name=application.unit.name,
        subject=membership,
        lines=certificate_lines(application.unit),
    )
    membership.save(update_fields=["certificate"])
    application.unit.account.groups.add(roles.group(roles.MEMBERS))
    _notify_application(application, transition="issue_certificate", comment=comment)
    return membership


def reissue_certificate(*, membership: Membership, by: User) -> Membership:
    if not roles.has_role(by, roles.SECRETARIAT):
        raise PermissionDenied("只有秘书处可以补发证书。")
    if membership.state != Standing.ACTIVE or membership.certificate is None:
        raise TransitionRefused("只有在册会员的有效证书可以补发。")
    certificates.reissue(
        membership.certificate, lines=certificate_lines(membership.unit), holder_name=membership.unit.name
    )
    return membership


# --- standing -------------------------------------------------------------------------------------
@transaction.atomic
def notify_withdrawal(
    *, membership: Membership, by: User, notice, comment: str = "", confirmed: bool = False
) -> Membership:
    """Written notice of withdrawal (Art. 12): the signed notice is required and kept with the step;
    the unit confirms explicitly (irreversible)."""
    if notice is None:
        raise ValidationError({"notice": "请上传加盖公章的书面退会通知。"})
    membership = perform_transition(
        membership, "notify_withdrawal", by=by, comment=comment, files=[notice], confirmed=confirmed
    )
    context = {"membership": membership, "comment": comment}
    notify(
        recipients=roles.emails_of_role(roles.SECRETARIAT),
        subject=f"退会通知：{membership.unit.name}",
        template="membership/mail/withdrawal_notice.txt",
        context=context,
    )
    return membership


@transaction.atomic
def confirm_certificate_returned(*, membership: Membership, by: User, comment: str = "") -> Membership:
    """The certificate came back: it is revoked (never deleted) and members-only access ends."""
    membership = perform_transition(membership, "confirm_certificate_returned", by=by, comment=comment)
    if membership.certificate is not None:
        certificates.revoke(membership.certificate, reason="会员单位退会，证书已交回")
    account = membership.unit.account
    still_member = Membership.objects.filter(
        Q(unit__account=account), state__in=[Standing.ACTIVE, Standing.LEAVING]
    ).exists()
    if not still_member:
        account.groups.remove(roles.group(roles.MEMBERS))
    notify(
        recipients=[account.email, membership.unit.contact_email],
        subject=f"退会已办结：{membership.unit.name}",
        template="membership/mail/left.txt",
        context={"membership": membership, "comment": comment},
    )
    return membership
