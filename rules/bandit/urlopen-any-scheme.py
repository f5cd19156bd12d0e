import urllib.request
from urllib.request import urlopen as fetch, urlretrieve

BASE = "https://api.example.com/v1"


def download(user_url, path, host):
    # ruleid: urlopen-any-scheme
    urllib.request.urlopen(user_url)
    # ruleid: urlopen-any-scheme
    urlretrieve(
        user_url,
        path,
    )
    # ruleid: urlopen-any-scheme
    fetch(f"{host}/status")
    # ok: urlopen-any-scheme
    fetch("https://example.com/feed.xml")
    # ok: urlopen-any-scheme
    fetch(f"https://{host}/status")
    # ok: urlopen-any-scheme
    fetch("https://" + host + "/status")
    # ok: urlopen-any-scheme
    fetch("https://{}/status".format(host))
    # ok: urlopen-any-scheme
    fetch(BASE)
    # ok: urlopen-any-scheme
    fetch(user_url)  # nosec B310
    # ok: urlopen-any-scheme
    fetch(user_url)  # noqa: S310
    req = urllib.request.Request(BASE + "/items")
    # ok: urlopen-any-scheme
    fetch(req)


def local_test_server(path, url):
    req = urllib.request.Request(f"http://localhost:8000{path}", headers={"Accept": "application/json"})
    # ok: urlopen-any-scheme
    fetch(req)
    target = "http://127.0.0.1:8000" + path
    # ok: urlopen-any-scheme
    fetch(target, timeout=5)
    # ok: urlopen-any-scheme
    fetch(urllib.request.Request(url=BASE + path))
    given = urllib.request.Request(url)
    # ruleid: urlopen-any-scheme
    fetch(given)


def advised(path):
    # fix: urlopen-any-scheme
    return fetch(f"https://api.example.com/v1/{path}", timeout=10)
