"""The work queues of every app (membership, expert pool, contributions, profile changes, imports,
governance, events), read from each app's models; a new app adds its own here or registers it the
same way (membercentre.queues.register_queue)."""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import roles
from events.models import EventPage
from expertpool.actions import SELECTION
from expertpool.models import CandidateState, ExpertCandidate
from governance.models import Ballot, BallotState, Election, ElectionState, Meeting, MeetingState, Motion
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


# --- governance -----------------------------------------------------------------------------------
MOTIONS, BALLOTS, ELECTIONS, MEETINGS = (
    "governance_motions",
    "governance_ballots",
    "governance_elections",
    "governance_meetings",
)

register_queue(
    Queue(
        key="governance.comments_to_answer",
        label=_("征求意见待答复的议案"),
        roles=(roles.SECRETARIAT,),
        items=lambda user: Motion.objects.filter(comments__reply="").distinct().order_by("consultation_ends_on"),
        url=inspect(MOTIONS),
        index_url=index(MOTIONS),
        order=60,
    )
)
register_queue(
    Queue(
        key="governance.ballots_to_count",
        label=_("已到截止时间、待计票的表决"),
        roles=(roles.SECRETARIAT,),
        items=lambda user: Ballot.objects.filter(state=BallotState.OPEN, closes_at__lte=timezone.now()).order_by(
            "closes_at"
        ),
        url=inspect(BALLOTS),
        index_url=index(BALLOTS, state=BallotState.OPEN),
        order=61,
    )
)
register_queue(
    Queue(
        key="governance.meetings_to_record",
        label=_("已开会、待记录出席或发布纪要的会议"),
        roles=(roles.SECRETARIAT,),
        items=lambda user: Meeting.objects.filter(
            Q(state=MeetingState.INVITED, starts_at__lte=timezone.now()) | Q(state=MeetingState.HELD)
        ).order_by("starts_at"),
        url=inspect(MEETINGS),
        index_url=index(MEETINGS),
        order=62,
    )
)
register_queue(
    Queue(
        key="governance.elections_to_move",
        label=_("提名已截止待投票，或已计票待确认当选的选举"),
        roles=(roles.SECRETARIAT,),
        items=lambda user: Election.objects.filter(
            Q(state=ElectionState.NOMINATING, nominations_close_on__lt=timezone.localdate())
            | Q(state=ElectionState.COUNTED)
        ).order_by("term_start"),
        url=inspect(ELECTIONS),
        index_url=index(ELECTIONS),
        order=63,
    )
)


# --- events ---------------------------------------------------------------------------------------
def events_to_check_in(user):
    """Events taking registrations on the site that start today or tomorrow: the door list is needed."""
    today = timezone.localdate()
    return (
        EventPage.objects.live()
        .filter(takes_registrations=True, start__date__range=(today, today + timedelta(days=1)))
        .order_by("start")
    )


register_queue(
    Queue(
        key="events.check_in",
        label=_("今明两天需签到的活动"),
        roles=(roles.SECRETARIAT,),
        items=events_to_check_in,
        url=lambda event: reverse("events:event_check_in", args=[event.pk]),
        order=70,
    )
)


def ballots_to_cast(user):
    """Open ballots in which this account casts its unit's vote and the unit has not voted yet."""
    from governance.selectors import ballots_for

    return Ballot.objects.filter(pk__in=[row["ballot"].pk for row in ballots_for(user) if not row["voted"]])


register_queue(
    Queue(
        key="governance.ballots_to_cast",
        label=_("待本单位投票的表决"),
        roles=(roles.COUNCIL, roles.CHAIR),
        items=ballots_to_cast,
        url=lambda ballot: reverse("governance:ballot", args=[ballot.public_id]),
        order=59,
    )
)
