"""Settings for the shared-services portal, read from the environment (see README)."""

import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from portal.env import (
    cache_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    secret_key_from_file,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DJANGO_DEBUG", False)

# The environment's key wins; else the key in SECRET_KEY_FILE, which `make run` writes once on a
# developer's machine (production sets SECRET_KEY, or points SECRET_KEY_FILE at its own file).
SECRET_KEY_FILE = Path(env_str("SECRET_KEY_FILE") or VAR_DIR / "secret_key")
SECRET_KEY = env_str("SECRET_KEY") or secret_key_from_file(SECRET_KEY_FILE)
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            f"SECRET_KEY is not set and there is no {SECRET_KEY_FILE}. Set SECRET_KEY to a long "
            "random string, or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

# Empty in debug means localhost only (Django's own default).
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "markdownx",
    "sources",
    "portal",
    "services",
    "municipalities",
    "statutes",
    "agreements",
    "contacts",
    "search",
    "drafting",
    "partners",
    "region",
    "feeds",
    "linkcheck",
    "exports",
    "api",
    "imports",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "axes",
    "csp",
    "simple_history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Text responses compressed (the library's HTML shrinks about tenfold). BREACH: Django adds
    # random bytes to every compressed response, and CSRF tokens are masked per response.
    "portal.compression.TextGZipMiddleware",
    # ETag on every page from its content, and 304 when it matches If-None-Match.
    "django.middleware.http.ConditionalGetMiddleware",
    # Under /api/: problem documents for every error, ETags, CORS (outside the rest, so that it
    # also sees the errors the middleware below and Django itself answer).
    "api.middleware.APIMiddleware",
    # Anonymous pages from the cache, made afresh after any change to content (portal.pagecache);
    # inside the ETag and gzip layers, so that a cached page gets both.
    "portal.pagecache.AnonymousPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.db.DatabaseUnavailableMiddleware",
    # Records who made each change in the history (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
            ],
            "builtins": ["portal.templatetags.portal_tags"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# A database that hangs must not hang the site (portal.db): seconds to connect, milliseconds
# for the server to cancel a slow query, seconds before an unanswered query is cut, and the
# seconds /health/ waits.
DB_CONNECT_TIMEOUT = env_int("DB_CONNECT_TIMEOUT", 2)
DB_STATEMENT_TIMEOUT_MS = env_int("DB_STATEMENT_TIMEOUT_MS", 5000)
DB_QUERY_TIMEOUT = env_int("DB_QUERY_TIMEOUT", DB_STATEMENT_TIMEOUT_MS // 1000 + 2)
HEALTH_TIMEOUT = env_int("HEALTH_TIMEOUT", 2)
DB_WORK_MEM = env_str("DB_WORK_MEM", "16MB")
if not re.fullmatch(r"[1-9][0-9]*(kB|MB|GB)", DB_WORK_MEM):
    raise ImproperlyConfigured(
        f"DB_WORK_MEM must be like 16MB (kB, MB or GB); got {DB_WORK_MEM!r}."
    )
if min(DB_CONNECT_TIMEOUT, DB_STATEMENT_TIMEOUT_MS, DB_QUERY_TIMEOUT, HEALTH_TIMEOUT) < 1:
    raise ImproperlyConfigured("The DB_*_TIMEOUT and HEALTH_TIMEOUT settings must be positive.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "portal.postgresql"
    # JIT compilation pays off for long analytical queries; ours are short, and PostgreSQL's
    # cost estimate switched it on for the library at 100,000 agreements, adding 94-480 ms to
    # queries of 100 ms (issue 14). work_mem: the facet counts sort and hash a few hundred
    # thousand party rows, which spilled to disk at the default 4 MB.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=DB_CONNECT_TIMEOUT,
        options=(
            f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS} -c jit=off -c work_mem={DB_WORK_MEM}"
        ),
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache: pages for anonymous visitors (portal.pagecache), the content version that
# invalidates them, and the API's rate-limit counts. Local memory is per process; with several
# app servers (or gunicorn workers) name one they share, e.g. redis://127.0.0.1:6379/0.
CACHE_URL = env_str("CACHE_URL", "locmem://")
CACHES = {"default": cache_from_url(CACHE_URL)}
# How long a cached page may be kept (it is never served once content changed); 0: no caching.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
if PAGE_CACHE_SECONDS < 0:
    raise ImproperlyConfigured("PAGE_CACHE_SECONDS must be 0 (off) or more.")
# `X-Page-Cache: hit|miss` on cacheable pages: for tests and debugging only (it would tell
# anyone that someone else recently asked for an address).
PAGE_CACHE_HEADER = env_bool("PAGE_CACHE_HEADER", False)

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one username
# from one address, that pair is locked out for LOGIN_LOCKOUT_MINUTES. Staff unlock it early
# by deleting the attempt under Axes › Access attempts in the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "portal.security.client_ip"
AXES_VERBOSE = False
if AXES_FAILURE_LIMIT < 1:
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT must be at least 1.")

# After signing in (also when a `next` address was refused), staff land on the admin.
LOGIN_REDIRECT_URL = "/admin/"
# Only staff have sessions; a signed-in browser left alone is signed out after this long.
SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 8) * 3600
if SESSION_COOKIE_AGE < 3600:
    raise ImproperlyConfigured("SESSION_HOURS must be at least 1.")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if env_bool("DJANGO_PLAIN_STATIC", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Agreement documents: what staff may upload, and how big.
DOCUMENT_MAX_UPLOAD_MB = env_int("DOCUMENT_MAX_UPLOAD_MB", 25)
if DOCUMENT_MAX_UPLOAD_MB < 1:
    raise ImproperlyConfigured("DOCUMENT_MAX_UPLOAD_MB must be at least 1.")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

# Staff write Markdown; one rendering path (portal.markdown) serves the site and the preview.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "portal.markdown.render_markdown"
MARKDOWNX_MEDIA_PATH = "markdownx/"  # markdownx names files with a UUID; no date folders
MARKDOWNX_UPLOAD_MAX_SIZE = 5 * 1024 * 1024
MARKDOWNX_UPLOAD_CONTENT_TYPES = ["image/jpeg", "image/png"]  # see portal/uploads.py

# HTTPS hardening, switched on by the environment in production.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", SECURE_SSL_REDIRECT)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", SECURE_SSL_REDIRECT)
if env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies of ours append to X-Forwarded-For (see portal.security.client_ip): one behind
# the documented reverse proxy, none otherwise (the header is then ignored, never trusted).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if env_bool("BEHIND_HTTPS_PROXY") else 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Content-Security-Policy (django-csp): everything from this site only, no inline script or
# style, no plugins, no framing; staff Markdown may only show images stored here
# (portal.markdown turns others into links).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# Browser features no page here uses, switched off for every page (portal.security).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
    "interest-cohort=()"
)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

SITE_NAME = "Capitol Region Shared Services"
COG_NAME = "Capitol Region Council of Governments"
COG_ABBREVIATION = "CRCOG"
COG_ADDRESS = "241 Main Street, Hartford, CT 06106"

# The read-only API at /api/v1/ (docs/api.md): anonymous, JSON only, published content only,
# at most API_RATE_LIMIT requests per client address (counted in the default cache, that is per
# process unless CACHES names a shared one).
API_RATE_LIMIT = env_str("API_RATE_LIMIT", "120/minute")
if not re.fullmatch(r"[1-9][0-9]*/(second|minute|hour|day)", API_RATE_LIMIT):
    raise ImproperlyConfigured(
        f"API_RATE_LIMIT must be requests per second, minute, hour or day, e.g. 120/minute; "
        f"got {API_RATE_LIMIT!r}."
    )
REST_FRAMEWORK = {
    # No sessions, no CSRF, no users: every caller is an anonymous reader.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ClientAddressThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{SITE_NAME} API",
    "DESCRIPTION": (
        "Read-only, anonymous access to the published agreements, public bodies, service "
        "categories, statutes and programs of the portal. Lists take the same filters as the "
        "agreement library and the municipalities list. See docs/api.md in the repository."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI from our own static files (drf-spectacular-sidecar): nothing from elsewhere.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge from the public validator (an image from another site, which the CSP refuses).
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # Several models have a `kind`: each its own named enum.
    "ENUM_NAME_OVERRIDES": {
        "AgreementStatusEnum": "agreements.models.AgreementStatus",
        "GovernanceEnum": "agreements.models.GovernanceForm",
        "PartyRoleEnum": "agreements.models.PartyRole",
        "SavingsKindEnum": "agreements.models.SavingsKind",
        "SavingsPeriodEnum": "agreements.models.SavingsPeriod",
        "DocumentKindEnum": "agreements.models.DocumentKind",
        "BodyKindEnum": "municipalities.models.BodyKind",
        "ServiceKindEnum": "services.models.ServiceKind",
        "StatuteKindEnum": "statutes.models.StatuteKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
