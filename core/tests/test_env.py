import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str


def test_env_bool_reads_common_spellings(monkeypatch):
    monkeypatch.setenv("LAGET_X", "Yes")
    assert env_bool("LAGET_X", default=False) is True
    monkeypatch.setenv("LAGET_X", "off")
    assert env_bool("LAGET_X", default=True) is False


def test_env_bool_rejects_a_typo_with_the_variable_name(monkeypatch):
    monkeypatch.setenv("LAGET_X", "ture")
    with pytest.raises(ImproperlyConfigured, match="LAGET_X must be a boolean"):
        env_bool("LAGET_X", default=False)


def test_env_int_rejects_text_and_values_below_minimum(monkeypatch):
    monkeypatch.setenv("LAGET_N", "ten")
    with pytest.raises(ImproperlyConfigured, match="LAGET_N must be a whole number"):
        env_int("LAGET_N", default=1)
    monkeypatch.setenv("LAGET_N", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("LAGET_N", default=1, minimum=1)


def test_env_str_without_default_fails_loudly(monkeypatch):
    monkeypatch.delenv("LAGET_MISSING", raising=False)
    with pytest.raises(ImproperlyConfigured, match="LAGET_MISSING must be set"):
        env_str("LAGET_MISSING")
    assert env_str("LAGET_MISSING", default="fallback") == "fallback"


def test_env_list_splits_and_drops_empty_items(monkeypatch):
    monkeypatch.setenv("LAGET_L", " a.no, ,b.no ")
    assert env_list("LAGET_L", default=[]) == ["a.no", "b.no"]
