"""Technology achievements: the bureau's approval, the public list, and the
"express interest" requests that reach the owning incubator.

Approval. Operators hold Wagtail's *publish* permission on their incubator's
subtree (their services and events go live without review), so page
permissions alone cannot keep an achievement from being published. Two
things do:

- ``AchievementPage.get_workflow()`` returns the dedicated "achievement
  approval" workflow (one GroupApprovalTask for the bureau group, created by
  migration 0003), so operators get *Submit to …* and the bureau
  *Approve / Request changes*; services and events keep no workflow at all.
- ``AchievementPage.permissions_for_user()`` returns AchievementPermissionTester,
  which answers *can publish* with no for anyone outside the bureau. Every
  publishing path in Wagtail asks that question — the edit view's Publish
  action, bulk publish, revision revert, the publish action itself
  (PublishPageRevisionAction.check) — so an operator's only way to publish is
  the workflow, which the bureau's approval completes (Wagtail publishes the
  approved revision as the approving user). The create view asks the parent
  incubator instead, so a hook in activity_hooks refuses it there, and copying
  a live achievement keeps the copy a draft.

Interest. A visitor's interest is an AchievementInterest addressed to the
incubator that owns the achievement; its contact data is shown only to that
incubator's operators and to the bureau (the referral exchange's rule).
"""

import logging

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page, PagePermissionTester, Workflow, WorkflowState

from incubators.activity_models import (
    AchievementInterest,
    AchievementPage,
    InterestStatus,
    Maturity,
    TransferMode,
)
from incubators.models import IncubatorPage
from incubators.teams import incubators_of, is_bureau

logger = logging.getLogger(__name__)

# Found by name: migration 0003 creates it; the bureau may edit its tasks in
# Settings → Workflows but should keep the name.
ACHIEVEMENT_WORKFLOW_NAME = "科技成果发布审核"
ACHIEVEMENT_TASK_NAME = "科技局审核"
PAGE_SIZE = 20


# --- approval ------------------------------------------------------------


def achievement_workflow():
    """The active achievement approval workflow, or None if the bureau has
    disabled it (achievements then follow whatever workflow applies to the
    page tree, and only the bureau can publish them)."""
    return Workflow.objects.filter(name=ACHIEVEMENT_WORKFLOW_NAME, active=True).first()


def may_publish_achievements(user):
    return bool(user.is_active and (user.is_superuser or is_bureau(user)))


class AchievementPermissionTester(PagePermissionTester):
    """Page permissions with one restriction: only the bureau publishes."""

    def can_publish(self):
        return super().can_publish() and may_publish_achievements(self.user)


def counted_achievements():
    """Achievements that are live and were approved: what the public sees and
    what the ``achievements_published`` quota counts (by first_published_at)."""
    return AchievementPage.objects.live().filter(first_published_at__isnull=False)


def awaiting_approval():
    """Achievements with a workflow in progress (submitted, not yet decided)."""
    ids = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS,
        base_content_type=ContentType.objects.get_for_model(Page),
    ).values_list("object_id", flat=True)
    return AchievementPage.objects.filter(pk__in=[int(pk) for pk in ids])


# --- the public list -----------------------------------------------------


def _owner_choices():
    return [("", gettext_lazy("All incubators"))] + [
        (page.slug, page.title) for page in IncubatorPage.objects.live().order_by("path")
    ]


class AchievementFilterForm(forms.Form):
    field = forms.ChoiceField(label=gettext_lazy("Technical field"), required=False)
    maturity = forms.TypedChoiceField(
        label=gettext_lazy("Minimum maturity"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", gettext_lazy("Any maturity"))] + Maturity.choices,
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("Transfer mode"),
        required=False,
        choices=[("", gettext_lazy("All transfer modes"))] + TransferMode.choices,
    )
    incubator = forms.ChoiceField(label=gettext_lazy("Incubator"), required=False)

    def __init__(self, *args, fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("All fields"))] + [(f, f) for f in fields]
        self.fields["incubator"].choices = _owner_choices()


def filter_achievements(data):
    """The published achievements matching the list filters, newest first.
    Invalid filter values are reported by the form and not applied."""
    queryset = counted_achievements()
    fields = queryset.exclude(field="").order_by("field").values_list("field", flat=True).distinct()
    form = AchievementFilterForm(data or None, fields=list(fields))
    if form.is_valid():
        cleaned = form.cleaned_data
        if cleaned["field"]:
            queryset = queryset.filter(field=cleaned["field"])
        if cleaned["maturity"]:
            queryset = queryset.filter(maturity__gte=cleaned["maturity"])
        if cleaned["mode"]:
            # JSON list of codes; the quoted code cannot match another code.
            queryset = queryset.filter(transfer_modes__icontains=f'"{cleaned["mode"]}"')
        if cleaned["incubator"]:
            owner = IncubatorPage.objects.live().filter(slug=cleaned["incubator"]).first()
            queryset = queryset.descendant_of(owner) if owner else queryset.none()
    return form, queryset.order_by("-first_published_at", "-pk")


def attach_owners(achievements, incubators=None):
    """Set ``owner_incubator`` on each achievement, from ``incubators`` when
    the caller has them, else in one query."""
    step = IncubatorPage.steplen
    paths = {page.path[:-step] for page in achievements}
    if incubators is None:
        incubators = IncubatorPage.objects.filter(path__in=paths)
    owners = {page.path: page for page in incubators}
    for page in achievements:
        page.owner_incubator = owners.get(page.path[:-step])
    return achievements


def achievement_list_context(request):
    form, queryset = filter_achievements(request.GET)
    paginator = Paginator(queryset, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    attach_owners(list(page_obj.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "achievements": page_obj.object_list,
        "page_obj": page_obj,
        "result_count": paginator.count,
        "filter_query": query.urlencode(),
        "is_filtered": bool(form.is_bound and form.is_valid() and any(form.cleaned_data.values())),
    }


def achievement_index():
    """The public achievements list, created under the home page (in the main
    menu) if the site has none yet."""
    from incubators.activity_models import AchievementIndexPage
    from incubators.importer import publish_page

    index = AchievementIndexPage.objects.first()
    if index is not None:
        return index
    from home.models import HomePage

    index = AchievementIndexPage(
        title=_("Technology achievements"),
        title_en="Technology achievements",
        slug="achievements",
        show_in_menus=True,
    )
    return publish_page(index, parent=HomePage.objects.first())


def latest_achievements(limit=4, incubators=None):
    latest = counted_achievements().order_by("-first_published_at", "-pk")[:limit]
    return attach_owners(list(latest), incubators)


# --- interest ------------------------------------------------------------


class InterestForm(forms.ModelForm):
    # Left empty by people; bots that fill every field are dropped.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = AchievementInterest
        fields = ["name", "organisation", "phone", "email", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}
        labels = {"name": gettext_lazy("Your name")}

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("phone") and not cleaned.get("email"):
            raise forms.ValidationError(
                _("Give a phone number or an email address so the incubator can reach you.")
            )
        return cleaned


def express_interest(achievement, *, name, message, phone="", email="", organisation="", at=None):
    """Record a visitor's interest in a live achievement and tell the owning
    incubator's operators once the record is committed."""
    if not achievement.live:
        raise ValueError("only a published achievement accepts interest")
    incubator = achievement.incubator
    with transaction.atomic():
        interest = AchievementInterest.objects.create(
            achievement=achievement,
            achievement_title=achievement.title,
            incubator=incubator,
            name=name.strip(),
            organisation=(organisation or "").strip(),
            phone=(phone or "").strip(),
            email=(email or "").strip(),
            message=message.strip(),
            created_at=at or timezone.now(),
        )
        pk = interest.pk
        transaction.on_commit(lambda: notify_interest(pk))
    return interest


def handle_interest(achievement, request):
    """POST on an achievement page: save the interest, or show the form again
    with its errors."""
    form = InterestForm(request.POST)
    if form.is_valid() and not form.cleaned_data.get("website"):
        data = form.cleaned_data
        express_interest(
            achievement,
            name=data["name"],
            organisation=data["organisation"],
            phone=data["phone"],
            email=data["email"],
            message=data["message"],
        )
        return HttpResponseRedirect(achievement.url + "?interest=sent#interest")
    if form.is_valid():  # the honeypot was filled: pretend success
        return HttpResponseRedirect(achievement.url + "?interest=sent#interest")
    context = achievement.get_context(request)
    context["interest_form"] = form
    return TemplateResponse(request, achievement.get_template(request), context, status=400)


def interests_visible_to(user):
    """Interest records, contact data included, that ``user`` may see: those
    addressed to the incubators it operates; all of them for the bureau."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return AchievementInterest.objects.none()
    if is_bureau(user):
        return AchievementInterest.objects.all()
    return AchievementInterest.objects.filter(incubator__in=incubators_of(user))


def new_interest_count(user):
    return interests_visible_to(user).filter(status=InterestStatus.NEW).count()


def operator_emails(incubator):
    from django.contrib.auth import get_user_model

    emails = []
    if incubator.operator_group_id is not None:
        emails = list(
            get_user_model()
            .objects.filter(groups=incubator.operator_group_id, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    return sorted(set(emails or [incubator.contact_email]) - {""})


def notify_interest(interest_pk):
    """Mail the owning incubator's operators; a mail failure is logged, the
    record is already saved and listed in the admin."""
    interest = AchievementInterest.objects.select_related("incubator").get(pk=interest_pk)
    recipients = operator_emails(interest.incubator)
    if not recipients:
        return False
    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "achievement_interest:edit", args=[interest.pk]
    )
    try:
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Interest in your achievement: %(title)s") % {"title": interest.achievement_title}
            body = render_to_string(
                "incubators/email/achievement_interest.txt", {"interest": interest, "admin_url": admin_url}
            )
            send_mail(subject, body, None, recipients)
    except Exception:
        logger.exception("Interest mail for %s failed", interest_pk)
        return False
    return True


def mark_interest(interest, user, status):
    if status not in InterestStatus.values:
        raise ValueError(status)
    if not interests_visible_to(user).filter(pk=interest.pk).exists():
        raise PermissionDenied
    interest.status = status
    interest.save(update_fields=["status"])
    return interest
