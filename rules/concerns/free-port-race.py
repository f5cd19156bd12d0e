import random
import socket
import subprocess

import psutil
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


def _ports_in_use(output):
    ports = set()
    for line in output.splitlines():
        ports.add(int(line.split()[3].rsplit(":", 1)[1]))
    return ports


# ruleid: free-port-race
def get_unused_port(used, start=1024, end=65535):
    candidates = set(range(start, end + 1))
    return random.choice(list(candidates - used))


# ruleid: free-port-race
def get_free_namespace_port(namespace, start=1024, end=65535):
    output = subprocess.check_output(["ip", "netns", "exec", namespace, "ss", "-tan"], text=True)
    used_ports = _ports_in_use(output)
    return get_unused_port(used_ports, start, end)


# ruleid: free-port-race
def free_port_for_agent(namespace):
    port = get_free_namespace_port(namespace)
    return port


# ruleid: free-port-race
def pick_port_psutil(low=20000, high=30000):
    in_use = {c.laddr.port for c in psutil.net_connections()}
    return random.choice([p for p in range(low, high) if p not in in_use])


# ruleid: free-port-race
def pick_port_netstat():
    out = subprocess.run(["netstat", "-tln"], capture_output=True, text=True).stdout
    busy = {int(line.split()[3].rsplit(":", 1)[1]) for line in out.splitlines()[2:]}
    free = set(range(30000, 40000)).difference(busy)
    port = random.sample(sorted(free), 1)[0]
    return port


class Ports:
    # ruleid: free-port-race
    def _pick_port(self, used):
        return random.choice(sorted(set(range(1024, 65535)) - used))

    # ruleid: free-port-race
    def port_for(self, used):
        return self._pick_port(used)


# ok: free-port-race
def pick_port_no_exclusion():
    # ok: free-port-race
    return random.choice(range(20000, 30000))


# ok: free-port-race
def pick_sample_ids(population, excluded):
    # ok: free-port-race
    return random.choice(list(population - excluded))


# ok: free-port-race
def port_range_end(start, end):
    # ok: free-port-race
    return random.choice(range(start, end - 1))


# ok: free-port-race
def start_agent(namespace):
    # ok: free-port-race
    port = get_free_namespace_port(namespace)
    return spawn_agent(port)


def spawn_agent(port):
    return port


def _advised_fix_free_port_race(make_server):
    import socket

    sock = socket.socket()
    # fix: free-port-race
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return make_server(sock), sock.getsockname()[1]
