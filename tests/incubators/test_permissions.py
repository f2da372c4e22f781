"""The permission matrix: roles × admin URLs.

Wagtail answers a signed-in user who lacks a permission with a redirect to
the admin home (and a "no permission" message) rather than a 403; exploring a
page outside the user's subtree redirects to the user's own explorable root.
Anonymous users are sent to the login page. Each row asserts what Wagtail
answers *and* that nothing changed.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import CollectionViewRestriction, Page, PageLogEntry, Revision

from core.access import BUREAU_GROUP_NAME, is_bureau
from incubators.teams import create_operator
from services.models import ServicePage
from tests.achievements.factories import form_data
from tests.core.test_media_access import _document
from tests.factories import make_incubator

pytestmark = pytest.mark.django_db

DENIED = "denied"  # 302 to /admin/ (Wagtail's permission-denied answer)
LOGIN = "login"
OK = "ok"


def admin_urls(demo):
    a, b = demo.incubator("huigu"), demo.incubator("kechuang")
    sa, sb = demo.service("huigu-bookkeeping"), demo.service("kechuang-patent")
    return {
        "edit B": f"/admin/pages/{b.id}/edit/",
        "edit B's service": f"/admin/pages/{sb.id}/edit/",
        "add under B": f"/admin/pages/add/services/servicepage/{b.id}/",
        "delete B's service": f"/admin/pages/{sb.id}/delete/",
        "unpublish B's service": f"/admin/pages/{sb.id}/unpublish/",
        "move B's service": f"/admin/pages/{sb.id}/move/",
        "history of B's service": f"/admin/pages/{sb.id}/history/",
        "add an incubator": f"/admin/pages/add/incubators/incubatorpage/{a.get_parent().id}/",
        "users": "/admin/users/",
        "groups": "/admin/groups/",
        "edit A": f"/admin/pages/{a.id}/edit/",
        "edit A's service": f"/admin/pages/{sa.id}/edit/",
        "add under A": f"/admin/pages/add/services/servicepage/{a.id}/",
        "explore A": f"/admin/pages/{a.id}/",
        "images": "/admin/images/",
    }


MATRIX = {
    # target:                 anonymous, operator of A, bureau
    "edit B": (LOGIN, DENIED, OK),
    "edit B's service": (LOGIN, DENIED, OK),
    "add under B": (LOGIN, DENIED, OK),
    "delete B's service": (LOGIN, DENIED, OK),
    "unpublish B's service": (LOGIN, DENIED, OK),
    "move B's service": (LOGIN, DENIED, OK),
    "history of B's service": (LOGIN, DENIED, OK),
    "add an incubator": (LOGIN, DENIED, OK),
    "users": (LOGIN, DENIED, OK),
    "groups": (LOGIN, DENIED, OK),
    "edit A": (LOGIN, OK, OK),
    "edit A's service": (LOGIN, OK, OK),
    "add under A": (LOGIN, OK, OK),
    "explore A": (LOGIN, OK, OK),
    "images": (LOGIN, OK, OK),
}


def outcome(response):
    location = response.get("Location", "")
    if response.status_code == 200:
        return OK
    if response.status_code == 302 and location.startswith("/admin/login/"):
        return LOGIN
    if (response.status_code == 302 and location == "/admin/") or response.status_code in (403, 404):
        return DENIED
    return f"unexpected {response.status_code} {location}"


@pytest.mark.parametrize("target", list(MATRIX))
@pytest.mark.parametrize("role", [0, 1, 2], ids=["anonymous", "operator-A", "bureau"])
def test_permission_matrix(client, demo, role, target):
    username = [None, "op-huigu", "bureau"][role]
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    response = client.get(admin_urls(demo)[target])
    assert outcome(response) == MATRIX[target][role]


def test_operator_cannot_list_another_incubator_for_editing(client, demo, login):
    login("op-huigu")
    b = demo.incubator("kechuang")
    response = client.get(f"/admin/pages/{b.id}/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{demo.incubator('huigu').id}/"
    listing = client.get(f"/admin/pages/{b.get_parent().id}/", follow=True).content.decode()
    assert "专利申请代理" not in listing and "科创中心" not in listing
    search = client.get("/admin/pages/search/", {"q": "专利申请代理"}).content.decode()
    assert (
        "kechuang-patent" not in search
        and f"/admin/pages/{demo.service('kechuang-patent').id}/edit/" not in search
    )


def test_operator_cannot_publish_or_unpublish_anothers_service(client, demo, login):
    login("op-huigu")
    service = demo.service("kechuang-patent")
    before = service.get_latest_revision().pk
    response = client.post(
        f"/admin/pages/{service.id}/edit/",
        {
            "title": "被篡改",
            "slug": service.slug,
            "category": "legal",
            "fee": "free",
            "delivery_mode": "online",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    service.refresh_from_db()
    assert service.title == "专利申请代理" and service.get_latest_revision().pk == before
    client.post(f"/admin/pages/{service.id}/unpublish/")
    assert ServicePage.objects.get(pk=service.pk).live


def test_operator_publishes_own_service(client, demo, login):
    login("op-huigu")
    service = demo.service("huigu-bookkeeping")
    edit_url = f"/admin/pages/{service.id}/edit/"
    data = form_data(client.get(edit_url).content.decode())
    data.update({"title": "代理记账（新版）", "action-publish": "publish"})
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    service.refresh_from_db()
    assert service.title == "代理记账（新版）" and service.live
    assert service.get_latest_revision().user.username == "op-huigu"


def test_operator_sees_only_own_collection_images(client, demo, login):
    login("op-huigu")
    html = client.get("/admin/images/").content.decode()
    assert "logo · huigu" in html
    assert "logo · kechuang" not in html


def test_operator_cannot_delete_own_incubator_page(client, demo):
    incubator = make_incubator(title="空孵化器")  # a leaf: Wagtail alone would allow it
    user, _password = create_operator("op-empty", incubator)
    client.force_login(user)
    response = client.post(f"/admin/pages/{incubator.id}/delete/")
    assert response.status_code == 302
    assert type(incubator).objects.filter(pk=incubator.pk).exists()


def test_bureau_membership(demo):
    User = get_user_model()
    assert is_bureau(User.objects.get(username="bureau"))
    assert not is_bureau(User.objects.get(username="op-huigu"))


# Cross-incubator actions (issue 9): copy, alias and every admin API action
# on incubator B's service, B's documents, by four roles. ``DONE`` is an
# action carried out (200/201/204, or a redirect elsewhere than the admin
# home or a login page). After every refused action the database is as before.
DONE = "done"
ROLES = {"anonymous": None, "operator-A": "op-huigu", "operator-B": "op-kechuang", "bureau": "bureau"}
API_ACTIONS = ["copy", "create_alias", "publish", "unpublish", "move", "delete"]


def action_outcome(response):
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith(("/admin/login/", "/_util/login/")):
        return LOGIN
    if (response.status_code == 302 and location == "/admin/") or response.status_code in (401, 403, 404):
        return DENIED
    if response.status_code in (200, 201, 204, 302):
        return DONE
    return f"unexpected {response.status_code} {location}"


def own_incubator(demo, role):
    """Where a role copies, aliases or moves to: its own incubator (the
    bureau and visitors: B's)."""
    return demo.incubator("huigu" if role == "operator-A" else "kechuang")


def _restricted_document(demo, restriction_type):
    b = demo.incubator("kechuang")
    document = _document(b, f"kechuang-{restriction_type}-plan")
    restriction = CollectionViewRestriction.objects.create(
        collection=b.collection, restriction_type=restriction_type
    )
    if restriction_type == CollectionViewRestriction.GROUPS:
        restriction.groups.set([b.operator_group, Group.objects.get(name=BUREAU_GROUP_NAME)])
    return document


def cross_incubator_request(client, demo, role, target):
    """The response to one matrix row's request, made as the logged-in role."""
    service, destination = demo.service("kechuang-patent"), own_incubator(demo, role)
    copy_form = {
        "new_title": "专利申请代理（复制）",
        "new_slug": "kechuang-patent-copy",
        "new_parent_page": destination.pk,
        "publish_copies": "on",
    }
    if target == "copy view":
        return client.get(f"/admin/pages/{service.pk}/copy/")
    if target in ("copy view: copy", "copy view: alias"):
        data = {**copy_form, "alias": "on"} if target.endswith("alias") else copy_form
        return client.post(f"/admin/pages/{service.pk}/copy/", data)
    if target == "API document":
        document = _document(demo.incubator("kechuang"), "kechuang-api-doc")
        return client.get(f"/admin/api/main/documents/{document.pk}/")
    if target.startswith("API "):
        action = target.removeprefix("API ")
        data = {
            "copy": {"destination_page_id": destination.pk, "slug": "kechuang-patent-copy"},
            "create_alias": {"destination_page_id": destination.pk, "update_slug": "kechuang-patent-alias"},
            "move": {"destination_page_id": destination.pk, "position": "first-child"},
        }.get(action, {})
        url = f"/admin/api/main/pages/{service.pk}/action/{action}/"
        return client.post(url, data, content_type="application/json")
    restriction = {"download: login": "login", "download: team": "groups"}[target]
    return client.get(_restricted_document(demo, restriction).url)


CROSS_INCUBATOR = {
    # target:              anonymous, operator A, operator B, bureau
    "copy view": (LOGIN, DENIED, DONE, DONE),
    "copy view: copy": (LOGIN, DENIED, DONE, DONE),
    "copy view: alias": (LOGIN, DENIED, DONE, DONE),
    **{f"API {action}": (LOGIN, DENIED, DONE, DONE) for action in API_ACTIONS},
    "API document": (LOGIN, DENIED, DONE, DONE),
    # Wagtail asks anyone the restriction does not admit to sign in (as someone it admits).
    "download: login": (LOGIN, DONE, DONE, DONE),
    "download: team": (LOGIN, LOGIN, DONE, DONE),
}


def snapshot(demo):
    """What any of these actions could change."""
    service = Page.objects.filter(slug="kechuang-patent").first()
    return {
        "pages": Page.objects.count(),
        "aliases": Page.objects.filter(alias_of__isnull=False).count(),
        "revisions": Revision.objects.count(),
        "service": service
        and (service.path, service.url_path, service.live, service.latest_revision_id, service.title),
        "log entries": PageLogEntry.objects.count(),
    }


@pytest.mark.parametrize("target", list(CROSS_INCUBATOR))
@pytest.mark.parametrize("role", list(ROLES))
def test_cross_incubator_matrix(client, demo, role, target):
    if ROLES[role]:
        client.force_login(get_user_model().objects.get(username=ROLES[role]))
    before = snapshot(demo)
    response = cross_incubator_request(client, demo, role, target)
    expected = CROSS_INCUBATOR[target][list(ROLES).index(role)]
    assert action_outcome(response) == expected, response.content[:500]
    if expected in (LOGIN, DENIED):
        assert snapshot(demo) == before
        body = b"".join(getattr(response, "streaming_content", [response.content]))
        assert b"confidential" not in body
    elif target.startswith(("copy view: ", "API ")) and target != "API document":
        assert snapshot(demo) != before  # the row really exercises the action
