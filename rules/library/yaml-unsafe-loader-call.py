import yaml
from ruamel.yaml import YAML


def load_config(path):
    with open(path, encoding="utf-8") as fh:
        # ruleid: yaml-unsafe-loader-call
        return yaml.unsafe_load(fh)


def load_all(text):
    # ruleid: yaml-unsafe-loader-call
    return list(yaml.unsafe_load_all(text))


def ruamel_loader(stream):
    # ruleid: yaml-unsafe-loader-call
    y = YAML(typ="unsafe", pure=True)
    return y.load(stream)


def ok_cases(stream):
    # ok: yaml-unsafe-loader-call
    a = YAML(typ="safe").load(stream)
    # ok: yaml-unsafe-loader-call
    b = YAML()
    # ok: yaml-unsafe-loader-call
    c = yaml.unsafe_load("answer: 42")
    return a, b, c


def _advised_fix_yaml_unsafe_loader_call(path):
    with open(path, encoding="utf-8") as fh:
        # fix: yaml-unsafe-loader-call
        return yaml.safe_load(fh)
