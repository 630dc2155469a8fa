from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.single_line import SingleLineFieldsMixin
from workflows.uploads import DOCUMENT_KINDS, check_upload

from .models import UNIT_DETAIL_FIELDS, MemberUnit

MAX_SUPPORTING_FILES = 5
UPLOAD_HELP = _("PDF、DOC、DOCX、JPG 或 PNG，单个文件不超过 10 MB")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern), each checked by content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_SUPPORTING_FILES:
            raise ValidationError(
                gettext("一次最多上传 {MAX_SUPPORTING_FILES} 个文件。").format(
                    MAX_SUPPORTING_FILES=MAX_SUPPORTING_FILES
                )
            )
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        for f in cleaned:
            check_upload(f)
        return cleaned


class CheckedFileField(forms.FileField):
    """A file judged by its content, with the same kinds and size limit the service will apply, so
    that a refusal shows on the field rather than as a general error."""

    def __init__(self, *args, allowed: tuple[str, ...] = DOCUMENT_KINDS, max_bytes: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed, self.max_bytes = allowed, max_bytes

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if uploaded:
            check_upload(uploaded, allowed=self.allowed, max_bytes=self.max_bytes)
        return uploaded


class HoneypotMixin(forms.Form):
    """A field people never see; bots that fill every field are refused (see docs/security.md)."""

    homepage = forms.CharField(
        required=False, label=_("请勿填写此项"), widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"})
    )

    def clean_homepage(self):
        if self.cleaned_data.get("homepage"):
            raise ValidationError(gettext("提交被拒绝。"))
        return ""


class RegistrationForm(SingleLineFieldsMixin, HoneypotMixin, UserCreationForm):
    first_name = forms.CharField(label=_("姓名"), max_length=50)
    email = forms.EmailField(label=_("邮箱"), help_text=_("接收申请进度通知"))

    class Meta:
        model = User
        fields = ["username", "first_name", "email"]
        labels = {"username": _("用户名")}

    # Whether an e-mail address already has an account is never said (docs/security.md,
    # "Enumeration"): the address is only where notices go, login is by username, and a password
    # reset reaches every account on an address. So a taken address registers like a new one.
    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class ApplicationForm(SingleLineFieldsMixin, HoneypotMixin, forms.ModelForm):
    statement = forms.CharField(
        label=_("申请说明"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("简述入会意愿和可参与的合作（选填）"),
    )
    letter = CheckedFileField(
        label=_("入会申请书"), required=False, help_text=format_lazy("{}{}", _("加盖公章的入会申请书，"), UPLOAD_HELP)
    )
    supporting = MultipleFileField(
        label=_("证明材料"),
        required=False,
        help_text=format_lazy(
            "{}{}",
            format_lazy(
                _("办学许可证、营业执照等，最多 {MAX_SUPPORTING_FILES} 个，"), MAX_SUPPORTING_FILES=MAX_SUPPORTING_FILES
            ),
            UPLOAD_HELP,
        ),
    )

    class Meta:
        model = MemberUnit
        fields = UNIT_DETAIL_FIELDS
        widgets = {"introduction": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, letter_required: bool = True, draft: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letter"].required = letter_required
        if draft:
            # A draft needs only the unit's name; everything is checked when it is submitted
            # (the form without `draft`, and the submit transition's `unit_complete` condition).
            for name, field in self.fields.items():
                if name != "name":
                    field.required = False

    def validate_unique(self):
        # A unit re-applying keeps its name: whether that is allowed is a business rule with its
        # own messages (services.application_create), not a bare uniqueness error.
        pass

    def unit_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def application_data(self) -> dict:
        """What the create and update services take from this form, by their keyword names."""
        return {
            "unit_data": self.unit_data(),
            "statement": self.cleaned_data["statement"],
            "letter": self.cleaned_data["letter"],
            "supporting": self.cleaned_data["supporting"],
        }


class CommentForm(SingleLineFieldsMixin, forms.Form):
    comment = forms.CharField(
        label=_("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class WithdrawalForm(SingleLineFieldsMixin, forms.Form):
    notice = CheckedFileField(
        label=_("书面退会通知"), help_text=format_lazy("{}{}", _("加盖公章的退会通知扫描件，"), UPLOAD_HELP)
    )
    comment = forms.CharField(
        label=_("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(
        label=_("我单位确认退出联席会，并将交回会员证书原件"),
        error_messages={"required": _("请勾选确认。未确认时不会提交退会通知。")},
    )
