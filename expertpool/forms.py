from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import Major
from core.params import StrictModelChoiceField
from core.single_line import SingleLineFieldsMixin
from membership.forms import CheckedFileField, HoneypotMixin
from membership.models import REGION_CHOICES

from .models import ExpertCandidate, ExpertTitle
from .services import CV_KINDS, PHOTO_KINDS, PHOTO_MAX_BYTES, QUALIFICATION_ITEMS

PROFILE_FIELDS = [
    "name",
    "name_en",
    "employer",
    "title",
    "position",
    "keywords",
    "years_experience",
    "region",
    "email",
    "phone",
    "bio",
]


class ProfileForm(SingleLineFieldsMixin, HoneypotMixin, forms.ModelForm):
    majors = forms.ModelMultipleChoiceField(
        label=_("专业领域"),
        queryset=Major.objects.filter(is_active=True),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = ExpertCandidate
        fields = PROFILE_FIELDS
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}

    def clean_years_experience(self):
        years = self.cleaned_data["years_experience"]
        if years > 70:
            raise forms.ValidationError(gettext("从业年限不应超过 70 年。"))
        return years

    def profile_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}


class ApplicationForm(ProfileForm):
    cv = CheckedFileField(
        label=_("个人简历"), required=False, allowed=CV_KINDS, help_text=_("PDF、DOC 或 DOCX，不超过 10 MB")
    )
    photo = CheckedFileField(
        label=_("照片"),
        required=False,
        allowed=PHOTO_KINDS,
        max_bytes=PHOTO_MAX_BYTES,
        help_text=_("JPG 或 PNG，不超过 5 MB；会员单位可在专家名录中看到"),
    )


class RecommendationForm(ProfileForm):
    unit = forms.ModelChoiceField(label=_("推荐单位"), queryset=None)
    recommendation = forms.CharField(label=_("推荐理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ConsentForm(SingleLineFieldsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("您的决定"),
        choices=[("consent", _("同意被推荐，进入资格审核")), ("decline", _("不同意"))],
        widget=forms.RadioSelect,
    )
    password = forms.CharField(
        label=_("设置登录密码"),
        required=False,
        widget=forms.PasswordInput,
        help_text=_("同意时为您创建账号（用户名为您的邮箱），用于查看进度和下载聘书"),
    )
    comment = forms.CharField(label=_("说明（选填）"), required=False, max_length=500)

    def __init__(self, *args, needs_password: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_password = needs_password
        if not needs_password:
            del self.fields["password"]

    def clean(self):
        cleaned = super().clean()
        if self.needs_password and cleaned.get("decision") == "consent":
            password = cleaned.get("password") or ""
            if not password:
                self.add_error("password", gettext("同意推荐需要设置登录密码。"))
            else:
                try:
                    validate_password(password)
                except forms.ValidationError as error:
                    self.add_error("password", error)
        return cleaned


class DirectoryFilterForm(SingleLineFieldsMixin, forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=50)
    major = StrictModelChoiceField(label=_("专业领域"), queryset=Major.objects.all(), required=False)
    title = forms.ChoiceField(label=_("职称"), choices=[("", _("全部"))] + ExpertTitle.choices, required=False)
    region = forms.ChoiceField(label=_("省份"), choices=[("", _("全部"))] + REGION_CHOICES, required=False)


class QualificationForm(SingleLineFieldsMixin, forms.Form):
    """The secretariat's checklist: one pass box and one reason per item."""

    comment = forms.CharField(
        label=_("审核意见"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    employer_unit = forms.ModelChoiceField(
        label=_("工作单位对应的会员单位"),
        queryset=None,
        required=False,
        help_text=_("用于抽取评审专家时的回避；工作单位不是会员单位时留空"),
    )

    def __init__(self, *args, **kwargs):
        from membership.selectors import units_on_record

        super().__init__(*args, **kwargs)
        self.fields["employer_unit"].queryset = units_on_record()
        for index, item in enumerate(QUALIFICATION_ITEMS):
            self.fields[f"pass_{index}"] = forms.BooleanField(label=item, required=False)
            self.fields[f"reason_{index}"] = forms.CharField(
                label=gettext("不通过理由"), required=False, max_length=300
            )

    def results(self) -> dict[str, tuple[bool, str]]:
        return {
            item: (self.cleaned_data[f"pass_{index}"], self.cleaned_data[f"reason_{index}"])
            for index, item in enumerate(QUALIFICATION_ITEMS)
        }


class PanelDrawForm(SingleLineFieldsMixin, forms.Form):
    purpose = forms.CharField(label=_("评审事项"), max_length=200)
    major = forms.ModelChoiceField(label=_("专业领域"), queryset=Major.objects.all())
    panel_size = forms.IntegerField(label=_("抽取人数"), min_value=1, max_value=50)
    evaluated_unit = forms.ModelChoiceField(label=_("被评审单位（其专家自动回避）"), queryset=None, required=False)
    avoided_units = forms.ModelMultipleChoiceField(label=_("回避单位"), queryset=None, required=False)
    avoided_names = forms.CharField(
        label=_("其他回避单位名称"),
        required=False,
        help_text=_("非会员单位，每行一个"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        from membership.selectors import units_on_record

        super().__init__(*args, **kwargs)
        self.fields["evaluated_unit"].queryset = units_on_record()
        self.fields["avoided_units"].queryset = units_on_record()

    def avoided_name_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["avoided_names"].splitlines() if line.strip()]
