import httpx
import requests


def calls(url, payload):
    # ruleid: tls-verify-disabled -- Bandit B501
    requests.get(url, verify=False, timeout=10)
    # ruleid: tls-verify-disabled -- Bandit B501
    requests.post(url, json=payload, verify=False, timeout=10)
    session = requests.Session()
    session.get(url, verify=False, timeout=10)
    httpx.get(url, verify=False)
    httpx.Client(verify=False)
