import os
import os as operating_system
import time
from os import environ, getenv as env

# ruleid: env-unbounded-number
REQUEST_TIMEOUT = float(os.environ.get("REQUEST_TIMEOUT", "10"))

# ok: env-unbounded-number
MAX_WORKERS = max(1, min(int(os.environ.get("MAX_WORKERS", "4")), 32))

# ok: env-unbounded-number
DEBUG = int(os.environ.get("DEBUG", "0"))

# ok: env-unbounded-number
PORT = int(os.environ["PORT"])


class KubeTestCluster:
    def __init__(self, namespace):
        self.namespace = namespace
        # ruleid: env-unbounded-number
        self.startup_timeout = int(os.environ.get("STARTUP_TIMEOUT", "30"))
        # ruleid: env-unbounded-number
        self.retries = int(
            environ["KUBE_RETRIES"]
        )


def poll():
    # ruleid: env-unbounded-number
    time.sleep(float(os.getenv("POLL_INTERVAL", "1")))


def via_a_name():
    raw = env("BATCH_SIZE")
    # ruleid: env-unbounded-number
    batch = int(raw or 100)
    return batch


def validated():
    # ok: env-unbounded-number
    timeout = int(os.environ.get("TIMEOUT", "30"))
    if not 0 < timeout <= 600:
        raise ValueError(f"TIMEOUT must be between 1 and 600 seconds, got {timeout}")
    return timeout


def clamped_later():
    # ok: env-unbounded-number
    limit = int(os.environ.get("RATE_LIMIT", "100"))
    limit = max(1, min(limit, 1000))
    return limit


def checked_with_raise():
    # ok: env-unbounded-number
    size = int(os.getenv("CHUNK_SIZE", "65536"))
    if size < 1 or size > 1 << 24:
        raise SystemExit("CHUNK_SIZE out of range")
    return size


def range_check():
    # ok: env-unbounded-number
    depth = int(os.environ["MAX_DEPTH"])
    if depth not in range(1, 64):
        raise ValueError("MAX_DEPTH")
    return depth


def not_a_number():
    # ok: env-unbounded-number
    return os.environ.get("TIMEOUT", "30")


def suppressed():
    # ok: env-unbounded-number
    return int(os.environ.get("SLEEP_SECONDS", "5"))  # hunkwise: ignore[env-unbounded-number]


def shadowed(os):
    # todook: env-unbounded-number
    return int(os.environ.get("WAIT_TIME", "5"))


def reproducible_build():
    # ok: env-unbounded-number
    build_time = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    return build_time


def module_alias():
    # ruleid: env-unbounded-number
    return float(operating_system.environ["BACKOFF_SECONDS"])


def _advised_fix_env_unbounded_number():
    import os

    raw = os.environ.get("STARTUP_TIMEOUT", "30")
    # fix: env-unbounded-number
    return max(1, min(int(raw), 600))
