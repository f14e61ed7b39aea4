"""The Simplified-Chinese catalogue: complete, compiled, served by default, switchable to English."""

from __future__ import annotations

import re
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from jiliang.ops.management.commands.compilemessages_pure import catalogues

PO_PATH = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")

#: ``%(name)s`` / ``%s`` / ``%d`` (with flags, width, precision) and ``{{ var }}``; ``%%`` is a literal.
PLACEHOLDER = re.compile(r"%\([^)]+\)[#0 +-]*\d*(?:\.\d+)?[sdifr]|%[#0 +-]*\d*(?:\.\d+)?[sdifr]|\{\{.*?\}\}")


def _entries() -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(PO_PATH)) if not e.obsolete]


def _msgstrs(entry: polib.POEntry) -> list[str]:
    return (
        [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
        if entry.msgid_plural
        else [entry.msgstr]
    )


def _pairs(
    catalogue: polib.POFile | polib.MOFile,
) -> set[tuple[str | None, str, str | None, tuple[str, ...]]]:
    return {(e.msgctxt, e.msgid, e.msgid_plural or None, tuple(_msgstrs(e))) for e in catalogue}


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text.replace("%%", "")))


def test_catalogue_is_found_under_locale_paths() -> None:
    assert PO_PATH in catalogues()


def test_every_entry_is_translated_and_not_fuzzy() -> None:
    po = polib.pofile(str(PO_PATH))
    assert po.metadata["Language"] == "zh_Hans"
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert not po.metadata_is_fuzzy
    entries = _entries()
    assert len(entries) > 100
    untranslated = [e.msgid for e in entries if not all(s.strip() for s in _msgstrs(e))]
    assert untranslated == []
    assert [e.msgid for e in entries if e.fuzzy] == []
    assert [e.msgid for e in entries if e.msgid_plural and len(e.msgstr_plural) != 1] == []


def test_committed_mo_is_up_to_date_with_po() -> None:
    compiled = polib.mofile(polib.pofile(str(PO_PATH)).to_binary())
    committed = polib.mofile(str(MO_PATH))
    assert _pairs(committed) == _pairs(compiled), "run `jiliang compilemessages_pure` and commit the .mo"
    assert committed.metadata["Plural-Forms"] == "nplurals=1; plural=0;"


def test_placeholders_survive_translation() -> None:
    broken = []
    for entry in _entries():
        wanted = _placeholders(entry.msgid) | _placeholders(entry.msgid_plural or "")
        broken += [(entry.msgid, msgstr) for msgstr in _msgstrs(entry) if _placeholders(msgstr) != wanted]
    assert broken == []


def test_login_page_is_chinese_by_default(client: Client) -> None:
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "登录" in html
    assert '<html lang="zh-hans">' in html


def test_anonymous_visitor_switches_the_login_page_to_english(client: Client) -> None:
    assert "登录" in client.get("/accounts/login/").content.decode()

    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert switched.status_code == 302
    assert switched["Location"] == "/accounts/login/"

    page = client.get("/accounts/login/")
    html = page.content.decode()
    assert "Log in" in html
    assert "登录" not in html
    assert '<html lang="en">' in html


def test_compilemessages_pure_skips_fuzzy_and_untranslated(tmp_path: Path, settings, capsys) -> None:  # type: ignore[no-untyped-def]
    messages = tmp_path / "zh_Hans" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=1; plural=0;"}
    po.append(polib.POEntry(msgid="Save", msgstr="保存"))
    po.append(polib.POEntry(msgid="Cancel", msgstr="取消", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="Edit", msgstr=""))
    po.save(str(messages / "django.po"))
    settings.LOCALE_PATHS = [tmp_path]

    call_command("compilemessages_pure")

    assert "1 messages (skipped 1 fuzzy, 1 untranslated)" in capsys.readouterr().out
    mo = polib.mofile(str(messages / "django.mo"))
    assert {(e.msgid, e.msgstr) for e in mo} == {("Save", "保存")}
