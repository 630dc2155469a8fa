"""Reference data every content app shares."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.search import index


class MajorCategory(models.TextChoices):
    """The 19 broad categories (专业大类) of the national secondary vocational catalogue (2021)."""

    AGRICULTURE = "61", _("农林牧渔大类")
    RESOURCES = "62", _("资源环境与安全大类")
    ENERGY = "63", _("能源动力与材料大类")
    CONSTRUCTION = "64", _("土木建筑大类")
    WATER = "65", _("水利大类")
    EQUIPMENT = "66", _("装备制造大类")
    BIOCHEMICAL = "67", _("生物与化工大类")
    LIGHT_INDUSTRY = "68", _("轻工纺织大类")
    FOOD_DRUG = "69", _("食品药品与粮食大类")
    TRANSPORT = "70", _("交通运输大类")
    ELECTRONICS_IT = "71", _("电子与信息大类")
    MEDICINE = "72", _("医药卫生大类")
    FINANCE_TRADE = "73", _("财经商贸大类")
    TOURISM = "74", _("旅游大类")
    CULTURE_ART = "75", _("文化艺术大类")
    MEDIA = "76", _("新闻传播大类")
    EDUCATION_SPORTS = "77", _("教育与体育大类")
    PUBLIC_SECURITY = "78", _("公安与司法大类")
    PUBLIC_SERVICE = "79", _("公共管理与服务大类")


class Major(index.Indexed, models.Model):
    """A major (专业) from the managed list; resources and experts are filed under majors.

    Seeded from the national catalogue by a data migration; the secretariat and moderators can add,
    rename or retire majors in the admin. A retired major stays on the pages that use it.
    """

    name = models.CharField(_("专业名称"), max_length=100, unique=True)
    name_en = models.CharField(
        _("英文名称"), max_length=150, blank=True, help_text=_("选填：英文网站上显示；留空则显示中文名称")
    )
    code = models.CharField(_("专业代码"), max_length=12, blank=True, help_text=_("目录中的专业代码，可留空"))
    category = models.CharField(_("专业大类"), max_length=2, choices=MajorCategory.choices)
    is_active = models.BooleanField(_("在用"), default=True, help_text=_("停用后不再出现在新内容的选择列表中"))

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("code"),
        FieldPanel("category"),
        FieldPanel("is_active"),
    ]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("category"),
        index.FilterField("is_active"),
    ]

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("专业")
        verbose_name_plural = _("专业目录")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name to show: the English name on the English site when there is one. Templates and
        forms show a major as `{{ major }}` / its label, never `.name` (tests/i18n checks)."""
        from core.i18n import shown_title

        return shown_title(self, self.name)


class GroupRole(models.Model):
    """The stable code that makes a group one of the alliance's roles (`core.roles`). Code asks for
    roles by this code, so the group's name stays free to edit in the admin."""

    group = models.OneToOneField("auth.Group", on_delete=models.CASCADE, related_name="role", verbose_name=_("用户组"))
    code = models.SlugField(_("角色代码"), max_length=30, unique=True)

    class Meta:
        verbose_name = _("角色代码")
        verbose_name_plural = _("角色代码")

    def __str__(self) -> str:
        return f"{self.code}（{self.group.name}）"


# --- the portal's site-wide settings (设置 → 联系我们与备案) and its friendly links ------------------


@register_setting(icon="mail")
class ContactSettings(BaseSiteSetting):
    """The secretariat's contact details (the 联系我们 page and the footer) and the filing numbers
    Chinese law asks a site to show (ICP 备案, 公安备案), shown in the footer when set."""

    organisation = models.CharField(
        _("主办单位"), max_length=120, blank=True, default="全国中等职业教育合作发展联席会秘书处"
    )
    address = models.CharField(_("通讯地址"), max_length=200, blank=True)
    postcode = models.CharField(
        _("邮政编码"), max_length=6, blank=True, validators=[RegexValidator(r"^\d{6}$", _("邮政编码为 6 位数字。"))]
    )
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    email = models.EmailField(_("联系邮箱"), blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=100, blank=True, help_text=_("如：工作日 9:00—17:00"))
    icp_number = models.CharField(
        _("ICP 备案号"),
        max_length=60,
        blank=True,
        help_text=_("如：京ICP备12345678号-1；填写后显示在页脚并链接到工信部备案系统"),
    )
    police_number = models.CharField(
        _("公安备案号"), max_length=60, blank=True, help_text=_("如：京公网安备 11010502000000号；填写后显示在页脚")
    )
    police_record_code = models.CharField(
        _("公安备案编码"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^\d+$", _("公安备案编码只含数字。"))],
        help_text=_("公安备案号中的数字，用于链接到全国互联网安全管理服务平台"),
    )

    panels = [
        FieldPanel("organisation"),
        FieldPanel("address"),
        FieldPanel("postcode"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("office_hours"),
        FieldPanel("icp_number"),
        FieldPanel("police_number"),
        FieldPanel("police_record_code"),
    ]

    class Meta:
        verbose_name = _("联系我们与备案信息")

    @property
    def police_url(self) -> str:
        if not self.police_record_code:
            return ""
        return f"https://beian.mps.gov.cn/#/query/webSearch?code={self.police_record_code}"


class FriendlyLink(models.Model):
    """友情链接: partner organisations shown in the footer, in the order the secretariat sets."""

    name = models.CharField(_("名称"), max_length=60)
    url = models.URLField(_("网址"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0, help_text=_("数字小的在前"))
    is_active = models.BooleanField(_("显示"), default=True)

    panels = [FieldPanel("name"), FieldPanel("url"), FieldPanel("sort_order"), FieldPanel("is_active")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("友情链接")
        verbose_name_plural = _("友情链接")

    def __str__(self) -> str:
        return self.name
