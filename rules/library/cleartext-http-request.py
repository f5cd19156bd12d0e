import urllib.request

import requests

API = "http://api.partner-example.com/v1"


def pull():
    # ruleid: cleartext-http-request
    r = requests.get("http://api.partner-example.com/v1/items", timeout=10)
    # ruleid: cleartext-http-request
    s = requests.post(API + "/orders", json={"id": 1}, timeout=10)
    # ruleid: cleartext-http-request
    urllib.request.urlretrieve("ftp://ftp.example.org/pub/data.csv", "data.csv")
    return r, s


def local(port):
    # ok: cleartext-http-request
    a = requests.get(f"http://localhost:{port}/health", timeout=2)
    # ok: cleartext-http-request
    b = requests.get("http://127.0.0.1:8080/metrics", timeout=2)
    # ok: cleartext-http-request
    c = requests.get("https://api.partner-example.com/v1/items", timeout=10)
    return a, b, c


def _advised_fix_cleartext_http_request():
    # fix: cleartext-http-request
    return requests.get("https://api.partner-example.com/v1/items", timeout=10)
