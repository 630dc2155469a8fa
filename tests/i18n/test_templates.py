"""Every Chinese string in a template is marked for translation, so the English site shows none."""

import pytest

from .template_scan import ROOT, project_templates, untranslated


def test_the_scan_finds_templates():
    names = {str(p.relative_to(ROOT)) for p in project_templates()}
    assert "site/templates/base.html" in names
    assert "workflows/templates/workflows/verify.html" in names


@pytest.mark.parametrize(
    "source, found",
    [
        ("<p>证书查验</p>", ["<p>证书查验</p>"]),
        ('<input placeholder="搜索">', ['<input placeholder="搜索">']),
        ('{{ day|date:"Y年n月" }}', ['{{ day|date:"Y年n月" }}']),
        ('{% include "x.html" with title="标题" %}', ['{% include "x.html" with title="标题" %}']),
        ('<p>{% translate "证书查验" %}</p>', []),
        ("{% blocktranslate %}共 {{ n }} 家{% endblocktranslate %}", []),
        ('{{ day|date:_("Y年n月") }}', []),
        (
            '{% blocktranslate with when=day|date:"Y年n月j日" %}截至 {{ when }}{% endblocktranslate %}',
            ['{% blocktranslate with when=day|date:"Y年n月j日" %}'],
        ),
        ('{% blocktranslate with when=day|date:_("Y年n月j日") %}截至 {{ when }}{% endblocktranslate %}', []),
        ('{% blocktranslate context "会议" with n=3 %}第 {{ n }} 次{% endblocktranslate %}', []),
        ("{# 注释 #}<p>ok</p>", []),
    ],
)
def test_the_scan_tells_marked_from_unmarked(source, found):
    assert untranslated(source) == found


def test_no_template_shows_untranslated_chinese():
    problems = {
        str(path.relative_to(ROOT)): found for path in project_templates() if (found := untranslated(path.read_text()))
    }
    assert problems == {}, "Chinese outside {% translate %} (wrap it, then update the catalogue):\n" + "\n".join(
        f"{name}: {found}" for name, found in problems.items()
    )
