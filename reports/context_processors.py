from django.utils.functional import SimpleLazyObject

from .access import reports_link_visible


def navigation(request):
    """Links only some signed-in people get; decided when the navigation is drawn, in one query."""
    user = getattr(request, "user", None)
    return {
        "reports_link": SimpleLazyObject(lambda: user is not None and reports_link_visible(user))
    }
