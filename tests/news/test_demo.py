"""Each demo hub has its news (Ruse's told from its story), a past issue and its people."""

import pytest

import calls.demo
import events.demo
import hub.demo
import news.demo
import organisations.demo
import partnerships.demo
from news.models import NewsItem, NewsletterIssue, StaffMember

pytestmark = pytest.mark.django_db


def _load(story: str) -> None:
    for module in (hub.demo, organisations.demo, events.demo, calls.demo, partnerships.demo):
        module.load(hub=story)
    news.demo.load(hub=story)


@pytest.mark.parametrize("story", ["goriska", "ruse", "gdansk"])
def test_each_hub_shows_its_news_people_and_archive_in_four_languages(anonymous, story):
    _load(story)
    news.demo.load(hub=story)  # loading twice adds nothing
    assert NewsItem.objects.count() == len(news.demo.NEWS[story])
    assert StaffMember.objects.count() == len(news.demo.PEOPLE[story])
    assert NewsletterIssue.objects.count() == 1
    item = NewsItem.objects.order_by("-published_at").first()
    for language in ("sl", "en", "bg", "pl"):
        assert getattr(item, f"title_{language}")
        page = anonymous.get(f"/{language}/news/").content.decode()
        assert getattr(item, f"title_{language}") in page
        about = anonymous.get(f"/{language}/about/").content.decode()
        assert StaffMember.objects.first().name in about
    assert anonymous.get(f"/en/news/{item.slug}/").status_code == 200


def test_ruses_news_tell_its_story(anonymous):
    _load("ruse")
    titles = set(NewsItem.objects.values_list("title_en", flat=True))
    assert "35 NGOs were trained in project management" in titles
    assert "8 working meetings were held between NGOs and municipalities" in titles
    trained = NewsItem.objects.get(title_en__startswith="35 NGOs")
    assert "35 НПО" in anonymous.get(f"/bg/news/{trained.slug}/").content.decode()
