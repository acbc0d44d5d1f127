"""Django settings of central: every value here, the variable parts from :mod:`central.environment`.

Apps by concern: ``registry`` (regions, kiosks, staff and their roles), ``transactions``
(citizens' requests, their workflow and receipts, queue numbers), ``citizens`` (card UIDs and
pre-registrations), ``fleet`` (heartbeats, audit trail) and ``api`` (the kiosk contract of
``openapi.yaml``) and ``office`` (the staff's back office at ``/office/``: its accounts,
scope, audit, inbox, complaints, poverty and fleet pages). The signed letters are added as
an app of their own.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils.functional import lazy

from central.environment import Environment

ENVIRONMENT = Environment.read()

DEBUG = False
# Read (or created) the first time Django signs something, not when a command starts: a
# command's --help or a refusal touches no file.
SECRET_KEY = lazy(ENVIRONMENT.django_secret_key, str)()
ALLOWED_HOSTS = list(ENVIRONMENT.allowed_hosts)

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "central.registry",
    "central.transactions",
    "central.citizens",
    "central.fleet",
    "central.api",
    # Backups and their restore.
    "central.operations",
    "central.office",
    "central.letters",
    "central.display",
]
MIDDLEWARE = [
    "central.api.middleware.ApiMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The back office's pages below; the kiosk API's views need none of them (no session,
    # no CSRF: each of its requests is signed).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "central.office.middleware.LanguageMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "central.office.middleware.OfficeSecurityMiddleware",
    "axes.middleware.AxesMiddleware",
]
ROOT_URLCONF = "central.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "central.office.navigation.navigation",
            ]
        },
    }
]
WSGI_APPLICATION = "central.wsgi.application"

DATABASES = {"default": ENVIRONMENT.database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Back-office passwords: Argon2 (argon2-cffi); PBKDF2 only to read hashes made elsewhere.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Axes first: it refuses a locked-out login before a password is checked. Then Django's
# users, with the permissions each role grants (central.office.permissions).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "central.office.permissions.RoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
TIME_ZONE = ENVIRONMENT.time_zone
USE_I18N = True
USE_TZ = True

# The back office (central.office). Staff log in at /office/login/; a session ends after
# 30 minutes without a request, and with the browser.
LOGIN_URL = "office:login"
LOGIN_REDIRECT_URL = "office:home"
LOGOUT_REDIRECT_URL = "office:login"
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "central.office.views.errors.csrf_failure"
# CENTRAL_HTTPS=true: browsers come over HTTPS through a proxy (nginx) that sets
# X-Forwarded-Proto; cookies are then sent only over HTTPS.
SESSION_COOKIE_SECURE = ENVIRONMENT.https
CSRF_COOKIE_SECURE = ENVIRONMENT.https
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if ENVIRONMENT.https else None
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
STATIC_URL = "static/"
# Served by central itself (WhiteNoise) straight from the apps' static folders: no
# collectstatic step, and no CDN (government networks are often closed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False
# Failed logins (django-axes, in the database, so every worker counts them): 5 for one
# user name, or from one address, lock it for 15 minutes; a login that succeeds clears them.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "office/accounts/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "central.office.audit.client_address"
AXES_ENABLE_ADMIN = False
#: Hours within which a complaint should be answered (CENTRAL_COMPLAINT_TARGET_HOURS).
OFFICE_COMPLAINT_TARGET_HOURS = ENVIRONMENT.complaint_target_hours

# The API refuses bodies over 1 MiB before reading them (central.api.middleware).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_nik": {"()": "kiosk.identity.NikMaskingFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)-7s %(name)s[%(process)d]: %(message)s"}
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "plain",
            "filters": ["mask_nik"],
        }
    },
    "root": {"handlers": ["stderr"], "level": ENVIRONMENT.log_level},
    "loggers": {
        # Requests are logged by central.api; Django's own 4xx lines would repeat them.
        "django.request": {"level": "ERROR"},
        # Axes says at INFO that it started and each failure it counts; the office's audit
        # records logins, and Axes's lockouts still come as warnings.
        "axes": {"level": "WARNING"},
        # WeasyPrint narrates each rendering step at INFO; fontTools each font it subsets.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
