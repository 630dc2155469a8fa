"""Writes for the expert pool. Same pattern as membership.services: lock, guard, transition, audit,
notify after commit."""

import datetime
import secrets

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import roles
from workflows import certificates, votes
from workflows.models import CertificateKind, Vote
from workflows.notifications import notify
from workflows.services import TransitionRefused, perform_transition
from workflows.terms import term_end
from workflows.uploads import check_upload

from .models import CONSENT_DAYS, OPEN_STATES, SELECTION_STAGE, CandidateState, ExpertCandidate, Route
from .selectors import recommending_units

QUALIFICATION_ITEMS = [
    "在职业教育领域具有丰富经验或较高造诣",
    "职称、技术职务或行业资历符合要求",
    "个人简介与简历材料完整真实",
    "无违法违纪和学术不端记录",
]
REMINDER_DAYS = (60, 30)
CV_KINDS = ("pdf", "doc", "docx")
PHOTO_KINDS = ("jpg", "png")
PHOTO_MAX_BYTES = 5 * 1024 * 1024


def _notify(candidate: ExpertCandidate, subject: str, *, comment: str = "", staff_roles=()) -> None:
    context = {"candidate": candidate, "comment": comment, "state": candidate.get_state_display()}
    people = [candidate.email] + ([candidate.recommended_by.email] if candidate.recommended_by_id else [])
    notify(recipients=people, subject=subject, template="expertpool/mail/candidate.txt", context=context)
    if staff_roles:
        notify(
            recipients=roles.emails_of_role(*staff_roles),
            subject=subject,
            template="expertpool/mail/staff.txt",
            context=context,
        )


def _save_files(candidate: ExpertCandidate, *, cv=None, photo=None) -> None:
    if cv is not None:
        checked = check_upload(cv, allowed=CV_KINDS)
        candidate.cv_extension = checked.kind
        candidate.cv.save(checked.original_name, cv, save=False)
    if photo is not None:
        checked = check_upload(photo, allowed=PHOTO_KINDS, max_bytes=PHOTO_MAX_BYTES)
        candidate.photo_extension = checked.kind
        candidate.photo.save(checked.original_name, photo, save=False)


# --- entering the pool ---------------------------------------------------------------------------
OPEN_CANDIDACY_MESSAGE = "您已有一份正在办理或有效的专家入库记录，请在“我的专家申请”中查看。"


def _refuse_second_open_candidacy(user: User, *, exclude: ExpertCandidate | None = None) -> None:
    """One open candidacy per person, whether it came by personal application or by consent."""
    others = ExpertCandidate.objects.filter(user=user, state__in=OPEN_STATES)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise ValidationError(OPEN_CANDIDACY_MESSAGE)


@transaction.atomic
def apply(*, user: User, data: dict, majors, cv=None, photo=None, submit: bool = True) -> ExpertCandidate:
    """A personal application (Art. 19); submitted at once unless saved as a draft."""
    if not user.is_authenticated:
        raise PermissionDenied("请先登录。")
    _refuse_second_open_candidacy(user)
    candidate = ExpertCandidate(route=Route.PERSONAL, user=user, state=CandidateState.APPLIED, **data)
    _save_files(candidate, cv=cv, photo=photo)
    candidate.save()
    candidate.majors.set(majors)
    if submit:
        candidate = perform_transition(candidate, "submit", by=user)
        _notify(candidate, f"专家入库申请：{candidate.name}", staff_roles=(roles.SECRETARIAT,))
    return candidate


@transaction.atomic
def recommend(*, by: User, unit, data: dict, majors, recommendation: str) -> tuple[ExpertCandidate, str]:
    """A member unit recommends someone; nothing moves until the nominee consents (Art. 19).
    Returns the candidate and the consent token (mailed to the nominee, stored only as a hash)."""
    if unit not in recommending_units(by):
        raise PermissionDenied("只有在册会员单位的联系人可以推荐专家。")
    own_addresses = {address.strip().casefold() for address in (by.email, unit.account.email) if address}
    if data.get("email", "").strip().casefold() in own_addresses:
        raise ValidationError(
            {"email": _("不能推荐本单位联系人自己的邮箱。如本人希望入库，请通过“申请入库”个人申请。")}
        )
    token = secrets.token_urlsafe(32)
    candidate = ExpertCandidate.objects.create(
        route=Route.RECOMMENDED,
        state=CandidateState.NOMINATED,
        recommending_unit=unit,
        recommended_by=by,
        recommendation=recommendation,
        consent_token_hash=ExpertCandidate.hash_token(token),
        consent_expires_at=timezone.now() + datetime.timedelta(days=CONSENT_DAYS),
        **data,
    )
    candidate.majors.set(majors)
    notify(
        recipients=[candidate.email],
        subject=f"{unit.name}推荐您加入联席会专家库，请确认",
        template="expertpool/mail/consent_request.txt",
        context={
            "candidate": candidate,
            "unit": unit,
            "consent_path": reverse("expertpool:consent", args=[token]),
            "days": CONSENT_DAYS,
        },
    )
    return candidate, token


def candidate_for_token(token: str) -> ExpertCandidate | None:
    return (
        ExpertCandidate.objects.filter(consent_token_hash=ExpertCandidate.hash_token(token)).first() if token else None
    )


@transaction.atomic
def consent(*, token: str, user: User) -> ExpertCandidate:
    """The nominee agrees, through the single-use, expiring link; the candidacy joins their account."""
    candidate = candidate_for_token(token)
    if candidate is None:
        raise TransitionRefused("链接无效或已使用。")
    candidate = ExpertCandidate.objects.select_for_update().get(pk=candidate.pk)
    if not candidate.consent_link_valid(token):
        raise TransitionRefused("链接已过期或已使用，请联系推荐单位重新推荐。")
    try:
        _refuse_second_open_candidacy(user, exclude=candidate)
    except ValidationError as error:
        raise TransitionRefused(error.messages[0]) from error
    candidate.user = user
    candidate.save(update_fields=["user"])
    candidate = perform_transition(candidate, "consent", by=user)
    _notify(candidate, f"专家推荐已获本人同意：{candidate.name}", staff_roles=(roles.SECRETARIAT,))
    return candidate


@transaction.atomic
def decline(*, token: str, comment: str = "") -> ExpertCandidate:
    """The nominee says no; the recommendation ends here. No account is needed: the link is the proof."""
    candidate = candidate_for_token(token)
    if candidate is None or not candidate.consent_link_valid(token):
        raise TransitionRefused("链接无效、已过期或已使用。")
    candidate = perform_transition(candidate, "decline", by=None, comment=comment)
    _notify(candidate, f"被推荐人不同意推荐：{candidate.name}", comment=comment)
    return candidate


# --- review and selection ------------------------------------------------------------------------
@transaction.atomic
def review_qualification(
    *,
    candidate: ExpertCandidate,
    by: User,
    results: dict[str, tuple[bool, str]],
    comment: str = "",
    employer_unit=None,
) -> ExpertCandidate:
    """The secretariat's checklist: every item passed → selection; any item failed → rejected, and
    each failed item needs its reason. The secretariat also links the expert's employer to a member
    unit (suggested by normalised name), which panel draws use for avoidance (回避)."""
    if employer_unit is not None:
        ExpertCandidate.objects.filter(pk=candidate.pk).update(employer_unit=employer_unit)
    checklist = []
    for item in QUALIFICATION_ITEMS:
        passed, reason = results.get(item, (False, ""))
        if not passed and not reason.strip():
            raise ValidationError(f"未通过的审核项须说明理由：{item}")
        checklist.append({"item": item, "passed": bool(passed), "reason": reason.strip()})
    passed_all = all(entry["passed"] for entry in checklist)
    if not passed_all and not comment:
        comment = "；".join(f"{e['item']}：{e['reason']}" for e in checklist if not e["passed"])
    transition = "pass_qualification" if passed_all else "fail_qualification"
    candidate = perform_transition(
        candidate, transition, by=by, comment=comment, data={"checklist": checklist}, checklist=checklist
    )
    staff = (roles.EXPERT_COMMITTEE,) if passed_all else ()
    _notify(
        candidate, f"专家资格审核：{candidate.name} {candidate.get_state_display()}", comment=comment, staff_roles=staff
    )
    return candidate


def committee_voter_ids() -> list[int]:
    return roles.active_user_ids(roles.EXPERT_COMMITTEE)


def committee_vote(*, candidate: ExpertCandidate, voter: User, choice: str, comment: str = "") -> Vote:
    return votes.cast_vote_while_open(
        subject=candidate,
        open_state=CandidateState.IN_SELECTION,
        stage=SELECTION_STAGE,
        voter=voter,
        entitled_voter_ids=committee_voter_ids(),
        choice=choice,
        comment=comment,
        closed_message="该专家不在遴选阶段，不能投票。",
        not_entitled_message="只有专家委员会委员可以参与遴选表决。",
    )


def selection_tally(candidate: ExpertCandidate):
    return votes.count_votes(subject=candidate, stage=SELECTION_STAGE, entitled_voter_ids=committee_voter_ids())


def letter_lines(candidate: ExpertCandidate) -> list[str]:
    return [
        f"兹聘请{candidate.employer}{candidate.name}同志",
        "为全国中等职业教育合作发展联席会专家库专家，",
        f"聘期自{candidate.term_start:%Y年%m月%d日}至{candidate.term_end:%Y年%m月%d日}。",
    ]


@transaction.atomic
def close_selection(*, candidate: ExpertCandidate, by: User, comment: str = "") -> ExpertCandidate:
    """Record the committee's tally; appoint for a 3-year term with a letter, or reject."""
    locked = ExpertCandidate.objects.select_for_update().get(pk=candidate.pk)
    if locked.state != CandidateState.IN_SELECTION:
        raise TransitionRefused(f"当前状态为“{locked.get_state_display()}”，不能结束遴选。")
    tally = selection_tally(locked)
    locked.selection_tally = tally.as_dict()
    locked.save(update_fields=["selection_tally"])
    data = {"tally": tally.as_dict()}
    if not tally.passed:
        locked = perform_transition(locked, "not_select", by=by, comment=comment or tally.summary, data=data)
        _notify(locked, f"专家遴选结果：{locked.name}", comment=tally.summary)
        return locked
    start = timezone.localdate()
    locked = perform_transition(
        locked, "select", by=by, comment=comment or tally.summary, data=data, term_start=start, term_end=term_end(start)
    )
    locked.letter = certificates.issue(
        kind=CertificateKind.EXPERT,
        holder_name=locked.name,
        subject=locked,
        lines=letter_lines(locked),
        valid_until=locked.term_end,
    )
    locked.save(update_fields=["letter"])
    _notify(
        locked,
        f"专家聘任：{locked.name}",
        comment=f"聘期至 {locked.term_end:%Y-%m-%d}，聘书编号 {locked.letter.number}",
    )
    return locked


@transaction.atomic
def start_reselection(*, candidate: ExpertCandidate, by: User, comment: str = "") -> ExpertCandidate:
    candidate = perform_transition(candidate, "start_reselection", by=by, comment=comment)
    _notify(candidate, f"专家续聘遴选：{candidate.name}", staff_roles=(roles.EXPERT_COMMITTEE,))
    return candidate


@transaction.atomic
def withdraw(*, candidate: ExpertCandidate, by: User, comment: str = "", confirmed: bool = False) -> ExpertCandidate:
    """The person gives up the candidacy or leaves the pool; irreversible, so confirmed explicitly."""
    candidate = perform_transition(candidate, "withdraw", by=by, comment=comment, confirmed=confirmed)
    if candidate.letter_id and candidate.letter.revoked_at is None:
        certificates.revoke(candidate.letter, reason="本人退出专家库")
    _notify(candidate, f"专家退出：{candidate.name}", comment=comment, staff_roles=(roles.SECRETARIAT,))
    return candidate


# --- terms ---------------------------------------------------------------------------------------
def expire_terms(*, today: datetime.date | None = None) -> dict[str, int]:
    """The daily job: expire terms that ended, and send the 60- and 30-day reminders once each."""
    today = today or timezone.localdate()
    expired = reminded = 0
    for candidate in ExpertCandidate.objects.filter(state=CandidateState.APPOINTED, term_end__lt=today):
        with transaction.atomic():
            perform_transition(candidate, "expire", by=None, comment=f"聘期已于 {candidate.term_end:%Y-%m-%d} 届满")
            _notify(candidate, f"专家聘期届满：{candidate.name}", staff_roles=(roles.SECRETARIAT,))
        expired += 1
    for days in REMINDER_DAYS:
        due = ExpertCandidate.objects.filter(
            state=CandidateState.APPOINTED, term_end__gte=today, term_end__lte=today + datetime.timedelta(days=days)
        )
        for candidate in due:
            if days in candidate.reminders_sent:
                continue
            with transaction.atomic():
                remaining = (candidate.term_end - today).days
                # One mail per run: a term found 20 days from its end gets the 30-day reminder only.
                candidate.reminders_sent = sorted(
                    {*candidate.reminders_sent, *[d for d in REMINDER_DAYS if d >= remaining]}
                )
                candidate.save(update_fields=["reminders_sent"])
                _notify(
                    candidate,
                    f"专家聘期将于 {candidate.term_end:%Y-%m-%d} 届满（{remaining} 天后）",
                    comment="如需续聘，秘书处将在届满后启动新一轮遴选。",
                    staff_roles=(roles.SECRETARIAT,),
                )
            reminded += 1
    return {"expired": expired, "reminded": reminded}
