"""The public API (/api/v1/, hub.rest): anonymous and read-only, answered in JSON.

Imported by base.py; a value that differs between machines comes from the environment."""

from __future__ import annotations

from .environment import env

# The public API (/api/v1/, hub.rest): anonymous and read-only, answered in JSON.
# Requests per client address; the docs page and the schema state this number.
API_THROTTLE_RATE = env("API_THROTTLE_RATE", "120/minute")
API_MAX_PAGE_SIZE = 100
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # hub.rest sets the throttle and the schema class on its views (importing it from here
    # would be circular).
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "hub.rest.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": None,
}
API_DESCRIPTION = f"""
The public data of the portal, read-only, for anyone and without a key: organisations of the
directory (their public fields only), published events and funding calls, the hub's news (newest
first; other hubs' portals read it with `modified_since`), public partnerships, and the fields of
activity and municipalities whose codes the lists take as filters.

* **Filters** are the pages' own: a list answers with the same items in the same order as the
  page with the same query string. Filters take codes (`field=youth`, `sector=civil`), as the
  exports print them beside their labels. A value the list does not know is answered with 400,
  naming the parameter and listing the values it takes; so is a filter given with no value
  (`field=`), except the search `q`. `month` takes any month (`2026-11`).
* **Pages** of 20 items; `page_size` from 1 to {API_MAX_PAGE_SIZE}, and `page` from 1: any other
  value is answered with 400 naming the limit; a page past the last is 404.
* **Changes:** `modified_since` (ISO 8601) keeps what changed at or after a time. Every answer has
  an `ETag` and, where the items have one, a `Last-Modified`; send them back in `If-None-Match` or
  `If-Modified-Since` and an unchanged answer is 304 Not Modified.
* **Identifiers:** `id` never changes and is never reused; `slug` is the item's address on the
  portal. Every item has `url`, the absolute address of its page.
* **Language** of labels, names and page links: `?lang=` (sl, en, bg, pl) or `Accept-Language`.
* **Limit:** {API_THROTTLE_RATE.replace("/", " requests per ")} per client address; past it the
  answer is 429 with `Retry-After`, the seconds to wait.
* **Compatibility:** within v1 changes are only additive: new endpoints, new optional parameters,
  new fields in answers and new values in lists of codes. Read what you know and ignore the rest.
  Removing or renaming a field or a parameter, or changing what one means, comes only as /api/v2/,
  announced on the open-data page, with v1 kept running beside it for at least six months.
"""
SPECTACULAR_SETTINGS = {
    "TITLE": "Stičišče public API",
    "DESCRIPTION": API_DESCRIPTION,
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Only reading is possible; no call out to the public validator service.
    # No deep links: Swagger UI puts them as links inside each operation's button, controls
    # nested in a control, which screen readers and keyboards cannot reach (axe:
    # nested-interactive).
    "SWAGGER_UI_SETTINGS": {
        "deepLinking": False,
        "validatorUrl": None,
        "supportedSubmitMethods": ["get"],
    },
    "ENUM_NAME_OVERRIDES": {
        "SectorEnum": "organisations.models.Sector",
        "LegalFormEnum": "organisations.models.LegalForm",
        "CountryEnum": "hub.models.Country",
    },
}
