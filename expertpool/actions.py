"""The expert pool's workflow, declared to the engine (workflows.actions, workflows.voting): every
transition of a candidacy, who hears of it, where it is offered, its side effects, and the expert
committee's selection as a voting stage. The transitions themselves are in models.py."""

from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import roles
from workflows import certificates
from workflows.actions import SITE, Notice, TransitionAction, declare, holders_of, registry
from workflows.models import CertificateKind
from workflows.voting import VotingStage, role_electorate

from .models import SELECTION_STAGE, CandidateState, ExpertCandidate


def notices(subject, *, staff: tuple[str, ...] = (), comment=None) -> tuple[Notice, ...]:
    """The candidate (and whoever recommended them) always; staff of these roles when their move is next."""
    people = Notice(
        to=lambda c: [c.email] + ([c.recommended_by.email] if c.recommended_by_id else []),
        template="expertpool/mail/candidate.txt",
        subject=subject,
        context_name="candidate",
        comment=comment,
    )
    if not staff:
        return (people,)
    return (
        people,
        Notice(
            to=holders_of(*staff),
            template="expertpool/mail/staff.txt",
            subject=subject,
            context_name="candidate",
            comment=comment,
        ),
    )


# --- the committee's selection (Art. 19) ----------------------------------------------------------
SELECTION = registry.register_stage(
    VotingStage(
        key=SELECTION_STAGE,
        model=ExpertCandidate,
        open_state=CandidateState.IN_SELECTION,
        electorate=role_electorate(roles.EXPERT_COMMITTEE),
        opens_with=("pass_qualification", "start_reselection"),
        if_passed="select",
        if_failed="not_select",
        close_name="close_selection",
        close_label=_("结束遴选并记录结果"),
        title=_("专家委员会遴选表决"),
        voter_label=_("委员"),
        my_vote_heading=_("我的遴选意见"),
        tally_field="selection_tally",
        closed_message=_("该专家不在遴选阶段，不能投票。"),
        not_entitled_message=_("只有专家委员会委员可以参与遴选表决。"),
    )
)

# --- entering the pool ----------------------------------------------------------------------------
declare(
    ExpertCandidate,
    "submit",
    offered_on=SITE,
    notices=notices(lambda c: gettext("专家入库申请：{name}").format(name=c.name), staff=(roles.SECRETARIAT,)),
)
declare(
    ExpertCandidate,
    "consent",
    offered_on=(),  # through the consent link (views.consent)
    notices=notices(lambda c: gettext("专家推荐已获本人同意：{name}").format(name=c.name), staff=(roles.SECRETARIAT,)),
)
declare(
    ExpertCandidate,
    "decline",
    offered_on=(),
    notices=notices(lambda c: gettext("被推荐人不同意推荐：{name}").format(name=c.name)),
)

# --- review and selection -------------------------------------------------------------------------
_review_subject = lambda c: gettext("专家资格审核：{name} {value2}").format(name=c.name, value2=c.get_state_display())  # noqa: E731
# Both through the secretariat's checklist (services.review_qualification), not a bare button.
declare(
    ExpertCandidate,
    "pass_qualification",
    offered_on=(),
    notices=notices(_review_subject, staff=(roles.EXPERT_COMMITTEE,)),
)
declare(ExpertCandidate, "fail_qualification", offered_on=(), notices=notices(_review_subject))


@registry.register
class Select(TransitionAction):
    """Appointed for a 3-year term, with a letter (Art. 19)."""

    model = ExpertCandidate
    transition = "select"
    offered_on = frozenset()  # closing the selection decides between select and not_select
    stage = SELECTION
    notices = notices(
        lambda c: gettext("专家聘任：{name}").format(name=c.name),
        comment=lambda c, comment: gettext("聘期至 {term_end:%Y-%m-%d}，聘书编号 {number}").format(
            term_end=c.term_end, number=c.letter.number
        ),
    )

    def after(self, candidate, comment):
        candidate.letter = certificates.issue(
            kind=CertificateKind.EXPERT,
            holder_name=candidate.name,
            subject=candidate,
            lines=letter_lines(candidate),
            valid_until=candidate.term_end,
        )
        candidate.save(update_fields=["letter"])


def letter_lines(candidate: ExpertCandidate) -> dict[str, list[str]]:
    return certificates.in_both_languages(
        lambda: [
            gettext("兹聘请{employer}{name}同志").format(
                employer=candidate.employer, name=certificates.name_in_language(candidate.name, candidate.name_en)
            ),
            gettext("为全国中等职业教育合作发展联席会专家库专家，"),
            gettext("聘期自{term_start}至{term_end}。").format(
                term_start=date_format(candidate.term_start, gettext("Y年m月d日")),
                term_end=date_format(candidate.term_end, gettext("Y年m月d日")),
            ),
        ]
    )


declare(
    ExpertCandidate,
    "not_select",
    offered_on=(),
    stage=SELECTION,
    notices=notices(lambda c: gettext("专家遴选结果：{name}").format(name=c.name)),
)

# --- terms ----------------------------------------------------------------------------------------
declare(
    ExpertCandidate,
    "expire",
    offered_on=(),  # the daily job (services.expire_terms)
    notices=notices(lambda c: gettext("专家聘期届满：{name}").format(name=c.name), staff=(roles.SECRETARIAT,)),
)
declare(
    ExpertCandidate,
    "start_reselection",
    notices=notices(lambda c: gettext("专家续聘遴选：{name}").format(name=c.name), staff=(roles.EXPERT_COMMITTEE,)),
)


@registry.register
class Withdraw(TransitionAction):
    """The expert leaves the pool; a letter in force is revoked."""

    model = ExpertCandidate
    transition = "withdraw"
    offered_on = frozenset({SITE})
    notices = notices(lambda c: gettext("专家退出：{name}").format(name=c.name), staff=(roles.SECRETARIAT,))

    def after(self, candidate, comment):
        if candidate.letter_id and candidate.letter.revoked_at is None:
            certificates.revoke(candidate.letter, reason=gettext("本人退出专家库"))
