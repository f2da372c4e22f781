"""Annual quota targets, set by the bureau.

Only targets are stored: what counts towards them is computed from the
records (quotas.progress), never typed in. A year and metric without a
network-wide row uses the plan's number (PLAN_DEFAULTS), so every year starts
seeded; a row set by the bureau (admin or import) replaces it. Rows with a
district or an incubator split the network target for the board's breakdown.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.years import YEAR_MAX, YEAR_MIN


class Metric(models.TextChoices):
    """docs/interfaces.md vocabulary, in its order (the API and exports keep it)."""

    TRAINING_SESSIONS = "training_sessions", _("Targeted training sessions")
    MATCHMAKING_EVENTS = "matchmaking_events", _("Technology matchmaking events")
    ACHIEVEMENTS_PUBLISHED = "achievements_published", _("Technology achievements published")
    INCUBATED_PROJECTS = "incubated_projects", _("New incubated projects")
    REFERRALS_COMPLETED = "referrals_completed", _("Cross-incubator referrals completed")


# The 2022 action plan's yearly numbers. It sets none for referrals: 0 means
# "no target" until the bureau sets one (the board then shows the count only).
PLAN_DEFAULTS = {
    Metric.TRAINING_SESSIONS: 10,
    Metric.MATCHMAKING_EVENTS: 15,
    Metric.ACHIEVEMENTS_PUBLISHED: 100,
    Metric.INCUBATED_PROJECTS: 30,
    Metric.REFERRALS_COMPLETED: 0,
}


class QuotaTarget(models.Model):
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)]
    )
    metric = models.CharField(_("metric"), max_length=32, choices=Metric.choices)
    target = models.PositiveIntegerField(_("target"), help_text=_("0 means no target."))
    district = models.CharField(
        _("district"),
        max_length=64,
        blank=True,
        help_text=_("Optional: this row is the share of one district."),
    )
    incubator = models.ForeignKey(
        "incubators.IncubatorPage",
        verbose_name=_("incubator"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="quota_targets",
        help_text=_("Optional: this row is the share of one incubator."),
    )
    note = models.CharField(_("remarks"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("quota target")
        verbose_name_plural = _("quota targets")
        ordering = ["-year", "metric", "district", "incubator__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "metric"],
                condition=Q(district="", incubator__isnull=True),
                name="one_network_target_per_year_and_metric",
            ),
            models.UniqueConstraint(
                fields=["year", "metric", "district"],
                condition=Q(incubator__isnull=True) & ~Q(district=""),
                name="one_district_target_per_year_and_metric",
            ),
            models.UniqueConstraint(
                fields=["year", "metric", "incubator"],
                condition=Q(incubator__isnull=False),
                name="one_incubator_target_per_year_and_metric",
            ),
            models.CheckConstraint(
                condition=Q(district="") | Q(incubator__isnull=True),
                name="target_split_by_district_or_incubator",
            ),
        ]

    def __str__(self):
        scope = self.scope_label
        return f"{self.year} · {self.get_metric_display()} · {scope}: {self.target}"

    @property
    def scope_label(self):
        if self.incubator_id:
            return self.incubator.title
        if self.district:
            return self.district
        return str(_("Whole network"))

    def clean(self):
        super().clean()
        if self.district and self.incubator_id:
            raise ValidationError(_("Split a target by district or by incubator, not both."))
