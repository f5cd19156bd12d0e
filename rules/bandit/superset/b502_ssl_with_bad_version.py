import ssl

from OpenSSL import SSL


def contexts(sock, open_tunnel):
    # ruleid: ssl-insecure-version -- Bandit B502
    ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_SSLv2)
    # ruleid: ssl-insecure-version -- Bandit B502
    ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_SSLv3)
    # ruleid: ssl-insecure-version -- Bandit B502
    ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLSv1)
    # ruleid: ssl-insecure-version -- Bandit B502
    SSL.Context(method=SSL.SSLv2_METHOD)
    # ruleid: ssl-insecure-version -- Bandit B502
    SSL.Context(method=SSL.SSLv3_METHOD)
    # ruleid: ssl-insecure-version -- Bandit B502
    SSL.Context(method=SSL.TLSv1_METHOD)
    # ruleid: ssl-version-audit -- Bandit B502
    SSL.Context(method=SSL.SSLv23_METHOD)
    # ruleid: ssl-version-audit -- Bandit B502
    open_tunnel(sock, ssl_version=ssl.PROTOCOL_SSLv3)
    # ruleid: ssl-version-audit -- Bandit B502
    open_tunnel(sock, method=SSL.TLSv1_METHOD)
    # ruleid: ssl-version-audit -- Bandit B502
    open_tunnel(sock, method=SSL.SSLv23_METHOD)
    ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLS_CLIENT)
