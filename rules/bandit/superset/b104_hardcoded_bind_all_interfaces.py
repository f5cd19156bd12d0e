import socket

# ruleid: bind-all-interfaces -- Bandit B104
HOST = "0.0.0.0"


def serve(port):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # ruleid: bind-all-interfaces -- Bandit B104
    server.bind(("0.0.0.0", port))
    server.listen(5)
    return server
