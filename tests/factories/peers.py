from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from peers.models import Peer, PeerCall, PeerEvent


class PeerFactory(factory.django.DjangoModelFactory):
    """Another hub's portal this one follows."""

    class Meta:
        model = Peer

    name = factory.Sequence(lambda n: f"Stičišče Gorenjska {n}")
    base_url = factory.Sequence(lambda n: f"https://gorenjska-{n}.example.org")


class PeerEventFactory(factory.django.DjangoModelFactory):
    """An event read from a peer: a workshop there a week from now."""

    class Meta:
        model = PeerEvent

    peer = factory.SubFactory(PeerFactory)
    remote_id = factory.Sequence(lambda n: n + 1)
    url = factory.LazyAttribute(lambda o: f"{o.peer.base_url}/sl/events/workshop-{o.remote_id}/")
    title = factory.Sequence(lambda n: f"Workshop next door {n}")
    language = "sl"
    kind = "workshop"
    kind_label = "Workshop"
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=3))
    venue = "Hub Kranj"
    municipality = "kranj"
    municipality_name = "Kranj"
    remote_updated_at = factory.LazyFunction(timezone.now)


class PeerCallFactory(factory.django.DjangoModelFactory):
    """A call read from a peer, open for another three weeks."""

    class Meta:
        model = PeerCall

    peer = factory.SubFactory(PeerFactory)
    remote_id = factory.Sequence(lambda n: n + 1)
    url = factory.LazyAttribute(lambda o: f"{o.peer.base_url}/sl/calls/call-{o.remote_id}/")
    title = factory.Sequence(lambda n: f"Call next door {n}")
    language = "sl"
    funder_name = "Municipality of Kranj"
    funder_kind = "municipality"
    summary = "Small grants for associations."
    opens = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=21))
    remote_updated_at = factory.LazyFunction(timezone.now)
