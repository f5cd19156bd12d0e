import ssl
from ssl import PROTOCOL_TLSv1
from OpenSSL import SSL


# ruleid: ssl-insecure-version-default
def open_socket(version=ssl.PROTOCOL_SSLv3):
    return version


# ruleid: ssl-insecure-version-default
def open_pyopenssl(method=SSL.TLSv1_METHOD):
    return method


def typed(
    host: str,
    # ruleid: ssl-insecure-version-default
    version: int = PROTOCOL_TLSv1,
):
    return host, version


# ok: ssl-insecure-version-default
def modern(version=ssl.PROTOCOL_TLS_CLIENT):
    return version


# ok: ssl-insecure-version-default
def negotiated(method=SSL.SSLv23_METHOD):
    return method


# ok: ssl-insecure-version-default
def tls12(version=ssl.PROTOCOL_TLSv1_2):
    return version


# ok: ssl-insecure-version-default
def legacy(version=ssl.PROTOCOL_TLSv1):  # nosec B503
    return version


# ok: ssl-insecure-version-default
def legacy2(version=ssl.PROTOCOL_TLSv1):  # noqa: S503
    return version


def _advised_fix_ssl_insecure_version_default(sock, context=None):
    import ssl

    # fix: ssl-insecure-version-default
    context = context or ssl.create_default_context()
    return context.wrap_socket(sock, server_hostname="example.com")
