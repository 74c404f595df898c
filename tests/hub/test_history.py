"""Rows written in bulk keep the history that saving them one by one leaves, and the admin shows
it: the demo hubs write their organisations, events and calls this way."""

from __future__ import annotations

import pytest

from hub.history import bulk_create_with_history, bulk_link_with_history
from organisations.models import Organisation
from tests.factories import FieldOfActivityFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


def _organisation(name: str, seat) -> Organisation:
    return Organisation(
        name=name, slug=name.lower(), sector="civil", legal_form="association", seat=seat
    )


def _story(organisation: Organisation) -> list[tuple]:
    """Each record of the organisation, oldest first: its kind and the links it holds."""
    records = Organisation.history.model
    fields, places = records.fields.model, records.municipalities_served.model
    return [
        (
            record.history_type,
            record.name,
            sorted(fields.objects.filter(history=record).values_list("fieldofactivity", flat=True)),
            sorted(places.objects.filter(history=record).values_list("municipality", flat=True)),
        )
        for record in organisation.history.order_by("history_date", "history_id")
    ]


def test_bulk_created_rows_have_the_records_save_and_set_leave(client_for, staff):
    seat, neighbour = MunicipalityFactory.create_batch(2)
    youth, culture = FieldOfActivityFactory.create_batch(2)
    one_by_one = _organisation("Ena", seat)
    one_by_one.save()
    one_by_one.fields.set([youth, culture])
    one_by_one.municipalities_served.set([seat, neighbour])
    in_bulk, without_links = _organisation("Dva", seat), _organisation("Tri", seat)

    bulk_create_with_history(
        [in_bulk, without_links],
        links={"fields": [[youth, culture], []], "municipalities_served": [[seat, neighbour], []]},
    )

    assert list(in_bulk.fields.all()) == list(one_by_one.fields.all())
    assert set(in_bulk.municipalities_served.all()) == {seat, neighbour}
    links = sorted([youth.pk, culture.pk]), sorted([seat.pk, neighbour.pk])
    assert _story(one_by_one) == [
        ("+", "Ena", [], []),
        ("~", "Ena", links[0], []),
        ("~", "Ena", *links),
    ]
    assert _story(in_bulk) == [
        ("+", "Dva", [], []),
        ("~", "Dva", links[0], []),
        ("~", "Dva", *links),
    ]
    # .set([]) changes nothing, so it leaves no record either.
    assert _story(without_links) == [("+", "Tri", [], [])]

    admin = client_for(staff)
    url = f"/admin/organisations/organisation/{in_bulk.pk}/history/"
    page = admin.get(url)
    assert page.status_code == 200
    assert page.content.decode().count(f'href="{url}') == 3
    last = in_bulk.history.latest("history_date", "history_id")
    assert admin.get(f"{url}{last.history_id}/").status_code == 200


def test_links_added_in_bulk_to_saved_rows_leave_the_records_add_leaves():
    seat = MunicipalityFactory()
    youth, culture = FieldOfActivityFactory.create_batch(2)
    one_by_one, in_bulk = _organisation("Ena", seat), _organisation("Dva", seat)
    for organisation in (one_by_one, in_bulk):
        organisation.save()
        organisation.municipalities_served.add(seat)
    one_by_one.fields.add(youth, culture)

    bulk_link_with_history([in_bulk], "fields", [[youth, culture]])

    stories = [[record[0], *record[2:]] for record in _story(one_by_one)]
    assert [[record[0], *record[2:]] for record in _story(in_bulk)] == stories
    assert stories[-1] == ["~", sorted([youth.pk, culture.pk]), [seat.pk]]
