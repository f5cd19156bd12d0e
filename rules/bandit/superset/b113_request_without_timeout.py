# Bandit 1.7.5+ (B113); the installed Bandit may not run it.
import httpx
import requests


def poll(url, payload):
    # ruleid: request-without-timeout -- Bandit B113
    requests.get(url)
    # ruleid: request-without-timeout -- Bandit B113
    requests.post(url, json=payload)
    # ruleid: request-without-timeout -- Bandit B113
    requests.request("PUT", url, timeout=None)
    # ruleid: httpx-timeout-disabled -- Bandit B113
    httpx.get(url, timeout=None)
    requests.get(url, timeout=10)
