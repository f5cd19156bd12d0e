import ssl

from OpenSSL import SSL


# ruleid: ssl-insecure-version-default -- Bandit B503
def open_legacy(sock, version=ssl.PROTOCOL_SSLv3):
    return ssl.wrap_socket(sock, ssl_version=version)


# ruleid: ssl-insecure-version-default -- Bandit B503
def open_pyopenssl(sock, method=SSL.TLSv1_METHOD):
    return SSL.Connection(SSL.Context(method), sock)


# ruleid: ssl-version-audit -- Bandit B503
def open_negotiated(sock, method=SSL.SSLv23_METHOD):
    return SSL.Connection(SSL.Context(method), sock)


def open_modern(sock, method=SSL.TLS_METHOD):
    return SSL.Connection(SSL.Context(method), sock)
