from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from hub import views as ground
from hub.cache import DOMAINS, SEATS, cached_page

from . import embeds, views
from .sitemaps import SITEMAPS

urlpatterns = [
    path("healthz", ground.healthz, name="healthz"),
    path("robots.txt", ground.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("i18n/setlang/", ground.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("documents/<uuid:uuid>/", ground.document_download, name="document_download"),
    path("api/v1/", include("portal.api_urls")),
    # For partner websites: lists and events they frame, and the oEmbed answer about them.
    path("embed/<str:language>/events/<slug:slug>/", embeds.embedded_event, name="embed_event"),
    path("embed/<str:language>/<str:kind>/", embeds.embedded_list, name="embed_list"),
    path("oembed", embeds.oembed, name="oembed"),
]

urlpatterns += i18n_patterns(
    path("", cached_page("home", domains=(*DOMAINS, SEATS))(views.home), name="home"),
    path("about/", views.about, name="about"),
    path("privacy/", ground.privacy_notice, name="privacy"),
    path("privacy/my-data/", ground.my_data, name="my_data"),
    path("privacy/copy/<token:token>/", ground.personal_data_copy, name="personal_data_copy"),
    path("privacy/delete-account/", ground.account_delete, name="account_delete"),
    path("accounts/", include("allauth.urls")),
    path("organisations/", include("organisations.urls")),
    path("events/", include("events.urls")),
    path("calls/", include("calls.urls")),
    path("partnerships/", include("partnerships.urls")),
    path("advocacy/", include("advocacy.urls")),
    path("news/", include("news.urls")),
    path("questionnaires/", include("questionnaires.urls")),
    path("reports/", include("reports.urls")),
    prefix_default_language=True,
)

handler403 = "hub.views.permission_denied"
handler404 = "hub.views.page_not_found"
handler500 = "hub.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
