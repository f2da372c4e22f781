"""Keeping the matches up to date, and reading them.

``recompute_matches()`` scores every open, public need (demands, incubated
projects) against every public offer (approved achievements, services) with
matchmaking.scoring and stores the result in ``Match`` rows. It is a plain
function: the task in matchmaking.tasks calls it when a demand, achievement,
service or project is published, unpublished or deleted (see
matchmaking.signals); ``load_demo`` calls it directly, and so do the tests
and the benchmark.

Dismissed and proposed pairs are kept through a recomputation (their score
is refreshed); suggested pairs that no longer qualify are deleted.
"""

from django.db import transaction
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.models import Page

from achievements.approval import counted_achievements
from achievements.models import ProjectPage, TechnologyField, TransferMode
from core.taxonomy import Category
from incubators.models import IncubatorPage
from matchmaking.models.pages import DemandPage, Match, MatchStatus, NeedType, OfferType
from matchmaking.scoring import OfferIndex, make_profile, penalties_from, score_need
from search.analyzer import current as current_analyzer
from services.models import ServicePage

# Pairs stored per need; the API and the admin show the best of them.
MAX_PER_NEED = 30


class Incubators:
    """Owner lookup by page path, in one query."""

    def __init__(self):
        self.by_path = {
            page.path: page for page in IncubatorPage.objects.only("pk", "path", "title", "slug", "district")
        }
        self.length = len(next(iter(self.by_path))) if self.by_path else 0

    def of(self, page):
        return self.by_path.get(page.path[: self.length]) if self.length else None

    def values(self, page):
        owner = self.of(page)
        if owner is None:
            return {"incubator_id": None, "incubator_title": "", "district": ""}
        return {"incubator_id": owner.pk, "incubator_title": owner.title, "district": owner.district}


def open_demands(today=None):
    """Demands the public sees: live, public, deadline not passed."""
    return DemandPage.objects.live().public().filter(deadline__gte=today or timezone.localdate())


def public_projects():
    return ProjectPage.objects.live().public().filter(private=False)


def public_achievements():
    return counted_achievements().public()


def public_services():
    return ServicePage.objects.live().public()


def _category_labels():
    with translation.override("zh-hans"):
        return {code: str(label) for code, label in Category.choices}


def offer_profiles(analyzer, incubators=None):
    incubators = incubators or Incubators()
    profiles = []
    for page in public_achievements().select_related("field").order_by("pk"):
        profiles.append(
            make_profile(
                analyzer,
                pk=page.pk,
                kind=OfferType.ACHIEVEMENT,
                title=page.title,
                body=" ".join([page.summary, strip_tags(page.description or "")]),
                **field_values(page.field),
                maturity=page.maturity,
                modes=frozenset(page.transfer_modes or ()),
                **incubators.values(page),
            )
        )
    labels = _category_labels()
    for page in public_services().order_by("pk"):
        profiles.append(
            make_profile(
                analyzer,
                pk=page.pk,
                kind=OfferType.SERVICE,
                title=page.title,
                body=" ".join([strip_tags(page.description or ""), labels.get(page.category, "")]),
                **incubators.values(page),
            )
        )
    return profiles


def field_values(field):
    """A profile's field: the entry (compared) and its Chinese name (whose
    words are not shared text)."""
    if field is None:
        return {"field": "", "field_id": None}
    return {"field": field.name_zh, "field_id": field.pk}


def field_ids_by_name():
    """{lower-cased Chinese or English name: entry id}: an incubated project's
    field is still free text, matched to the entry it names, if any."""
    ids = {}
    for pk, name_zh, name_en in TechnologyField.objects.values_list("pk", "name_zh", "name_en"):
        for name in (name_zh, name_en):
            if name:
                ids.setdefault(name.lower(), pk)
    return ids


def need_profiles(analyzer, incubators=None, today=None):
    incubators = incubators or Incubators()
    profiles = []
    project_fields = field_ids_by_name()
    for page in open_demands(today).select_related("field").order_by("pk"):
        profiles.append(
            make_profile(
                analyzer,
                pk=page.pk,
                kind=NeedType.DEMAND,
                title=page.title,
                body=page.description,
                **field_values(page.field),
                maturity_range=(page.maturity_min, page.maturity_max),
                modes=frozenset(page.transfer_modes or ()),
                **incubators.values(page),
            )
        )
    for page in public_projects().order_by("pk"):
        profiles.append(
            make_profile(
                analyzer,
                pk=page.pk,
                kind=NeedType.PROJECT,
                title=page.title,
                body=page.summary,
                field=page.field,
                field_id=project_fields.get(" ".join(page.field.split()).lower()),
                **incubators.values(page),
            )
        )
    return profiles


def dismissal_penalties():
    return penalties_from(
        Match.objects.filter(status=MatchStatus.DISMISSED).values_list("shared_terms", flat=True)
    )


@transaction.atomic
def recompute_matches(today=None):
    """Score every open need against every public offer and store the best
    pairs. Returns the number of stored pairs."""
    analyzer = current_analyzer()
    incubators = Incubators()
    offers = offer_profiles(analyzer, incubators)
    # Projects are matched with achievements only: a service is requested,
    # not transferred.
    indexes = {
        NeedType.DEMAND: OfferIndex(offers),
        NeedType.PROJECT: OfferIndex([offer for offer in offers if offer.kind == OfferType.ACHIEVEMENT]),
    }
    needs = need_profiles(analyzer, incubators, today)
    penalties = dismissal_penalties()
    now = timezone.now()
    existing = {}
    for match in Match.objects.all():
        existing[(match.need_id, match.offer_id)] = match
    kept = set()
    to_create, to_update = [], []
    for need in needs:
        for result in score_need(need, indexes[need.kind], penalties, limit=MAX_PER_NEED):
            key = (need.pk, result.offer.pk)
            kept.add(key)
            match = existing.get(key)
            values = {
                "score": result.score,
                "reasons": result.reasons,
                "shared_terms": result.shared_terms,
                "computed_at": now,
            }
            if match is None:
                to_create.append(
                    Match(
                        need_id=need.pk,
                        need_type=need.kind,
                        offer_id=result.offer.pk,
                        offer_type=result.offer.kind,
                        **values,
                    )
                )
            elif any(
                getattr(match, name) != value for name, value in values.items() if name != "computed_at"
            ):
                for name, value in values.items():
                    setattr(match, name, value)
                to_update.append(match)
    stale = [
        match.pk
        for key, match in existing.items()
        if key not in kept and match.status == MatchStatus.SUGGESTED
    ]
    Match.objects.filter(pk__in=stale).delete()
    Match.objects.bulk_update(to_update, ["score", "reasons", "shared_terms", "computed_at"], batch_size=500)
    Match.objects.bulk_create(to_create, batch_size=500)
    return len(kept)


# --- reading --------------------------------------------------------------


def _separator():
    return "、" if translation.get_language().startswith("zh") else ", "


def reason_text(reason):
    """One stored reason, worded in the active language."""
    code, values = reason
    if code == "field":
        return _("field: %(field)s") % {"field": _field_name(values)}
    if code == "maturity_in":
        return _("TRL %(trl)s within %(low)s–%(high)s") % values
    if code == "maturity_out":
        return _("TRL %(trl)s outside %(low)s–%(high)s") % values
    if code == "modes":
        labels = dict(TransferMode.choices)
        return _("both accept %(modes)s") % {
            "modes": _separator().join(str(labels.get(m, m)) for m in values["modes"])
        }
    if code == "same_incubator":
        return _("same incubator: %(incubator)s") % values
    if code == "same_district":
        return _("same district: %(district)s") % values
    if code == "terms":
        return _("%(count)s shared terms: %(terms)s") % {
            "count": values["count"],
            "terms": _separator().join(values["terms"]),
        }
    return ""


def _field_name(values):
    """The field of a reason in the reader's language (the stored name when
    the entry is gone or the reason predates the list)."""
    field = (
        TechnologyField.objects.filter(pk=values.get("field_id")).first() if values.get("field_id") else None
    )
    return field.label if field is not None else values.get("field", "")


def reason_texts(match):
    return [text for text in (reason_text(reason) for reason in match.reasons) if text]


def visible_matches():
    """Matches nobody dismissed."""
    return Match.objects.exclude(status=MatchStatus.DISMISSED)


def public_offer_ids():
    return set(public_achievements().values_list("pk", flat=True)) | set(
        public_services().values_list("pk", flat=True)
    )


def public_need_ids():
    return set(open_demands().values_list("pk", flat=True)) | set(
        public_projects().values_list("pk", flat=True)
    )


def matches_for_demand(demand, limit=20):
    """The demand's best public offers (Match rows with ``offer`` attached)."""
    rows = list(visible_matches().filter(need=demand, offer_id__in=public_offer_ids())[:limit])
    return _attach(rows, "offer")


def matches_for_achievement(achievement, limit=20):
    rows = list(visible_matches().filter(offer=achievement, need_id__in=public_need_ids())[:limit])
    return _attach(rows, "need")


def _attach(rows, side):
    ids = [getattr(row, f"{side}_id") for row in rows]
    pages = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
    incubators = Incubators()
    for row in rows:
        page = pages.get(getattr(row, f"{side}_id"))
        setattr(row, f"{side}_page", page)
        row.incubator = incubators.of(page) if page is not None else None
    return [row for row in rows if getattr(row, f"{side}_page") is not None]
