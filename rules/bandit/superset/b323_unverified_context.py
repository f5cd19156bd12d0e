import ssl
import urllib.request


def fetch(url):
    # ruleid: ssl-unverified-context -- Bandit B323
    context = ssl._create_unverified_context()
    # ruleid: urlopen-any-scheme -- Bandit B310
    return urllib.request.urlopen(url, context=context).read()
