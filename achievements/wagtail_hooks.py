"""Admin hooks for achievements and projects (imported by wagtail_hooks).

The publish restriction itself is AchievementPermissionTester (see
achievements.approval); these hooks cover the two admin paths that ask the
parent page instead of the achievement — creating and copying — and keep the
Publish button out of sight of operators.
"""

import functools

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.defaults import permission_denied as forbidden
from wagtail import hooks
from wagtail.admin.action_menu import SubmitForModerationMenuItem
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.signals import page_published
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from achievements.approval import awaiting_approval, is_approved
from achievements.interest import interests_visible_to
from achievements.interest_admin import AwaitingApprovalPanel, InterestPermissionPolicy, InterestViewSet
from achievements.models import AchievementInterest, AchievementPage, InterestStatus, TechnologyField
from achievements.models.fields import usage_count
from achievements.models.pages import achievement_workflow
from core import access
from incubators.teams import incubators_of

register_permission_policy(
    AchievementInterest, InterestPermissionPolicy(AchievementInterest), exact_class=True
)


# --- technology fields: the bureau's list ------------------------------------


class BureauOnlyPermissionPolicy(BasePermissionPolicy):
    """The bureau (and superusers) add, change and delete technology fields;
    nobody else may even open the list. Operators choose an entry in their
    page forms, which asks no permission of this policy."""

    def user_has_permission(self, user, action):
        return access.is_bureau(user)

    def users_with_any_permission(self, actions):
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(groups__name=access.BUREAU_GROUP_NAME))
            .distinct()
        )


register_permission_policy(TechnologyField, BureauOnlyPermissionPolicy(TechnologyField), exact_class=True)


def bureau_only(view):
    """Anyone but the bureau gets the site's 403 page (not Wagtail's redirect
    to the dashboard): the list is not an operator's business at all."""

    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        if not access.is_bureau(request.user):
            return forbidden(request, PermissionDenied())
        return view(request, *args, **kwargs)

    return checked


class TechnologyFieldViewSet(SnippetViewSet):
    """The bureau's list in the admin (menu 技术领域). Every view of it is the
    bureau's only (``bureau_only`` on top of the permission policy)."""

    model = TechnologyField
    icon = "tag"
    menu_label = gettext_lazy("Technology fields")
    menu_name = "technology-fields"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name_zh", "name_en", "sort_order"]
    search_fields = ["name_zh", "name_en"]
    search_backend_name = None

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            pattern.callback = bureau_only(pattern.callback)
        return patterns


register_snippet(TechnologyFieldViewSet)

IN_USE_MESSAGE = gettext_lazy(
    "“%(field)s” is chosen by %(count)d pages or page revisions, so it cannot be deleted; "
    "rename it instead, or choose another field on those pages first."
)


@hooks.register("before_delete_snippet")
def keep_technology_fields_in_use(request, instances):
    """A field still chosen by a page or one of its revisions stays (see
    achievements.models.fields.usage_count); the permission check itself is
    the policy's."""
    if not access.is_bureau(request.user):
        return None
    for instance in instances:
        if isinstance(instance, TechnologyField):
            count = usage_count(instance)
            if count:
                messages.error(request, IN_USE_MESSAGE % {"field": instance.name_zh, "count": count})
                return redirect(TechnologyField.snippet_viewset.get_url_name("list"))
    return None


def _is_achievement_request(request, page=None):
    if page is not None:
        return issubclass(page.specific_class or type(page), AchievementPage)
    match = getattr(request, "resolver_match", None)
    kwargs = match.kwargs if match else {}
    return (kwargs.get("content_type_app_name"), kwargs.get("content_type_model_name")) == (
        "achievements",
        "achievementpage",
    )


@hooks.register("construct_page_action_menu")
def hide_publish_from_operators(menu_items, request, context):
    page = context.get("page")
    if access.is_bureau(request.user):
        return
    if not _is_achievement_request(request, page if page is not None and page.pk else None):
        return
    menu_items[:] = [item for item in menu_items if item.name not in ("action-publish",)]


@hooks.register("construct_page_action_menu")
def submit_new_achievements_at_once(menu_items, request, context):
    """Wagtail offers "submit for moderation" on a new page only when the
    parent page has a workflow; achievements have theirs by type
    (AchievementPage.get_workflow), so add it — first, as the main button."""
    if context.get("view") != "create" or not _is_achievement_request(request):
        return
    if achievement_workflow() is None or any(item.name == "action-submit" for item in menu_items):
        return
    menu_items.insert(0, SubmitForModerationMenuItem(order=0))


@hooks.register("after_create_page")
def start_approval_of_a_new_achievement(request, page):
    """The create view saved the draft (its parent has no workflow of its
    own); start the achievement workflow on it when that was asked for."""
    if request.method != "POST" or not request.POST.get("action-submit"):
        return None
    if not isinstance(page.specific, AchievementPage) or page.workflow_in_progress:
        return None
    workflow = page.specific.get_workflow()
    if workflow is not None:
        workflow.start(page.specific, request.user)
        messages.success(request, SUBMITTED_MESSAGE % {"title": page.title})
    return None


SUBMITTED_MESSAGE = gettext_lazy('The achievement "%(title)s" was saved and submitted for approval.')

DRAFT_ONLY_MESSAGE = gettext_lazy(
    "Achievements are published by the bureau. The draft is saved: submit it for approval."
)


@hooks.register("before_create_page")
def create_achievements_as_drafts(request, parent_page, page_class):
    """The create view checks *publish* on the parent incubator, which
    operators hold: turn an operator's "publish" into "save draft" before the
    view sees it."""
    if (
        request.method == "POST"
        and issubclass(page_class, AchievementPage)
        and request.POST.get("action-publish")
        and not access.is_bureau(request.user)
    ):
        request.POST = request.POST.copy()
        del request.POST["action-publish"]
        messages.warning(request, DRAFT_ONLY_MESSAGE)
    return None


@hooks.register("before_publish_page")
def only_the_bureau_publishes_achievements(request, page):
    """Defence in depth for any other view that publishes on the parent's
    permission: undo the page's live flag and keep it as a draft."""
    if isinstance(page.specific, AchievementPage) and not access.is_bureau(request.user):
        AchievementPage.objects.filter(pk=page.pk).update(live=False, has_unpublished_changes=True)
        messages.error(request, DRAFT_ONLY_MESSAGE)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_copy_page")
def copies_of_achievements_start_as_drafts(request, page):
    """An operator's copy of an achievement is a draft, never a live copy
    nor an alias (an alias is live whenever its source is)."""
    if (
        request.method == "POST"
        and (request.POST.get("publish_copies") or request.POST.get("alias"))
        and _holds_achievements(page)
        and not access.is_bureau(request.user)
    ):
        messages.error(
            request,
            _("Achievements are published by the bureau; copy without publishing, and not as an alias."),
        )
        return redirect("wagtailadmin_pages:copy", page.pk)
    return None


def _holds_achievements(page):
    return isinstance(page.specific, AchievementPage) or page.get_descendants().type(AchievementPage).exists()


@receiver(page_published)
def unapproved_achievements_go_offline(sender, instance, revision=None, **kwargs):
    """Any other path that makes an achievement live (the admin API's
    ``copy`` with ``keep_live``, ``create_alias``, ``convert_alias``) without
    the bureau's approval: take it offline again, keeping it as a draft."""
    if isinstance(instance, AchievementPage) and not is_approved(instance):
        AchievementPage.objects.filter(pk=instance.pk).update(live=False, has_unpublished_changes=True)
        instance.live = False


@receiver(post_save, sender=AchievementPage)
def no_live_aliases_of_achievements(sender, instance, created, **kwargs):
    if instance.alias_of_id is not None and instance.live:
        AchievementPage.objects.filter(pk=instance.pk).update(live=False)
        instance.live = False


@hooks.register("register_admin_viewset")
def register_interest_viewset():
    return InterestViewSet()


@hooks.register("construct_homepage_panels")
def add_achievements_panel(request, panels):
    user = request.user
    if access.is_bureau(user) or not incubators_of(user).exists():
        return  # the bureau has Wagtail's own "Awaiting your review" panel
    mine = incubators_of(user)
    awaiting = [
        page
        for page in awaiting_approval()
        if any(page.path.startswith(incubator.path) for incubator in mine)
    ]
    new_interest = interests_visible_to(user).filter(status=InterestStatus.NEW).count()
    url = reverse("achievement_interest:index") + f"?status={InterestStatus.NEW}"
    panels.append(AwaitingApprovalPanel(awaiting, new_interest, url))
