import requests
import requests as rq
import httpx
from requests import get as fetch


def cases(url, data, verify_flag):
    # ruleid: tls-verify-disabled
    requests.get(url, verify=False)
    # ruleid: tls-verify-disabled
    rq.post(url, data=data, verify=False)
    # ruleid: tls-verify-disabled
    fetch(url, verify=False)
    session = requests.Session()
    # ruleid: tls-verify-disabled
    session.get(
        url,
        timeout=5,
        verify=False,
    )
    # ruleid: tls-verify-disabled
    httpx.get(url, verify=False)
    # ruleid: tls-verify-disabled
    client = httpx.Client(verify=False)
    # ruleid: tls-verify-disabled
    requests.request("GET", url, verify=False)
    # ok: tls-verify-disabled
    requests.get(url)
    # ok: tls-verify-disabled
    requests.get(url, verify=True)
    # ok: tls-verify-disabled
    requests.get(url, verify="/etc/ssl/internal-ca.pem")
    # ok: tls-verify-disabled
    requests.get(url, verify=None)
    # ok: tls-verify-disabled
    requests.get(url, verify=verify_flag)
    # ok: tls-verify-disabled
    data.get("key", False)
    # ok: tls-verify-disabled
    requests.get(url, verify=False)  # nosec B501
    # ok: tls-verify-disabled
    requests.get(url, verify=False)  # noqa: S501
    return client


def _advised_fix_tls_verify_disabled(url):
    import requests

    # fix: tls-verify-disabled
    return requests.get(url, verify="/etc/ssl/certs/internal-ca.pem", timeout=10)
