import ssl

from OpenSSL import SSL


def connect(sock, make_tunnel):
    # ruleid: ssl-version-audit
    make_tunnel(sock, ssl_version=ssl.PROTOCOL_TLSv1)
    # ruleid: ssl-version-audit
    make_tunnel(
        sock,
        method=SSL.SSLv3_METHOD,
    )
    # ruleid: ssl-version-audit
    SSL.Context(method=SSL.SSLv23_METHOD)
    # ruleid: ssl-version-audit
    ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_SSLv3)
    # ok: ssl-version-audit
    make_tunnel(sock, ssl_version=ssl.PROTOCOL_TLS_CLIENT)
    # ok: ssl-version-audit
    make_tunnel(sock, method=SSL.TLS_METHOD)
    # ok: ssl-version-audit
    make_tunnel(sock, ssl_version=ssl.PROTOCOL_TLSv1)  # nosec B502
    # ok: ssl-version-audit
    make_tunnel(sock, ssl_version=ssl.PROTOCOL_TLSv1)  # noqa: S502


# ruleid: ssl-version-audit
def negotiate(sock, method=SSL.SSLv23_METHOD):
    return SSL.Connection(SSL.Context(method), sock)


# ok: ssl-version-audit
def modern(sock, method=SSL.TLS_METHOD):
    return SSL.Connection(SSL.Context(method), sock)


def _advised_fix_ssl_version_audit():
    ctx = ssl.create_default_context()
    # fix: ssl-version-audit
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx
