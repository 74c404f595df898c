from django.utils.functional import SimpleLazyObject

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


def navigation(request):
    """Links only some signed-in people get; decided when the navigation is drawn, in one query."""
    from .reports import reports_link_visible

    user = getattr(request, "user", None)
    return {
        "reports_link": SimpleLazyObject(lambda: user is not None and reports_link_visible(user))
    }
