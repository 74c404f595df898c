"""Every view that changes alerts, tried by everyone who must not change these: nobody reaches
another person's subscription or follows, whoever they are, and nothing changes when they try.

The rightful user is tested with what they achieve in test_alerts.py.
"""

import pytest

from calls import services
from calls.models import CallFollow, Subscription
from tests.factories import CallFactory

ACTIONS = ["alerts", "stop", "follow", "unfollow", "unsubscribe-other-token"]


@pytest.fixture
def world(ngo_admin):
    """Organisation A's admin subscribes weekly and follows a call."""
    call = CallFactory(slug="a-call")
    subscription = services.subscription_save(
        user=ngo_admin,
        organisation=None,
        fields=[],
        sectors=["civil"],
        legal_forms=[],
        regions=[],
        frequency="weekly",
        language="sl",
    )
    services.call_follow(user=ngo_admin, call=call, language="sl")
    return {"subscription": subscription, "call": call}


def request_for(action: str, world: dict) -> tuple[str, dict]:
    token = services.unsubscribe_token(kind="s", pk=world["subscription"].pk)
    return {
        "alerts": ("/en/calls/alerts/", {"frequency": "daily", "sectors": ["private"]}),
        "stop": ("/en/calls/alerts/stop/", {}),
        "follow": ("/en/calls/a-call/follow/", {}),
        "unfollow": ("/en/calls/a-call/unfollow/", {}),
        # A token forged by changing the signed id to someone else's.
        "unsubscribe-other-token": (f"/en/calls/alerts/unsubscribe/{token[:-3]}abc/", {}),
    }[action]


def snapshot(world: dict, user) -> tuple:
    subscription = Subscription.objects.get(pk=world["subscription"].pk)
    return (
        subscription.frequency,
        subscription.sectors,
        subscription.is_active,
        sorted(CallFollow.objects.filter(user=user).values_list("call_id", flat=True)),
    )


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("who", ["anonymous", "other_ngo_admin", "staff"])
def test_nobody_else_changes_a_persons_alerts(
    client, client_for, request, world, ngo_admin, action, who
):
    if who != "anonymous":
        client = client_for(request.getfixturevalue(who))
    before = snapshot(world, ngo_admin)
    url, data = request_for(action, world)
    response = client.post(url, data)
    assert snapshot(world, ngo_admin) == before
    if who == "anonymous" and not action.startswith("unsubscribe"):
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    if action.startswith("unsubscribe"):
        assert response.status_code == 400
