"""The error summary on top of every public form (includes/form_fields.html): on a phone, a form that
failed validation reopens at its top, far from the fields in error; the summary says how many places
need changing and links to each, and site.js moves the focus to it."""

from django import template
from django.utils.translation import ngettext

register = template.Library()


def error_anchor(field) -> str:
    """The id of a field's first error message, which the summary links to."""
    return f"{field.auto_id or field.html_name}-error"


@register.filter
def error_id(field) -> str:
    return error_anchor(field)


@register.inclusion_tag("includes/error_summary.html")
def error_summary(form):
    if form is None or not form.is_bound or not form.errors:
        return {"items": []}
    items = []
    if form.non_field_errors():
        items += [
            {"label": "", "message": error, "anchor": f"{form.prefix or 'form'}-errors"}
            for error in form.non_field_errors()
        ]
    for field in form:
        if field.errors and not field.is_hidden and field.name != "homepage":  # the bots' honeypot
            items.append({"label": field.label, "message": field.errors[0], "anchor": error_anchor(field)})
    count = len(items)
    return {
        "items": items,
        "heading": ngettext("%(count)s 处需要修改", "%(count)s 处需要修改", count) % {"count": count},
    }
