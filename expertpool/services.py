"""Writes for the expert pool that are more than one declared transition: applying, recommending,
answering a recommendation (which may create the nominee's account), the qualification checklist,
and the daily term job. Transitions are declared in `expertpool.actions` and fired by the engine."""

import datetime
import secrets

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from core import roles
from workflows.actions import TransitionRefused, run
from workflows.notifications import notify
from workflows.uploads import store_upload

from .actions import notices
from .models import CONSENT_DAYS, OPEN_STATES, CandidateState, ExpertCandidate, Route
from .selectors import recommending_units

QUALIFICATION_ITEMS = [
    gettext_lazy("在职业教育领域具有丰富经验或较高造诣"),
    gettext_lazy("职称、技术职务或行业资历符合要求"),
    gettext_lazy("个人简介与简历材料完整真实"),
    gettext_lazy("无违法违纪和学术不端记录"),
]
REMINDER_DAYS = (60, 30)
CV_KINDS = ("pdf", "doc", "docx")
PHOTO_KINDS = ("jpg", "png")
PHOTO_MAX_BYTES = 5 * 1024 * 1024


def _save_files(candidate: ExpertCandidate, *, cv=None, photo=None) -> None:
    if cv is not None:
        store_upload(candidate, "cv", cv, record={"kind": "cv_extension"}, allowed=CV_KINDS)
    if photo is not None:
        store_upload(
            candidate,
            "photo",
            photo,
            record={"kind": "photo_extension"},
            allowed=PHOTO_KINDS,
            max_bytes=PHOTO_MAX_BYTES,
        )


# --- entering the pool ---------------------------------------------------------------------------
OPEN_CANDIDACY_MESSAGE = gettext_lazy("您已有一份正在办理或有效的专家入库记录，请在“我的专家申请”中查看。")


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
        raise PermissionDenied(gettext("请先登录。"))
    _refuse_second_open_candidacy(user)
    candidate = ExpertCandidate(route=Route.PERSONAL, user=user, state=CandidateState.APPLIED, **data)
    _save_files(candidate, cv=cv, photo=photo)
    candidate.save()
    candidate.majors.set(majors)
    if submit:
        candidate = run(candidate, "submit", by=user)
    return candidate


@transaction.atomic
def recommend(*, by: User, unit, data: dict, majors, recommendation: str) -> tuple[ExpertCandidate, str]:
    """A member unit recommends someone; nothing moves until the nominee consents (Art. 19).
    Returns the candidate and the consent token (mailed to the nominee, stored only as a hash)."""
    if unit not in recommending_units(by):
        raise PermissionDenied(gettext("只有在册会员单位的联系人可以推荐专家。"))
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
        subject=gettext("{name}推荐您加入联席会专家库，请确认").format(name=unit.name),
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
def consent(*, token: str, user: User | None, password: str = "") -> ExpertCandidate:
    """The nominee agrees, through the single-use, expiring link; the candidacy joins their account.

    A nominee without an account (`user` None) gets one, named by the e-mail the unit gave, with the
    password they chose; if that address already has an account, they must log in first.
    """
    candidate = candidate_for_token(token)
    if candidate is None:
        raise TransitionRefused(gettext("链接无效或已使用。"))
    candidate = ExpertCandidate.objects.select_for_update().get(pk=candidate.pk)
    if not candidate.consent_link_valid(token):
        raise TransitionRefused(gettext("链接已过期或已使用，请联系推荐单位重新推荐。"))
    if user is None or not user.is_authenticated:
        # Accounts are named by username; the nominee's address may belong to an account of any name
        # (an appointed expert's, say): then they log in, and the one-open-candidacy rule sees them.
        if User.objects.filter(Q(username__iexact=candidate.email) | Q(email__iexact=candidate.email)).exists():
            raise ValidationError(gettext("该邮箱已有账号，请先登录后再打开此链接。"))
        user = User.objects.create_user(
            username=candidate.email, email=candidate.email, password=password, first_name=candidate.name
        )
    try:
        _refuse_second_open_candidacy(user, exclude=candidate)
    except ValidationError as error:
        raise TransitionRefused(error.messages[0]) from error
    candidate.user = user
    candidate.save(update_fields=["user"])
    return run(candidate, "consent", by=user)


@transaction.atomic
def decline(*, token: str, comment: str = "") -> ExpertCandidate:
    """The nominee says no; the recommendation ends here. No account is needed: the link is the proof."""
    candidate = candidate_for_token(token)
    if candidate is None or not candidate.consent_link_valid(token):
        raise TransitionRefused(gettext("链接无效、已过期或已使用。"))
    return run(candidate, "decline", by=None, comment=comment)


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
    results = {str(item): outcome for item, outcome in results.items()}  # lazy keys, read in one language
    for item in QUALIFICATION_ITEMS:
        passed, reason = results.get(str(item), (False, ""))
        if not passed and not reason.strip():
            raise ValidationError(gettext("未通过的审核项须说明理由：{item}").format(item=item))
        checklist.append({"item": str(item), "passed": bool(passed), "reason": reason.strip()})
    passed_all = all(entry["passed"] for entry in checklist)
    if not passed_all and not comment:
        comment = "；".join(f"{e['item']}：{e['reason']}" for e in checklist if not e["passed"])
    transition = "pass_qualification" if passed_all else "fail_qualification"
    return run(candidate, transition, by=by, comment=comment, data={"checklist": checklist}, checklist=checklist)


# --- terms ---------------------------------------------------------------------------------------
def expire_terms(*, today: datetime.date | None = None) -> dict[str, int]:
    """The daily job: expire terms that ended, and send the 60- and 30-day reminders once each."""
    today = today or timezone.localdate()
    expired = reminded = 0
    for candidate in ExpertCandidate.objects.filter(state=CandidateState.APPOINTED, term_end__lt=today):
        run(
            candidate,
            "expire",
            by=None,
            comment=gettext("聘期已于 {term_end:%Y-%m-%d} 届满").format(term_end=candidate.term_end),
        )
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
                for notice in notices(
                    lambda c: gettext("专家聘期将于 {term_end:%Y-%m-%d} 届满（{remaining} 天后）").format(
                        term_end=c.term_end,
                        remaining=remaining,  # noqa: B023
                    ),
                    staff=(roles.SECRETARIAT,),
                ):
                    notice.send(candidate, gettext("如需续聘，秘书处将在届满后启动新一轮遴选。"))
            reminded += 1
    return {"expired": expired, "reminded": reminded}
