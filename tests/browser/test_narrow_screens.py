"""Every page fits a 320 px screen (WCAG 1.4.10 Reflow): no page scrolls sideways.

A long e-mail address or web address in a grid column used to widen the page, so that text was
cut off on phones. These tests open every service page of the demo directory, the search in
its states, the public pages, and every staff page a coordinator reaches by following links
from the start page, at 320 px, and fail naming each page wider than the screen and the element
that sticks out. The directory's pages also get axe at 320 px, 375 px and desktop width.
"""

from __future__ import annotations

from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from directory.demo import demo_directory_seed
from directory.models import Service
from tests.browser.conftest import check_page
from tests.browser.test_walkthrough import _log_in
from tests.factories import confirmed_device, municipality, postal_codes

PHONE = {"width": 320, "height": 640}
WIDTHS = ({"width": 320, "height": 640}, {"width": 375, "height": 740}, None)
DESKTOP = {"width": 1280, "height": 800}

# Elements wider than the screen, or sticking out to the right of it, with their widths: what
# to fix when a page is too wide. Scrolling boxes (a table in .laget-table-wrap) are allowed to
# hold something wider, so what is inside one is not counted.
_TOO_WIDE = """
() => {
  const limit = document.documentElement.clientWidth;
  const inScroller = el => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (['auto', 'scroll', 'hidden'].includes(style.overflowX)) return true;
    }
    return false;
  };
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > limit + 0.5 && !inScroller(el)) {
      const name = el.tagName.toLowerCase() + (el.className ? '.' + String(el.className)
        .trim().split(/\\s+/).join('.') : '');
      found.push(`${name} (right edge ${Math.round(box.right)} px): `
        + (el.textContent || '').trim().slice(0, 60));
    }
  }
  return found.slice(-3);
}
"""


def _width_problem(page: Page) -> str | None:
    width = page.evaluate("document.scrollingElement.scrollWidth")
    screen = page.viewport_size
    if screen is None or width <= screen["width"]:
        return None
    return f"{urlsplit(page.url).path}?{urlsplit(page.url).query}: {width} px wide; " + "; ".join(
        page.evaluate(_TOO_WIDE)
    )


def _fits(page: Page, paths: list[str]) -> list[str]:
    problems = []
    for path in paths:
        response = page.goto(path)
        assert response is not None, path
        assert response.status < 500, f"{path}: {response.status}"
        if problem := _width_problem(page):
            problems.append(problem)
    return problems


def _search_paths() -> list[str]:
    return [
        "/directory/",
        "/directory/?q=jeg+blir+sl%C3%A5tt+hjemme&place=Porsgrunn&who=young",
        "/directory/?q=deppa&place=3916",
        "/directory/?q=helsesykepleier&place=",
        "/directory/?q=kj%C3%A6rlighetssorg",
        "/directory/?q=xyzzy+qwerty&place=Porsgrunn",
        "/directory/?q=mobbing&place=Porsgrun",
        "/directory/?q=mobbing&place=Her%C3%B8y",
        "/directory/?q=hjelp&place=Porsgrunn&page=2",
    ]


@pytest.fixture
def demo_directory(db):
    municipality("4003")
    municipality("1515")
    municipality("1818")
    postal_codes("4001")
    demo_directory_seed()


def test_every_service_page_and_the_search_fit_a_320px_screen(page, demo_directory):
    page.set_viewport_size(PHONE)
    paths = [f"/directory/services/{pk}/" for pk in Service.objects.values_list("id", flat=True)]
    assert len(paths) >= 79
    public = ["/rights/", "/rights/check/", "/accounts/login/", "/portal/"]
    problems = _fits(page, [*paths, *_search_paths(), *public])
    assert problems == [], "\n".join(problems)


def test_every_staff_page_a_coordinator_reaches_fits_a_320px_screen(page, world):
    """Every page linked from the start page and from the pages it links to, as the team's
    coordinator sees them, plus the directory pages for staff."""
    municipality("4003")
    demo_directory_seed()
    _log_in(page, "coordinator", confirmed_device(world.coordinator))
    page.wait_for_url(lambda url: url.endswith("/"))
    page.set_viewport_size(PHONE)
    origin = urlsplit(page.url)
    skip = ("/accounts/logout", "/admin/", "/i18n/", "/api/", "/static/")
    seen: set[str] = set()
    queue = [
        "/",
        reverse("directory:overview"),
        reverse("directory:review"),
        reverse("teams:detail", args=[world.team.pk]),
    ]
    problems: list[str] = []
    while queue and len(seen) < 120:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(path)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        if problem := _width_problem(page):
            problems.append(problem)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            url = urlsplit(urldefrag(href).url)
            target = url.path + (f"?{url.query}" if url.query else "")
            if (url.scheme, url.netloc) == (origin.scheme, origin.netloc) and not any(
                url.path.startswith(prefix) for prefix in skip
            ):
                queue.append(target)
    assert len(seen) >= 15, sorted(seen)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("viewport", WIDTHS, ids=["320px", "375px", "desktop"])
def test_the_directory_pages_pass_axe_on_phones_and_desktop(page, demo_directory, viewport):
    page.set_viewport_size(viewport or DESKTOP)
    service = Service.objects.get(name__startswith="Alarmtelefonen")
    for path in [*_search_paths(), f"/directory/services/{service.id}/"]:
        page.goto(path)
        check_page(page)
        if viewport is not None:
            assert _width_problem(page) is None


def test_a_teenager_in_danger_sees_the_emergency_box_first_and_the_helpline(page, demo_directory):
    page.set_viewport_size(PHONE)
    page.goto("/directory/")
    # On the empty page, the box is there before anything is written.
    expect(page.locator("#urgent-heading")).to_be_visible()
    page.locator("#id_q").fill("jeg blir slått hjemme")
    page.locator("#id_place").fill("3916")
    page.get_by_label("Jeg er ung").check()
    page.get_by_role("button", name="Søk").click()
    check_page(page)
    # First on the page: the box comes before the search form and the results.
    box = page.locator("aside.laget-urgent")
    expect(box).to_be_in_viewport()
    order = page.evaluate(
        "() => [...document.querySelectorAll('aside.laget-urgent, form[role=search], "
        "#results-heading')].map(el => el.tagName.toLowerCase())"
    )
    assert order == ["aside", "form", "h2"]
    expect(box.get_by_role("link", name="116 111")).to_have_attribute("href", "tel:116111")
    names = page.locator("article.laget-service h3").all_inner_texts()[:5]
    assert any("Alarmtelefonen" in name for name in names), names
    assert not any("barnehage" in name.lower() for name in names), names
    # The place is remembered: the next search, without it, still shows Porsgrunn's services.
    expect(page.locator("#id_place")).to_have_value("3916")
    page.goto("/directory/?q=helsesykepleier")
    expect(page.locator("#id_place")).to_have_value("Porsgrunn")
    expect(page.locator("article.laget-service").first).to_contain_text("helsesykepleier")
