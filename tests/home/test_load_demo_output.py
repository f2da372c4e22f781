"""What load_demo prints speaks the language of the person running it: in
Chinese, no Latin words but the user names, passwords and the admin's
address (issue 15)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation

from tests.language import foreign_words

pytestmark = pytest.mark.django_db


def test_load_demo_output_has_no_english_words_in_chinese(demo):
    out = io.StringIO()
    with translation.override("zh-hans"):
        call_command("load_demo", force=True, stdout=out)
    text = out.getvalue()
    assert "科技局" in text  # the bureau's role in the accounts list
    user_names = set(get_user_model().objects.values_list("username", flat=True))
    assert foreign_words(text, "zh-hans", allowed=user_names) == []
