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
from wagtail.models import Page, WorkflowState

from achievements.models import AchievementPage


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
