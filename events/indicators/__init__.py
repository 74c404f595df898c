"""What events contribute to the funder reports: counting rules on a ``Period``, and the rows
behind them.

``hub`` reads these rules (registered with ``rule_register`` when this package is imported, from
``EventsConfig.ready``) and the organisation functions of ``completion``, and nothing else of this
app. By concept: ``events`` (events held), ``participants`` (attendances, entry data and the
participant rules), ``completion`` (trainings completed, organisations credited), ``esf`` (the
ESF Annexes' participant and leaver lines), ``rows`` (the rows behind the figures).

- An event counts in the period it starts in (the hub's time zone: one at 23:30 on the last day
  of a quarter counts in that quarter), once it has started, if it is published and not
  cancelled: a cancelled event is never held, and nobody's registration for it counts.
- A participation is a registration marked present at check-in (each session of a programme is an
  event, so attendance is per session).
- People are told apart by their participant's pseudonymous id (``Registration.pid``), which stays
  on the registrations when a person is erased, so counts never change.
- A person's characteristics are those they gave at entry: on the registration of their first
  attended session in the rule's span. A record missing a non-sensitive item that the figure is
  broken down by counts in the grand total only (the ``INCOMPLETE`` line of every non-sensitive
  breakdown); "prefer not to say" counts as ``REFUSED``. Special-category items are counted only
  in aggregate, unanswered ones as ``INCOMPLETE``.
- An organisation is credited only where the registration's link to it was made by the person's
  membership or confirmed by staff, never from a typed name.

Participant rules take ``params``: ``breakdowns`` (entry items; all by default) and ``kinds``
(event kinds; all by default). Every rule runs a fixed number of queries, whatever the data size.
"""

from __future__ import annotations

from . import rows  # noqa: F401 - registers the row kinds
from .completion import (
    completed_programme_organisation_ids,
    people_completed_training,
    training_credits,
    training_organisation_ids,
)
from .esf import esf_leavers, esf_participants, leavers
from .events import events_by_kind, events_held, municipalities_reached, trainings_held
from .participants import (
    ALL_ITEMS,
    ITEM_FIELDS,
    breakdowns,
    participants_cumulative,
    participants_in,
    participants_new,
    participations,
    training_participants,
    training_participations,
)

# The codes of the rules this package registers.
RULE_CODES = (
    "esf_participants",
    "esf_leavers",
    "events_by_kind",
    "trainings_held",
    "training_participants",
    "training_participations",
    "participants_new",
    "participants_cumulative",
    "participations",
    "people_completed_training",
    "municipalities_reached",
)

__all__ = [
    "ALL_ITEMS",
    "ITEM_FIELDS",
    "RULE_CODES",
    "breakdowns",
    "completed_programme_organisation_ids",
    "esf_leavers",
    "esf_participants",
    "events_by_kind",
    "events_held",
    "leavers",
    "municipalities_reached",
    "participants_cumulative",
    "participants_in",
    "participants_new",
    "participations",
    "people_completed_training",
    "training_credits",
    "training_organisation_ids",
    "training_participants",
    "training_participations",
    "trainings_held",
]
