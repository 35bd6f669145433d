"""Settings read from the environment."""

from skm.config import from_environment


def test_retired_secret_keys_come_from_a_comma_separated_list(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "current-secret")
    monkeypatch.setenv("SECRET_KEY_FALLBACKS", " retired-2026 ,retired-2025,")
    config = from_environment(str(tmp_path))
    assert config["SECRET_KEY"] == "current-secret"
    assert config["SECRET_KEY_FALLBACKS"] == ["retired-2026", "retired-2025"]
    monkeypatch.delenv("SECRET_KEY_FALLBACKS")
    assert from_environment(str(tmp_path))["SECRET_KEY_FALLBACKS"] == []
