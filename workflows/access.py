"""Who may download a workflow attachment depends on what it is attached to; each app that owns a
workflow model registers its rule here (in its AppConfig.ready), so this app imports none of them."""

from collections.abc import Callable

from django.http import Http404

_readers: dict[type, Callable] = {}


def register_reader(model: type, check: Callable) -> None:
    """`check(user, subject)` raises Http404 unless the user may read the subject and its files."""
    _readers[model] = check


def check_can_read(user, subject) -> None:
    check = _readers.get(type(subject))
    if check is None:
        raise Http404("文件不存在")
    check(user, subject)
