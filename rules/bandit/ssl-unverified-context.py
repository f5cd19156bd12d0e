import ssl
import urllib.request
from ssl import _create_unverified_context as insecure

# ok: ssl-unverified-context
ssl._create_default_https_context = ssl._create_unverified_context


def fetch(url):
    # ruleid: ssl-unverified-context
    ctx = ssl._create_unverified_context()
    # ruleid: ssl-unverified-context
    other = insecure(
        cafile=None,
    )
    # ok: ssl-unverified-context
    good = ssl.create_default_context()
    # ok: ssl-unverified-context
    legacy = ssl._create_unverified_context()  # nosec B323
    # ok: ssl-unverified-context
    quiet = ssl._create_unverified_context()  # noqa: S323
    return urllib.request.urlopen(url, context=ctx), other, good, legacy, quiet


def _advised_fix_ssl_unverified_context():
    import ssl

    # fix: ssl-unverified-context
    return ssl.create_default_context(cafile="corp-ca.pem")
