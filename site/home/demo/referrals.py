"""Demo referrals: a handful of requests this year in every state, most of
them between different incubators, some rated — so the admin list, the
dashboard count, the bureau's matrix and the quota board have something to
show. Each demo requester has its own email address, which is how a second
run finds what the first one made. No mail is sent: the people are made up.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incubators.models import IncubatorPage
from services import referrals
from services.models import Referral, ServicePage

# "from" is the requester's incubator (None: not incubated); "referred" marks
# a referral entered by that incubator's operator; "notes" per status change.
DEMO_REFERRALS = [
    {
        "service": "kechuang-patent",
        "from": "huigu-maker",
        "referred": False,
        "days_ago": 120,
        "status": "completed",
        "rating": 5,
        "name": "周明",
        "company": "荣成云启软件有限公司",
        "need": "两项软件相关发明的专利申请，需要代理撰写。",
        "notes": {"completed": "已提交两件发明专利申请，取得受理通知书。"},
    },
    {
        "service": "huigu-bookkeeping",
        "from": "zhulangzhe",
        "referred": True,
        "days_ago": 95,
        "status": "completed",
        "rating": 4,
        "name": "李娜",
        "company": "逐浪文创工作室",
        "need": "刚注册的小规模纳税人，需要代理记账和报税。",
        "notes": {"completed": "签订一年代理记账协议，已完成首月申报。"},
    },
    {
        "service": "huigu-maker-website",
        "from": "lihai",
        "referred": True,
        "days_ago": 80,
        "status": "completed",
        "rating": 5,
        "name": "王海",
        "company": "利海海洋食品有限公司",
        "need": "需要一个展示海参产品的小程序和官网。",
        "notes": {"completed": "小程序与官网已上线。"},
    },
    {
        "service": "lihai-brand",
        "from": "kechuang",
        "referred": False,
        "days_ago": 60,
        "status": "completed",
        "rating": 3,
        "name": "赵磊",
        "company": "科芯检测技术有限公司",
        "need": "检测仪器新品的品牌策划与包装设计。",
        "notes": {"completed": "完成品牌手册和两款包装设计。"},
    },
    {
        "service": "huigu-tax-filing",
        "from": "huigu",
        "referred": False,
        "days_ago": 45,
        "status": "completed",
        "rating": 4,
        "name": "孙丽",
        "company": "慧谷智造科技有限公司",
        "need": "税务登记变更及季度申报。",
        "notes": {"completed": "已完成税务登记变更。"},
    },
    {
        "service": "kechuang-testing",
        "from": "huigu",
        "referred": False,
        "days_ago": 20,
        "status": "accepted",
        "rating": None,
        "name": "陈刚",
        "company": "慧谷智造科技有限公司",
        "need": "新型传感器样品的检验检测。",
        "notes": {"accepted": "样品请于下周送至公共技术平台。"},
    },
    {
        "service": "huigu-angel-matching",
        "from": "huigu-maker",
        "referred": False,
        "days_ago": 30,
        "status": "declined",
        "rating": None,
        "name": "刘洋",
        "company": "云端数据工作室",
        "need": "寻找天使投资，估值约五百万元。",
        "notes": {"declined": "项目尚处于创意阶段，建议先参加创业训练营后再申请对接。"},
    },
    {
        "service": "kechuang-tech-transfer",
        "from": "zhulangzhe",
        "referred": True,
        "days_ago": 6,
        "status": "new",
        "rating": None,
        "name": "马超",
        "company": "浪花文旅有限公司",
        "need": "希望对接高校的海洋文旅数字化成果。",
        "notes": {},
    },
    {
        "service": "zhulangzhe-registration",
        "from": None,
        "referred": False,
        "days_ago": 2,
        "status": "new",
        "rating": None,
        "name": "杨帆",
        "company": "",
        "need": "返乡创业，准备注册一家农产品电商公司。",
        "notes": {},
    },
]

PATH = {
    "accepted": ["accepted"],
    "declined": ["declined"],
    "completed": ["accepted", "completed"],
    "new": [],
}


def _when(days_ago, now):
    """``days_ago`` days back, but never before 1 January of this year."""
    start = now.replace(month=1, day=1, hour=9, minute=0, second=0, microsecond=0)
    return max(now - timedelta(days=days_ago), start + timedelta(hours=days_ago % 24))


@transaction.atomic
def load(stdout):
    User = get_user_model()
    now = timezone.localtime()
    created = 0
    for n, spec in enumerate(DEMO_REFERRALS, start=1):
        slug, from_slug, referred = spec["service"], spec["from"], spec["referred"]
        days, final, rating, notes = spec["days_ago"], spec["status"], spec["rating"], spec["notes"]
        name, company, need = spec["name"], spec["company"], spec["need"]
        email = f"demo-requester-{n}@example.cn"
        if Referral.objects.filter(email=email).exists():
            continue
        service = ServicePage.objects.live().filter(slug=slug).first()
        if service is None:
            continue
        source = IncubatorPage.objects.filter(slug=from_slug).first() if from_slug else None
        at = _when(days, now)
        contact = {"requester_name": name, "company": company, "phone": f"1380631{n:04d}", "email": email}
        if referred and source is not None:
            operator = User.objects.get(username=f"op-{source.slug}")
            referral = referrals.create_request(
                service,
                from_incubator=source,
                source="referral",
                referred_by=operator,
                need=need,
                at=at,
                notify=False,
                **contact,
            )
        else:
            referral = referrals.create_request(
                service, from_incubator=source, need=need, at=at, notify=False, **contact
            )
            if source is not None and source.pk != referral.to_incubator_id:
                # in the demo story the requester's incubator confirmed it
                referrals.confirm_origin(referral, User.objects.get(username=f"op-{source.slug}"), at=at)
        handler = User.objects.get(username=f"op-{referral.to_incubator.slug}")
        step_at = at
        for step, status in enumerate(PATH[final], start=1):
            step_at = step_at + timedelta(hours=5 * step + n, days=(step - 1) * 6)
            referrals.change_status(
                referral, handler, status, notes.get(status, ""), at=min(step_at, now), notify=False
            )
        if rating:
            referrals.rate(
                referral, rating, "服务专业，响应及时。" if rating >= 4 else "", at=min(step_at, now)
            )
        created += 1
    stdout.write(_("referrals: %(count)d created") % {"count": created})
