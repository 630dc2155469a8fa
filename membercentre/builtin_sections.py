"""The member centre's sections: what each app has for the logged-in account, read through that
app's own selectors (membercentre depends on them; they do not depend on membercentre)."""

from django.utils.translation import gettext_lazy as _

from events import selectors as event_selectors
from expertpool import selectors as expert_selectors
from governance import selectors as governance_selectors
from governance.models import MeetingState
from membership import selectors as membership_selectors

from . import selectors
from .sections import Section, register_section


def _profile(request):
    units = list(selectors.own_units(request.user))
    if not units:
        return None
    return {"units": [(unit, selectors.pending_profile_change(unit)) for unit in units]}


def _certificates(request):
    memberships = list(membership_selectors.own_memberships(request.user))
    return {"memberships": memberships} if memberships else None


def _applications(request):
    return {"applications": list(membership_selectors.own_applications(request.user)[:10])}


def _contributions(request):
    units = selectors.contributing_units(request.user)
    contributions = list(selectors.own_contributions(request.user))
    if not contributions and not units.exists():
        return None
    return {"contributions": contributions, "can_contribute": units.exists()}


def _reviews(request):
    to_review = list(selectors.contributions_to_review(request.user))
    return {"to_review": to_review} if to_review else None


def _experts(request):
    return {
        "candidacies": list(expert_selectors.own_candidacies(request.user)[:10]),
        "can_recommend": expert_selectors.recommending_units(request.user).exists(),
    }


register_section(Section("profile", _("单位信息"), "membercentre/sections/profile.html", _profile, order=10))
register_section(
    Section("certificate", _("会员证书"), "membercentre/sections/certificate.html", _certificates, order=20)
)
register_section(
    Section("applications", _("入会申请"), "membercentre/sections/applications.html", _applications, order=30)
)
register_section(
    Section("contributions", _("资源投稿"), "membercentre/sections/contributions.html", _contributions, order=40)
)
register_section(Section("reviews", _("待我评审的投稿"), "membercentre/sections/reviews.html", _reviews, order=45))
register_section(Section("experts", _("专家申请与推荐"), "membercentre/sections/experts.html", _experts, order=50))


def _events(request):
    registrations = list(event_selectors.registrations_for(request.user)[:10])
    entries = list(event_selectors.entries_for(request.user)[:10])
    if not registrations and not entries:
        return None
    return {"registrations": registrations, "entries": entries}


def _governance(request):
    """Ballots this account casts a unit's vote in, its meetings, motions open for comment and
    nominations awaiting its consent; left out when there is none of them."""
    user = request.user
    context = {
        "ballots": governance_selectors.ballots_for(user),
        "meetings": list(governance_selectors.meetings_for(user).exclude(state=MeetingState.CANCELLED)[:5]),
        "consultations": list(governance_selectors.motions_in_consultation(user)[:5]),
        "awaiting_consent": list(governance_selectors.nominations_for(user)["awaiting_consent"]),
    }
    return context if any(context.values()) else None


register_section(Section("events", _("活动报名"), "membercentre/sections/events.html", _events, order=60))
register_section(
    Section("governance", _("会议、表决与选举"), "membercentre/sections/governance.html", _governance, order=70)
)
