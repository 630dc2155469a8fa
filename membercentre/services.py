"""Writes of the member centre: keyword-only functions, each one business step."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model

from membership.models import MemberUnit
from resources.models import CourseResourcePage, ResourceDocument, ResourceIndexPage
from workflows.actions import TransitionRefused, run_first_possible
from workflows.uploads import store_upload

from .models import (
    PROFILE_FIELDS,
    Contribution,
    ContributionFile,
    ProfileChangeRequest,
    ProfileChangeState,
)

#: At most this many attachments per contribution.
MAX_FILES = 10

CONTRIBUTION_FIELDS = ["title", "summary", "description", "major", "resource_type", "year", "visibility", "licence"]


def _attach(contribution: Contribution, uploaded) -> ContributionFile:
    record = ContributionFile(contribution=contribution)
    store_upload(
        record, "file", uploaded, record={"original_name": "original_name", "kind": "extension", "size": "size"}
    )
    record.save()
    return record


def _attach_all(contribution: Contribution, files) -> None:
    files = list(files or [])
    if contribution.files.count() + len(files) > MAX_FILES:
        raise ValidationError({"files": _("每份投稿最多 %(n)s 个附件。") % {"n": MAX_FILES}})
    for uploaded in files:
        _attach(contribution, uploaded)


@transaction.atomic
def contribution_create(*, user, unit: MemberUnit, data: dict, files=()) -> Contribution:
    if unit.account_id != user.pk:
        raise ValidationError(_("只能以本单位名义投稿。"))
    contribution = Contribution(unit=unit, submitted_by=user, **{k: data[k] for k in CONTRIBUTION_FIELDS if k in data})
    contribution.full_clean(exclude=["state"])
    contribution.save()
    _attach_all(contribution, files)
    return contribution


@transaction.atomic
def contribution_update(*, contribution: Contribution, by, data: dict, files=(), remove_file_ids=()) -> Contribution:
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if contribution.unit.account_id != by.pk:
        raise ValidationError(_("只能修改本单位的投稿。"))
    if not contribution.is_editable:
        raise TransitionRefused(_("投稿当前为“%(state)s”，不能修改。") % {"state": contribution.get_state_display()})
    for name in CONTRIBUTION_FIELDS:
        if name in data:
            setattr(contribution, name, data[name])
    contribution.full_clean(exclude=["state"])
    Contribution.objects.filter(pk=contribution.pk).update(**{n: getattr(contribution, n) for n in CONTRIBUTION_FIELDS})
    if remove_file_ids:
        contribution.files.filter(pk__in=list(remove_file_ids)).delete()
    _attach_all(contribution, files)
    return contribution


def submit(*, contribution: Contribution, by) -> Contribution:
    return run_first_possible(contribution, ["submit", "resubmit"], by=by)


def refuse_without_major(contribution: Contribution) -> None:
    if contribution.major_id is None:
        raise TransitionRefused(_("投稿未填写专业，无法按专业抽取专家。"))


def library_index() -> ResourceIndexPage:
    index = ResourceIndexPage.objects.live().first() or ResourceIndexPage.objects.first()
    if index is None:
        raise TransitionRefused(_("网站还没有教学资源库栏目，请先在页面管理中创建。"))
    return index


def _body(contribution: Contribution) -> list:
    from django.utils.html import escape, linebreaks

    text = contribution.description.strip()
    return [("paragraph", linebreaks(escape(text)))] if text else []


def publish_resource_page(contribution: Contribution, *, by) -> CourseResourcePage:
    """A live CourseResourcePage in the library with the contribution's fields, its unit and licence,
    and its files as Wagtail documents (served through the members-only check)."""
    index = library_index()
    from django.utils.text import slugify

    # Two contributions may share a title: the slug carries the contribution's own number.
    slug = f"{slugify(contribution.title, allow_unicode=True)[:60]}-{contribution.public_id.hex[:8]}".lstrip("-")
    page = CourseResourcePage(
        title=contribution.title,
        slug=slug,
        summary=contribution.summary,
        major=contribution.major,
        resource_type=contribution.resource_type,
        school=contribution.unit.name,
        contributor_unit=contribution.unit,
        licence=contribution.licence,
        year=contribution.year,
        visibility=contribution.visibility,
        body=_body(contribution),
        owner=by,
    )
    index.add_child(instance=page)
    Document = get_document_model()
    for order, item in enumerate(contribution.files.all()):
        with item.file.open("rb") as handle:
            content = ContentFile(handle.read(), name=item.original_name)
        document = Document(title=item.original_name, uploaded_by_user=by)
        document.file.save(item.original_name, content, save=False)
        document.file_size = item.size
        document.save()
        ResourceDocument.objects.create(page=page, document=document, sort_order=order)
    revision = page.save_revision(user=by, log_action=False)
    revision.publish(user=by)
    return CourseResourcePage.objects.get(pk=page.pk)


# --- profile changes ------------------------------------------------------------------------------
@transaction.atomic
def profile_change_request(*, user, unit: MemberUnit, data: dict) -> ProfileChangeRequest:
    """Ask the secretariat to change these fields; nothing changes until it approves."""
    unit = MemberUnit.objects.get(pk=unit.pk)  # as stored: a bound form has already changed the object
    if unit.account_id != user.pk:
        raise ValidationError(_("只能修改本单位的信息。"))
    changes = {
        name: data[name]
        for name in PROFILE_FIELDS
        if name in data and str(data[name] or "") != str(getattr(unit, name) or "")
    }
    if not changes:
        raise ValidationError(_("没有需要变更的内容。"))
    if unit.profile_change_requests.filter(state=ProfileChangeState.PENDING).exists():
        raise ValidationError(_("本单位已有一份变更申请等待秘书处审核，请等审核后再提交。"))
    probe = MemberUnit(**{name: getattr(unit, name) for name in PROFILE_FIELDS}, **{"name": unit.name})
    for name, value in changes.items():
        setattr(probe, name, value)
    probe.clean_fields(exclude=[f.name for f in MemberUnit._meta.fields if f.name not in changes])
    return ProfileChangeRequest.objects.create(
        unit=unit,
        requested_by=user,
        changes=changes,
        previous={name: str(getattr(unit, name) or "") for name in changes},
    )


def apply_profile_change(change: ProfileChangeRequest) -> None:
    unit = MemberUnit.objects.select_for_update().get(pk=change.unit_id)
    for name, value in change.changes.items():
        if name in PROFILE_FIELDS:
            setattr(unit, name, value)
    unit.full_clean(exclude=["account"])
    unit.save(update_fields=[name for name in change.changes if name in PROFILE_FIELDS])
