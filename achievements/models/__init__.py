"""The achievements app's models, re-exported by name: the pages and records
(achievements.models.pages), the technology fields they choose from
(achievements.models.fields) and the public list page
(achievements.models.list_page), kept apart because the list's queries read
the achievement models."""

from achievements.models.fields import TechnologyField, field_label, label_of
from achievements.models.list_page import AchievementIndexPage
from achievements.models.pages import (
    ACHIEVEMENT_TASK_NAME,
    ACHIEVEMENT_WORKFLOW_NAME,
    AchievementAttachment,
    AchievementImage,
    AchievementInterest,
    AchievementPage,
    AchievementPageForm,
    AchievementPatent,
    AchievementPermissionTester,
    InterestStatus,
    Maturity,
    PatentStatus,
    ProjectPage,
    ProjectStage,
    TransferMode,
    achievement_workflow,
    clean_transfer_modes,
)

__all__ = [
    "AchievementIndexPage",
    "ACHIEVEMENT_TASK_NAME",
    "ACHIEVEMENT_WORKFLOW_NAME",
    "AchievementAttachment",
    "AchievementImage",
    "AchievementInterest",
    "AchievementPage",
    "AchievementPageForm",
    "AchievementPatent",
    "AchievementPermissionTester",
    "InterestStatus",
    "Maturity",
    "PatentStatus",
    "ProjectPage",
    "ProjectStage",
    "TechnologyField",
    "TransferMode",
    "achievement_workflow",
    "clean_transfer_modes",
    "field_label",
    "label_of",
]
