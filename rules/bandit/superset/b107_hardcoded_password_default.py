# ruleid: hardcoded-password -- Bandit B107
def connect(host, user="app", password="Default-2024!"):
    return host, user, password


# ruleid: hardcoded-password -- Bandit B107
def make_client(url, token="tok-abc-123456"):
    return url, token
