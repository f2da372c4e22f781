"""The helper the language tests rely on (tests/language.py) catches plain
English words, lowercase ones too, and lets slugs, codes and user names
through (issue 15)."""

from tests.language import foreign_words


def test_lowercase_english_words_are_foreign_in_chinese():
    words = foreign_words("插入 insert a block · actual network behind", "zh-hans")
    assert words == ["actual", "behind", "block", "insert", "network"]


def test_slugs_codes_paths_and_user_names_are_not_words():
    text = "op-huigu training_sessions 2026a GB/T KC-2026-01 /admin/pages/ bureau 张三 a@b.cn https://x.cn/y"
    assert foreign_words(text, "zh-hans") == []


def test_chinese_is_foreign_in_english_but_not_in_paths():
    assert foreign_words("Incubators 孵化器 /incubators/慧谷/", "en") == ["孵化器"]


def test_dotted_names_are_identifiers_but_a_full_stop_ends_a_word():
    assert foreign_words("页面类型 achievements.achievementpage", "zh-hans") == []
    assert foreign_words("插入 block. 然后", "zh-hans") == ["block"]
