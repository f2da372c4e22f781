"""Technology fields are the bureau's managed list (issue 15): the bureau edits
it in the admin, operators only choose from it, imports name its entries, and
every public place shows an entry of it in the page's language."""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from achievements.models import AchievementIndexPage, AchievementPage, TechnologyField
from core.importer import run_import
from matchmaking.models import DemandPage
from tests.achievements.factories import form_data, make_achievement, technology_field

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/snippets/achievements/technologyfield/"
ADD_URL = LIST_URL + "add/"


def options(html, name="field"):
    select = BeautifulSoup(html, "html.parser").select_one(f'select[name="{name}"]')
    assert select is not None, f"no select {name}"
    return {option.get("value"): option.text.strip() for option in select.find_all("option")}


# --- the bureau edits, operators choose ---------------------------------------


def test_the_bureau_adds_a_field_in_the_admin(client, login):
    login("bureau")
    assert client.get(LIST_URL).status_code == 200
    response = client.post(
        ADD_URL, {"name_zh": "海洋装备", "name_en": "Marine equipment", "sort_order": "15"}
    )
    assert response.status_code == 302
    field = TechnologyField.objects.get(name_zh="海洋装备")
    assert (field.name_en, field.sort_order) == ("Marine equipment", 15)
    edited = client.post(
        f"{LIST_URL}edit/{field.pk}/",
        {"name_zh": "海洋装备", "name_en": "Ocean equipment", "sort_order": "15"},
    )
    assert edited.status_code == 302
    field.refresh_from_db()
    assert field.name_en == "Ocean equipment"


def test_an_operator_may_not_add_change_or_delete_fields(client, login):
    login("op-huigu")
    field = TechnologyField.objects.get(name_zh="海洋生物")
    assert client.get(ADD_URL).status_code == 403
    assert client.post(ADD_URL, {"name_zh": "海洋装备", "name_en": "", "sort_order": "0"}).status_code == 403
    assert not TechnologyField.objects.filter(name_zh="海洋装备").exists()
    assert client.get(LIST_URL).status_code == 403
    edit = f"{LIST_URL}edit/{field.pk}/"
    assert client.post(edit, {"name_zh": "改名", "name_en": "", "sort_order": "0"}).status_code == 403
    assert client.post(f"{LIST_URL}delete/{field.pk}/").status_code == 403
    assert TechnologyField.objects.filter(pk=field.pk, name_zh="海洋生物").exists()
    assert LIST_URL not in client.get("/admin/").content.decode()  # no menu item either


def test_a_field_in_use_is_not_deleted_an_unused_one_is(client, login, demo):
    login("bureau")
    used = TechnologyField.objects.get(name_zh="海洋生物")
    response = client.post(f"{LIST_URL}delete/{used.pk}/", follow=True)
    assert TechnologyField.objects.filter(pk=used.pk).exists()
    assert "不能删除" in response.content.decode()
    # Chosen only by a stored revision (a draft's earlier version): kept too.
    draft = make_achievement(demo.incubator("huigu"), live=False, field="旧领域")
    draft.field = technology_field("海洋生物")
    draft.save_revision()
    old = TechnologyField.objects.get(name_zh="旧领域")
    AchievementPage.objects.filter(pk=draft.pk).update(field=used)
    client.post(f"{LIST_URL}delete/{old.pk}/")
    assert TechnologyField.objects.filter(pk=old.pk).exists()
    unused = TechnologyField.objects.create(name_zh="无人使用")
    assert client.post(f"{LIST_URL}delete/{unused.pk}/").status_code == 302
    assert not TechnologyField.objects.filter(pk=unused.pk).exists()


def test_an_operators_edit_form_offers_only_the_list(client, login, demo):
    login("op-huigu")
    page = make_achievement(demo.incubator("huigu"), live=False)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    choices = options(response.content.decode())
    listed = {str(field.pk): field.name_zh for field in TechnologyField.objects.all()}
    assert {value: label for value, label in choices.items() if value} == listed
    add = client.get(f"/admin/pages/add/achievements/achievementpage/{demo.incubator('huigu').pk}/")
    assert set(options(add.content.decode())) - {""} == set(listed)
    # A value outside the list is refused, not stored.
    data = form_data(response.content.decode())
    data["field"] = "海洋装备"
    refused = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert refused.status_code == 200 and "field" in refused.context["form"].errors
    data["field"] = str(TechnologyField.objects.get(name_zh="智能装备").pk)
    assert client.post(f"/admin/pages/{page.pk}/edit/", data).status_code == 302
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().field.name_zh == "智能装备"


def test_the_demand_editor_offers_the_same_list(client, login, demo):
    login("bureau")
    demand = DemandPage.objects.live().first()
    html = client.get(f"/admin/pages/{demand.pk}/edit/").content.decode()
    assert set(options(html)) - {""} == {
        str(pk) for pk in TechnologyField.objects.values_list("pk", flat=True)
    }


# --- import_directory --------------------------------------------------------


def achievement_row(**values):
    return {
        "slug": "field-import-test",
        "incubator": "huigu",
        "title": "海参肽中试工艺",
        "summary": "海参肽酶解中试工艺",
        "field": "海洋生物",
        "maturity": 6,
        "published": "2026-02-01",
        **values,
    }


def demand_row(**values):
    return {
        "slug": "d-field-import-test",
        "title": "扇贝自动采收",
        "description": "扇贝采收依赖人工",
        "field": "智能装备",
        "deadline": "2099-06-30",
        "company": "荣成某水产公司",
        **values,
    }


def test_import_takes_the_chinese_or_the_english_name(demo):
    report = run_import(
        {
            "achievements": [achievement_row(field=" Marine Biology ")],
            "demands": [demand_row(field="智能装备")],
        }
    )
    assert report.ok, [str(error) for error in report.errors]
    assert AchievementPage.objects.get(slug="field-import-test").field.name_zh == "海洋生物"
    assert DemandPage.objects.get(slug="d-field-import-test").field.name_zh == "智能装备"


def test_an_unknown_field_is_a_row_error_naming_the_list_and_nothing_is_imported(demo):
    data = {
        "achievements": [achievement_row(slug="good-row"), achievement_row(slug="bad-row", field="海洋装备")],
        "demands": [demand_row(field="Ocean gear")],
    }
    with translation.override("zh-hans"):
        report = run_import(data)
    assert not report.ok
    messages = {(error.section, error.slug): error.message for error in report.errors}
    assert set(messages) == {("achievements", "bad-row"), ("demands", "d-field-import-test")}
    chinese = messages[("achievements", "bad-row")]
    assert chinese.startswith("field: 未知的技术领域“海洋装备”") and "海洋生物 (Marine biology)" in chinese
    assert not AchievementPage.objects.filter(slug="good-row").exists()
    with translation.override("en"):
        english = run_import(data).errors[0].message
    assert "unknown technical field “海洋装备”" in english and "智能装备 (Smart equipment)" in english


def test_the_command_reports_an_unknown_field_without_a_traceback(tmp_path, demo, capsys):
    path = tmp_path / "fields.json"
    path.write_text(json.dumps({"achievements": [achievement_row(field="海洋装备")]}), encoding="utf-8")
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command("import_directory", str(path))
    err = capsys.readouterr().err
    assert "achievements[0] (field-import-test): field: 未知的技术领域“海洋装备”" in err
    assert "Traceback" not in err


# --- public places show the list, in the page's language ----------------------


def test_a_public_filter_never_shows_a_value_outside_the_list(client, demo):
    make_achievement(demo.incubator("huigu"), title="列表里的领域", field="过滤测试领域")
    index = AchievementIndexPage.objects.get()
    listed = {str(field.pk): field for field in TechnologyField.objects.all()}
    for url in (index.url, "/demands/"):
        choices = options(client.get(url).content.decode())
        assert choices.pop("") in ("全部领域", "All fields")
        assert set(choices) <= set(listed)
        assert all(label == listed[value].name_zh for value, label in choices.items())
    choices = options(client.get(index.url).content.decode())
    assert "过滤测试领域" in choices.values()
    assert "现代物流" not in choices.values()  # on the list, but no achievement uses it


def test_labels_follow_the_page_language(client, demo):
    page = make_achievement(demo.incubator("huigu"), title="语言测试成果", field="海洋生物")
    index = AchievementIndexPage.objects.get()
    assert "海洋生物" in client.get(page.url).content.decode()
    client.cookies["lang"] = "en"
    html = client.get(page.url).content.decode()
    assert "Marine biology" in html and "海洋生物" not in html
    choices = options(client.get(index.url).content.decode())
    assert "Marine biology" in choices.values() and "海洋生物" not in choices.values()


def test_an_old_link_naming_the_field_still_filters(client, demo):
    page = make_achievement(demo.incubator("huigu"), title="旧链接成果", field="新材料")
    response = client.get(AchievementIndexPage.objects.get().url, {"field": "新材料"})
    titles = {item.title for item in response.context["page_obj"].paginator.object_list}
    assert page.title in titles
    assert all(item.field.name_zh == "新材料" for item in response.context["page_obj"].paginator.object_list)


def test_the_api_names_the_field_in_the_request_language(client, demo, settings):
    page = make_achievement(demo.incubator("huigu"), title="接口领域成果", field="海洋生物")
    url = reverse("api_v1:achievement", args=[page.slug])
    assert client.get(url).json()["field"] == "海洋生物"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get(url).json()["field"] == "Marine biology"
