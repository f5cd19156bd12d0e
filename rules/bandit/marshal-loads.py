import marshal
from marshal import loads


def read(blob, f):
    # ruleid: marshal-loads
    marshal.loads(blob)
    # ruleid: marshal-loads
    loads(
        blob[16:],
    )
    # ruleid: marshal-loads
    marshal.load(f)
    # ruleid: marshal-loads -- hygiene: constant bytes
    marshal.loads(b"\xe9\x01\x00\x00\x00")
    # ok: marshal-loads
    marshal.dumps(blob)
    # ok: marshal-loads
    marshal.loads(blob)  # nosec B302


def _advised_fix_marshal_loads(body):
    import json

    # fix: marshal-loads
    return json.loads(body)
