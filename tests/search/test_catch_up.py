"""After an Elasticsearch rebuild switches its alias, `search_catch_up` re-applies the changes made
while the new index was being built (they went to the old index). Here the database backend stands
in for it: automatic index updates are switched off while the changes happen, as if they had gone
to an index that no longer serves."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from resources.models import CourseResourcePage
from tests.factories.pages import CourseResourcePageFactory

pytestmark = pytest.mark.django_db


def titles(query):
    return {page.title for page in CourseResourcePage.objects.live().search(query)}


def index_entries(pk) -> int:
    """Index rows of a resource page (a deleted page's rows cannot be found by searching pages)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.models import IndexEntry

    content_type = ContentType.objects.get_for_model(CourseResourcePage)
    return IndexEntry.objects.filter(content_type=content_type, object_id=str(pk)).count()


@pytest.fixture
def changes_missed_by_the_index(site, settings):
    def resource(title):
        return CourseResourcePageFactory(parent=site.resources, title=title, summary="课程资源。")

    renamed, deleted, untouched = (
        resource("数控车削课程标准"),
        resource("焊接工艺课程标准"),
        resource("汽车维修课程标准"),
    )
    started = timezone.now()
    backends = settings.WAGTAILSEARCH_BACKENDS
    settings.WAGTAILSEARCH_BACKENDS = {name: {**conf, "AUTO_UPDATE": False} for name, conf in backends.items()}
    renamed.title = "中式烹饪实训指导书"
    renamed.save_revision().publish()
    deleted_pk = deleted.pk
    deleted.delete()
    settings.WAGTAILSEARCH_BACKENDS = backends
    return started, untouched, deleted_pk


def test_changes_made_during_a_rebuild_reach_the_index(changes_missed_by_the_index):
    started, untouched, deleted_pk = changes_missed_by_the_index
    assert titles("烹饪") == set()  # the index missed the rename: the new title is not found,
    assert titles("车削") == {"中式烹饪实训指导书"}  # the old one still is

    call_command("search_catch_up", since=started.isoformat())

    assert titles("烹饪") == {"中式烹饪实训指导书"}
    assert titles("车削") == set()
    assert index_entries(deleted_pk) == 0  # (the database index drops a deleted page's rows with it;
    # Elasticsearch keeps them, so catch-up removes every object deleted since: counted below)
    assert titles("汽车维修") == {untouched.title}


def test_catch_up_reports_what_it_did(changes_missed_by_the_index, capsys):
    started, _, _ = changes_missed_by_the_index
    call_command("search_catch_up", since=started.isoformat())
    out = capsys.readouterr().out
    assert "重新索引 1 项" in out and "移出索引 1 项" in out


@pytest.mark.parametrize(
    ("options", "message"),
    [({"since": "昨天"}, "无法识别的时间"), ({"minutes": 0}, "正整数")],
)
def test_bad_input_is_refused_with_a_message(options, message):
    with pytest.raises(CommandError, match=message):
        call_command("search_catch_up", **options)
