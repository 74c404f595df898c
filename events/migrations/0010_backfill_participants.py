"""Every existing registration gets its participant: one per account, else one per e-mail
address (case and spaces aside). Links to directory organisations made before the link's origin
was recorded are taken as made by the person's membership when the person is a member, else as
matched by a typed name (which no longer credits the organisation until staff confirm it)."""

import uuid

from django.db import migrations


def backfill(apps, schema_editor):
    Registration = apps.get_model("events", "Registration")
    Participant = apps.get_model("events", "Participant")
    User = apps.get_model("hub", "User")
    Membership = apps.get_model("organisations", "Membership")

    users = {}
    for pk, email in User.objects.values_list("pk", "email"):
        users.setdefault(email.strip().lower(), pk)
    members = set(Membership.objects.values_list("user_id", "organisation_id"))

    by_key = {}
    for participant in Participant.objects.all():
        if participant.email_key:
            by_key[participant.email_key] = participant
    by_user = {p.user_id: p for p in by_key.values() if p.user_id}

    registrations = list(Registration.objects.filter(pid__isnull=True).order_by("pk"))
    for registration in registrations:
        key = registration.email.strip().lower()
        user_id = users.get(key)
        participant = by_user.get(user_id) if user_id else None
        participant = participant or by_key.get(key)
        if participant is None:
            participant = Participant.objects.create(
                pid=uuid.uuid4(), user_id=user_id, email_key=key
            )
            by_key[key] = participant
            if user_id:
                by_user[user_id] = participant
        registration.participant = participant
        registration.pid = participant.pid
        if registration.organisation_id and not registration.organisation_link:
            member = (user_id, registration.organisation_id) in members or (
                registration.registered_by_id,
                registration.organisation_id,
            ) in members
            registration.organisation_link = "membership" if member else "name"
    Registration.objects.bulk_update(
        registrations, ["participant", "pid", "organisation_link"], batch_size=1000
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0009_participants_programmes_entry_data"),
        ("hub", "0008_funder_templates"),
        ("organisations", "0006_search_index"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
