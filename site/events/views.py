"""The registrant's and the door staff's pages. Views parse input and render; every rule is in
`services` (writes) and `selectors` (who may read what); refusals become messages on the form."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.params import one
from core.visibility import visible_pages
from workflows.refusals import REFUSALS, add_to_form, report_refusal

from . import selectors, services, tickets
from .forms import CheckInSearchForm, CompetitionEntryForm, EventRegistrationForm
from .models import EventPage, RegistrationState


def _login_first(request, message: str):
    """Anonymous visitors are told why, then sent to log in and brought back here."""
    messages.info(request, message)
    return redirect_to_login(request.get_full_path())


def _event(request, event_id: int) -> EventPage:
    """A live event this visitor may see (page privacy applies); 404 otherwise."""
    event = visible_pages(EventPage.objects.live().filter(pk=event_id), request.user).first()
    if event is None:
        raise Http404(_("活动不存在"))
    return event


# --- registering -----------------------------------------------------------------------------------
def register(request, event_id: int):
    event = _event(request, event_id)
    if not event.takes_registrations:
        messages.info(request, _("本活动不在本站报名，请按活动页面的说明报名。"))
        return redirect(event.url)
    if not request.user.is_authenticated:
        return _login_first(request, _("报名活动需要先登录。请用您的账号登录，登录后将回到报名表。"))
    mine = selectors.registrations_for(request.user).filter(event=event, state__in=["registered", "waitlisted"])
    if request.method != "POST" and mine.exists():
        messages.info(request, _("您已报名本活动。"))
        return redirect("events:registration_detail", public_id=mine.first().public_id)
    if request.method != "POST":  # say so before the form is filled in (a POST keeps what was typed)
        try:
            services.refuse_outside_window(event, member=selectors.is_member(request.user))
        except REFUSALS as refusal:
            report_refusal(request, refusal)
            return redirect(event.url)
    form = EventRegistrationForm(request.POST or None, event=event, initial=_initial(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.register(event=event, user=request.user, answers=form.answers())
        except REFUSALS as refusal:
            add_to_form(form, refusal)
        else:
            if registration.state == RegistrationState.WAITLISTED:
                messages.warning(
                    request,
                    _("名额已满，您已进入候补名单（第 %(n)s 位）。有人取消时将按先后自动递补，并邮件通知您。")
                    % {"n": registration.waiting_position()},
                )
            else:
                messages.success(request, _("报名成功。确认邮件（含日历文件和签到二维码）已发送到您的邮箱。"))
            return redirect("events:registration_detail", public_id=registration.public_id)
    context = {"event": event, "form": form, "box": selectors.registration_box(event, request.user)}
    return render(request, "events/register.html", context, status=400 if form.errors else 200)


def _initial(user) -> dict:
    unit = selectors.member_unit_for(user)
    initial = {"name": user.get_full_name() or ""}
    if unit is not None:
        initial["unit"] = unit.name
    return initial


def my_registrations(request):
    if not request.user.is_authenticated:
        return _login_first(request, _("查看我的活动报名需要先登录。"))
    return render(
        request,
        "events/my_registrations.html",
        {
            "registrations": selectors.registrations_for(request.user),
            "entries": selectors.entries_for(request.user),
        },
    )


def registration_detail(request, public_id):
    if not request.user.is_authenticated:
        return _login_first(request, _("查看报名记录需要先登录。"))
    registration = selectors.registration_for(request.user, public_id)
    own = registration.user_id == request.user.pk
    seated = registration.state in (RegistrationState.REGISTERED, RegistrationState.ATTENDED)
    return render(
        request,
        "events/registration_detail.html",
        {
            "registration": registration,
            "event": registration.event,
            "own": own,
            "qr_svg": tickets.qr_svg(registration) if own and seated else "",
            "waiting_position": registration.waiting_position(),
            "can_check_in": selectors.may_check_in(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def registration_cancel(request, public_id):
    """GET asks first (the seat goes to the next person waiting and cannot be taken back); POST cancels."""
    if not request.user.is_authenticated:
        return _login_first(request, _("取消报名需要先登录。"))
    registration = selectors.own_registration(request.user, public_id)
    if request.method == "GET":
        return render(
            request, "events/cancel_confirm.html", {"registration": registration, "event": registration.event}
        )
    try:
        services.cancel(registration=registration, by=request.user)
    except REFUSALS as refusal:
        report_refusal(request, refusal)
    else:
        messages.success(request, _("已取消报名。"))
    return redirect("events:registration_detail", public_id=registration.public_id)


def registration_calendar(request, public_id):
    if not request.user.is_authenticated:
        return _login_first(request, _("下载日历文件需要先登录。"))
    registration = selectors.own_registration(request.user, public_id)
    response = HttpResponse(tickets.calendar_file(registration), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{tickets.calendar_filename(registration)}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- at the door -------------------------------------------------------------------------------------
def check_in(request, token: str):
    """What the QR code opens. The secretariat: the registrant and a big 签到 button. The registrant:
    their own ticket. Anyone else: 404, as for a token that does not exist."""
    if not request.user.is_authenticated:
        return _login_first(request, _("签到需要工作人员账号。请先登录，登录后将回到签到页面。"))
    registration = selectors.registration_by_token(token)
    if registration is None:
        raise Http404(_("签到码无效"))
    if not selectors.may_check_in(request.user):
        if registration.user_id == request.user.pk:
            messages.info(request, _("这是您的签到二维码，请在活动现场出示给工作人员扫描。"))
            return redirect("events:registration_detail", public_id=registration.public_id)
        raise Http404(_("签到码无效"))
    if request.method == "POST":
        try:
            services.check_in(registration=registration, by=request.user)
        except REFUSALS as refusal:
            report_refusal(request, refusal)
        else:
            messages.success(request, _("%(name)s 签到成功。") % {"name": registration.name})
        if request.POST.get("back") == "list":
            query = one(request.POST, "q")
            target = reverse("events:event_check_in", args=[registration.event_id])
            return redirect(target + ("?" + urlencode({"q": query}) if query else ""))
        return redirect("events:check_in", token=token)
    return render(request, "events/check_in.html", {"registration": registration, "event": registration.event})


def event_check_in(request, event_id: int):
    """The door list of one event: search a name, unit or phone number and check people in."""
    if not request.user.is_authenticated:
        return _login_first(request, _("签到需要工作人员账号。请先登录。"))
    if not selectors.may_check_in(request.user):
        raise Http404(_("页面不存在"))
    event = EventPage.objects.filter(pk=event_id).first()
    if event is None:
        raise Http404(_("活动不存在"))
    form = CheckInSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    rows = selectors.registrations_for_event(event, query=query)
    return render(
        request,
        "events/event_check_in.html",
        {
            "event": event,
            "form": form,
            "query": query,
            "rows": rows[:100],
            "more": rows.count() > 100,
            "counts": selectors.event_counts(event),
            "export_url": reverse("events_registrations:index") + "?" + urlencode({"event": event.pk}),
        },
    )


# --- competitions ------------------------------------------------------------------------------------
def enter_competition(request, event_id: int):
    event = _event(request, event_id)
    if not event.takes_entries:
        raise Http404(_("本活动不接受参赛报名"))
    if not request.user.is_authenticated:
        return _login_first(request, _("报名参赛需要会员学校的联系人账号，请先登录。"))
    form = CompetitionEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.enter_competition(event=event, user=request.user, **form.cleaned_data)
        except REFUSALS as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, _("“%(team)s”已报名参赛。") % {"team": entry.team_name})
            return redirect("events:my_registrations")
    context = {"event": event, "form": form, "unit": selectors.entry_unit_for(request.user)}
    return render(request, "events/enter_competition.html", context, status=400 if form.errors else 200)
