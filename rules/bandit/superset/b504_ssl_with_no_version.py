import ssl


def wrap(sock):
    # ruleid: ssl-wrap-socket-no-version -- Bandit B504
    return ssl.wrap_socket(sock)
