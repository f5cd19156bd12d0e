import os
from multiprocessing.connection import Listener


def serve(handle):
    # ruleid: multiprocessing-listener-no-authkey
    with Listener(("0.0.0.0", 6000)) as listener:
        with listener.accept() as conn:
            handle(conn.recv())


def serve_none():
    # ruleid: multiprocessing-listener-no-authkey
    return Listener(("127.0.0.1", 6001), authkey=None)


def serve_fixed():
    # ruleid: multiprocessing-listener-no-authkey
    return Listener(("127.0.0.1", 6002), authkey=b"worker-secret")


def _advised_fix_multiprocessing_listener_no_authkey():
    # fix: multiprocessing-listener-no-authkey
    return Listener(("127.0.0.1", 6000), authkey=os.environ["WORKER_AUTHKEY"].encode())
