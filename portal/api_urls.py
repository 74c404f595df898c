"""/api/v1/: the public, read-only API, its OpenAPI schema and its documentation page."""

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from calls.api import CallViewSet
from events.api import EventViewSet
from hub.api import FieldOfActivityViewSet, MunicipalityViewSet
from hub.rest import ClientRateThrottle
from news.api import NewsViewSet
from organisations.api import OrganisationViewSet
from partnerships.api import PartnershipViewSet


class Router(DefaultRouter):
    include_root_view = False
    include_format_suffixes = False


router = Router(trailing_slash=True)
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("events", EventViewSet, basename="event")
router.register("calls", CallViewSet, basename="call")
router.register("news", NewsViewSet, basename="news")
router.register("partnerships", PartnershipViewSet, basename="partnership")
router.register("fields", FieldOfActivityViewSet, basename="field")
router.register("municipalities", MunicipalityViewSet, basename="municipality")

app_name = "api"

urlpatterns = [
    path(
        "schema/",
        SpectacularJSONAPIView.as_view(
            authentication_classes=[], throttle_classes=[ClientRateThrottle]
        ),
        name="schema",
    ),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema",
            template_name="api/docs.html",
            authentication_classes=[],
            throttle_classes=[ClientRateThrottle],
        ),
        name="docs",
    ),
    path("", include(router.urls)),
]
