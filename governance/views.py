"""The members' side of governance (phone-first pages) and the public charter versions. Views parse
input, call one service, and show its refusal as a message on the re-shown form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.params import ParameterError, one, strict_int
from workflows.refusals import REFUSALS, add_to_form, report_refusal
from workflows.views import private_file_response

from . import charter, eligibility, ics, selectors, services
from .diffs import changed_only, compare
from .forms import CommentForm, ElectionVoteForm, InviteForm, NominationForm, RsvpForm, VoteForm
from .models import (
    Answer,
    BallotState,
    CharterVersion,
    ElectionState,
    MeetingPaper,
    MeetingState,
    Nomination,
)
from .voting import STAGE, nominee_names


def members_only(view):
    """Signed in and a member (or staff); anyone else gets a 404, never a hint."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not selectors.is_member(request.user):
            raise Http404(_("页面不存在"))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@members_only
def index(request):
    user = request.user
    return render(
        request,
        "governance/index.html",
        {
            "meetings": selectors.meetings_for(user).exclude(state=MeetingState.CANCELLED)[:10],
            "consultations": selectors.motions_in_consultation(user),
            "ballots": selectors.ballots_for(user),
            "results": selectors.recent_results(user, 5),
            "nominations": selectors.nominations_for(user),
            "voting_units": eligibility.units_voting_by(user),
            "contact_units": eligibility.units_acting_for(user).filter(account=user),
        },
    )


# --- meetings -------------------------------------------------------------------------------------
@members_only
def meeting_detail(request, public_id):
    meeting = selectors.meeting_for(request.user, public_id)
    invitation = services.invitation_for(request.user, meeting)
    initial = {"answer": invitation.answer, "delegate_name": invitation.delegate_name} if invitation else None
    form = RsvpForm(request.POST or None, initial=initial if initial and initial["answer"] != Answer.PENDING else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rsvp(meeting=meeting, user=request.user, **form.cleaned_data)
        except REFUSALS as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, _("已记录您的回复。"))
            return redirect("governance:meeting", public_id)
    minutes_visible = meeting.state == MeetingState.MINUTES_PUBLISHED or selectors.is_staff(request.user)
    return render(
        request,
        "governance/meeting.html",
        {"meeting": meeting, "invitation": invitation, "form": form, "minutes_visible": minutes_visible},
    )


@members_only
def meeting_ics(request, public_id):
    meeting = selectors.meeting_for(request.user, public_id)
    response = HttpResponse(ics.meeting_calendar(meeting, request), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.public_id}.ics"'
    return response


@members_only
def meeting_paper(request, public_id, paper_id):
    meeting = selectors.meeting_for(request.user, public_id)
    paper = get_object_or_404(MeetingPaper, meeting=meeting, pk=paper_id)
    name = f"{paper.title}.{paper.file.name.rsplit('.', 1)[-1]}"
    return private_file_response(paper.file, name)


# --- motions --------------------------------------------------------------------------------------
def motion_list(request):
    motions = selectors.motions_visible_to(request.user).order_by("-created_at")
    return render(
        request, "governance/motions.html", {"motions": motions, "is_member": selectors.is_member(request.user)}
    )


def motion_detail(request, public_id):
    """Public for adopted motions; members see every motion past its draft."""
    motion = selectors.motion_for(request.user, public_id)
    member = selectors.is_member(request.user)
    form = CommentForm(request.POST or None)
    if request.method == "POST":
        if not member:
            raise Http404
        if form.is_valid():
            try:
                services.comment_create(motion=motion, user=request.user, text=form.cleaned_data["text"])
            except REFUSALS as refusal:
                add_to_form(form, refusal)
            else:
                messages.success(request, _("意见已提交，秘书处答复后会通知您。"))
                return redirect("governance:motion", public_id)
    versions = list(motion.versions.all())
    closed = list(motion.ballots.filter(state=BallotState.CLOSED))
    return render(
        request,
        "governance/motion.html",
        {
            "motion": motion,
            "versions": versions,
            "comments": motion.comments.select_related("unit") if member else [],
            "form": form,
            "may_comment": member and services.may_comment(request.user, motion),
            "is_member": member,
            "ballots": closed,
        },
    )


def _version_number(request, name: str, default: int, maximum: int) -> int:
    try:
        return strict_int(one(request.GET, name), name=name, minimum=1, maximum=maximum, default=default)
    except ParameterError as error:
        messages.error(request, str(error))
        return default


def motion_diff(request, public_id):
    motion = selectors.motion_for(request.user, public_id)
    if not selectors.is_member(request.user):
        raise Http404
    versions = {v.number: v for v in motion.versions.all()}
    if not versions:
        raise Http404
    newest = max(versions)
    old = _version_number(request, "from", max(newest - 1, 1), newest)
    new = _version_number(request, "to", newest, newest)
    if old not in versions or new not in versions:
        raise Http404
    lines = compare(versions[old].text, versions[new].text)
    return render(
        request,
        "governance/diff.html",
        {
            "title": motion.title,
            "back": motion,
            "old": versions[old],
            "new": versions[new],
            "numbers": sorted(versions),
            "lines": lines if one(request.GET, "all") else changed_only(lines),
        },
    )


# --- ballots --------------------------------------------------------------------------------------
@members_only
def ballot_detail(request, public_id):
    ballot = selectors.ballot_for(request.user, public_id)
    may_cast = STAGE.may_cast(request.user, ballot)
    paper = STAGE.paper_of(request.user, ballot) if may_cast else None
    positions = list(ballot.election.positions.all()) if ballot.is_election else []
    if ballot.is_election:
        initial = {f"position_{k}": [str(pk) for pk in v] for k, v in (paper.selections if paper else {}).items()}
        form = ElectionVoteForm(request.POST or None, positions=positions, initial=initial)
    else:
        form = VoteForm(request.POST or None, initial={"choice": paper.choice} if paper else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                if ballot.is_election:
                    services.cast(ballot=ballot, user=request.user, selections=form.selections())
                else:
                    services.cast(ballot=ballot, user=request.user, choice=form.cleaned_data["choice"])
            except REFUSALS as refusal:
                add_to_form(form, refusal)
            else:
                messages.success(request, _("您的投票已记录；截止前可以修改。"))
                return redirect("governance:ballot", public_id)
    results = []
    if ballot.state == BallotState.CLOSED and ballot.is_election:
        for position in positions:
            counts = (position.result or {}).get("counts", {})
            names = nominee_names([int(k) for k in counts])
            elected = set(position.elected_ids())
            tied = set((position.result or {}).get("tied", []))
            rows = sorted(
                ({"name": names.get(int(k), "—"), "votes": v, "elected": int(k) in elected, "tied": int(k) in tied}
                 for k, v in counts.items()),
                key=lambda r: -r["votes"],
            )  # fmt: skip
            results.append({"position": position, "rows": rows})
    return render(
        request,
        "governance/ballot.html",
        {
            "ballot": ballot,
            "form": form,
            "may_cast": may_cast,
            "voter_unit": STAGE.voter_unit(request.user, ballot) if may_cast else None,
            "has_voted": paper is not None,
            "tally": STAGE.recorded_tally(ballot) if ballot.state == BallotState.CLOSED else None,
            "turnout": selectors.participation(ballot).count(),
            "results": results,
        },
    )


# --- elections ------------------------------------------------------------------------------------
@members_only
def election_detail(request, public_id):
    election = selectors.election_for(request.user, public_id)
    units = eligibility.active_units().order_by("name")
    form = NominationForm(request.POST or None, election=election, units=units)
    if request.method == "POST" and form.is_valid():
        position = election.positions.get(pk=form.cleaned_data["position"])
        try:
            services.nominate(
                position=position,
                user=request.user,
                nominee=form.cleaned_data["nominee"],
                statement=form.cleaned_data["statement"],
            )
        except REFUSALS as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, _("提名已提交；提名其他单位的，须经其会员代表同意后列为候选人。"))
            return redirect("governance:election", public_id)
    positions = [
        {"position": p, "candidates": list(p.candidates()), "pending": p.nominations.filter(consent="pending").count()}
        for p in election.positions.all()
    ]
    return render(
        request,
        "governance/election.html",
        {
            "election": election,
            "positions": positions,
            "form": form,
            "can_nominate": election.nominations_open and eligibility.units_voting_by(request.user).exists(),
            "ballots": election.ballots.exclude(state=BallotState.CANCELLED),
            "installed": election.state == ElectionState.INSTALLED,
        },
    )


@require_POST
@members_only
def nomination_answer(request, pk):
    nomination = get_object_or_404(Nomination, pk=pk, nominee__in=eligibility.units_voting_by(request.user))
    try:
        services.answer_nomination(nomination=nomination, user=request.user, accept=request.POST.get("accept") == "1")
    except REFUSALS as refusal:
        report_refusal(request, refusal)
    else:
        messages.success(request, _("已记录您的答复。"))
    return redirect("governance:index")


# --- the charter ----------------------------------------------------------------------------------
def charter_versions(request):
    versions = list(CharterVersion.objects.select_related("motion"))
    return render(
        request,
        "governance/charter_versions.html",
        {"versions": versions, "in_force": charter.in_force(), "charter_page": charter.charter_page()},
    )


def charter_diff(request):
    versions = {v.number: v for v in CharterVersion.objects.all()}
    if len(versions) < 2:
        messages.info(request, _("条例目前只有一个版本，没有可对照的修改。"))
        return redirect("governance:charter")
    newest = max(versions)
    old = _version_number(request, "from", newest - 1, newest)
    new = _version_number(request, "to", newest, newest)
    if old not in versions or new not in versions:
        raise Http404
    lines = compare(versions[old].text, versions[new].text)
    return render(
        request,
        "governance/diff.html",
        {
            "title": _("条例"),
            "old": versions[old],
            "new": versions[new],
            "numbers": sorted(versions),
            "lines": lines if one(request.GET, "all") else changed_only(lines),
        },
    )


# --- a unit's accounts ----------------------------------------------------------------------------
@login_required
def unit_accounts(request):
    """The contact who applied invites colleagues and names the unit's representative (its voter)."""
    units = eligibility.units_acting_for(request.user).filter(account=request.user)
    if not units:
        raise Http404
    unit = units.first()
    invite_form = InviteForm(request.POST if request.POST.get("action") == "invite" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "invite":
                if invite_form.is_valid():
                    services.invite_colleague(unit=unit, by=request.user, email=invite_form.cleaned_data["email"])
                    messages.success(request, _("邀请已发出。"))
                    return redirect("governance:unit_accounts")
            elif request.POST.get("action") == "role":
                user_id = strict_int(request.POST.get("user"), name="user", minimum=1)
                services.set_account_role(
                    unit=unit, by=request.user, user_id=user_id or 0, role=request.POST.get("role", "")
                )
                messages.success(request, _("已更新。"))
                return redirect("governance:unit_accounts")
        except ParameterError as error:
            messages.error(request, str(error))
        except REFUSALS as refusal:
            add_to_form(invite_form, refusal) if request.POST.get("action") == "invite" else report_refusal(
                request, refusal
            )
    from membership.models import UnitAccountRole

    return render(
        request,
        "governance/unit_accounts.html",
        {
            "unit": unit,
            "accounts": unit.accounts.select_related("user"),
            "invitations": unit.invitations.filter(accepted_at__isnull=True),
            "invite_form": invite_form,
            "roles": UnitAccountRole.choices,
            "voters": eligibility.voting_accounts(unit),
        },
    )


@login_required
def unit_join(request, token):
    invitation = services.invitation_by_token(token)
    if request.method == "POST":
        try:
            services.accept_invitation(token=token, user=request.user)
        except REFUSALS as refusal:
            report_refusal(request, refusal)
        else:
            messages.success(request, _("您已加入%(unit)s。") % {"unit": invitation.unit.name})
            return redirect("governance:index")
    return render(request, "governance/unit_join.html", {"invitation": invitation})
