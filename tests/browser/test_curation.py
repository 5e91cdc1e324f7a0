"""The curator's flow in a real headless Chromium: a name the archive noticed is made a new
platform in the admin and, after `reprocess`, its entity page lists all its articles; a rejected
name disappears from the article page."""

from io import StringIO

import pytest
from django.core.management import call_command

from archive.models import Article, Candidate, Platform
from tests.browser.conftest import by, csp_reports, shoot
from tests.conftest import FIXTURES

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server, transactional_db, ingest, django_user_model):
    assert ingest(FIXTURES / "unknown").ok
    django_user_model.objects.create_superuser("curator", "curator@example.org", "a long passphrase")
    return live_server.url


def log_in(browser, site):
    browser.get(site + "/admin/login/")
    browser.find_element(*by("#id_username")).send_keys("curator")
    browser.find_element(*by("#id_password")).send_keys("a long passphrase\n")
    browser.find_element(*by("#user-tools"))  # on the admin once logged in, not on the login page


def choose(browser, candidate: Candidate, action: str) -> None:
    """Tick one candidate in the admin's list and run an action on it."""
    from selenium.webdriver.support.ui import Select

    browser.find_element(*by(f'input[name="_selected_action"][value="{candidate.pk}"]')).click()
    Select(browser.find_element(*by('select[name="action"]'))).select_by_value(action)
    browser.find_element(*by('button[name="index"]')).click()
    browser.find_element(*by(".messagelist"))


def test_accept_a_new_platform_and_reject_a_name(browser, site):
    log_in(browser, site)
    csp_reports(browser)
    browser.get(site + "/admin/archive/candidate/?status__exact=pending")
    listing = browser.find_element(*by("#result_list")).text
    assert "Zorblat" in listing and "Quivvy" in listing
    shoot(browser, "curator-candidates")
    choose(browser, Candidate.objects.get(name="Zorblat"), "make_new_entities")
    assert "New: Zorblat" in browser.find_element(*by(".messagelist")).text
    browser.get(site + "/admin/archive/candidate/?status__exact=pending")
    choose(browser, Candidate.objects.get(name="Quivvy"), "reject_names")
    assert csp_reports(browser) == []

    call_command("reprocess", "--no-progress", stdout=StringIO())  # what the message asks for

    zorblat = Platform.objects.get(name="Zorblat")
    browser.get(site + zorblat.get_absolute_url())
    page = browser.find_element(*by("main")).text
    for article in Article.objects.filter(title__icontains="zorblat"):
        assert article.title in page
    assert Article.objects.filter(platforms=zorblat).count() == 2
    recruiting = Article.objects.get(title__startswith="Recruiting platform")
    browser.get(site + recruiting.get_absolute_url())
    assert not browser.find_elements(*by(".tag--unconfirmed"))
