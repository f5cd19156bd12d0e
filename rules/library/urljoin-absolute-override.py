from urllib.parse import quote, urljoin

BASE = "https://api.internal.example/v1/"


def follow(next_link):
    # ruleid: urljoin-absolute-override
    return urljoin(BASE, next_link)


def avatar(request):
    # ruleid: urljoin-absolute-override
    return urljoin(BASE, "//" + request.args["cdn"])


def ok_cases(user_id, name):
    # ok: urljoin-absolute-override
    a = urljoin(BASE, f"users/{user_id}")
    # ok: urljoin-absolute-override
    b = urljoin(BASE, "/health")
    # ok: urljoin-absolute-override
    c = urljoin(BASE, "/files/" + name)
    return a, b, c


def _advised_fix_urljoin_absolute_override(name):
    # fix: urljoin-absolute-override
    return urljoin(BASE, "files/" + quote(name, safe=""))
