"""Demo achievements, incubated projects and quota targets.

Dates are fixed days of the current year counted from 1 January (not from
today), so a second run in the same year changes nothing; records whose day
has not come yet are left out (an achievement cannot be published in the
future). Seen from late November: 66 achievements published this year
(behind the plan's 100), 34 projects admitted (the 30 are met) with two more
admissions in December, three drafts waiting for the bureau's approval, and
last year's history for the report's previous year. Everything goes through
import_directory, the way a year kept in spreadsheets would.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import WorkflowState

from achievements.approval import awaiting_approval
from core.importer import run_import

INCUBATORS = ["huigu", "kechuang", "lihai", "zhulangzhe", "huigu-maker"]

FIELDS = {
    "海洋生物": [
        "海参肽酶解制备技术",
        "海带岩藻多糖提取工艺",
        "鱼皮胶原蛋白肽制备",
        "牡蛎肽抗疲劳功能食品",
        "海洋微藻DHA发酵",
        "扇贝裙边综合利用",
        "海星皂苷提取纯化",
        "鱿鱼内脏酶制剂回收",
        "海藻酸钠医用敷料",
        "鲨鱼软骨硫酸软骨素提取",
    ],
    "智能装备": [
        "远洋渔船主机能效监测系统",
        "海参自动分拣机器人",
        "网箱投饵无人船",
        "水产品智能分级视觉系统",
        "船用尾气脱硫装置",
        "渔获冷冻自动理鱼线",
        "港口集装箱智能识别闸口",
        "水下网衣清洗机器人",
        "海上风电运维无人机巡检",
        "轮胎胎面缺陷视觉检测",
    ],
    "新能源": [
        "海上风电叶片防腐涂层",
        "核电站乏燃料转运监测",
        "氢燃料电池船舶动力模组",
        "渔光互补光伏支架",
        "波浪能发电浮体",
        "锂电池储能热管理系统",
        "分布式光伏运维平台",
        "海水淡化能量回收装置",
    ],
    "新材料": [
        "石墨烯改性防污涂料",
        "玄武岩纤维增强渔网",
        "可降解海洋浮标材料",
        "耐腐蚀钛合金紧固件",
        "超高分子量聚乙烯缆绳",
        "低滚阻轮胎胎面配方",
        "海工混凝土抗氯离子添加剂",
        "生物基可降解包装膜",
    ],
    "食品加工": [
        "即食海参低温熟化工艺",
        "鱼糜制品3D打印成型",
        "海带低钠酱料",
        "海鲜预制菜锁鲜包装",
        "超高压贝类脱壳",
        "冷链水产品货架期预测模型",
        "花生蛋白饮料稳定工艺",
        "无花果冻干加工",
    ],
    "信息技术": [
        "渔船北斗定位与电子渔捞日志",
        "海洋牧场数字孪生平台",
        "水产品溯源区块链系统",
        "港口调度优化算法",
        "中小企业财务SaaS",
        "工业设备预测性维护平台",
        "海况短临预报模型",
        "景区客流智能预警",
    ],
    "生物医药": [
        "海洋源抗菌肽",
        "壳聚糖止血海绵",
        "鱼明胶软胶囊",
        "海参皂苷抗肿瘤活性物质",
        "岩藻黄素护肤原料",
        "海洋寡糖植物疫苗",
    ],
    "现代农业": [
        "苹果水肥一体化智能灌溉",
        "大姜连作障碍生物防治",
        "设施蔬菜物联网环控",
        "花生机械化收获装备",
        "海藻渣有机肥发酵",
        "无人机植保精准施药",
    ],
    "节能环保": [
        "养殖尾水生态净化",
        "船舶含油污水处理",
        "海洋微塑料检测方法",
        "工业废盐资源化",
        "餐厨垃圾厌氧发酵",
        "渔港垃圾智能分类收集",
    ],
    "文化旅游": [
        "海草房建筑保护修缮技术",
        "胶东渔民号子数字化保护",
        "海洋主题研学课程体系",
    ],
}

SOURCES = [
    "中国海洋大学",
    "山东大学（威海）",
    "哈尔滨工业大学（威海）",
    "荣成市海洋经济研究院",
    "山东省海洋资源与环境研究院",
    "鲁东大学",
    "中国科学院海洋研究所",
    "威海海洋职业学院",
]

MODES = [["license"], ["transfer", "license"], ["joint"], ["equity", "joint"], ["transfer"], ["self"]]

PUBLISHED_THIS_YEAR = 66
PUBLISHED_LAST_YEAR = 4
DRAFTS = 3

PROJECT_NAMES = [
    "海蓝智能养殖",
    "渔光新能科技",
    "鲸灵海洋生物",
    "石岛冷链物流",
    "好运角文旅数字",
    "荣成海带深加工",
    "北斗渔船服务",
    "海参溯源科技",
    "胶东预制菜工坊",
    "赤山风电运维",
    "碧海环保科技",
    "海藻肥业",
    "俚岛船舶配件",
    "成山头无人机",
    "桑沟湾牧场科技",
    "荣成轮胎检测",
    "海之韵文创",
    "蓝色粮仓食品",
    "极地渔业装备",
    "海草房民宿运营",
    "渔港智慧能源",
    "海洋微藻科技",
    "荣成跨境电商",
    "鲍鱼苗种繁育",
    "海工新材料",
    "渔具智造",
    "海上光伏科技",
    "人和海洋牧场",
    "滨海康养科技",
    "海鲜直播电商",
    "荣成数控机械",
    "鱼皮胶原科技",
    "海洋药物研发",
    "港航数字科技",
    "海带膳食纤维",
    "远洋捕捞数据",
    "荣成氢能科技",
    "海水淡化设备",
    "渔网回收再生",
    "鲅鱼水饺工坊",
    "青年返乡农创",
    "海岛物流无人船",
]

PROJECTS_THIS_YEAR = 34
PROJECTS_SCHEDULED = 2  # admitted in December
PROJECTS_LAST_YEAR = 6


def _titles():
    """All demo achievement titles with their field, interleaving fields."""
    queues = {field: list(titles) for field, titles in FIELDS.items()}
    result = []
    while any(queues.values()):
        for field, titles in queues.items():
            if titles:
                result.append((field, titles.pop(0)))
    return result


def _day(year, day_of_year):
    return datetime.date(year, 1, 1) + datetime.timedelta(days=day_of_year - 1)


def _spread(count, first=6, last=322):
    """``count`` days of the year from ``first`` to ``last``, unevenly: the
    spring and autumn are busier than winter and summer."""
    days = []
    for index in range(count):
        fraction = index / max(1, count - 1)
        wobble = ((index * 37) % 11) - 5
        days.append(max(first, min(last, round(first + fraction * (last - first)) + wobble)))
    return sorted(days)


def achievement_rows(year, today):
    titles = _titles()
    rows = []
    plan = (
        [(year, day) for day in _spread(PUBLISHED_THIS_YEAR)]
        + [(year - 1, day) for day in _spread(PUBLISHED_LAST_YEAR, 60, 330)]
        + [(year, None)] * DRAFTS
    )
    for index, ((field, title), (pub_year, day)) in enumerate(zip(titles, plan, strict=False)):
        published = _day(pub_year, day) if day else None
        if published and published > today:
            continue
        source = SOURCES[index % len(SOURCES)]
        row = {
            "slug": f"ach-{pub_year}-{index + 1:02d}",
            "incubator": INCUBATORS[index % len(INCUBATORS)],
            "title": title,
            "summary": f"{title}：由{source}研发，面向荣成市{field}产业，寻求转化合作伙伴。",
            "field": field,
            "source": source,
            "maturity": 3 + index % 6,
            "transfer_modes": MODES[index % len(MODES)],
            "expected_terms": "许可费面议，可按销售额提成；欢迎产学研合作共建中试线。",
            "contact_name": "成果转化部",
            "contact_phone": f"0631-75{index:05d}",
            "patents": [
                {
                    "number": f"ZL{pub_year - 2}1{index:07d}.{index % 10}",
                    "title": title,
                    "status": "granted" if index % 3 else "pending",
                }
            ],
        }
        if published:
            row["published"] = published.isoformat()
        rows.append(row)
    return rows


def project_rows(year, today):
    rows = []
    stages = ["incubating"] * 5 + ["graduated"]
    plan = (
        [(year, day) for day in _spread(PROJECTS_THIS_YEAR, 10, 318)]
        + [(year, day) for day in (344, 350)][:PROJECTS_SCHEDULED]
        + [(year - 1, day) for day in _spread(PROJECTS_LAST_YEAR, 40, 300)]
    )
    for index, (name, (admit_year, day)) in enumerate(zip(PROJECT_NAMES, plan, strict=False)):
        admitted = _day(admit_year, day)
        rows.append(
            {
                "slug": f"proj-{admit_year}-{index + 1:02d}",
                "incubator": INCUBATORS[(index * 2) % len(INCUBATORS)],
                "name": name,
                "field": list(FIELDS)[index % len(FIELDS)],
                "admitted": admitted.isoformat(),
                "team_size": 3 + index % 9,
                "stage": "graduated" if admit_year < year and index % 2 else stages[index % len(stages)],
                "summary": f"{name}团队入驻孵化，聚焦{list(FIELDS)[index % len(FIELDS)]}方向。",
                "private": index % 11 == 4,
            }
        )
    return rows


def quota_rows(year):
    rows = [
        {"year": year, "metric": "training_sessions", "target": 10},
        {"year": year, "metric": "matchmaking_events", "target": 15},
        {"year": year, "metric": "achievements_published", "target": 100},
        {"year": year, "metric": "incubated_projects", "target": 30},
        {"year": year, "metric": "referrals_completed", "target": 20, "note": "科技局年度工作要点"},
    ]
    rows += [
        {"year": year, "metric": "incubated_projects", "incubator": slug, "target": 6} for slug in INCUBATORS
    ]
    return rows


def attribute_drafts_to_operators():
    """Imported drafts are submitted by nobody; in the demo, by their team."""

    User = get_user_model()
    for page in awaiting_approval():
        operator = User.objects.filter(username=f"op-{page.incubator.slug}").first()
        if operator:
            WorkflowState.objects.filter(
                object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS, requested_by=None
            ).update(requested_by=operator)


@transaction.atomic
def load(stdout):
    today = timezone.localdate()
    year = today.year
    data = {
        "achievements": achievement_rows(year, today),
        "projects": project_rows(year, today),
        "quotas": quota_rows(year),
    }
    report = run_import(data)
    if not report.ok:
        for error in report.errors:
            stdout.write(str(error))
        raise CommandError(_("The demo achievements did not import."))
    attribute_drafts_to_operators()
    for line in report.summary_lines():
        stdout.write(line)
