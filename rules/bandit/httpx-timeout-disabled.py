import httpx
from httpx import AsyncClient


def fetch(url):
    # ruleid: httpx-timeout-disabled
    httpx.get(url, timeout=None)
    # ruleid: httpx-timeout-disabled
    client = AsyncClient(
        base_url=url,
        timeout=None,
    )
    # ok: httpx-timeout-disabled
    httpx.get(url)
    # ok: httpx-timeout-disabled
    httpx.post(url, timeout=30)
    # ok: httpx-timeout-disabled
    httpx.Client(timeout=None)  # nosec B113
    return client


def _advised_fix_httpx_timeout_disabled(url):
    import httpx

    # fix: httpx-timeout-disabled
    return httpx.get(url, timeout=30)
