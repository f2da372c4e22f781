"""Incubated projects: the public portfolio and what the quota board counts.

A project counts when its page is published (a draft is an operator's
unfinished entry, not yet a record) whatever its ``private`` flag: private
projects are hidden from the public, not from the bureau's figures.
"""

from achievements.approval import public_achievements
from achievements.models import ProjectPage, ProjectStage


def counted_projects():
    """Published projects, private ones included (quota: by admission date)."""
    return ProjectPage.objects.live()


def public_projects():
    """Published projects that agreed to be listed."""
    return ProjectPage.objects.live().public().filter(private=False)


def portfolio_of(incubator):
    """An incubator's public portfolio, grouped by stage (incubating first),
    newest admissions first within a stage."""
    projects = list(public_projects().child_of(incubator).order_by("-admitted", "title"))
    groups = []
    for code, label in ProjectStage.choices:
        members = [project for project in projects if project.stage == code]
        if members:
            groups.append({"code": code, "label": label, "projects": members})
    return {"project_groups": groups, "project_total": len(projects)}


def incubator_activity_context(incubator):
    """What the incubator profile shows besides its services: its published
    achievements and its public project portfolio."""
    achievements = list(
        public_achievements()
        .child_of(incubator)
        .select_related("field")
        .order_by("-first_published_at", "-pk")
    )
    return {"incubator_achievements": achievements, **portfolio_of(incubator)}
