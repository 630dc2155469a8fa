"""The work queues of the apps that exist now (membership, expert pool, contributions, profile
changes, imports). Governance and events register theirs the same way (membercentre.queues)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import roles
from expertpool.actions import SELECTION
from expertpool.models import CandidateState, ExpertCandidate
from membership.actions import DISCUSSION
from membership.models import ApplicationState, Membership, MembershipApplication, Standing
from resources.models import MajorToConfirm, ResourceImport

from .models import WAITING_FOR_SECRETARIAT, Contribution, ProfileChangeRequest, ProfileChangeState
from .queues import Queue, register_queue


def inspect(namespace: str):
    return lambda obj: reverse(f"{namespace}:inspect", args=[obj.pk])


def index(namespace: str, **filters):
    def url():
        query = "&".join(f"{k}={v}" for k, v in filters.items())
        return reverse(f"{namespace}:index") + (f"?{query}" if query else "")

    return url


def not_yet_voted(stage, queryset, user):
    """The items of an open voting stage this user is entitled to vote on and has not voted on in
    this round."""
    pending = [obj.pk for obj in queryset if stage.may_vote(user, obj) and not _voted(stage, obj, user)]
    return queryset.model.objects.filter(pk__in=pending)


def _voted(stage, obj, user) -> bool:
    key = stage.voter_for(user, obj)
    return any(vote.voter_key == key for vote in stage.votes(obj))


def applications(state):
    return lambda user: (
        MembershipApplication.objects.filter(state=state).select_related("unit").order_by("submitted_at")
    )


APPLICATIONS = "membership_applications"
CANDIDATES = "expert_candidates"

register_queue(
    Queue(
        key="membership.to_check",
        label=_("待审核的入会申请"),
        roles=(roles.SECRETARIAT,),
        items=applications(ApplicationState.SUBMITTED),
        url=inspect(APPLICATIONS),
        index_url=index(APPLICATIONS, state=ApplicationState.SUBMITTED),
        order=10,
    )
)
register_queue(
    Queue(
        key="membership.to_vote",
        label=_("待表决的入会申请（理事会讨论）"),
        roles=(roles.COUNCIL,),
        items=lambda user: not_yet_voted(
            DISCUSSION, applications(ApplicationState.IN_DISCUSSION)(user), user
        ).select_related("unit"),
        url=inspect(APPLICATIONS),
        index_url=index(APPLICATIONS, state=ApplicationState.IN_DISCUSSION),
        order=20,
    )
)
register_queue(
    Queue(
        key="membership.discussions_to_close",
        label=_("理事会讨论中、待结束讨论的申请"),
        roles=(roles.SECRETARIAT,),
        items=applications(ApplicationState.IN_DISCUSSION),
        url=inspect(APPLICATIONS),
        index_url=index(APPLICATIONS, state=ApplicationState.IN_DISCUSSION),
        order=21,
    )
)
register_queue(
    Queue(
        key="membership.to_decide",
        label=_("待审批的入会申请"),
        roles=(roles.CHAIR,),
        items=applications(ApplicationState.IN_REVIEW),
        url=inspect(APPLICATIONS),
        index_url=index(APPLICATIONS, state=ApplicationState.IN_REVIEW),
        order=30,
    )
)
register_queue(
    Queue(
        key="membership.to_certify",
        label=_("已批准、待颁发证书的申请"),
        roles=(roles.SECRETARIAT,),
        items=applications(ApplicationState.APPROVED),
        url=inspect(APPLICATIONS),
        index_url=index(APPLICATIONS, state=ApplicationState.APPROVED),
        order=31,
    )
)
register_queue(
    Queue(
        key="membership.leaving",
        label=_("退会办理中的会员"),
        roles=(roles.SECRETARIAT,),
        items=lambda user: Membership.objects.filter(state=Standing.LEAVING).select_related("unit"),
        url=inspect("membership_memberships"),
        index_url=index("membership_memberships", state=Standing.LEAVING),
        order=32,
    )
)


def candidates(state):
    return lambda user: ExpertCandidate.objects.filter(state=state).order_by("created_at")


register_queue(
    Queue(
        key="expertpool.to_check",
        label=_("待资格审核的专家候选人"),
        roles=(roles.SECRETARIAT,),
        items=candidates(CandidateState.SUBMITTED),
        url=inspect(CANDIDATES),
        index_url=index(CANDIDATES, state=CandidateState.SUBMITTED),
        order=40,
    )
)
register_queue(
    Queue(
        key="expertpool.to_vote",
        label=_("待表决的专家候选人（专家委员会遴选）"),
        roles=(roles.EXPERT_COMMITTEE,),
        items=lambda user: not_yet_voted(SELECTION, candidates(CandidateState.IN_SELECTION)(user), user),
        url=inspect(CANDIDATES),
        index_url=index(CANDIDATES, state=CandidateState.IN_SELECTION),
        order=41,
    )
)
register_queue(
    Queue(
        key="expertpool.selection_to_close",
        label=_("遴选中、待结束遴选的专家候选人"),
        roles=(roles.SECRETARIAT,),
        items=candidates(CandidateState.IN_SELECTION),
        url=inspect(CANDIDATES),
        index_url=index(CANDIDATES, state=CandidateState.IN_SELECTION),
        order=42,
    )
)

CONTRIBUTIONS = "membercentre_contributions"
register_queue(
    Queue(
        key="membercentre.contributions",
        label=_("待审核的资源投稿"),
        roles=(roles.SECRETARIAT,),
        items=lambda user: (
            Contribution.objects.filter(state__in=WAITING_FOR_SECRETARIAT)
            .select_related("unit")
            .order_by("submitted_at")
        ),
        url=inspect(CONTRIBUTIONS),
        index_url=index(CONTRIBUTIONS),
        order=50,
    )
)
register_queue(
    Queue(
        key="membercentre.profile_changes",
        label=_("待审核的单位信息变更"),
        roles=(roles.SECRETARIAT,),
        items=lambda user: (
            ProfileChangeRequest.objects.filter(state=ProfileChangeState.PENDING)
            .select_related("unit")
            .order_by("created_at")
        ),
        url=inspect("membercentre_profile_changes"),
        index_url=index("membercentre_profile_changes", state=ProfileChangeState.PENDING),
        order=51,
    )
)


def imports_needing_attention(user):
    """Imports still running or failed in the last week (a stalled one is shown by its own page)."""
    since = timezone.now() - timedelta(days=7)
    return ResourceImport.objects.filter(
        status__in=[ResourceImport.Status.QUEUED, ResourceImport.Status.RUNNING, ResourceImport.Status.FAILED],
        created_at__gte=since,
    )


register_queue(
    Queue(
        key="resources.imports",
        label=_("进行中或失败的资源导入"),
        roles=(roles.EDITORS, roles.SECRETARIAT),
        items=imports_needing_attention,
        url=lambda item: reverse("resources_import_status", args=[item.pk]),
        index_url=lambda: reverse("resources_import"),
        order=60,
    )
)
register_queue(
    Queue(
        key="resources.majors_to_confirm",
        label=_("导入时新建、待确认的专业"),
        roles=(roles.SECRETARIAT,),
        items=lambda user: MajorToConfirm.objects.select_related("major"),
        url=lambda item: reverse("majors_to_confirm:edit", args=[item.pk]),
        index_url=lambda: reverse("majors_to_confirm:index"),
        order=61,
    )
)
