"""Chinese word search on the real backend of the run (SQLite FTS5 or PostgreSQL): sub-words, split
words, mixed script, synonyms; and what the stock backend misses, to show why segmentation exists."""

import pytest

from resources.models import CourseResourcePage, ResourceType
from search import chinese
from search.models import Synonym

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(site):
    return site.resources


def add_resource(library, title, summary="", **fields):
    from core.models import Major

    page = CourseResourcePage(
        title=title,
        summary=summary or title,
        major=fields.pop("major", Major.objects.get(name="数控技术应用")),
        resource_type=fields.pop("resource_type", ResourceType.COURSE_STANDARD),
        school=fields.pop("school", "测试学校"),
        year=fields.pop("year", 2025),
        **fields,
    )
    library.add_child(instance=page)
    page.save_revision().publish()
    return page


def titles(query) -> set[str]:
    return {page.title for page in CourseResourcePage.objects.live().search(query)}


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("数控", "《数控车削编程与加工》课程标准"),
        ("课程标准", "《数控车削编程与加工》课程标准"),
        ("车削", "《数控车削编程与加工》课程标准"),
        ("汽车维修", "汽车运用与维修专业人才培养方案"),
        ("教材", "中职数控专业配套教材编写指南"),
        ("PLC", "PLC控制技术项目教程"),
        ("plc 控制", "PLC控制技术项目教程"),
        ("Python", "Python程序设计基础微课"),
        ("1+X", "1+X证书制度试点工作方案"),
    ],
)
def test_words_inside_longer_runs_are_found(library, query, title):
    for text in [
        "《数控车削编程与加工》课程标准",
        "汽车运用与维修专业人才培养方案",
        "中职数控专业配套教材编写指南",
        "PLC控制技术项目教程",
        "Python程序设计基础微课",
        "1+X证书制度试点工作方案",
    ]:
        add_resource(library, text)
    assert title in titles(query)


def test_every_word_must_match(library):
    add_resource(library, "《数控车削编程与加工》课程标准")
    from core.models import Major

    add_resource(library, "《中式烹调技艺》课程标准", major=Major.objects.get(name="中餐烹饪"))
    found = titles("数控 课程标准")
    assert "《数控车削编程与加工》课程标准" in found
    assert "《中式烹调技艺》课程标准" not in found


@pytest.mark.parametrize(
    ("query", "title"),
    [("电商", "跨境电子商务实务课件"), ("新能源车", "新能源汽车构造实训指导书"), ("幼师", "幼儿保育基础教学设计")],
)
def test_synonyms(library, query, title):
    add_resource(library, "跨境电子商务实务课件")
    add_resource(library, "新能源汽车构造实训指导书")
    add_resource(library, "幼儿保育基础教学设计")
    assert title in titles(query)


def test_editors_extend_synonyms(library):
    add_resource(library, "工业机器人编程与操作课程标准")
    assert "工业机器人编程与操作课程标准" not in titles("协作臂")
    Synonym.objects.create(term="协作臂", expansions="工业机器人")
    assert "工业机器人编程与操作课程标准" in titles("协作臂")


def test_hostile_queries_return_nothing_rather_than_fail(library):
    add_resource(library, "《数控车削编程与加工》课程标准")  # there is something a broken query could return
    for query in ["*", '"', '"""', "((( AND", "OR OR NOT", "《》！？", "a" * 500, "\x00", "-- ;"]:
        assert list(CourseResourcePage.objects.live().search(query)[:10]) == [], query
    # An overlong query is cut to its first words, and answered as they would be.
    assert titles("课程标准" * 2000) == titles("课程标准") != set()


def test_segmentation_is_loaded_once_per_process():
    assert chinese.tokenizer() is chinese.tokenizer()


def test_query_words_are_bounded():
    assert len(chinese.query_words("数控 " * 1000)) <= chinese.MAX_QUERY_WORDS
    assert chinese.query_words("《》、，。") == []
    assert chinese.normalise("1+X") == "1plusx" and chinese.normalise("C#") == "csharp"


def test_admin_search_is_chinese_aware_too(admin_client, library):
    add_resource(library, "《数控车削编程与加工》课程标准（后台检索）")
    html = admin_client.get("/admin/pages/search/", {"q": "车削"}).content.decode()
    assert "（后台检索）" in html


def test_vocational_sub_words_from_the_project_dictionary(library):
    # 实训 is no word in jieba's own dictionary; without the project dictionary it is never found
    # inside 实训指导书.
    add_resource(library, "基础护理技术实训指导书")
    assert "基础护理技术实训指导书" in titles("实训")
