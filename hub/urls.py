from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("documents/<uuid:uuid>/", views.document_download, name="document_download"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("about/", TemplateView.as_view(template_name="hub/about.html"), name="about"),
    path("accounts/", include("allauth.urls")),
    path("organisations/", include("organisations.urls")),
    path("events/", include("events.urls")),
    path("calls/", include("calls.urls")),
    path("partnerships/", include("partnerships.urls")),
    path("reports/", include("hub.reports_urls")),
    prefix_default_language=True,
)

handler403 = "hub.views.permission_denied"
handler404 = "hub.views.page_not_found"
handler500 = "hub.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
