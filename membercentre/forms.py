from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Major
from core.single_line import SingleLineFieldsMixin
from membership.forms import MultipleFileField
from membership.models import MemberUnit

from .models import PROFILE_FIELDS, Contribution

UPLOAD_HELP = _("PDF、DOC、DOCX、JPG 或 PNG，单个文件不超过 10 MB；一次最多 5 个")


class ContributionForm(SingleLineFieldsMixin, forms.ModelForm):
    unit = forms.ModelChoiceField(label=_("投稿单位"), queryset=MemberUnit.objects.none(), empty_label=None)
    files = MultipleFileField(label=_("附件"), required=False, help_text=UPLOAD_HELP)

    class Meta:
        model = Contribution
        fields = ["title", "summary", "description", "major", "resource_type", "year", "visibility", "licence"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "visibility": _("“仅会员单位”的资源及其附件只对登录的会员单位和工作人员开放"),
            "licence": _("他人在什么条件下可以使用该资源"),
        }

    def __init__(self, *args, units=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["major"].queryset = Major.objects.filter(is_active=True).order_by("category", "name")
        self.fields["major"].required = True
        self.fields["resource_type"].required = True
        self.fields["summary"].required = True
        if editing:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units if units is not None else MemberUnit.objects.none()

    def contribution_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}


class ProfileChangeForm(SingleLineFieldsMixin, forms.ModelForm):
    class Meta:
        model = MemberUnit
        fields = PROFILE_FIELDS
        widgets = {"introduction": forms.Textarea(attrs={"rows": 4})}


class ReviewForm(SingleLineFieldsMixin, forms.Form):
    comment = forms.CharField(
        label=_("评审意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}), required=True
    )


class DigestForm(forms.Form):
    enabled = forms.BooleanField(label=_("每天早上把我的待办事项发到我的邮箱"), required=False)
