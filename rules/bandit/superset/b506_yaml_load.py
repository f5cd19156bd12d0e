import yaml


def read_config(stream, text):
    # ruleid: yaml-unsafe-load -- Bandit B506
    a = yaml.load(stream)
    # ruleid: yaml-unsafe-load -- Bandit B506
    b = yaml.load(text, Loader=yaml.Loader)
    # ruleid: yaml-unsafe-load -- Bandit B506
    c = yaml.load(text, Loader=yaml.FullLoader)
    # ruleid: yaml-unsafe-load -- Bandit B506
    d = yaml.load(text, Loader=yaml.BaseLoader)
    e = yaml.load(text, Loader=yaml.SafeLoader)
    return a, b, c, d, e
