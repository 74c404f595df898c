import pytest
from django.utils import timezone

import calls.demo
import events.demo
import hub.demo
import organisations.demo
from calls.models import Call, CallDocument
from calls.validators import document_kind

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("story", "language"), [("goriska", "sl"), ("ruse", "bg"), ("gdansk", "pl")]
)
def test_each_demo_hub_has_about_twenty_calls_open_upcoming_and_closed(story, language):
    hub.demo.load(hub=story)
    organisations.demo.load(hub=story)
    events.demo.load(hub=story)
    calls.demo.load(hub=story)
    now = timezone.now()
    published = Call.objects.published()
    assert published.count() == 20
    assert published.open(now).count() >= 10
    assert published.upcoming(now).exists() and published.closed(now).exists()
    assert set(published.values_list("language", flat=True)) == {language}
    assert set(published.values_list("funder__kind", flat=True)) >= {
        "eu_fund",
        "eea_norway",
        "ministry",
        "municipality",
        "foundation",
    }
    document = CallDocument.objects.first()
    assert document_kind(document.file) == "pdf"
    calls.demo.load(hub=story)  # loading again adds nothing
    assert Call.objects.count() == 20
