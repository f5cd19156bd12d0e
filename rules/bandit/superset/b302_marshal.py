import marshal


def load_code(blob, f):
    # ruleid: marshal-loads -- Bandit B302
    code = marshal.loads(blob)
    # ruleid: marshal-loads -- Bandit B302
    other = marshal.load(f)
    # ruleid: marshal-loads -- Bandit B302
    empty = marshal.loads(b"N")
    return code, other, empty
