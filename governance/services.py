"""Governance writes that are more than one transition. Keyword-only; they raise TransitionRefused,
PermissionDenied or ValidationError (workflows.refusals), never return an error."""

import datetime
import hashlib
import secrets

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core import roles
from membership.models import MemberUnit, UnitAccount, UnitAccountRole, UnitInvitation
from workflows.actions import TransitionRefused, run
from workflows.notifications import notify

from . import eligibility
from .models import (
    MOTION_EDITABLE_STATES,
    Answer,
    Ballot,
    BallotParticipation,
    BallotState,
    Consent,
    Election,
    ElectionPosition,
    ElectionState,
    Invitation,
    Meeting,
    MeetingState,
    Motion,
    MotionComment,
    MotionState,
    MotionVersion,
    Nomination,
)
from .voting import STAGE


def _require_secretariat(user) -> None:
    if not roles.has_role(user, roles.SECRETARIAT):
        raise PermissionDenied(_("只有秘书处可以办理此事项。"))


# --- motions --------------------------------------------------------------------------------------
def _add_version(motion: Motion, *, by, note: str = "") -> MotionVersion:
    latest = motion.versions.aggregate(n=Max("number"))["n"] or 0
    return MotionVersion.objects.create(
        motion=motion, number=latest + 1, text=motion.text, note=note[:200], stage=motion.state, created_by=by
    )


@transaction.atomic
def motion_create(*, by, title: str, motion_type: str, body: str, text: str, summary: str = "",
                  consultation_ends_on=None) -> Motion:  # fmt: skip
    _require_secretariat(by)
    motion = Motion(
        title=title,
        motion_type=motion_type,
        body=body,
        text=text,
        summary=summary,
        consultation_ends_on=consultation_ends_on,
        created_by=by,
    )
    motion.full_clean(exclude=["state"])
    motion.save()
    _add_version(motion, by=by, note=_("初稿"))
    return motion


@transaction.atomic
def motion_revise(*, motion: Motion, by, note: str = "", **fields) -> Motion:
    """Save changed details; a changed text is a new version. Only while the motion is a draft."""
    _require_secretariat(by)
    locked = Motion.objects.select_for_update().get(pk=motion.pk)
    if locked.state not in MOTION_EDITABLE_STATES:
        raise TransitionRefused(_("议案已提交表决或已结束，不能再修改。"))
    old_text = locked.text
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["state"])
    locked.save()
    if locked.text != old_text or not locked.versions.exists():
        _add_version(locked, by=by, note=note)
    return locked


def may_comment(user, motion: Motion) -> bool:
    return (
        motion.state == MotionState.CONSULTATION
        and motion.consultation_ends_on is not None
        and timezone.localdate() <= motion.consultation_ends_on
        and eligibility.units_acting_for(user).filter(pk__in=eligibility.active_units().values("pk")).exists()
    )


def comment_create(*, motion: Motion, user, text: str) -> MotionComment:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("请填写意见。")})
    if motion.state != MotionState.CONSULTATION or (
        motion.consultation_ends_on and timezone.localdate() > motion.consultation_ends_on
    ):
        raise TransitionRefused(_("征求意见已结束或尚未开始。"))
    unit = eligibility.units_acting_for(user).filter(pk__in=eligibility.active_units().values("pk")).first()
    if unit is None:
        raise PermissionDenied(_("只有在册会员单位可以提出意见。"))
    version = motion.versions.order_by("-number").first()
    return MotionComment.objects.create(motion=motion, version=version, author=user, unit=unit, text=text[:4000])


def comment_reply(*, comment: MotionComment, by, text: str) -> MotionComment:
    _require_secretariat(by)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"reply": _("请填写答复。")})
    comment.reply, comment.replied_by, comment.replied_at = text[:4000], by, timezone.now()
    comment.save(update_fields=["reply", "replied_by", "replied_at"])
    notify(
        recipients=[comment.author.email],
        subject=_("秘书处已答复您的意见：%(title)s") % {"title": comment.motion.title},
        template="governance/mail/comment_reply.txt",
        context={"comment": comment},
    )
    return comment


# --- ballots --------------------------------------------------------------------------------------
def _check_closes_at(closes_at) -> None:
    if closes_at is None or closes_at <= timezone.now():
        raise ValidationError({"closes_at": _("截止时间须晚于现在。")})


def open_motion_ballot(*, motion: Motion, by, secret: bool, closes_at: datetime.datetime, comment: str = "") -> Ballot:
    _check_closes_at(closes_at)
    run(motion, "open_voting", by=by, comment=comment, secret=secret, closes_at=closes_at)
    return Ballot.objects.get(motion=motion, state=BallotState.OPEN)


def open_election_ballot(*, election: Election, by, secret: bool, closes_at, comment: str = "") -> Ballot:
    _check_closes_at(closes_at)
    run(election, "open_voting", by=by, comment=comment, secret=secret, closes_at=closes_at)
    return Ballot.objects.get(election=election, state=BallotState.OPEN)


def cast(*, ballot: Ballot, user, choice: str = "", selections: dict | None = None):
    return STAGE.cast(ballot, voter=user, choice=choice, selections=selections)


def close_ballot(*, ballot: Ballot, by, comment: str = ""):
    return STAGE.close(ballot, by=by, comment=comment)


def close_due_ballots(now=None) -> int:
    """The daily (or hourly) job: count every ballot whose time is up."""
    now = now or timezone.now()
    closed = 0
    for ballot in Ballot.objects.filter(state=BallotState.OPEN, closes_at__lte=now):
        try:
            STAGE.close(ballot, by=None, comment=_("投票截止，系统自动计票。"))
        except TransitionRefused:
            continue
        closed += 1
    return closed


def send_reminders(now=None) -> int:
    """A day before a ballot closes, its entitled units that have not voted are reminded (once)."""
    now = now or timezone.now()
    sent = 0
    due = Ballot.objects.filter(
        state=BallotState.OPEN,
        reminder_sent_at__isnull=True,
        closes_at__gt=now,
        closes_at__lte=now + datetime.timedelta(days=1),
    )
    for ballot in due:
        voted = BallotParticipation.objects.filter(ballot=ballot).values("unit")
        waiting = eligibility.entitled_units(ballot.body).exclude(pk__in=voted)
        notify(
            recipients=eligibility.voting_emails(waiting),
            subject=_("投票提醒：%(title)s 将于 %(time)s 截止")
            % {"title": ballot.title, "time": f"{timezone.localtime(ballot.closes_at):%Y-%m-%d %H:%M}"},
            template="governance/mail/ballot_reminder.txt",
            context={"ballot": ballot},
        )
        Ballot.objects.filter(pk=ballot.pk).update(reminder_sent_at=now)
        sent += 1
    return sent


# --- meetings -------------------------------------------------------------------------------------
def invitation_for(user, meeting: Meeting) -> Invitation | None:
    return (
        Invitation.objects.filter(meeting=meeting, unit__in=eligibility.units_acting_for(user))
        .select_related("unit")
        .first()
    )


def rsvp(*, meeting: Meeting, user, answer: str, delegate_name: str = "") -> Invitation:
    invitation = invitation_for(user, meeting)
    if invitation is None:
        raise PermissionDenied(_("您所在单位未受邀参加本次会议。"))
    if not meeting.rsvp_open:
        raise TransitionRefused(_("回复已截止。如需变更，请联系秘书处。"))
    if answer not in (Answer.ATTEND, Answer.DELEGATE, Answer.DECLINE):
        raise ValidationError({"answer": _("请选择出席、委派代表或不出席。")})
    delegate_name = (delegate_name or "").strip()
    if answer == Answer.DELEGATE and not delegate_name:
        raise ValidationError({"delegate_name": _("请填写委派代表的姓名。")})
    invitation.answer = answer
    invitation.delegate_name = delegate_name if answer == Answer.DELEGATE else ""
    invitation.answered_by, invitation.answered_at = user, timezone.now()
    invitation.full_clean(exclude=["meeting", "unit"])
    invitation.save()
    return invitation


def record_attendance(*, meeting: Meeting, by, invitation_id: int, attended: bool) -> Invitation:
    _require_secretariat(by)
    if meeting.state not in (MeetingState.INVITED, MeetingState.HELD):
        raise TransitionRefused(_("只能为已发通知或已召开的会议登记出席。"))
    invitation = Invitation.objects.filter(meeting=meeting, pk=invitation_id).first()
    if invitation is None:
        raise ValidationError(_("该单位未受邀参加本次会议。"))
    invitation.attended = attended
    invitation.save(update_fields=["attended"])
    return invitation


# --- elections ------------------------------------------------------------------------------------
def nominate(*, position: ElectionPosition, user, nominee: MemberUnit, statement: str = "") -> Nomination:
    if not Election.objects.get(pk=position.election_id).nominations_open:
        raise TransitionRefused(_("提名已截止或尚未开始。"))
    active = eligibility.active_units()
    nominator = eligibility.units_voting_by(user).filter(pk__in=active.values("pk")).order_by("pk").first()
    if nominator is None:
        raise PermissionDenied(_("只有在册会员单位的会员代表可以提名。"))
    if not active.filter(pk=nominee.pk).exists():
        raise ValidationError({"nominee": _("只能提名在册会员单位。")})
    own = nominator.pk == nominee.pk
    try:
        with transaction.atomic():
            return Nomination.objects.create(
                position=position,
                nominee=nominee,
                nominated_by=nominator,
                nominated_by_user=user,
                statement=(statement or "").strip()[:2000],
                consent=Consent.ACCEPTED if own else Consent.PENDING,
                consent_by=user if own else None,
                consent_at=timezone.now() if own else None,
            )
    except IntegrityError as error:
        raise ValidationError({"nominee": _("该单位已被提名为这一职务。")}) from error


def answer_nomination(*, nomination: Nomination, user, accept: bool) -> Nomination:
    if not eligibility.units_voting_by(user).filter(pk=nomination.nominee_id).exists():
        raise PermissionDenied(_("只有被提名单位的会员代表可以答复提名。"))
    if Election.objects.get(pk=nomination.position.election_id).state != ElectionState.NOMINATING:
        raise TransitionRefused(_("提名阶段已结束。"))
    nomination.consent = Consent.ACCEPTED if accept else Consent.DECLINED
    nomination.consent_by, nomination.consent_at = user, timezone.now()
    nomination.save(update_fields=["consent", "consent_by", "consent_at"])
    return nomination


def decide_tie(*, position: ElectionPosition, by, nomination_ids: list[int]) -> ElectionPosition:
    """The secretariat records the decision (e.g. a run-off or the council's resolution) on tied seats."""
    _require_secretariat(by)
    if Election.objects.get(pk=position.election_id).state != ElectionState.COUNTED or not position.result:
        raise TransitionRefused(_("只能在计票后、当选生效前决定。"))
    tied = set(position.result.get("tied", []))
    chosen = list(dict.fromkeys(int(pk) for pk in nomination_ids))
    if not chosen or not set(chosen) <= tied or len(chosen) != position.result.get("open_seats", 0):
        raise ValidationError(_("请从票数相同的候选人中选定 %(n)s 名。") % {"n": position.result.get("open_seats", 0)})
    position.decided = chosen
    position.save(update_fields=["decided"])
    return position


# --- a unit's accounts ----------------------------------------------------------------------------
INVITATION_DAYS = 14


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _require_contact(unit: MemberUnit, user) -> None:
    if user is None or user.pk != unit.account_id:
        raise PermissionDenied(_("只有本单位的联系人账号可以管理单位账号。"))


def invite_colleague(*, unit: MemberUnit, by, email: str) -> str:
    """Mail a single-use link; returns the token (only the hash is stored)."""
    _require_contact(unit, by)
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError({"email": _("请填写邮箱。")})
    token = secrets.token_urlsafe(24)
    UnitInvitation.objects.create(
        unit=unit,
        email=email,
        token_hash=_hash(token),
        invited_by=by,
        expires_at=timezone.now() + datetime.timedelta(days=INVITATION_DAYS),
    )
    notify(
        recipients=[email],
        subject=_("邀请您作为%(unit)s的账号参与联席会事务") % {"unit": unit.name},
        template="governance/mail/unit_invitation.txt",
        context={"unit": unit, "token": token, "days": INVITATION_DAYS},
    )
    return token


def invitation_by_token(token: str) -> UnitInvitation | None:
    found = UnitInvitation.objects.filter(token_hash=_hash(token or "")).select_related("unit").first()
    if found is None or found.accepted_at is not None or found.expires_at <= timezone.now():
        return None
    return found


@transaction.atomic
def accept_invitation(*, token: str, user: User) -> UnitAccount:
    invitation = invitation_by_token(token)
    if invitation is None:
        raise TransitionRefused(_("邀请链接无效、已使用或已过期，请联系邀请人重新发送。"))
    UnitInvitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now(), accepted_by=user)
    account, _created = UnitAccount.objects.get_or_create(unit=invitation.unit, user=user)
    if eligibility.active_units().filter(pk=invitation.unit_id).exists():
        user.groups.add(roles.group(roles.MEMBERS))
    return account


@transaction.atomic
def set_account_role(*, unit: MemberUnit, by, user_id: int, role: str) -> UnitAccount:
    """Name the representative (the one who votes; replacing any other), a delegate or a colleague.
    The contact account itself may be named, which adds it to the unit's accounts."""
    _require_contact(unit, by)
    if role not in UnitAccountRole.values:
        raise ValidationError(_("未知的身份。"))
    MemberUnit.objects.select_for_update().get(pk=unit.pk)
    if user_id == unit.account_id:
        account, _created = UnitAccount.objects.get_or_create(unit=unit, user_id=user_id)
    else:
        account = UnitAccount.objects.filter(unit=unit, user_id=user_id).first()
        if account is None:
            raise ValidationError(_("该账号不属于本单位。"))
    if role == UnitAccountRole.REPRESENTATIVE:
        UnitAccount.objects.filter(unit=unit, role=UnitAccountRole.REPRESENTATIVE).exclude(pk=account.pk).update(
            role=UnitAccountRole.DELEGATE
        )
    account.role = role
    account.save(update_fields=["role"])
    return account


# --- terms of office (Art. 15) ---------------------------------------------------------------------
#: Days before a council position's term ends when its unit and the secretariat are reminded.
TERM_REMINDER_DAYS = (60, 30)


def remind_position_terms(today: datetime.date | None = None) -> int:
    """The daily job: remind a position's unit and the secretariat 60 and 30 days before its term
    ends, once each (a term found 20 days from its end gets the 30-day reminder only). Returns how
    many reminders were sent."""
    from membership.models import CouncilPosition

    from .models import PositionTermReminder

    today = today or timezone.localdate()
    sent = 0
    horizon = today + datetime.timedelta(days=max(TERM_REMINDER_DAYS))
    ending = CouncilPosition.objects.filter(term_end__gte=today, term_end__lte=horizon).select_related("unit")
    for position in ending:
        remaining = (position.term_end - today).days
        due = min(days for days in TERM_REMINDER_DAYS if days >= remaining)
        with transaction.atomic():
            _reminder, created = PositionTermReminder.objects.get_or_create(position=position, days=due)
            if not created:
                continue
            notify(
                recipients=[
                    position.unit.account.email,
                    position.unit.contact_email,
                    *roles.emails_of_role(roles.SECRETARIAT),
                ],
                subject=_("%(unit)s的%(post)s任期将于 %(end)s 届满")
                % {"unit": position.unit.name, "post": position.get_position_display(), "end": position.term_end},
                template="governance/mail/position_term.txt",
                context={"position": position, "remaining": remaining},
            )
        sent += 1
    return sent
