"""Writes that are not a single transition: registering a unit and its application, editing it,
submitting it. Transitions themselves are declared in `membership.actions` and fired through the
workflow engine (`workflows.actions.run`, `membership.actions.DISCUSSION` for the council's vote).
Keyword-only arguments, as the HackSoft style guide has it.
"""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from workflows.actions import TransitionRefused, run_first_possible
from workflows.uploads import check_record_quota, store_upload

from .models import (
    CURRENT_STANDINGS,
    OPEN_STATES,
    ApplicationFile,
    MembershipApplication,
    MemberUnit,
)
from .names import name_key


# --- applications ---------------------------------------------------------------------------------
def members_with_name(key: str, *, exclude_unit: MemberUnit | None = None):
    """Current members (active or leaving) whose normalised name is `key`."""
    units = MemberUnit.objects.filter(name_key=key, memberships__state__in=CURRENT_STANDINGS)
    return units.exclude(pk=exclude_unit.pk) if exclude_unit is not None else units


def _refuse_active_members_name(key: str, *, account: User, unit: MemberUnit | None = None) -> None:
    """A name held by a current member (public in the member directory) cannot be applied for
    again by another account; any other duplicate is left to the secretariat at review."""
    member = members_with_name(key, exclude_unit=unit).exclude(account=account).first()
    if member is not None:
        raise ValidationError(
            {
                "name": _(
                    "“{name}”已是联席会在册会员单位（见会员名录），无需重复申请。如需变更联系人，请联系秘书处。"
                ).format(name=member.name)
            }
        )


def _attach(application: MembershipApplication, *, kind: str, uploaded) -> ApplicationFile:
    record = ApplicationFile(application=application, kind=kind)
    store_upload(
        record, "file", uploaded, record={"original_name": "original_name", "kind": "extension", "size": "size"}
    )
    record.save()
    return record


def _attach_all(application: MembershipApplication, *, letter, supporting) -> None:
    new = ([letter] if letter is not None else []) + list(supporting)
    kept = application.files.aggregate(count=Count("pk"), total=Sum("size"))
    try:
        check_record_quota(
            existing_count=kept["count"], existing_bytes=kept["total"] or 0, new_sizes=[f.size for f in new]
        )
    except ValidationError as error:
        raise ValidationError({"supporting" if supporting else "letter": error.messages}) from error
    if letter is not None:
        _attach(application, kind=ApplicationFile.Kind.LETTER, uploaded=letter)
    for uploaded in supporting:
        _attach(application, kind=ApplicationFile.Kind.SUPPORTING, uploaded=uploaded)


@transaction.atomic
def application_create(
    *, user: User, unit_data: dict, statement: str = "", letter=None, supporting=()
) -> MembershipApplication:
    """A draft application for a unit this account registers (or already registered).

    One open application per unit: a unit whose earlier application is still open must continue that
    one; a current member cannot apply again.
    """
    if not user.is_authenticated:
        raise PermissionDenied(gettext("请先登录。"))
    key = name_key(unit_data["name"])
    _refuse_active_members_name(key, account=user)
    # Only this account's own earlier registration of the name is continued: another account's
    # draft or rejected application neither blocks this one nor is revealed (the secretariat sees
    # both as possible duplicates at review).
    unit = MemberUnit.objects.filter(account=user, name_key=key).order_by("-created_at").first()
    if unit is not None and unit.current_membership is not None:
        raise ValidationError({"name": _("该单位已是联席会会员单位，无需重复申请。")})
    if unit is not None and unit.applications.filter(state__in=OPEN_STATES).exists():
        raise ValidationError({"name": gettext("该单位已有一份正在办理的申请，请在“我的申请”中继续办理。")})
    if unit is None:
        unit = MemberUnit.objects.create(account=user, **unit_data)
    else:
        for field, value in unit_data.items():
            setattr(unit, field, value)
        unit.save()
    application = MembershipApplication.objects.create(unit=unit, applicant=user, statement=statement)
    _attach_all(application, letter=letter, supporting=supporting)
    return application


@transaction.atomic
def application_update(
    *, application: MembershipApplication, by: User, unit_data: dict, statement: str = "", letter=None, supporting=()
) -> MembershipApplication:
    """The applicant edits a draft, or an application returned for more material."""
    application = MembershipApplication.objects.select_for_update().select_related("unit").get(pk=application.pk)
    if application.applicant_id != by.pk:
        raise PermissionDenied(gettext("只有申请人可以修改申请。"))
    if not application.is_editable:
        raise TransitionRefused(
            gettext("申请当前为“{value1}”，不能修改。").format(value1=application.get_state_display())
        )
    _refuse_active_members_name(name_key(unit_data.get("name", "")), account=by, unit=application.unit)
    unit = application.unit
    for field, value in unit_data.items():
        setattr(unit, field, value)
    unit.save()
    application.statement = statement
    application.save(update_fields=["statement"])
    _attach_all(application, letter=letter, supporting=supporting)
    return application


def submit(*, application: MembershipApplication, by: User) -> MembershipApplication:
    """Submit a draft, or resubmit an application returned for more material: the state decides which."""
    return run_first_possible(application, ("submit", "resubmit"), by=by)


def refuse_a_current_members_name(unit: MemberUnit) -> None:
    """Certification is refused while another current member has the same normalised name: the
    secretariat first finds out whether it is the same unit ("possible duplicates" on the application)."""
    clash = members_with_name(unit.name_key, exclude_unit=unit).first()
    if clash is not None:
        raise TransitionRefused(
            _(
                "不能颁发证书：单位名称与在册会员单位“{name}”重复。请先核实是否为同一单位"
                "（同一单位无需再次入会），或请申请单位更正名称后再发证。"
            ).format(name=clash.name)
        )
