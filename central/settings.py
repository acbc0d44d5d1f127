"""Django settings of central: every value here, the variable parts from :mod:`central.environment`.

Apps by concern: ``registry`` (regions, kiosks, staff and their roles), ``transactions``
(citizens' requests, their workflow and receipts, queue numbers), ``citizens`` (card UIDs and
pre-registrations), ``fleet`` (heartbeats, audit trail) and ``api`` (the kiosk contract of
``openapi.yaml``). The back office and the signed letters are added as apps of their own.
"""

from __future__ import annotations

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
    "central.registry",
    "central.transactions",
    "central.citizens",
    "central.fleet",
    "central.api",
    "central.letters",
]
MIDDLEWARE = [
    "central.api.middleware.ApiMiddleware",
    "django.middleware.security.SecurityMiddleware",
]
ROOT_URLCONF = "central.urls"
WSGI_APPLICATION = "central.wsgi.application"

DATABASES = {"default": ENVIRONMENT.database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Back-office passwords: Argon2 (argon2-cffi); PBKDF2 only to read hashes made elsewhere.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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
TIME_ZONE = ENVIRONMENT.time_zone
USE_I18N = True
USE_TZ = True

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
        # WeasyPrint narrates each rendering step at INFO; fontTools each font it subsets.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
