from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Article
from peer_review.catalogue import DocumentType, IssueCategory
from peer_review.models import CaseFile, ReviewRound, Rubric


class RoundForm(forms.ModelForm):
    sample_per_group = forms.IntegerField(
        label=_("files per group (empty: all files)"), required=False, min_value=1
    )
    reference_case = forms.ModelChoiceField(
        label=_("reference file"),
        queryset=CaseFile.objects.filter(is_reference=True),
        required=False,
    )
    seed = forms.IntegerField(label=_("random seed"), required=False)
    whole_year = forms.BooleanField(
        label=_("draw from the whole year (not only the quarter)"), required=False
    )
    cases = forms.ModelMultipleChoiceField(
        label=_("files chosen by hand (empty: draw by decision date)"),
        queryset=CaseFile.objects.filter(is_reference=False),
        required=False,
        help_text=_(
            "Files already reviewed in another round are drawn only when chosen here."
        ),
    )

    class Meta:
        model = ReviewRound
        fields = ["name", "year", "quarter", "rubric", "blind", "reviewers_per_file"]
        widgets = {}

    deadline = forms.DateTimeField(
        label=_("deadline"),
        widget=forms.DateTimeInput(
            format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rubric"].queryset = Rubric.objects.all()


class ArbitrationForm(forms.Form):
    final_score = forms.DecimalField(
        label=_("final score"), max_digits=5, decimal_places=1
    )
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea, required=True)


class IssueForm(forms.Form):
    # Optional on the scoring form: the browser must not demand it.
    use_required_attribute = False

    category = forms.ChoiceField(label=_("category"), choices=IssueCategory.choices)
    article = forms.ModelChoiceField(
        label=_("article concerned"),
        queryset=Article.objects.in_order().select_related("regulation"),
        required=False,
    )
    description = forms.CharField(label=_("description"), widget=forms.Textarea)
    deadline = forms.DateField(
        label=_("rectification deadline"),
        # A date field reads only ISO dates; the locale's format leaves it blank.
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )


class RespondForm(forms.Form):
    response = forms.CharField(label=_("rectification response"), widget=forms.Textarea)
    evidence = forms.FileField(label=_("evidence (PDF or image)"), required=False)


class VerifyForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("verification"),
        choices=[("1", _("Accept and close")), ("0", _("Send back to the group"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("verification note"), widget=forms.Textarea)


class DocumentForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("document type"), choices=DocumentType.choices)
    file = forms.FileField(label=_("file (PDF, JPEG or PNG)"))


def marks_from_post(items, data) -> list:
    """The reviewer's marks from the scoring form: per item the deductions ticked
    (``option_<item>``, repeatable), the veto box (``veto_<item>``) and a comment."""
    from peer_review.scoring import Mark

    marks = []
    for item in items:
        options = tuple(
            int(v) for v in data.getlist(f"option_{item.pk}") if v.isdigit()
        )
        vetoed = data.get(f"veto_{item.pk}") == "on"
        comment = data.get(f"comment_{item.pk}", "").strip()
        if options or vetoed or comment:
            marks.append(Mark(item.pk, options, vetoed=vetoed, comment=comment))
    return marks


class ImportForm(forms.Form):
    file = forms.FileField(label=_("case-file register (.xlsx)"))
    dry_run = forms.BooleanField(label=_("validate only"), required=False)
