from django import forms
from django.utils.translation import gettext_lazy as _

from core.single_line import SingleLineFieldsMixin
from workflows.models import VoteChoice

from .models import Answer, MemberUnit


class VoteForm(forms.Form):
    choice = forms.ChoiceField(label=_("表决意见"), choices=VoteChoice.choices, widget=forms.RadioSelect)


class ElectionVoteForm(forms.Form):
    """One group of checkboxes per post, at most its seats (checked again by the stage)."""

    def __init__(self, *args, positions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.positions = list(positions)
        for position in self.positions:
            self.fields[f"position_{position.pk}"] = forms.MultipleChoiceField(
                label=_("%(post)s（最多选 %(seats)s 名）")
                % {"post": position.get_post_display(), "seats": position.seats},
                choices=[(str(n.pk), n.nominee.name) for n in position.candidates()],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )

    def clean(self):
        cleaned = super().clean()
        for position in self.positions:
            if len(cleaned.get(f"position_{position.pk}", [])) > position.seats:
                self.add_error(f"position_{position.pk}", _("最多选 %(seats)s 名。") % {"seats": position.seats})
        return cleaned

    def selections(self) -> dict:
        return {str(p.pk): self.cleaned_data.get(f"position_{p.pk}", []) for p in self.positions}


class CommentForm(forms.Form):
    text = forms.CharField(label=_("您的意见"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


class RsvpForm(SingleLineFieldsMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("是否出席"), choices=[c for c in Answer.choices if c[0] != Answer.PENDING], widget=forms.RadioSelect
    )
    delegate_name = forms.CharField(label=_("委派代表姓名"), max_length=50, required=False)


class NominationForm(forms.Form):
    position = forms.ChoiceField(label=_("职务"))
    nominee = forms.ModelChoiceField(label=_("被提名单位"), queryset=MemberUnit.objects.none())
    statement = forms.CharField(
        label=_("提名理由"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, election=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        positions = election.positions.all() if election is not None else []
        self.fields["position"].choices = [(str(p.pk), p.get_post_display()) for p in positions]
        if units is not None:
            self.fields["nominee"].queryset = units


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("同事的邮箱"))


class OpenBallotForm(forms.Form):
    secret = forms.BooleanField(label=_("无记名投票（任何人都看不到各单位投了什么，只能看到是否已投）"), required=False)
    closes_at = forms.DateTimeField(
        label=_("截止时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    comment = forms.CharField(
        label=_("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
