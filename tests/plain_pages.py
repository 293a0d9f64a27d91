"""Crawl the pages a logged-in person can reach and find what is not plain Norwegian on them: a
UUID, an ISO timestamp, or English that the catalogue translates but the page does not.

Only GET, only this site, bounded: at most `limit` pages and a few of each URL shape (the same
path with other ids), so a directory with hundreds of services is sampled, not walked."""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import polib
from django.test import Client

ROOT = Path(__file__).resolve().parents[1]

UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)
# 2026-11-13T14:05, 2026-11-13 14:05 and a bare 2026-11-13: a person reads 13.11.2026.
ISO_TIME = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}[:.]\d{2})?")
# English words that are not Norwegian words too: text with them was never translated, whether
# or not its string is in the catalogue ("own data", "reading the team page").
ENGLISH_WORDS = re.compile(r"\b(?:the|and|of|with|reading|consent|own data)\b")

# Not pages for a person to read: the admin (Django's back office), APIs, static files, the
# language switch and log-out (POST only), and downloads (tested on their own).
SKIPPED_PREFIXES = ("/admin/", "/api/", "/static/", "/media/", "/i18n/")
SKIPPED_PARTS = ("logout", "log-out")
DOWNLOAD_SUFFIXES = (".pdf", ".json", ".csv", ".ics", ".zip", ".xml", ".txt")
PER_SHAPE = 3


class _Page(HTMLParser):
    """The text a person sees or hears (text, alt, title, aria-label, placeholder, option
    labels) and the links on the page."""

    HIDDEN = frozenset({"script", "style", "template", "noscript"})
    SPOKEN = ("alt", "title", "aria-label", "placeholder")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self._hidden += 1
            return
        values = dict(attrs)
        if tag == "a" and values.get("href") and "download" not in values:
            self.links.append(values["href"] or "")
        for name in self.SPOKEN:
            if values.get(name):
                self.texts.append(values[name] or "")
        if tag == "input" and values.get("type") in {"submit", "button"} and values.get("value"):
            self.texts.append(values["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.texts.append(data)


def page_read(html: str) -> tuple[str, list[str]]:
    """The page's visible text (one line per text piece) and its links."""
    parser = _Page()
    parser.feed(html)
    parser.close()
    text = "\n".join(" ".join(piece.split()) for piece in parser.texts)
    return text, parser.links


_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}|\{\w*\}")


@cache
def untranslated_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Each bokmål catalogue string whose translation differs from its English source, as a
    pattern that finds the English on a page. Short strings are left out: one English word is
    too often a name or a Norwegian word too ("Plan", "Status"). Strings with placeholders are
    matched by their longest fixed part."""
    catalogue = polib.pofile(str(ROOT / "locale" / "nb" / "LC_MESSAGES" / "django.po"))
    norwegian = " ".join(
        entry.msgstr or " ".join(entry.msgstr_plural.values()) for entry in catalogue
    )
    patterns = {}
    for entry in catalogue:
        translated = entry.msgstr or entry.msgstr_plural.get(0, "")
        for source in filter(None, [entry.msgid, entry.msgid_plural]):
            if not translated or translated == source:
                continue
            fixed = max(_PLACEHOLDER.split(source), key=len).strip(" .,:;()«»\"'–-")
            if len(fixed) < 8 or " " not in fixed or fixed in norwegian:
                continue
            patterns[fixed] = re.compile(r"(?<!\w)" + re.escape(fixed) + r"(?!\w)")
    return sorted(patterns.items())


def page_problems(text: str) -> list[str]:
    """What on the page is not plain Norwegian, each as a short line."""
    problems = [f"UUID {match}" for match in UUID.findall(text)]
    problems += [f"ISO time {match}" for match in ISO_TIME.findall(text)]
    problems += [
        f"untranslated «{source}»"
        for source, pattern in untranslated_patterns()
        if pattern.search(text)
    ]
    for line in text.splitlines():
        if ENGLISH_WORDS.search(line) and not any(s in line for s in ("http", "@")):
            problems.append(f"English «{line[:80]}»")
    return list(dict.fromkeys(problems))


def shape(path: str) -> str:
    path = UUID.sub("{id}", path)
    return re.sub(r"/\d+(?=/|$)", "/{n}", path)


def _wanted(url: str) -> bool:
    path = urlsplit(url).path
    return (
        not path.startswith(SKIPPED_PREFIXES)
        and not any(part in path for part in SKIPPED_PARTS)
        and not path.endswith(DOWNLOAD_SUFFIXES)
    )


@dataclass
class Crawl:
    visited: list[str] = field(default_factory=list)
    problems: dict[str, list[str]] = field(default_factory=dict)
    # Links that answer neither 200 nor a redirect: the status by URL.
    broken: dict[str, int] = field(default_factory=dict)


def crawl(client: Client, start: list[str], *, limit: int = 250) -> Crawl:
    """Follow every link on this site from the start pages, breadth first."""
    result = Crawl()
    queue = deque(start)
    seen = set(start)
    shapes: Counter[str] = Counter()
    while queue and len(result.visited) < limit:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code in {301, 302, 303, 307, 308}:
            target = urldefrag(urljoin(url, response["Location"])).url
            parts = urlsplit(target)
            if parts.netloc in {"", "testserver"} and _wanted(target):
                local = parts.path + (f"?{parts.query}" if parts.query else "")
                if local not in seen:
                    seen.add(local)
                    queue.append(local)
            continue
        if response.status_code != 200:
            result.broken[url] = response.status_code
            continue
        result.visited.append(url)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        text, links = page_read(response.content.decode())
        problems = page_problems(text)
        if problems:
            result.problems[url] = problems
        for href in links:
            target = urldefrag(urljoin(url, href)).url
            parts = urlsplit(target)
            if parts.scheme not in {"", "http", "https"} or parts.netloc not in {"", "testserver"}:
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local in seen or not _wanted(local):
                continue
            seen.add(local)
            kind = shape(parts.path)
            if shapes[kind] >= PER_SHAPE:
                continue
            shapes[kind] += 1
            queue.append(local)
    return result
