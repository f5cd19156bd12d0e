import urllib.request
from urllib.request import URLopener, urlopen, urlretrieve


def download(url, dest, name):
    # ruleid: urlopen-any-scheme -- Bandit B310
    with urlopen(url) as resp:
        body = resp.read()
    # ruleid: urlopen-any-scheme -- Bandit B310
    urlretrieve(url, dest)
    # ruleid: urlopen-audit -- Bandit B310
    urllib.request.urlopen("https://status.example.com/health")
    # ruleid: urlopen-audit -- Bandit B310
    urlopen("https://cdn.example.com/files/" + name)
    # ruleid: urlopen-audit -- Bandit B310
    opener = URLopener()
    # ruleid: urlopen-any-scheme -- Bandit B310
    urllib.request.urlopen(urllib.request.Request(url))
    return body, opener
