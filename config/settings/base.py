"""Settings shared by every profile.

Only this package reads the environment. The embedded default (no environment at all)
is SQLite plus the in-memory channel layer; ``production.py`` requires PostgreSQL and
Redis and refuses to start without its secrets.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

LOCAL_APPS = [
    "accounts",
    "home",
    "courses",
    "quizzes",
    "livestreams",
    "ledger",
    "peer_review",
    "analytics",
    "demo",
]

INSTALLED_APPS = [
    # daphne first: its runserver serves HTTP and WebSocket from one command.
    "daphne",
    *LOCAL_APPS,
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.PlatformUsersAppConfig",  # wagtail.users with our fields
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "channels",
    "servestatic",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "home.headers.SecurityHeadersMiddleware",
    "servestatic.middleware.ServeStaticMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.session_timeout.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a lockout into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
    )
}
# --- SQLite, the embedded default (`make run`) ---------------------------------------
# A class autosaving at once must never meet "database is locked": WAL lets reads go
# on during a write; IMMEDIATE transactions take the write lock at BEGIN, so a waiting
# writer waits (up to "timeout" seconds) instead of failing when a read turns into a
# write; synchronous=NORMAL is safe with WAL and much cheaper per commit.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL",
        }
    )
# --- end SQLite ----------------------------------------------------------------------
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out user name and address before any
# password is checked (see the security section at the end).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Chinese first; English is one click away (the language switcher in the header and
# the user's own preference in the Wagtail admin).
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# Project strings first, then our fill-ins for what Wagtail leaves untranslated.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_wagtail"]

STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Channels: one process keeps its groups in memory; production.py swaps in Redis.
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
REDIS_URL = os.environ.get("REDIS_URL", "")

# Background work (django-tasks): run at once in the embedded default and the tests,
# in a db_worker process in production.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Wagtail
WAGTAIL_SITE_NAME = "安全生产法治培训平台"
WAGTAILADMIN_BASE_URL = os.environ.get("DJANGO_BASE_URL", "http://127.0.0.1:8000")
# Gravatar is unreachable from the bureau's network (and from here): never call it.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ppt",
    "pptx",
    "txt",
    "zip",
]
# Public documents: a PDF carrying JavaScript is refused on upload (home/documents.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "home.documents.SafeDocumentForm"
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# One time zone for everyone: the account page then shows no list of world zones.
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai"]
# ASCII addresses: a Chinese title leaves the slug blank and home.forms numbers it.
WAGTAIL_ALLOW_UNICODE_SLUGS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # jieba announces its dictionary load on every process start.
        "jieba": {"level": "WARNING"},
    },
}

# Shown in the site header and the Wagtail admin.
PLATFORM_NAME = _("Work Safety Law Training Platform")
BUREAU_NAME = os.environ.get("DJANGO_BUREAU_NAME", "区应急管理局")

# --- ledger: settings of the law-education ledger (普法台账) -----------------------
# Study hours (学时) each staff member needs a year, and what an
# online lesson completed and an exam passed count for; offline sessions carry their own.
COURSES_STUDY_HOURS_REQUIRED = 40
COURSES_STUDY_HOURS_PER_LESSON = 1
COURSES_STUDY_HOURS_PER_EXAM = 2
# A lesson counts as completed once its page was open this long (server clock) or
# its end was reached (video played out, text read to the bottom).
COURSES_LESSON_MIN_VIEW_SECONDS = int(
    os.environ.get("DJANGO_COURSES_LESSON_MIN_VIEW_SECONDS", "60")
)
COURSES_LEDGER_ATTACHMENT_MAX_MB = 10


# --- quizzes: settings owned by the quizzes app ---------------------------------
# Answers reaching the server this long after an attempt's deadline are still taken
# (network latency of a last click); later ones are refused.
QUIZZES_ANSWER_GRACE_SECONDS = 15
# A question leaves a person's wrong-answer book after this many right answers in a row.
QUIZZES_WRONG_BOOK_STREAK = 2
# Size of the practice paper built from the wrong-answer book.
QUIZZES_WRONG_BOOK_PAPER_SIZE = 20


# --- home: spreadsheet imports (home/sheets.py) ---------------------------------
# Checked before any XML of an uploaded .xlsx is parsed (size, zip members,
# unpacked total, per-member compression ratio), then the row limit while
# streaming. Every importer (questions, case files, activities, attendance) uses them.
SHEETS_MAX_BYTES = 10 * 1024 * 1024
SHEETS_MAX_MEMBERS = 500
SHEETS_MAX_UNCOMPRESSED = 60 * 1024 * 1024
SHEETS_MAX_RATIO = 100
SHEETS_MAX_ROWS = 20_000


# --- livestreams: settings owned by the livestreams app -------------------------
# A viewer is present while one of its sockets sent a message within this many seconds.
LIVESTREAMS_HEARTBEAT_TIMEOUT = int(
    os.environ.get("DJANGO_LIVE_HEARTBEAT_TIMEOUT", "45")
)
LIVESTREAMS_HEARTBEAT_INTERVAL = 15  # what the phone page sends; told to the client
# Counts are pushed at most once per this many seconds per class, only when changed.
LIVESTREAMS_PUSH_INTERVAL = 1.0
# "memory" keeps presence in this process (the embedded default, one process only);
# "redis" shares it between ASGI workers (production.py selects it).
LIVESTREAMS_PRESENCE_BACKEND = "memory"
LIVESTREAMS_REDIS_URL = REDIS_URL
LIVESTREAMS_REDIS_PREFIX = "live"
# Redis connections per worker for presence: a blocking pool, so a burst of joins
# queues on warm connections instead of opening one each (or failing past the limit).
LIVESTREAMS_REDIS_POOL_SIZE = 50
LIVESTREAMS_REDIS_SOCKET_TIMEOUT = 15.0
# Each worker writes when it last heard from its connections to their session rows
# at most this often (one batched UPDATE, never per heartbeat), and sweeps the open
# sessions of its classes that the store no longer knows (lost with a Redis restart)
# this often, closing them at that last-seen time.
LIVESTREAMS_SESSION_SEEN_INTERVAL = 20.0
LIVESTREAMS_SESSION_SWEEP_INTERVAL = 30.0
# A guest socket must send its viewer token (first message) within this many seconds.
LIVESTREAMS_AUTH_TIMEOUT = 10.0
# On SIGTERM an ASGI worker closes its live-class sockets (code 4503, "服务器正在重启"),
# closes their sessions and exits within this many seconds.
LIVESTREAMS_SHUTDOWN_TIMEOUT = float(
    os.environ.get("DJANGO_LIVE_SHUTDOWN_TIMEOUT", "10")
)
# DJANGO_LIVE_HANDSHAKE_LOG=1: one log line per audience-socket handshake with the
# time of each step (token check, store join, first count, class state); read by
# benchmarks/livestreams_audience.py.
if os.environ.get("DJANGO_LIVE_HANDSHAKE_LOG") == "1":
    LOGGING["loggers"]["livestreams.handshake"] = {"level": "DEBUG"}
# Guest sign-up limits (livestreams/ratelimit.py). Per client address a minute: a
# burst big enough for a canteen of workers behind one Wi-Fi or carrier NAT; per
# address an hour: a ceiling no script keeps up; per device (the sign-up API's
# cookie) a minute; per class a minute: a budget that bounds a flood from many
# addresses. A loopback load test raises them.
LIVESTREAMS_SIGNUP_RATE = int(os.environ.get("DJANGO_LIVE_SIGNUP_RATE", "400"))
LIVESTREAMS_SIGNUP_PER_ADDRESS_HOUR = int(
    os.environ.get("DJANGO_LIVE_SIGNUP_PER_ADDRESS_HOUR", "3000")
)
LIVESTREAMS_SIGNUP_PER_DEVICE = int(
    os.environ.get("DJANGO_LIVE_SIGNUP_PER_DEVICE", "10")
)
LIVESTREAMS_SIGNUP_CLASS_BUDGET = int(
    os.environ.get("DJANGO_LIVE_SIGNUP_CLASS_BUDGET", "6000")
)
# The address of the one reverse proxy whose X-Forwarded-For is trusted ("" = none).
# Behind a proxy it MUST be set: otherwise every viewer has the proxy's address and
# shares one per-address limit.
# Largest client WebSocket message accepted, in bytes.
LIVESTREAMS_MAX_MESSAGE_BYTES = 512


# --- peer_review: settings owned by the peer_review app -------------------------
# Locally set figures of the case-file checks and reviews (LEGAL.md: settings, not code).
# 第六十三条 较大数额: a fine (or confiscation) from this amount gives the party a hearing
# right; on an organisation and on a person (the 办法's figures where the province sets
# none, 待核实 against the official text).
PEER_REVIEW_HEARING_FINE_THRESHOLD = 50_000
PEER_REVIEW_HEARING_FINE_THRESHOLD_PERSON = 20_000
# The period for 陈述申辩 after the 告知书, in working days (the 办法's; 待核实): a
# decision inside it, before the party stated or waived in writing, is unlawful.
PEER_REVIEW_STATEMENT_WORKING_DAYS = 3
# 第五十八条: fines from this amount count as major and need legal review (法制审核).
PEER_REVIEW_LEGAL_REVIEW_FINE_THRESHOLD = 50_000
# 类似事项，类似决定: a fine is an outlier when |x − median| / (1.4826·MAD) exceeds this,
# among at least PEER_REVIEW_OUTLIER_MIN_PEERS files with the same provision and tier.
PEER_REVIEW_OUTLIER_THRESHOLD = 3.5
PEER_REVIEW_OUTLIER_MIN_PEERS = 5
# ... and only when the fine is at least this many yuan from the peers' median.
PEER_REVIEW_OUTLIER_MIN_GAP = 10_000
# Reviews of one file further apart than this many points go to arbitration.
PEER_REVIEW_ARBITRATION_GAP = 15
# Reviewers per file in a round unless the round says otherwise.
PEER_REVIEW_REVIEWERS_PER_FILE = 2
# Uploaded case documents: PDF, JPEG or PNG (checked by content), at most this size.
PEER_REVIEW_MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# Rectification evidence (photos, PDFs) a group uploads with its response.
PEER_REVIEW_MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# Case documents and rectification evidence live outside MEDIA_ROOT and are never
# served by URL except through the permission-checked download view. Empty: a
# sibling of MEDIA_ROOT named "<MEDIA_ROOT>-private".
PEER_REVIEW_PRIVATE_ROOT = os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT", "")
# The quizzes route that opens a drill on one article (reversed with the article's
# id); the drill-topic list links to it when it exists and lists the topic otherwise.
PEER_REVIEW_DRILL_URL_NAME = "quizzes:drill_for_article"


# --- analytics: settings owned by the analytics app -----------------------------
# A .ttc/.ttf/.otf with Chinese glyphs for charts and the PDF report; empty = the
# Debian fonts (fonts-noto-cjk, fonts-wqy-microhei) or whatever fontconfig offers.
ANALYTICS_CJK_FONT = os.environ.get("DJANGO_ANALYTICS_CJK_FONT", "")
# Annual reports written by the admin button go here (MEDIA is not served for them).
ANALYTICS_REPORT_ROOT = BASE_DIR / "var" / "reports"


# --- security: login throttling, sessions, headers (accounts, config) ----------
# The address of the one reverse proxy whose X-Forwarded-For is trusted ("" = none:
# every request's own address counts; behind a proxy set it, or all clients share
# the proxy's address for login throttling and sign-up limits).
TRUSTED_PROXY = os.environ.get("DJANGO_TRUSTED_PROXY", "")

# Login throttling (django-axes) on /accounts/login/ and /admin/login/: after this
# many failures for one user name from one address, that pair is locked for the
# cool-off (429 with a Chinese message). Unlock: manage.py axes_reset_username NAME.
LOGIN_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_COOLOFF_MINUTES = int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15"))
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The cool-off runs from the lockout; more tries while locked do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
AXES_VERBOSE = False

# Sessions (accounts/session_timeout.py): logged out after this much inactivity
# (staff and superusers / enterprise users) and at the latest this long after log-in.
# Scripts (autosave) then get a JSON 401 instead of a page.
SESSION_IDLE_TIMEOUT_STAFF = (
    int(os.environ.get("DJANGO_SESSION_IDLE_STAFF_MINUTES", "30")) * 60
)
SESSION_IDLE_TIMEOUT_ENTERPRISE = (
    int(os.environ.get("DJANGO_SESSION_IDLE_ENTERPRISE_MINUTES", "240")) * 60
)
SESSION_ABSOLUTE_LIFETIME = int(os.environ.get("DJANGO_SESSION_MAX_HOURS", "12")) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIFETIME

# Content-Security-Policy (django-csp, home/headers.py). Streams, replays and external
# players are on other hosts: list their origins (comma-separated, e.g.
# "https://live.example.gov.cn") to narrow the default, which is any https source.
SECURITY_MEDIA_SOURCES = os.environ.get("DJANGO_CSP_MEDIA_SOURCES", "https:").split(",")
SECURITY_FRAME_SOURCES = os.environ.get("DJANGO_CSP_FRAME_SOURCES", "https:").split(",")
_CSP_COMMON = {
    "default-src": [SELF],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "media-src": [SELF, "blob:", *SECURITY_MEDIA_SOURCES],
    # hls.js fetches playlists and segments by XHR; the same host's WebSocket is
    # added per request.
    "connect-src": [SELF, *SECURITY_MEDIA_SOURCES],
    "worker-src": [SELF, "blob:"],
    "frame-src": [SELF, *SECURITY_FRAME_SOURCES],
    "frame-ancestors": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {**_CSP_COMMON, "script-src": [SELF], "style-src": [SELF]}
}
# Wagtail's admin writes inline scripts and styles.
CONTENT_SECURITY_POLICY_ADMIN_PREFIXES = ["/admin/"]
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
    }
}
# Features no page here uses are switched off (fullscreen stays, for the players).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), browsing-topics=()"
)
