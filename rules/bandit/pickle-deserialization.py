import pickle
import shelve
import pickle as pkl
from pickle import loads as unpickle

import pandas as pd


class SafeUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        raise pickle.UnpicklingError(name)


def handle(request, path):
    # ruleid: pickle-deserialization
    obj = pickle.loads(request.body)
    # ruleid: pickle-deserialization
    unpickle(
        request.data,
    )
    with open(path, "rb") as f:
        # ruleid: pickle-deserialization
        pkl.load(f)
    # ruleid: pickle-deserialization
    pd.read_pickle(path)
    # ruleid: pickle-deserialization
    shelve.open(path)
    # ruleid: pickle-deserialization
    SafeUnpickler(request.stream)
    # ruleid: pickle-deserialization -- hygiene: constant data
    pickle.loads(b"\x80\x04K\x01.")
    # ruleid: pickle-deserialization -- hygiene: constant data
    pd.read_pickle("fixtures/frame.pkl")
    # ok: pickle-deserialization
    pickle.dumps(obj)
    # ok: pickle-deserialization
    pickle.loads(request.body)  # nosec B301
    # ok: pickle-deserialization
    pickle.loads(request.body)  # noqa: S301
    return obj


def _advised_fix_pickle_deserialization(blob):
    import json

    # fix: pickle-deserialization
    return json.loads(blob)
