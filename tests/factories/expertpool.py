"""Expert candidates in every state, reached through `expertpool.services` and the selection vote.

`CandidateFactory(state=CandidateState.APPOINTED)` applies as a person (or, for `NOMINATED` and
`DECLINED`, is recommended by a member unit) and is moved on by the secretariat's qualification
review and the committee's vote, as in real life. The one thing written directly is an expired
expert's term dates: a term lasts three years, so the factory moves this candidate's dates back
(as `expertpool/demo.py` does) and lets the daily job (`services.expire_terms`) expire it.
"""

import datetime

import factory
from django.contrib.auth.models import User
from django.utils import timezone

from core import roles
from expertpool import services
from expertpool.actions import SELECTION
from expertpool.models import CandidateState, ExpertCandidate
from workflows.actions import run

from .pages import major
from .users import UserFactory

ALL_PASS = dict.fromkeys(services.QUALIFICATION_ITEMS, (True, ""))
S = CandidateState


def profile(**overrides) -> dict:
    data = {
        "name": "测试专家",
        "employer": "某职业技术学院",
        "title": "senior",
        "position": "教授",
        "keywords": "数控编程、课程标准开发",
        "years_experience": 15,
        "region": "江苏省",
        "email": "t_expert@example.org",
        "phone": "13800000000",
        "bio": "长期从事数控技术教学。",
    }
    data.update(overrides)
    return data


def committee_members() -> list[User]:
    """Everyone on the expert committee, or three new members when nobody is."""
    return list(roles.holders(roles.EXPERT_COMMITTEE).order_by("pk")) or [
        UserFactory(roles=[roles.EXPERT_COMMITTEE]) for _ in range(3)
    ]


def secretariat() -> User:
    return roles.holders(roles.SECRETARIAT).order_by("pk").first() or UserFactory(roles=[roles.SECRETARIAT])


def appoint(candidate, *, by=None, committee=None):
    """Qualification passed, every committee member supports, the secretariat closes: appointed."""
    by = by or secretariat()
    candidate = services.review_qualification(candidate=candidate, by=by, results=ALL_PASS)
    for member in committee or committee_members():
        SELECTION.cast(candidate, voter=member, choice="support")
    return SELECTION.close(candidate, by=by)


def expire(candidate) -> ExpertCandidate:
    """An appointed expert whose three-year term ended yesterday, expired by the daily job."""
    start = timezone.localdate() - datetime.timedelta(days=3 * 365 + 1)
    ExpertCandidate.objects.filter(pk=candidate.pk).update(
        term_start=start, term_end=start + datetime.timedelta(days=3 * 365)
    )
    services.expire_terms()
    candidate.refresh_from_db()
    return candidate


class CandidateFactory(factory.Factory):
    """`CandidateFactory(state=S.APPOINTED, majors=[major("护理")], data__name="张华")`.

    Personal route: `user` (default a new account) applies; `NOMINATED` / `DECLINED` are recommended
    by `recommended_by` (default: the contact of a new certified member unit)."""

    class Meta:
        model = ExpertCandidate

    user = factory.SubFactory(UserFactory)
    data = factory.Dict(
        {
            **profile(),
            "name": factory.Sequence(lambda n: f"测试专家{n}"),
            "email": factory.Sequence(lambda n: f"expert{n:03d}@example.org"),
        }
    )
    majors = factory.LazyFunction(lambda: [major()])
    state = S.SUBMITTED
    recommended_by = None

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise NotImplementedError("a candidate only exists through expertpool.services: use create()")

    @classmethod
    def _create(cls, model_class, *, user, data, majors, state, recommended_by):
        if state in (S.NOMINATED, S.DECLINED):
            return cls._recommended(data, majors, state, recommended_by)
        candidate = services.apply(user=user, data=data, majors=majors, submit=state != S.APPLIED)
        by = secretariat()
        if state == S.WITHDRAWN:
            candidate = run(candidate, "withdraw", by=user, comment="个人原因", confirmed=True)
        elif state == S.REJECTED:
            failed = {**ALL_PASS, services.QUALIFICATION_ITEMS[1]: (False, "职称不满足副高级以上要求")}
            candidate = services.review_qualification(candidate=candidate, by=by, results=failed)
        elif state == S.IN_SELECTION:
            candidate = services.review_qualification(candidate=candidate, by=by, results=ALL_PASS)
        elif state in (S.APPOINTED, S.EXPIRED):
            candidate = appoint(candidate, by=by)
            if state == S.EXPIRED:
                candidate = expire(candidate)
        candidate.refresh_from_db()
        assert candidate.state == state, (candidate.state, state)
        return candidate

    @classmethod
    def _recommended(cls, data, majors, state, recommended_by):
        from membership.models import ApplicationState

        from .membership import ApplicationFactory

        if recommended_by is None:
            recommended_by = ApplicationFactory(state=ApplicationState.CERTIFIED).applicant
        unit = recommended_by.member_units.first()
        candidate, token = services.recommend(
            by=recommended_by, unit=unit, data=data, majors=majors, recommendation="熟悉职业教育。"
        )
        if state == S.DECLINED:
            candidate = services.decline(token=token, comment="近期工作繁忙。")
        candidate.consent_token = token  # for a test that follows the consent link
        return candidate
