"""The bureau's approval of achievements, and no workflow for anything else.

Creates the "achievement approval" workflow (one GroupApprovalTask for the
bureau group) that AchievementPage.get_workflow() returns; it is assigned to
no page, so it applies to achievements only.

Also removes Wagtail's default "Moderators approval" workflow from the root
page: its Moderators group has no members here, and operators publish their
services and events directly, so on those pages it only offered a dead-end
"Submit for moderation".
"""

from django.db import migrations

WORKFLOW_NAME = "科技成果发布审核"  # incubators.achievements.ACHIEVEMENT_WORKFLOW_NAME
TASK_NAME = "科技局审核"  # incubators.achievements.ACHIEVEMENT_TASK_NAME
BUREAU_GROUP_NAME = "bureau"  # incubators.teams.BUREAU_GROUP_NAME


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    bureau, _created = Group.objects.get_or_create(name=BUREAU_GROUP_NAME)
    task_type, _created = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.add(bureau)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    WorkflowPage.objects.filter(page__depth=1, workflow__name="Moderators approval").delete()


def remove_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("incubators", "0002_achievements_and_projects"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
