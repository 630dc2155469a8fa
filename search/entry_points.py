"""Site sections served by Django views rather than Wagtail pages (入会申请, 证书查验 …), made
findable by site search.

They are not pages, so nothing indexes them; each is described here, next to its URL name, and
site search lists the ones whose words match the query above the page results (like a promoted
result). tests/search/test_coverage.py checks that every app section of the navigation is here.

Why not wagtail.contrib.search_promotions: a promotion pins a page to one exact query string that an
editor types in the admin (入会 would not find the application page through 申请入会 or 加入联席会),
and these sections exist because the code does, so their description belongs with the code.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.roles import can_view_members_content

from . import chinese


@dataclass(frozen=True)
class EntryPoint:
    title: str
    url_name: str
    description: str
    #: More words people type for it (not shown): matched like the title and description.
    keywords: str = ""
    members_only: bool = False

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    def words(self) -> frozenset[str]:
        return frozenset(chinese.segment_for_index(f"{self.title} {self.description} {self.keywords}").split())

    def title_words(self) -> frozenset[str]:
        return frozenset(chinese.segment_for_index(str(self.title)).split())


ENTRY_POINTS = (
    EntryPoint(
        _("入会申请"),
        "membership:apply",
        _("学校、企业、行业组织和科研院所申请加入联席会：在线填写入会申请，上传申请函，跟踪审批进度。"),
        "入会 加入 会员 申请 会员单位 申请函 成为会员 membership member join apply application",
    ),
    EntryPoint(
        _("我的入会申请"),
        "membership:dashboard",
        _("查看本单位入会申请的状态、补充材料，下载会员证书。"),
        "入会 申请 进度 状态 证书 membership application status progress certificate",
    ),
    EntryPoint(
        _("会员单位名录"),
        "membership:directory",
        _("联席会会员单位名单。"),
        "会员 会员单位 成员 名单 名录 members member directory list",
    ),
    EntryPoint(
        _("注册账号"),
        "membership:register",
        _("为申请单位注册联系人账号。"),
        "注册 账号 账户 登记 register account sign up",
    ),
    EntryPoint(
        _("专家库"),
        "expertpool:directory",
        _("联席会聘任的专家名录，按专业、职称、地区查找。"),
        "专家 专家库 名录 experts expert pool directory",
        members_only=True,
    ),
    EntryPoint(
        _("申请成为专家"),
        "expertpool:apply",
        _("个人申请入选联席会专家库：填写资料，经资格审查和遴选后聘任。"),
        "专家 申请 专家库 聘任 入库 expert apply pool appointment",
    ),
    EntryPoint(
        _("推荐专家"),
        "expertpool:recommend",
        _("会员单位推荐专家候选人，经本人同意后进入资格审查。"),
        "专家 推荐 候选人 expert recommend nominate candidate",
        members_only=True,
    ),
    EntryPoint(
        _("证书查验"),
        "certificate_verify_form",
        _("按证书编号查验会员证书和专家聘书的真伪。"),
        "证书 查验 验证 真伪 编号 certificate verify verification check number",
    ),
)


def visible_entry_points(user) -> list[EntryPoint]:
    members = can_view_members_content(user)
    return [entry for entry in ENTRY_POINTS if members or not entry.members_only]


def _matches(word: str, words: frozenset[str]) -> bool:
    if word in words:
        return True
    parts = chinese.word_parts(word)
    return bool(parts) and all(part in words for part in parts)


def matching_entry_points(query: str, user, *, whole_words_only: bool = False) -> list[tuple[float, EntryPoint]]:
    """[(relevance, entry point)] whose words contain every word of the query, title matches first."""
    query_words = chinese.query_words(query)
    if not query_words:
        return []
    found = []
    for entry in visible_entry_points(user):
        words = entry.words()
        if whole_words_only:
            matched = all(word in words for word in query_words)
        else:
            matched = all(_matches(word, words) for word in query_words)
        if matched:
            in_title = sum(_matches(word, entry.title_words()) for word in query_words)
            found.append((1.0 + in_title, entry))
    found.sort(key=lambda pair: -pair[0])
    return found
