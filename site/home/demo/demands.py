"""Demo technology demands and their matches.

The rows marked ``demo`` in demands.json (the matching benchmark's judged
cases) are imported as published demands of this year, with deadlines months
ahead; two more arrive as drafts waiting for review (one from a firm outside
the network, for the bureau). Then the matches are computed.
"""

from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.importer import run_import
from events.models import EventPage
from matchmaking.evaluation import dated_row, load_cases
from matchmaking.matching import recompute_matches
from matchmaking.models import AgendaItem, Match, OutcomeKind

# Pairs put on the agenda of the latest held matchmaking event, with what
# came of them: (demand slug, outcome, contract value in 万元).
AGENDA = [("d-hydrogen-ship", OutcomeKind.AGREEMENT, 260), ("d-hemostatic", OutcomeKind.INTENT, None)]

DRAFTS = [
    {
        "slug": "d-draft-abalone-seed",
        "incubator": "huigu",
        "company": "荣成鲍鱼苗种场",
        "title": "鲍鱼苗种越冬成活率",
        "description": "鲍鱼苗种越冬死亡率高，需要苗种繁育与水质调控技术。",
        "field": "海洋生物",
        "maturity_min": 4,
        "maturity_max": 8,
        "transfer_modes": ["license", "joint"],
        "contact_name": "王经理",
        "contact_phone": "13800000001",
    },
    {
        "slug": "d-draft-cold-storage",
        "company": "威海某冷链物流公司",
        "title": "冷库制冷系统节能改造",
        "description": "冷库制冷系统耗电高，寻求节能改造技术与运维方案。",
        "field": "节能环保",
        "maturity_min": 6,
        "maturity_max": 9,
        "transfer_modes": ["transfer"],
        "contact_name": "李主管",
        "contact_email": "cold@example.cn",
    },
]


@transaction.atomic
def load(stdout):
    cases = [case for case in load_cases() if case.get("demo")]
    rows = []
    for index, case in enumerate(cases):
        row = dated_row(case["row"], index)
        row.setdefault("contact_name", "技术部")
        row.setdefault("contact_phone", f"0631-76{index:05d}")
        rows.append(row)
    rows += [dated_row(row, len(rows) + i, published=False) for i, row in enumerate(DRAFTS)]
    report = run_import({"demands": rows})
    if not report.ok:
        for error in report.errors:
            stdout.write(str(error))
        raise CommandError(_("The demo demands did not import."))
    for line in report.summary_lines():
        stdout.write(line)
    stdout.write(_("matches: %(count)d computed") % {"count": recompute_matches()})
    add_agenda()


def add_agenda():
    """The best match of each AGENDA demand on the latest held matchmaking
    event, with its outcome (once: an event with an agenda is left alone)."""
    held = EventPage.objects.live().filter(kind="matchmaking", start__lt=timezone.now())
    event = held.order_by("-start").first()
    if event is None or AgendaItem.objects.filter(event=event).exists():
        return
    for order, (slug, outcome, value) in enumerate(AGENDA):
        match = Match.objects.filter(need__slug=slug).order_by("-score").first()
        if match is None:
            continue
        AgendaItem.objects.create(
            event=event,
            match=match,
            need_id=match.need_id,
            offer_id=match.offer_id,
            sort_order=order,
            outcome=outcome,
            contract_value=value,
            recorded_at=timezone.now(),
        )
