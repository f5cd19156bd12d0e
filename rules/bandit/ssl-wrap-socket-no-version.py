import ssl
from ssl import wrap_socket as wrap


def cases(sock, cert, key):
    # ruleid: ssl-wrap-socket-no-version
    ssl.wrap_socket(sock)
    # ruleid: ssl-wrap-socket-no-version
    wrap(sock, server_side=True, certfile=cert, keyfile=key)
    # ruleid: ssl-wrap-socket-no-version
    ssl.wrap_socket(
        sock,
        cert_reqs=ssl.CERT_REQUIRED,
        ca_certs="/etc/ssl/ca.pem",
    )
    # ok: ssl-wrap-socket-no-version
    ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLS_CLIENT, cert_reqs=ssl.CERT_REQUIRED)
    # ok: ssl-wrap-socket-no-version
    ssl.create_default_context().wrap_socket(sock, server_hostname="example.org")
    # ok: ssl-wrap-socket-no-version
    ssl.wrap_socket(sock)  # nosec B504
    # ok: ssl-wrap-socket-no-version
    ssl.wrap_socket(sock)  # noqa: S504


def _advised_fix_ssl_wrap_socket_no_version(sock, host):
    import ssl

    ctx = ssl.create_default_context()
    # fix: ssl-wrap-socket-no-version
    return ctx.wrap_socket(sock, server_hostname=host)
