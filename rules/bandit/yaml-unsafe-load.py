import yaml
import yaml as y
from yaml import load, Loader, SafeLoader


class ConfigLoader(yaml.SafeLoader):
    pass


class OrderedLoader(ConfigLoader):
    pass


class LegacyLoader(yaml.Loader):
    pass


def cases(stream, path, loader_cls):
    # ruleid: yaml-unsafe-load
    yaml.load(stream)
    # ruleid: yaml-unsafe-load
    yaml.load(open(path, "r"))
    # ruleid: yaml-unsafe-load
    y.load(stream, Loader=y.Loader)
    # ruleid: yaml-unsafe-load
    load(stream, Loader)
    # ruleid: yaml-unsafe-load
    yaml.load(stream, Loader=yaml.UnsafeLoader)
    # ruleid: yaml-unsafe-load
    yaml.load(stream, Loader=yaml.FullLoader)
    # ruleid: yaml-unsafe-load
    yaml.load_all(stream)
    # ruleid: yaml-unsafe-load
    yaml.load(
        stream,
        Loader=loader_cls,
    )
    # ruleid: yaml-unsafe-load -- hygiene: derives from a safe loader
    yaml.load(stream, ConfigLoader)
    # ruleid: yaml-unsafe-load -- hygiene: derives from a safe loader
    yaml.load(stream, Loader=OrderedLoader)
    loader = OrderedLoader
    # ruleid: yaml-unsafe-load -- hygiene: derives from a safe loader
    yaml.load(stream, loader)
    # ruleid: yaml-unsafe-load
    yaml.load(stream, LegacyLoader)
    # ok: yaml-unsafe-load
    yaml.load(stream, Loader=yaml.SafeLoader)
    # ok: yaml-unsafe-load
    yaml.load(stream, Loader=SafeLoader)
    # ok: yaml-unsafe-load
    yaml.load(stream, yaml.CSafeLoader)
    # ruleid: yaml-unsafe-load -- hygiene: derives from a safe loader
    yaml.load(stream, Loader=yaml.BaseLoader)
    # ok: yaml-unsafe-load
    yaml.safe_load(stream)
    # ok: yaml-unsafe-load
    yaml.dump({"a": 1})
    # ok: yaml-unsafe-load
    yaml.load(stream)  # nosec B506
    # ok: yaml-unsafe-load
    yaml.load(stream)  # noqa: S506


def _advised_fix_yaml_unsafe_load(data):
    import yaml

    # fix: yaml-unsafe-load
    return yaml.safe_load(data)
