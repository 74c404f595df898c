from .selectors import hub_profile, operation_on


def hub(request):
    """The hub's name, contacts and the funder's line of today's operation, for every page."""
    profile = hub_profile()
    operation = operation_on()
    return {
        "hub": {
            "name": profile.name,
            "address": profile.address,
            "email": profile.email,
            "phone": profile.phone,
            "website": profile.website,
            "logo": profile.logo,
            "intro": profile.introduction,
            "publicity_text": operation.publicity_text if operation else "",
            "funder_logos": operation.logos.all() if operation else [],
        }
    }
