"""What one uvicorn worker carries before its first socket (issue 17).

Django's startup imports every app's models and ``wagtail_hooks``; whatever those
import at module level every ASGI worker holds for its whole life, with 10,000 viewers
spread over two of them. The analytics pipeline (pandas, numpy, matplotlib), the
search segmenter (jieba) and the document libraries serve the admin and search over
HTTP, never a live-class socket, so a fresh process that imports ``config.asgi`` under
production settings, as uvicorn does, must not load them.
"""

import json

from tests.test_settings import run_in_production

HEAVY = (
    "pandas",
    "numpy",
    "matplotlib",
    "jieba",
    "openpyxl",
    "docx",
    "weasyprint",
    "krippendorff",
    "cn2an",
)
# Resident memory after the import, measured on the development machine (Python
# 3.11, x86-64): 291 MB before issue 17's change (with jieba's dictionary, which a
# startup hook loaded), 125 MB after. The bound leaves ~30 % for other platforms and
# library versions and still fails if pandas or the dictionary come back.
RSS_BOUND_MB = 165

PROBE = f"""
import json, sys, threading

import config.asgi

# Whatever a startup hook loads in the background counts too.
for thread in threading.enumerate():
    if thread is not threading.main_thread():
        thread.join(timeout=60)
with open("/proc/self/status") as status:
    rss_kb = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
loaded = sorted(name for name in {HEAVY!r} if name in sys.modules)
sys.stdout.write(json.dumps({{"loaded": loaded, "rss_mb": rss_kb / 1024}}))
"""


def probe(code: str) -> dict:
    result = run_in_production("-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_an_asgi_worker_starts_without_the_analytics_search_and_document_libraries():
    found = probe(PROBE)
    assert found["loaded"] == []
    assert found["rss_mb"] < RSS_BOUND_MB, found
