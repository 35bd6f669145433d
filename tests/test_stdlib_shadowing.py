"""The package layout must never shadow the standard library (see DESIGN.md)."""

from pathlib import Path


def test_platform_module_is_the_standard_library():
    import platform
    import uuid

    assert callable(platform.system)
    assert uuid.uuid4().version == 4


def test_no_top_level_platform_package():
    root = Path(__file__).resolve().parent.parent
    assert not (root / "platform").exists()
