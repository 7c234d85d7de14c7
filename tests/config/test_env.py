from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from supple.config import env

ROOT = Path(__file__).resolve().parents[2]


def test_booleans_accept_the_usual_words() -> None:
    for word in ("1", "true", "YES", "on"):
        assert env.get_bool("DEBUG", False, {"DEBUG": word}) is True
    for word in ("0", "false", "No", "off"):
        assert env.get_bool("DEBUG", True, {"DEBUG": word}) is False


def test_an_unset_or_blank_boolean_takes_the_default() -> None:
    assert env.get_bool("DEBUG", True, {}) is True
    assert env.get_bool("DEBUG", False, {"DEBUG": "  "}) is False


def test_a_non_boolean_flag_is_refused_naming_the_setting() -> None:
    with pytest.raises(env.SettingError, match=r"^DEBUG must be true or false.*'maybe'"):
        env.get_bool("DEBUG", False, {"DEBUG": "maybe"})


def test_numbers_are_checked_for_type_and_range() -> None:
    assert env.get_int("SUPPLE_PORT", 8000, {"SUPPLE_PORT": "8123"}, low=1, high=65535) == 8123
    with pytest.raises(env.SettingError, match="SUPPLE_PORT must be a whole number"):
        env.get_int("SUPPLE_PORT", 8000, {"SUPPLE_PORT": "eighty"}, low=1, high=65535)
    with pytest.raises(env.SettingError, match="SUPPLE_PORT must be between 1 and 65535"):
        env.get_int("SUPPLE_PORT", 8000, {"SUPPLE_PORT": "70000"}, low=1, high=65535)


def test_reading_an_undeclared_setting_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        env.get_str("NOT_A_SUPPLE_SETTING", "", {})


def test_the_database_defaults_to_sqlite_in_the_data_directory(tmp_path: Path) -> None:
    assert env.database_url(tmp_path, {}) == f"sqlite:///{tmp_path / 'supple.sqlite3'}"


def test_postgres_urls_are_accepted(tmp_path: Path) -> None:
    url = "postgres://supple:secret@db.internal:5432/supple"
    assert env.database_url(tmp_path, {"DATABASE_URL": url}) == url


@pytest.mark.parametrize("url", ["mysql://db/supple", "redis://x", "just-a-path"])
def test_an_unknown_database_scheme_is_refused_naming_the_setting(tmp_path: Path, url: str) -> None:
    with pytest.raises(env.SettingError, match=r"^DATABASE_URL has an unsupported scheme"):
        env.database_url(tmp_path, {"DATABASE_URL": url})


def test_the_data_directory_follows_xdg_then_home() -> None:
    assert env.default_data_dir({"SUPPLE_DATA_DIR": "/srv/supple"}) == Path("/srv/supple")
    assert env.default_data_dir({"XDG_DATA_HOME": "/x"}) == Path("/x/supple")
    assert env.default_data_dir({}) == Path.home() / ".local" / "share" / "supple"


def test_every_setting_is_documented() -> None:
    documented = set(
        re.findall(r"^\| `([A-Z_]+)` \|", (ROOT / "docs/settings.md").read_text(), re.M)
    )
    assert documented == set(env.SETTINGS)


def run_supple(*args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
    child_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    child_env.update(extra_env)
    return subprocess.run(
        [sys.executable, "-m", "supple", *args],
        capture_output=True,
        text=True,
        env=child_env,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("DATABASE_URL", "mysql://localhost/supple", "DATABASE_URL"),
        ("DEBUG", "maybe", "DEBUG"),
        ("SECURE_COOKIES", "2", "SECURE_COOKIES"),
    ],
)
def test_wrong_settings_stop_start_up_with_a_message_naming_them(
    tmp_path: Path, variable: str, value: str, named: str
) -> None:
    result = run_supple("init", **{"SUPPLE_DATA_DIR": str(tmp_path), variable: value})
    assert result.returncode != 0
    assert result.stderr.startswith(f"supple: error: bad setting: {named} ")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "supple.sqlite3").exists()


def test_a_bad_port_stops_serve_before_it_binds(tmp_path: Path) -> None:
    result = run_supple("serve", SUPPLE_DATA_DIR=str(tmp_path), SUPPLE_PORT="port")
    assert result.returncode != 0
    assert "SUPPLE_PORT must be a whole number" in result.stderr


def test_time_zones_must_exist() -> None:
    assert env.get_timezone("TIME_ZONE", "UTC", {"TIME_ZONE": "Europe/London"}) == "Europe/London"
    with pytest.raises(env.SettingError, match="TIME_ZONE must be an IANA time zone"):
        env.get_timezone("TIME_ZONE", "UTC", {"TIME_ZONE": "Mars/Olympus"})


def test_the_time_zone_defaults_to_the_computers_own(tmp_path: Path) -> None:
    assert env.system_timezone({"TZ": "Europe/Paris"}, root=tmp_path) == "Europe/Paris"
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "timezone").write_text("America/Toronto\n")
    assert env.system_timezone({}, root=tmp_path) == "America/Toronto"
    (tmp_path / "etc" / "timezone").unlink()
    (tmp_path / "etc" / "localtime").symlink_to("/usr/share/zoneinfo/Asia/Tokyo")
    assert env.system_timezone({}, root=tmp_path) == "Asia/Tokyo"


def test_an_unusable_system_time_zone_falls_back_to_utc(tmp_path: Path) -> None:
    assert env.system_timezone({"TZ": "Nowhere/Special"}, root=tmp_path) == "UTC"
