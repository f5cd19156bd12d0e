import urllib.request
from urllib.request import Request, urlopen, urlretrieve

FEED = "https://example.com/feed.xml"


def fetch(path, url):
    # ruleid: urlopen-audit
    urlopen(FEED, timeout=10)
    # ruleid: urlopen-audit
    urlretrieve(
        f"https://downloads.example.com/{path}",
        "out.bin",
    )
    req = Request("https://example.com/api", headers={"Accept": "application/json"})
    # ruleid: urlopen-audit
    urllib.request.urlopen(req, timeout=10)
    # ruleid: urlopen-audit
    urlopen(url)
    # ok: urlopen-audit
    Request(url)
    # ok: urlopen-audit
    urlopen(FEED)  # nosec B310
    # ok: urlopen-audit
    urlopen(FEED)  # noqa: S310


def _advised_fix_urlopen_audit(path):
    from urllib.request import urlopen

    # fix: urlopen-audit -- hygiene only: the scheme is fixed
    return urlopen(f"https://api.example.com/v1/{path}", timeout=10)
