import numpy as np


def embeddings(path):
    # ruleid: numpy-load-allow-pickle
    return np.load(path, allow_pickle=True)


def ok_cases(path):
    # ok: numpy-load-allow-pickle
    a = np.load(path)
    # ok: numpy-load-allow-pickle
    b = np.load(path, allow_pickle=False)
    # ok: numpy-load-allow-pickle
    c = np.load("data/vocab.npy", allow_pickle=True)
    return a, b, c


def _advised_fix_numpy_load_allow_pickle(path):
    # fix: numpy-load-allow-pickle
    return np.load(path)
