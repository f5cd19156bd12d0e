import ssl
from ssl import PROTOCOL_TLSv1 as OLD_TLS, wrap_socket
from OpenSSL import SSL
import urllib3


def cases(sock):
    # ruleid: ssl-insecure-version
    ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_SSLv3)
    # ruleid: ssl-insecure-version
    ssl.SSLContext(ssl.PROTOCOL_SSLv2)
    # ruleid: ssl-insecure-version
    ctx = ssl.SSLContext(protocol=OLD_TLS)
    # ruleid: ssl-insecure-version
    SSL.Context(SSL.TLSv1_METHOD)
    # ruleid: ssl-insecure-version
    SSL.Context(method=SSL.SSLv3_METHOD)
    # ruleid: ssl-insecure-version
    wrap_socket(
        sock,
        ssl_version=ssl.PROTOCOL_TLSv1_1,
    )
    # ruleid: ssl-insecure-version
    urllib3.PoolManager(ssl_version=ssl.PROTOCOL_TLSv1)
    # ok: ssl-insecure-version
    ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    # ok: ssl-insecure-version
    SSL.Context(SSL.SSLv23_METHOD)
    # ok: ssl-insecure-version
    SSL.Context(SSL.TLS_METHOD)
    # ok: ssl-insecure-version
    ssl.create_default_context()
    # ok: ssl-insecure-version
    ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # nosec B502
    # ok: ssl-insecure-version
    ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # noqa: S502
    return ctx


def _advised_fix_ssl_insecure_version():
    import ssl

    ctx = ssl.create_default_context()
    # fix: ssl-insecure-version
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx
