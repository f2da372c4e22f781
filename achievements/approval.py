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

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from wagtail.models import Page, WorkflowState

from achievements.models.pages import AchievementPage
from core.access import BUREAU_GROUP_NAME


def approval_condition():
    """A Q for achievements the bureau approved: an approved workflow state;
    or a live revision published by nobody (imported with a ``published``
    date) or by the bureau. Not an alias, and not a live copy an operator
    made (its revision is the operator's and it has no workflow of its own)."""
    approved = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=Cast(OuterRef("pk"), CharField()),
        status=WorkflowState.STATUS_APPROVED,
    )
    bureau_revision = Q(live_revision__user__isnull=True) | Q(live_revision__user__is_superuser=True)
    bureau_revision |= Q(live_revision__user__groups__name=BUREAU_GROUP_NAME)
    return Q(alias_of__isnull=True) & (Exists(approved) | bureau_revision)


def counted_achievements():
    """Achievements that are live and were approved: what the
    ``achievements_published`` quota counts (by first_published_at)."""
    live = AchievementPage.objects.live().filter(first_published_at__isnull=False)
    return live.filter(pk__in=live.filter(approval_condition()).values("pk"))


def public_achievements():
    """Approved achievements anyone may see: also public (no login or
    password restriction). A restricted one still counts for the quota."""
    return counted_achievements().public()


def is_approved(page):
    return AchievementPage.objects.filter(pk=page.pk).filter(approval_condition()).exists()


def awaiting_approval():
    """Achievements with a workflow in progress (submitted, not yet decided)."""
    ids = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS,
        base_content_type=ContentType.objects.get_for_model(Page),
    ).values_list("object_id", flat=True)
    return AchievementPage.objects.filter(pk__in=[int(pk) for pk in ids])
