# ruleid: pickle-import -- Bandit B403
import pickle

# ruleid: pickle-import -- Bandit B403
import dill
import shelve


def load_session(blob, path):
    # ruleid: pickle-deserialization -- Bandit B301
    session = pickle.loads(blob)
    with open(path, "rb") as f:
        # ruleid: pickle-deserialization -- Bandit B301
        state = pickle.load(f)
    # ruleid: pickle-deserialization -- Bandit B301
    extra = dill.loads(blob)
    db = shelve.open(path)
    # ruleid: pickle-deserialization -- Bandit B301
    default = pickle.loads(b"\x80\x04N.")
    return session, state, extra, db, default
