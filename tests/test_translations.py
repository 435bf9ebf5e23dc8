"""The Chinese catalogues are complete: every string in the code has a translation."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {
    ".venv",
    ".git",
    "staticfiles",
    "media",
    "media-test",
    ".stamps",
    "node_modules",
}
MAKEMESSAGES_IGNORE = ["tests", "benchmarks", "locale_wagtail", "staticfiles", ".venv"]


def project_catalogues(root: Path = ROOT) -> list[Path]:
    return sorted(
        p
        for p in root.rglob("zh_Hans/LC_MESSAGES/*.po")
        if not SKIP_DIRS & set(p.relative_to(root).parts)
    )


def entry_key(entry: polib.POEntry) -> tuple:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


@pytest.mark.parametrize(
    "catalogue", project_catalogues(), ids=lambda p: str(p.relative_to(ROOT))
)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(catalogue):
    po = polib.pofile(str(catalogue))
    missing = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not missing, f"untranslated in {catalogue}: {missing}"
    assert not fuzzy, f"fuzzy in {catalogue}: {fuzzy}"
    result = subprocess.run(
        ["msgfmt", "--check-format", "-o", os.devnull, str(catalogue)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_catalogues_cover_every_string_in_the_code(tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*SKIP_DIRS, "*.mo"))
    args = [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "-v", "0"]
    for pattern in MAKEMESSAGES_IGNORE:
        args += ["--ignore", pattern]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    subprocess.run(args, cwd=copy, env=env, check=True, capture_output=True)

    gaps = {}
    for regenerated in project_catalogues(copy):
        committed = ROOT / regenerated.relative_to(copy)
        wanted = {
            entry_key(e) for e in polib.pofile(str(regenerated)) if not e.obsolete
        }
        translated = set()
        if committed.exists():
            translated = {
                entry_key(e) for e in polib.pofile(str(committed)).translated_entries()
            }
        if missing := wanted - translated:
            gaps[str(committed.relative_to(ROOT))] = sorted(m[1] for m in missing)
    assert not gaps, (
        "Strings without a Chinese translation — run `manage.py makemessages -l zh_Hans` "
        f"and translate them: {gaps}"
    )


def test_a_string_has_one_translation_across_catalogues():
    """Django merges every catalogue into one: the same msgid translated two ways
    in two apps shows one app's wording in the other (use a msgctxt instead)."""
    seen: dict[tuple, dict[str, str]] = {}
    for catalogue in project_catalogues():
        if catalogue.name != "django.po":
            continue
        for entry in polib.pofile(str(catalogue)).translated_entries():
            seen.setdefault(entry_key(entry), {})[str(catalogue.relative_to(ROOT))] = (
                entry.msgstr or entry.msgstr_plural.get(0, "")
            )
    clashes = {
        key: where for key, where in seen.items() if len(set(where.values())) > 1
    }
    assert not clashes, clashes
