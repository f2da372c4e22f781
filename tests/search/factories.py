"""Builders for search tests: dev-case services as pages or as documents."""

from core.importer import publish_page, text_to_richtext
from search.documents import SearchDocument
from services.models import ServicePage

# (slug, category, title, description)
_OWN = [
    ("o01", "tech_innovation", "高新技术企业认定申报", "对照认定条件梳理研发投入与知识产权。"),
    ("o02", "training", "提高企业管理水平培训", "帮助企业提高管理效率，优化内部流程。"),
    ("o03", "financing", "股权融资对接", "为初创企业对接天使投资与创投机构，完成股权融资。"),
    ("o04", "finance_tax", "金融资产管理咨询", "协助企业盘点金融资产，规范资产核算。"),
    ("o05", "finance_tax", "代理记账服务", "小规模纳税人建账、记账与纳税申报。"),
    ("o06", "legal", "知识产权贯标辅导", "辅导企业建立知识产权管理体系。"),
    ("o07", "legal", "商品知识讲座", "讲解商品知识与产权保护常识。"),
    ("o08", "finance_tax", "研发费用加计扣除申报", "规范研发费用归集，享受加计扣除优惠。"),
    ("o09", "information", "ISO9001质量体系认证咨询", "ISO 9001 标准导入与内审员培训。"),
    ("o10", "information", "网络安全等级保护测评", "按照等级保护要求开展差距分析与整改。"),
    ("o11", "marketing", "电子商务平台运营", "帮助企业入驻主流电子商务平台并开展运营。"),
    ("o12", "training", "青年创业者沙龙", "交流创业经验，对接导师资源。"),
]
OWN_SERVICES = [
    {"slug": slug, "category": category, "title": title, "description": description}
    for slug, category, title, description in _OWN
]

# Cases of the same kind as the shared dev cases, over OWN_SERVICES plus the
# shared dev corpus: abbreviations, boundary traps, Latin and numbers.
OWN_CASES = [
    {"q": "高企", "gold": ["o01"], "traps": ["o02"], "why": "提高企业 holds 高企 across a boundary"},
    {"q": "融资", "gold": ["o03"], "traps": ["o04"], "why": "金融资产 holds 融资 across a boundary"},
    {"q": "代账", "gold": ["o05"], "traps": [], "why": "abbreviation of 代理记账"},
    {"q": "知产", "gold": ["o06"], "traps": ["o07"], "why": "abbreviation; 商品知识/产权 is not 知识产权"},
    {"q": "知识产权", "gold": ["o06"], "traps": ["o07"], "why": "知识与产权 apart is not the term"},
    {"q": "研发加计", "gold": ["o08"], "traps": [], "why": "abbreviation of 研发费用加计扣除"},
    {"q": "加计扣除", "gold": ["o08"], "traps": [], "why": "dictionary term"},
    {"q": "iso9001", "gold": ["o09"], "traps": [], "why": "Latin and digits whole, case-folded"},
    {"q": "ＩＳＯ", "gold": ["o09"], "traps": [], "why": "full-width Latin folds to half-width"},
    {"q": "等保", "gold": ["o10"], "traps": [], "why": "abbreviation of 等级保护"},
    {"q": "电商", "gold": ["o11", "d19"], "traps": [], "why": "two-way synonym 电商 = 电子商务"},
    {"q": "企业管理", "gold": ["o02"], "traps": [], "why": "two-word query"},
    {"q": "创业", "gold": ["o12", "d13"], "traps": [], "why": "plain word"},
]


def add_services(incubator, rows):
    pages = {}
    for row in rows:
        page = ServicePage(
            slug=f"case-{row['slug']}",
            title=row["title"],
            category=row["category"],
            description=text_to_richtext(row["description"]),
            fee=row.get("fee", "free"),
        )
        pages[row["slug"]] = publish_page(page, parent=incubator)
    return pages


def as_documents(rows, incubator="dev-cases", district="测评区"):
    """The rows as documents, for indexing a backend directly."""
    return [
        SearchDocument(
            type="service",
            page_id=1000 + index,
            slug=f"case-{row['slug']}",
            title=row["title"],
            url=f"/cases/{row['slug']}/",
            body=row["description"],
            meta="",
            category=[row["category"]],
            incubator=incubator,
            district=district,
            fee=row.get("fee", "free"),
        )
        for index, row in enumerate(rows)
    ]
