import requests
import requests as rq
from requests import post


def fetch(url, payload, **kwargs):
    # ruleid: request-without-timeout
    requests.get(url)
    # ruleid: request-without-timeout
    rq.put(url, data=payload, timeout=None)
    # ruleid: request-without-timeout
    post(
        url,
        json=payload,
    )
    session = requests.Session()
    # ruleid: request-without-timeout
    session.get(url)
    with requests.Session() as s:
        # ruleid: request-without-timeout
        s.post(url, json=payload)
        # ok: request-without-timeout
        s.post(url, json=payload, timeout=5)
    # ok: request-without-timeout
    requests.get(url, timeout=10)
    # ok: request-without-timeout
    requests.get(url, timeout=(3.05, 27))
    # ok: request-without-timeout
    requests.get(url, **kwargs)
    # ok: request-without-timeout
    requests.get(url)  # nosec B113
    # ok: request-without-timeout
    requests.get(url)  # noqa: S113
    # ok: request-without-timeout
    payload.get(url)


def _advised_fix_request_without_timeout(url):
    import requests

    # fix: request-without-timeout
    return requests.get(url, timeout=10)
