"""The bureau follows the year's quotas in the admin and drills down to the
records; the public reads the annual report and the published achievements;
an operator's achievement waits for the bureau's approval."""

import datetime
import re

from playwright.sync_api import expect

YEAR = datetime.date.today().year


def test_bureau_sees_the_quota_board_and_drills_down(page, site_url, admin_login, screenshot):
    admin_login("bureau", "bureau-demo-2026")
    panel = page.locator("#quota-board-section")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("link", name="发布科技成果")).to_be_visible()
    expect(panel.locator(".quota-status").first).to_be_visible()
    screenshot(page, "quotas-admin-dashboard")

    page.get_by_role("link", name="打开年度指标看板").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("年度指标看板")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    screenshot(page, "quotas-admin-board")

    row = page.locator("table.quota-admin-table tbody tr").filter(has_text="发布科技成果").first
    actual = row.locator("td").nth(1).inner_text()
    row.locator("td").nth(1).get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/admin/quota-board/{YEAR}/achievements_published/\?show=held"))
    expect(page.locator("table.quota-admin-table tbody tr")).to_have_count(int(actual))
    screenshot(page, "quotas-admin-drilldown")

    with page.expect_download() as download:
        page.goto(f"{site_url}/admin/quota-board/")
        page.get_by_role("link", name="导出 XLSX").first.click()
    assert download.value.suggested_filename == f"quotas-{YEAR}.xlsx"


def test_public_reads_the_annual_report(page, site_url, screenshot):
    page.goto(site_url + "/")
    expect(page.locator(".quota-summary")).to_be_visible()
    page.get_by_role("link", name="查看完整年度报告").click()
    expect(page).to_have_url(re.compile(rf"/report/{YEAR}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{YEAR} 年度指标报告")
    for metric in ("专题培训", "技术对接活动", "发布科技成果", "新增孵化项目"):
        expect(page.get_by_role("heading", level=2, name=metric)).to_be_visible()
    expect(page.locator(".tag--status-met").first).to_be_visible()
    expect(page.locator(".tag--status-behind").first).to_be_visible()
    page.locator("#metric-achievements_published summary").click()
    expect(page.locator("#metric-achievements_published table")).to_be_visible()
    screenshot(page, "quotas-public-report")


def test_public_reads_and_filters_the_achievements(page, site_url, screenshot):
    page.goto(site_url + "/")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="科技成果").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("科技成果")
    page.get_by_label("转化方式").select_option("equity")
    page.get_by_role("button", name="筛选").click()
    cards = page.locator(".achievement-card")
    expect(cards.first).to_contain_text("作价投资")
    screenshot(page, "achievements-list")
    cards.first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="表达合作意向")).to_be_visible()
    page.get_by_label("您的姓名").fill("王经理")
    page.get_by_label("电话").fill("13906310000")
    page.get_by_label(re.compile("^合作意向")).fill("希望洽谈许可生产。")
    page.get_by_role("button", name="发送").click()
    expect(page.locator(".interest .message--success")).to_be_visible()
    screenshot(page, "achievement-interest-sent")


def test_operator_sees_its_achievement_awaiting_approval_without_a_publish_button(
    page, site_url, admin_login, screenshot
):
    admin_login("op-huigu", "huigu-demo-2026")
    # The dashboard's inbox counts it and leads to the list of pages in review.
    pending = page.locator("[data-testid=inbox] [data-kind=pending_reviews]")
    expect(pending).to_contain_text("项科技成果等待科技局审批")
    assert int(pending.get_attribute("data-count")) >= 1
    pending.get_by_role("link").click()
    page.locator("main a[href*='/edit/']").first.click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    expect(page.locator("#page-edit-form")).to_be_visible()
    expect(page.locator("button[name=action-publish]")).to_have_count(0)
    screenshot(page, "achievement-operator-edit")
