"""Demo events: a current-year calendar for the five demo incubators.

Dates are fixed days of the current year (anchored to 1 January, not to
today), so a second run in the same year changes nothing; two more fall in
the next January so that something is always upcoming. Seen from late
November the year holds 7 training sessions and 9 matchmaking events so far,
with more scheduled in December — training behind pace, matchmaking further
behind — plus roadshows, registrations (one event full, with a waiting list)
and matchmaking outcomes. The events go through import_directory like any
spreadsheet-kept year would.
"""

import datetime
import zoneinfo
from decimal import Decimal

from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.importer import run_import
from events.models import EventPage, MatchmakingOutcome, Registration, RegistrationStatus

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

# (slug stem, host, kind, month, day, start hour, hours, title, place, capacity, co-hosts)
EVENTS = [
    (
        "rd-expense",
        "huigu",
        "training",
        3,
        12,
        9,
        2.5,
        "研发费用加计扣除归集专题培训",
        "慧谷大厦三楼报告厅",
        60,
        [],
    ),
    (
        "ip-basics",
        "kechuang",
        "training",
        4,
        16,
        14,
        2,
        "专利挖掘与布局实务培训",
        "科技创新中心201会议室",
        40,
        [],
    ),
    (
        "startup-camp",
        "zhulangzhe",
        "training",
        5,
        21,
        9,
        6,
        "青年返乡创业训练营（第一期）",
        "逐浪者创客路演厅",
        50,
        [],
    ),
    (
        "hitech-apply",
        "huigu",
        "training",
        6,
        18,
        9,
        3,
        "高新技术企业认定申报辅导",
        "慧谷大厦三楼报告厅",
        80,
        ["kechuang"],
    ),
    (
        "cross-border",
        "lihai",
        "training",
        7,
        9,
        14,
        2.5,
        "跨境电商平台运营实务",
        "利海创客空间培训室",
        40,
        [],
    ),
    (
        "data-compliance",
        "huigu-maker",
        "training",
        9,
        17,
        14,
        2,
        "企业数据合规与网络安全培训",
        "慧谷大厦二楼活动区",
        40,
        [],
    ),
    (
        "new-media",
        "zhulangzhe",
        "training",
        10,
        22,
        14,
        3,
        "新媒体营销与短视频运营",
        "逐浪者创客路演厅",
        50,
        [],
    ),
    (
        "year-end-tax",
        "huigu",
        "training",
        12,
        3,
        9,
        2.5,
        "年度企业所得税汇算清缴要点",
        "慧谷大厦三楼报告厅",
        60,
        [],
    ),
    (
        "financing-pitch",
        "zhulangzhe",
        "training",
        12,
        17,
        14,
        3,
        "创业融资路演技巧训练",
        "逐浪者创客路演厅",
        30,
        ["huigu"],
    ),
    (
        "marine-food",
        "kechuang",
        "matchmaking",
        2,
        26,
        9,
        3,
        "海洋食品精深加工技术对接会",
        "科技创新中心一楼多功能厅",
        80,
        ["lihai"],
    ),
    (
        "univ-shandong",
        "kechuang",
        "matchmaking",
        3,
        26,
        14,
        3,
        "高校院所科技成果进荣成对接会",
        "科技创新中心一楼多功能厅",
        100,
        [],
    ),
    (
        "bank-enterprise",
        "huigu",
        "matchmaking",
        4,
        23,
        14,
        2.5,
        "银企融资对接会",
        "慧谷大厦三楼报告厅",
        80,
        [],
    ),
    (
        "cold-chain",
        "lihai",
        "matchmaking",
        5,
        28,
        9,
        3,
        "冷链物流技术供需对接会",
        "利海创客空间培训室",
        40,
        [],
    ),
    (
        "smart-fishery",
        "kechuang",
        "matchmaking",
        6,
        25,
        9,
        3,
        "智慧渔业装备技术对接会",
        "石岛渔港综合服务中心",
        60,
        ["lihai"],
    ),
    (
        "industrial-internet",
        "huigu-maker",
        "matchmaking",
        7,
        23,
        14,
        2.5,
        "工业互联网解决方案供需对接",
        "慧谷大厦二楼活动区",
        40,
        [],
    ),
    (
        "brand-channel",
        "lihai",
        "matchmaking",
        8,
        27,
        14,
        2.5,
        "海产品品牌与渠道对接会",
        "利海创客空间培训室",
        40,
        [],
    ),
    (
        "new-materials",
        "kechuang",
        "matchmaking",
        9,
        24,
        9,
        3,
        "新材料技术成果转化对接会",
        "科技创新中心一楼多功能厅",
        80,
        [],
    ),
    (
        "vc-day",
        "huigu",
        "matchmaking",
        11,
        12,
        14,
        3,
        "创投机构项目对接日",
        "慧谷大厦三楼报告厅",
        60,
        ["huigu-maker"],
    ),
    (
        "culture-tourism",
        "zhulangzhe",
        "matchmaking",
        12,
        4,
        14,
        2.5,
        "文旅融合项目对接会",
        "逐浪者创客路演厅",
        40,
        [],
    ),
    (
        "ocean-biotech",
        "kechuang",
        "matchmaking",
        12,
        11,
        9,
        3,
        "海洋生物医药技术对接会",
        "科技创新中心一楼多功能厅",
        10,
        [],
    ),
    (
        "software-demand",
        "huigu-maker",
        "matchmaking",
        12,
        22,
        14,
        2.5,
        "软件企业需求发布与对接会",
        "慧谷大厦二楼活动区",
        40,
        [],
    ),
    ("spring-roadshow", "huigu", "roadshow", 4, 9, 14, 3, "春季科技项目路演", "慧谷大厦三楼报告厅", 100, []),
    (
        "maker-contest",
        "zhulangzhe",
        "roadshow",
        8,
        13,
        9,
        6,
        "创客大赛项目路演",
        "逐浪者创客路演厅",
        120,
        ["huigu-maker"],
    ),
    (
        "year-end-roadshow",
        "lihai",
        "roadshow",
        12,
        9,
        14,
        3,
        "年终优秀项目路演",
        "利海创客空间路演区",
        80,
        ["kechuang"],
    ),
    ("open-day", "huigu-maker", "other", 10, 15, 9, 4, "众创空间开放日", "慧谷大厦二楼", None, []),
    # Month 13 and over fall in the next year's January, so the calendar still
    # has upcoming events when the demo is loaded in the last days of December.
    (
        "new-year-policy",
        "huigu",
        "training",
        13,
        14,
        9,
        2,
        "新年度科技政策解读会",
        "慧谷孵化器三楼报告厅",
        60,
        [],
    ),
    (
        "new-year-tech-needs",
        "kechuang",
        "matchmaking",
        13,
        21,
        14,
        3,
        "新年度企业技术需求发布会",
        "科创中心一楼多功能厅",
        80,
        ["lihai"],
    ),
]

DESCRIPTIONS = {
    "training": "面向入驻企业和全市科技型中小企业，讲解政策要点与实务操作，现场答疑。",
    "matchmaking": "发布技术需求与成果，组织企业与高校院所、投资机构一对一洽谈。",
    "roadshow": "入驻项目现场路演，投资机构与专家点评。",
    "other": "参观空间、了解入驻政策与服务。",
}
AUDIENCE = {
    "training": "科技型中小企业负责人、财务与研发人员",
    "matchmaking": "有技术需求或合作意向的企业、高校院所科研人员、投资机构",
    "roadshow": "投资机构、孵化器运营人员、创业团队",
    "other": "有意入驻的创业团队与个人",
}

PEOPLE = [
    ("王晓明", "荣成海之味食品有限公司"),
    ("李娜", "石岛蓝湾冷链物流有限公司"),
    ("张磊", "荣成云帆软件科技有限公司"),
    ("刘洋", "好运角文旅发展有限公司"),
    ("陈静", "荣成海润生物科技有限公司"),
    ("杨帆", "慧谷智造装备有限公司"),
    ("赵敏", "利海跨境电子商务有限公司"),
    ("孙浩", "荣成鲸鸣新材料有限公司"),
    ("周婷", "成山头创意设计工作室"),
    ("吴强", "荣成渔港智能装备有限公司"),
    ("郑琳", "海岸线数据服务有限公司"),
    ("冯涛", "荣成绿洲农业科技有限公司"),
]

# slug stem → (registrations, of which checked in); the ocean-biotech event
# (capacity 10) is full with two people waiting.
REGISTRATIONS = {
    "new-media": (10, 8),
    "vc-day": (12, 9),
    "year-end-tax": (9, 0),
    "culture-tourism": (5, 0),
    "ocean-biotech": (12, 0),
    "financing-pitch": (4, 0),
}

# slug stem → outcomes of held matchmaking events
OUTCOMES = {
    "marine-food": [
        ("agreement", "荣成海之味食品有限公司、滨海海洋大学", "海参肽酶解工艺合作开发", "120"),
        ("follow_up", "荣成海润生物科技有限公司、黄海理工学院", "鱼皮胶原蛋白提取中试", None),
    ],
    "univ-shandong": [("agreement", "荣成鲸鸣新材料有限公司、滨海理工大学", "海洋防腐涂层技术许可", "80")],
    "bank-enterprise": [("intention", "慧谷智造装备有限公司、某商业银行荣成支行", "知识产权质押贷款", "300")],
    "smart-fishery": [
        ("agreement", "荣成渔港智能装备有限公司、东海海洋技术研究所", "智能投喂系统联合研发", "150")
    ],
    "new-materials": [
        ("follow_up", "荣成鲸鸣新材料有限公司、北方材料科学研究院", "可降解渔网材料中试", None)
    ],
    "vc-day": [("intention", "荣成云帆软件科技有限公司、某创新投资基金", "A轮融资意向", "500")],
}


def slug_for(stem, host, year):
    return f"{host}-{stem}-{year}"


def event_rows(year):
    rows = []
    for stem, host, kind, month, day, hour, hours, title, place, capacity, co_hosts in EVENTS:
        start = datetime.datetime(
            year + (month - 1) // 12, (month - 1) % 12 + 1, day, hour, 0, tzinfo=SHANGHAI
        )
        end = start + datetime.timedelta(hours=hours)
        row = {
            "slug": slug_for(stem, host, year),
            "incubator": host,
            "kind": kind,
            "title": title,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "place": place,
            "capacity": capacity,
            "audience": AUDIENCE[kind],
            "description": DESCRIPTIONS[kind],
            "co_hosts": co_hosts,
        }
        if kind != "other":
            row["registration_deadline"] = (start - datetime.timedelta(days=1)).replace(hour=17).isoformat()
        rows.append(row)
    return rows


def add_registrations(event, count, checked_in):
    created = 0
    confirmed = 0
    for number in range(count):
        name, company = PEOPLE[number % len(PEOPLE)]
        email = f"demo{number + 1:02d}.{event.slug}@example.cn"
        if Registration.objects.filter(event=event, email=email).exists():
            if Registration.objects.get(event=event, email=email).status == RegistrationStatus.CONFIRMED:
                confirmed += 1
            continue
        full = event.capacity is not None and confirmed >= event.capacity
        day = timezone.localtime(event.start) - datetime.timedelta(days=10 - number % 7)
        registered = day.replace(hour=9, minute=0) + datetime.timedelta(hours=number % 8, minutes=7 * number)
        Registration.objects.create(
            event=event,
            name=name,
            company=company,
            phone=f"1380631{number + 1:04d}",
            email=email,
            language="zh-hans",
            status=RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED,
            created_at=registered,
            checked_in_at=event.start + datetime.timedelta(minutes=5 + number)
            if number < checked_in
            else None,
        )
        confirmed += 0 if full else 1
        created += 1
    return created


def add_outcomes(event, outcomes):
    if event.outcomes.exists():
        return False
    event.outcomes = [
        MatchmakingOutcome(
            kind=kind,
            parties=parties,
            subject=subject,
            amount=Decimal(amount) if amount else None,
            sort_order=n,
        )
        for n, (kind, parties, subject, amount) in enumerate(outcomes)
    ]
    event.save_revision(log_action=True).publish()
    return True


@transaction.atomic
def load(stdout):
    year = timezone.localdate().year
    report = run_import({"events": event_rows(year)})
    if not report.ok:
        for error in report.errors:
            stdout.write(str(error))
        raise CommandError(_("The demo events did not import."))
    registrations = 0
    outcomes = 0
    for stem, host, *_rest in EVENTS:
        slug = slug_for(stem, host, year)
        if stem in REGISTRATIONS:
            event = EventPage.objects.get(slug=slug)
            registrations += add_registrations(event, *REGISTRATIONS[stem])
        if stem in OUTCOMES:
            event = EventPage.objects.get(slug=slug)
            outcomes += add_outcomes(event, OUTCOMES[stem])
    for line in report.summary_lines():
        stdout.write(line)
    stdout.write(
        _("%(registrations)d registrations and %(outcomes)d outcome lists added")
        % {"registrations": registrations, "outcomes": outcomes}
    )
