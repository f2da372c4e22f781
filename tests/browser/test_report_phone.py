"""On a 390-px phone the annual report's tables keep each header on one
line (they scroll sideways instead of wrapping "目标" into one character a
line), in both languages (issue 15)."""

import datetime

import pytest

YEAR = datetime.date.today().year
PHONE = {"width": 390, "height": 844}
# How many lines each header cell's text takes: distinct tops of its line boxes.
LINES_PER_HEADER = """
table => [...table.querySelectorAll("thead th")].map(th => {
    const range = document.createRange();
    range.selectNodeContents(th);
    const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
    return [th.innerText.trim(), tops.size];
})
"""


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_report_table_headers_stay_on_one_line_on_a_phone(page, site_url, screenshot, language):
    page.set_viewport_size(PHONE)
    page.context.add_cookies([{"name": "lang", "value": language, "url": site_url}])
    page.goto(f"{site_url}/report/{YEAR}/")
    headers = page.locator("table.quota-table").first.evaluate(LINES_PER_HEADER)
    assert len(headers) == 6
    assert [text for text, lines in headers if lines != 1] == []
    screenshot(page, f"report-phone-{language}")
