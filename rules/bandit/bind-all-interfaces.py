import socket
from http.server import HTTPServer, SimpleHTTPRequestHandler

import uvicorn
from flask import Flask

app = Flask(__name__)
# ruleid: bind-all-interfaces
HOST = "0.0.0.0"
# ok: bind-all-interfaces
LOCAL_HOST = "127.0.0.1"


def serve():
    sock = socket.socket()
    # ruleid: bind-all-interfaces
    sock.bind(("0.0.0.0", 8080))
    six = socket.socket(socket.AF_INET6)
    # ruleid: bind-all-interfaces
    six.bind(("::", 8080))
    # ruleid: bind-all-interfaces
    HTTPServer(("0.0.0.0", 8000), SimpleHTTPRequestHandler)
    # ruleid: bind-all-interfaces
    app.run(host="0.0.0.0", port=5000)
    uvicorn.run(
        app,
        # ruleid: bind-all-interfaces
        host="0.0.0.0",
    )
    # ruleid: bind-all-interfaces
    app.run("0.0.0.0")
    # ok: bind-all-interfaces
    sock.bind(("127.0.0.1", 8080))
    # ok: bind-all-interfaces
    app.run(host=HOST_FROM_ENV)
    # ok: bind-all-interfaces
    sock.bind(("0.0.0.0", 8080))  # nosec B104
    # ok: bind-all-interfaces
    app.run(host="0.0.0.0")  # noqa: S104


def not_listening(addr):
    # ok: bind-all-interfaces
    if addr == "0.0.0.0":
        return "any"
    # ok: bind-all-interfaces
    print("listening on 0.0.0.0 unless --host is given")
    # ok: bind-all-interfaces
    default_route = "0.0.0.0"
    return default_route


def _advised_fix_bind_all_interfaces():
    import socket

    listener = socket.socket()
    # fix: bind-all-interfaces
    listener.bind(("127.0.0.1", 8080))
