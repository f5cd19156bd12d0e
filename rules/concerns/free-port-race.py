import random
import socket
from random import randint


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # ruleid: free-port-race
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def free_port_with():
    with socket.socket() as sock:
        # ruleid: free-port-race
        sock.bind(("", 0))
        return sock.getsockname()[1]


class Cluster:
    def _reserve(self):
        s = socket.socket()
        # ruleid: free-port-race
        s.bind(
            ("localhost", 0),
        )
        self.port = s.getsockname()[1]
        s.close()


def probe_ports(start, end):
    for port in range(start, end):
        s = socket.socket()
        try:
            # ruleid: free-port-race
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        finally:
            s.close()
        return port
    raise RuntimeError("no free port")


def find_unused_port(host="127.0.0.1"):
    while True:
        candidate = random.randint(20000, 40000)
        s = socket.socket()
        # ruleid: free-port-race
        if s.connect_ex((host, candidate)) != 0:
            s.close()
            return candidate
        s.close()


def pick_port(used):
    while True:
        # ruleid: free-port-race
        port = randint(20000, 40000)
        if port not in used:
            return port


def keeps_the_socket():
    s = socket.socket()
    # ok: free-port-race
    s.bind(("127.0.0.1", 0))
    s.listen()
    return s, s.getsockname()[1]


class Server:
    def open(self):
        sock = socket.socket()
        # ok: free-port-race
        sock.bind(("127.0.0.1", 0))
        self.sock = sock
        return sock.getsockname()[1]


def serve_on(httpd_factory):
    sock = socket.socket()
    # ok: free-port-race
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    httpd_factory(sock)
    return port


def wait_for_port(host, port):
    while True:
        s = socket.socket()
        # ok: free-port-race
        if s.connect_ex((host, port)) == 0:
            s.close()
            return port
        s.close()


def fixed_port():
    s = socket.socket()
    # ok: free-port-race
    s.bind(("127.0.0.1", 8080))
    s.listen()
    return s


def random_sample_size():
    # ok: free-port-race
    n = random.randint(1, 10)
    if n > 5:
        return n
    return 0


def suppressed():
    s = socket.socket()
    # ok: free-port-race
    s.bind(("127.0.0.1", 0))  # hunkwise: ignore[free-port-race]
    port = s.getsockname()[1]
    s.close()
    return port


def can_bind_loopback_alias():
    with socket.socket() as s:
        try:
            # ok: free-port-race
            s.bind(("127.0.0.2", 0))
        except OSError:
            return False
        return s.getsockname()[0] == "127.0.0.2"


def unpacked():
    s = socket.socket()
    # ruleid: free-port-race
    s.bind(("127.0.0.1", 0))
    _, port = s.getsockname()[:2]
    s.close()
    return port


def bind_port(sock, host="127.0.0.1"):
    # ok: free-port-race
    sock.bind((host, 0))
    port = sock.getsockname()[1]
    return port


def find_unused_port():
    with socket.socket() as tempsock:
        # ruleid: free-port-race
        port = bind_port(tempsock)
    del tempsock
    return port


def serve_forever_on_a_free_port(server_factory):
    sock = socket.socket()
    # ok: free-port-race
    port = bind_port(sock)
    server_factory(sock).serve_forever()
    return port


def _advised_fix_free_port_race(make_server):
    import socket

    sock = socket.socket()
    # fix: free-port-race
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return make_server(sock), sock.getsockname()[1]
