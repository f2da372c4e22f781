"""A firm incubated at 慧谷孵化器 posts a technology demand through the public
form (a first try without contact data is refused, nothing typed is lost);
the operator of 慧谷 finds it waiting for review; the public list shows the
reviewed demo demands with their matches and no contact data."""

import datetime

from playwright.sync_api import expect


def test_post_a_demand_and_find_it_waiting_for_review(page, site_url, admin_login, screenshot):
    page.goto(site_url + "/demands/")
    expect(page.get_by_role("heading", level=1)).to_have_text("技术需求")
    expect(page.locator(".demand-card").first).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("0631-76")
    page.get_by_role("link", name="发布技术需求").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("发布技术需求")

    page.get_by_label("需求标题").fill("扇贝采收自动化设备")
    page.get_by_label("问题描述").fill("扇贝采收依赖人工出海，需要自动化采收与分拣设备。")
    page.get_by_label("技术领域").select_option(label="智能装备")
    page.get_by_label("可接受的最低成熟度").select_option("5")
    page.get_by_label("许可").check()
    page.get_by_label("合作实施").check()
    page.get_by_label("预算").fill("50-100万元")
    deadline = (datetime.date.today() + datetime.timedelta(days=120)).isoformat()
    page.get_by_label("截止日期").fill(deadline)
    page.get_by_label("企业名称").fill("荣成扇贝科技有限公司")
    page.get_by_label("您所在的孵化器").select_option(label="慧谷孵化器")
    page.get_by_label("您的姓名").fill("孙经理")
    page.get_by_label("我同意审核、对接本需求的孵化器和科技局为此使用我的联系方式。").check()
    page.get_by_role("button", name="提交需求").click()

    # No phone and no email: refused, next to the fields, the input kept.
    expect(page.locator("#id_phone_error")).to_contain_text("请至少填写电话或邮箱中的一项")
    expect(page.get_by_label("需求标题")).to_have_value("扇贝采收自动化设备")
    expect(page.get_by_label("合作实施")).to_be_checked()
    screenshot(page, "demand-form-error")

    page.get_by_label("电话", exact=True).fill("139 0631 2027")
    page.get_by_label("我同意审核、对接本需求的孵化器和科技局为此使用我的联系方式。").check()
    page.get_by_role("button", name="提交需求").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("需求已收到")
    expect(page.locator("main")).to_contain_text("慧谷孵化器")
    screenshot(page, "demand-form-sent")

    # Not public before review.
    page.goto(site_url + "/demands/")
    expect(page.locator("main")).not_to_contain_text("扇贝采收自动化设备")

    # The operator of 慧谷 finds it waiting.
    admin_login("op-huigu", "huigu-demo-2026")
    page.goto(site_url + "/admin/matchmaking/demands/")
    expect(page.locator("main")).to_contain_text("扇贝采收自动化设备")
    page.get_by_role("link", name="扇贝采收自动化设备").click()
    expect(page.locator("input[name=contact_phone]")).to_have_value("139 0631 2027")
    screenshot(page, "demand-review")


def test_a_demand_page_shows_its_matches_with_reasons(page, site_url):
    page.goto(site_url + "/demands/")
    page.get_by_role("link", name="海参加工副产物制备海参肽").click()
    matches = page.locator(".match-list")
    expect(matches).to_contain_text("海参肽酶解制备技术")
    expect(matches).to_contain_text("领域：海洋生物")
    expect(page.locator("main")).not_to_contain_text("0631-76")
