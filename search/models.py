from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class Synonym(models.Model):
    """A term people type and what it stands for: 电商 → 电子商务. Editors extend the list in the admin;
    a query containing the term also finds its expansions."""

    term = models.CharField(_("简称/俗称"), max_length=40, unique=True)
    expansions = models.CharField(
        _("对应的规范说法"), max_length=200, help_text=_("多个用逗号或顿号分隔，如：电子商务、跨境电子商务")
    )
    is_active = models.BooleanField(_("启用"), default=True)

    panels = [FieldPanel("term"), FieldPanel("expansions"), FieldPanel("is_active")]

    class Meta:
        ordering = ["term"]
        verbose_name = _("同义词")
        verbose_name_plural = _("搜索同义词")

    def __str__(self) -> str:
        return f"{self.term} → {self.expansions}"

    @property
    def expansion_list(self) -> list[str]:
        import re

        return [item.strip() for item in re.split(r"[,，、;；]", self.expansions) if item.strip()]


class EntryVector(models.Model):
    """PostgreSQL only: the part of a Wagtail index entry the one-pass search matches and ranks on
    (search/supports.py), a row per entry whose object id is an integer. Triggers on
    `wagtailsearch_indexentry` and the resources write it; Django only reads it (unmanaged:
    migrations 0005 and 0006 and `ensure_supports` create the table, its indexes and the
    triggers)."""

    entry_id = models.IntegerField(primary_key=True)
    content_type_id = models.IntegerField()
    object_pk = models.IntegerField()
    title_norm = models.FloatField()
    title = SearchVectorField()
    body = SearchVectorField()
    # A resource's facets (search/one_pass.py's FACET_FIELDS), kept from its row by triggers; NULL
    # on every entry that is not an existing resource (migration 0006).
    f_resource_type = models.CharField(max_length=20, null=True)
    f_major_id = models.BigIntegerField(null=True)
    f_year = models.SmallIntegerField(null=True)
    f_school = models.CharField(max_length=200, null=True)

    class Meta:
        managed = False
        db_table = "search_entryvector"

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_pk}"
