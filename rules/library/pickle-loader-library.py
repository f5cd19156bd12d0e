import cloudpickle
import joblib


def predict(model_path, rows):
    # ruleid: pickle-loader-library
    model = joblib.load(model_path)
    return model.predict(rows)


def restore(blob):
    # ruleid: pickle-loader-library
    return cloudpickle.loads(blob)


def ok_cases():
    # ok: pickle-loader-library
    return joblib.load("artifacts/scaler.joblib")


def _advised_fix_pickle_loader_library(path, trusted_types):
    import skops.io

    # fix: pickle-loader-library
    return skops.io.load(path, trusted=trusted_types)
