from django import forms
from django.utils.translation import gettext_lazy as _

from core.single_line import SingleLineFieldsMixin

from .models import OPTIONAL_QUESTIONS, REQUIRED_WHEN_ASKED


class EventRegistrationForm(SingleLineFieldsMixin, forms.Form):
    """The name, and the questions this event asks (EventPage.ask_*)."""

    name = forms.CharField(label=_("姓名"), max_length=50)
    unit = forms.CharField(label=OPTIONAL_QUESTIONS["unit"], max_length=120)
    title = forms.CharField(label=OPTIONAL_QUESTIONS["title"], max_length=50)
    phone = forms.RegexField(
        label=OPTIONAL_QUESTIONS["phone"],
        max_length=30,
        regex=r"^\+?[0-9][0-9 \-]{5,28}$",
        error_messages={"invalid": _("请填写有效的电话号码（数字，可含空格、连字符和国际区号“+”）。")},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    dietary = forms.CharField(
        label=OPTIONAL_QUESTIONS["dietary"], max_length=200, help_text=_("如清真、素食、过敏等；没有可不填")
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        asked = set(event.asked_questions())
        for code in OPTIONAL_QUESTIONS:
            if code not in asked:
                del self.fields[code]
            else:
                self.fields[code].required = code in REQUIRED_WHEN_ASKED

    def answers(self) -> dict:
        return dict(self.cleaned_data)


class CompetitionEntryForm(SingleLineFieldsMixin, forms.Form):
    team_name = forms.CharField(label=_("队伍名称"), max_length=60)
    students = forms.CharField(
        label=_("参赛学生"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一名学生：姓名（年级、专业）"),
    )
    instructor = forms.CharField(label=_("指导教师"), max_length=60)

    def clean_students(self):
        lines = [line.strip() for line in self.cleaned_data["students"].splitlines() if line.strip()]
        if not lines:
            raise forms.ValidationError(_("请至少填写一名参赛学生。"))
        if len(lines) > 10:
            raise forms.ValidationError(_("每支队伍最多 10 名学生。"))
        return "\n".join(lines)


class CheckInSearchForm(SingleLineFieldsMixin, forms.Form):
    q = forms.CharField(label=_("姓名、单位或手机号"), max_length=50, required=False)
