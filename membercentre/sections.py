"""The member centre (/me/) is a list of registered sections. Each app registers its own:

    register_section(Section(key="events", title=_("活动报名"), template="events/me_section.html",
                             selector=lambda request: {"registrations": …} or None, order=60))

`selector(request)` returns the section's template context, or None to leave the section out for this
user (nothing to show). The centre renders the sections in `order`; a section's template gets its
context plus `section` and `request`."""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    template: str
    selector: Callable
    order: int = 100


_sections: dict[str, Section] = {}


def register_section(section: Section) -> Section:
    _sections[section.key] = section
    return section


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))


def render_sections(request) -> list[dict]:
    """[{"section", "html"}] for the sections that have something for this user."""
    rendered = []
    for section in sections():
        context = section.selector(request)
        if context is None:
            continue
        html = render_to_string(section.template, {**context, "section": section}, request=request)
        rendered.append({"section": section, "html": html})
    return rendered
