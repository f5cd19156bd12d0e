# ruleid: pickle-import
import pickle
# ruleid: pickle-import
import cPickle as pickle2
# ruleid: pickle-import
from pickle import loads
# ruleid: pickle-import
import dill, shelve
# ruleid: pickle-import
from shelve import open as shelf_open
# ruleid: pickle-import -- hygiene: Bandit reports it
from pickle import dumps, HIGHEST_PROTOCOL
# ruleid: pickle-import -- hygiene: Bandit reports it
from pickle import PicklingError
# ok: pickle-import
import picklez
# ok: pickle-import
import pickle  # nosec B403
# ok: pickle-import
import pickle  # noqa: S403


# fix: pickle-import
import json  # noqa: E402
