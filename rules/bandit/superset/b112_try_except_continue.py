import json


def load_all(paths):
    out = []
    for p in paths:
        try:
            out.append(json.load(open(p)))
        # ruleid: swallowed-exception -- Bandit B112
        except Exception:
            continue
    for p in paths:
        try:
            out.append(open(p + ".bak").read())
        # ruleid: swallowed-exception -- Bandit B112
        except:
            continue
    return out
